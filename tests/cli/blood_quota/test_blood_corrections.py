"""``cityscore blood`` for platelet donations and corrected collections: CLI → gRPC → database."""

from __future__ import annotations

import json

from support import ServerFactory
from typer.testing import CliRunner

from cityscore.services.cli.app import cli

runner = CliRunner()


def test_platelets_and_corrections_through_the_cli(start_server: ServerFactory,
                                                   sqlite_url: str) -> None:
    running = start_server(["blood_quota"], database_url=sqlite_url)

    def blood(*args: str, token: str = "city-token") -> tuple[int, str, str]:
        result = runner.invoke(cli, ["--target", running.target, "--token", token, "-o", "json",
                                     "blood", *args])
        return result.exit_code, result.stdout, " ".join(result.stderr.split())

    code, out, _ = blood("plan", "create", "--year", "2017", "--published")
    assert code == 0 and json.loads(out)["plan"]["platelet_units_per_dose"] == "10"
    code, out, _ = blood("import", "--year", "2017")
    code, _, err = blood("adopt", "--id", json.loads(out)["allocation"]["allocation_id"],
                         "--reason", "annex")
    assert code == 0, err

    pudong = "pudong-token"
    code, out, err = blood("record-one", "--date", "2017-03-01", "--district", "pudong",
                           "--channel", "group", "--volume-ml", "400", "--donations", "10",
                           token=pudong)
    assert code == 0 and json.loads(out) == {"recorded": 1, "volume_ml": 4000}, err
    code, out, err = blood("record-one", "--date", "2017-03-02", "--district", "pudong",
                           "--channel", "group", "--platelet-doses", "2", "--donations", "3",
                           token=pudong)
    assert code == 0 and json.loads(out) == {"recorded": 1, "volume_ml": 0}, err
    code, out, _ = blood("plan", "show", "--year", "2017")
    assert json.loads(out)["plan"]["city_target_units"] == 439000  # blood_quota.md, 43.9万
    code, out, err = blood("progress", "--year", "2017", "--district", "pudong", "--as-of",
                           "2017-03-31", token=pudong)
    (row,) = json.loads(out)["rows"]
    # 10 × 400 ml = 20 units of whole blood; 3 × 2 doses at 10 units per dose, not counted
    assert (row["collected_units"], row["platelet_doses"], row["platelet_units"]) == (20, 6, 60)
    assert "platelets: 3 donations, 6 therapeutic doses = 60.0 units" in err
    assert "reported, not counted toward the targets" in err

    code, out, _ = blood("collections", "--year", "2017", token=pudong)
    whole, platelets = json.loads(out)
    assert (whole["volume_ml"], platelets["component"]) == (400, "platelets")
    code, out, err = blood("amend", "--id", whole["collection_id"], "--reason", "300 ml bags",
                           "--date", "2017-03-01", "--district", "pudong", "--channel", "group",
                           "--volume-ml", "300", "--donations", "10", token=pudong)
    assert code == 0, err
    assert [r["status"] for r in json.loads(out)] == ["amended", "in force"]
    code, out, err = blood("withdraw", "--id", platelets["collection_id"], "--reason",
                           "recorded at the wrong station", token=pudong)
    assert code == 0 and json.loads(out)["status"] == "withdrawn"
    code, _, err = blood("withdraw", "--id", platelets["collection_id"], "--reason", "again",
                         token=pudong)
    assert code == 5 and "no longer in force" in err
    code, _, err = blood("withdraw", "--id", whole["collection_id"], "--reason", "x",
                         token="xuhui-token")
    assert code == 6

    code, out, _ = blood("collections", "--year", "2017", "--all", token=pudong)
    assert [(r["status"], r["reason"]) for r in json.loads(out)] == [
        ("amended", "300 ml bags"), ("withdrawn", "recorded at the wrong station"),
        ("in force", "")]
    code, out, _ = blood("progress", "--year", "2017", "--district", "pudong", "--as-of",
                         "2017-03-31", token=pudong)
    (row,) = json.loads(out)["rows"]
    assert (row["collected_units"], row["platelet_doses"]) == (15, 0)  # 10 × 300 ml
