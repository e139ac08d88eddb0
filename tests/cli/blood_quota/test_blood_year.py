"""``cityscore blood`` end to end: CLI → gRPC → database → metrics, the whole 2017 workflow."""

from __future__ import annotations

import csv
import json
import urllib.request
from pathlib import Path

from support import ServerFactory
from typer.testing import CliRunner

from cityscore.services.cli.app import cli

runner = CliRunner()
# The published table as the domain documents give it (a copy of the domain page's table
# kept with the tests, so a clone tests itself).
PUBLISHED_TABLE = Path(__file__).resolve().parents[2] / "data/blood_allocation_2017.csv"
DISTRICTS = ["huangpu", "xuhui", "changning", "jingan", "putuo", "hongkou", "yangpu", "baoshan",
             "minhang", "pudong", "jiading", "jinshan", "qingpu", "songjiang", "fengxian",
             "chongming"]
PUBLISHED = [32650, 22332, 12876, 37661, 11597, 12548, 15480, 16317, 32000, 52878, 18512, 13539,
             15987, 20955, 11900, 14822]


def write_csv(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def test_the_2017_year_through_the_cli(start_server: ServerFactory, sqlite_url: str,
                                       tmp_path: Path) -> None:
    running = start_server(["blood_quota"], database_url=sqlite_url)
    base = ["--target", running.target, "--token", "city-token"]

    def blood(*args: str, token: str = "city-token", output: str = "json") -> tuple[int, str, str]:
        result = runner.invoke(cli, ["--target", running.target, "--token", token, "-o", output,
                                     "blood", *args])
        return result.exit_code, result.stdout, " ".join(result.stderr.split())

    code, out, _ = blood("plan", "create", "--year", "2017", "--published")
    assert code == 0 and json.loads(out)["plan"]["district_pool_units"] == 342000

    code, out, err = blood("import", "--year", "2017")
    assert code == 0 and "allocation total 439,054 ≠ city target 439,000" in err
    assert "allocation total 439,054 ≠ city target 439,000" in json.loads(out)["warnings"][0]
    published_id = json.loads(out)["allocation"]["allocation_id"]
    code, _, err = blood("table", "--year", "2017")
    assert code == 5 and "no district table is in force for 2017" in err  # not adopted yet
    code, out, err = blood("adopt", "--id", published_id, "--reason", "沪府办发〔2017〕29号 annex")
    assert code == 0 and json.loads(out)["allocation"]["status"] == "in force"
    code, out, _ = blood("table", "--year", "2017")
    with PUBLISHED_TABLE.open(encoding="utf-8") as handle:
        printed = [{**r, "units": int(r["units"])} for r in csv.DictReader(handle)]
    assert json.loads(out)["rows"] == printed and json.loads(out)["total_units"] == 439054
    shown = runner.invoke(cli, [*base, "blood", "table", "--year", "2017"])
    assert "浦东新区" in shown.stdout and "439054" in shown.stdout.replace(",", "")

    # A realistic apportionment: caps from employees and residents, none binding at this scale.
    inputs = write_csv(tmp_path / "districts.csv",
                       ["district", "employees", "residents_without_work_unit"],
                       [[d, u * 20, u * 30] for d, u in zip(DISTRICTS, PUBLISHED, strict=True)])
    code, out, err = blood("apportion", "--year", "2017", "--inputs", str(inputs))
    assert code == 0, err
    rows = json.loads(out)["rows"]
    assert sum(r["units"] for r in rows) == 342000 and min(r["units"] for r in rows) >= 400
    pudong_quota = next(r["units"] for r in rows if r["code"] == "pudong")

    # What-if with binding caps and minimums (blood_quota.md §10 C, H = 3000 and 5625).
    small = write_csv(tmp_path / "small.csv", ["district", "employees",
                                               "residents_without_work_unit"],
                      [["baoshan", 30000, 40000], ["changning", 12000, 20000],
                       ["chongming", 5000, 10000], ["fengxian", 8000, 12000]])
    code, out, _ = blood("apportion", "--year", "2017", "--inputs", str(small), "--pool", "3000",
                         "--what-if")
    assert code == 0
    assert [(r["units"], r["bound"]) for r in json.loads(out)["rows"]] == [
        (1519, ""), (659, ""), (400, "lower"), (422, "")]
    code, out, _ = blood("apportion", "--year", "2017", "--inputs", str(small), "--pool", "5625",
                         "--what-if", "--method", "hamilton")
    assert [r["bound"] for r in json.loads(out)["rows"]] == ["upper"] * 4
    code, _, err = blood("apportion", "--year", "2017", "--inputs", str(small), "--pool", "5626",
                         "--what-if")
    assert code == 5
    assert "sum of upper bounds 5625 is below pool 5626 (shortfall 1)" in err
    code, out, _ = blood("list", "--year", "2017")
    listed = json.loads(out)
    assert [(a["source"], a["status"]) for a in listed] == [("apportioned", ""),
                                                           ("published", "in force")]
    # saving the apportionment changed no quota; adopting it does
    code, out, _ = blood("progress", "--year", "2017", "--district", "pudong")
    assert json.loads(out)["rows"][0]["quota_units"] == 52878
    code, _, err = blood("adopt", "--id", listed[0]["allocation_id"], "--reason", "caps basis",
                         token="pudong-token")
    assert code == 6 and "PERMISSION_DENIED" in err
    code, _, err = blood("adopt", "--id", listed[0]["allocation_id"], "--reason", "caps basis")
    assert code == 0 and f"(was {published_id})" in err
    code, out, _ = blood("progress", "--year", "2017", "--district", "pudong")
    assert json.loads(out)["rows"][0]["quota_units"] == pudong_quota

    # Split Pudong's quota over its units from a CSV (district office token).
    units = write_csv(tmp_path / "units.csv", ["code", "name", "kind", "headcount"],
                      [["W1", "Pudong Steel", "work_unit", 500000],
                       ["W2", "Pudong Port", "work_unit", 120000],
                       ["T1", "Huamu", "town", 1000000]])
    code, out, err = blood("split", "--year", "2017", "--district", "pudong", "--units",
                           str(units), token="pudong-token")
    assert code == 0, err
    split = json.loads(out)["rows"]
    # the 400-unit drill minimum stays at district level (annex footnote, §9)
    assert sum(r["units"] for r in split) == pudong_quota - 400
    assert "drill minimum 400 kept at district level" in err
    assert [r["upper_units"] for r in split] == [32500, 7800, 25000]
    code, _, err = blood("split", "--year", "2017", "--district", "xuhui", "--what-if",
                         token="pudong-token")
    assert code == 6 and "PERMISSION_DENIED" in err
    code, out, _ = blood("list", "--year", "2017")
    split_id = json.loads(out)[0]["allocation_id"]
    assert json.loads(out)[0]["status"] == "current"
    code, out, _ = blood("replay", split_id)
    assert code == 0 and json.loads(out)["matches"] is True

    # Collections in bulk, then progress.
    header = ["donation_date", "district", "unit_code", "channel", "volume_ml", "donations"]
    bad = write_csv(tmp_path / "bad.csv", header, [
        ["2017-02-01", "pudong", "W1", "group", 400, 3], ["2017-02-02", "pudong", "", "street",
                                                          250, 1],
        ["2017-02-03", "nowhere", "", "street", 200, 1], ["2017-02-04", "pudong", "W9", "group",
                                                          200, -1]])
    code, _, err = blood("record", "--file", str(bad))
    assert code == 3
    for field in ("rows[1].volume_ml", "rows[2].district", "rows[3].unit_code",
                  "rows[3].donations"):
        assert field in err
    good = write_csv(tmp_path / "good.csv", header, [
        ["2017-02-01", "pudong", "W1", "group", 400, 300], ["2017-02-02", "pudong", "T1",
                                                            "street", 300, 20],
        ["2017-02-03", "pudong", "", "drill", 400, 200], ["2017-02-04", "xuhui", "", "street",
                                                          200, 50]])
    code, out, _ = blood("record", "--file", str(good))
    assert code == 0 and json.loads(out)["recorded"] == 4
    code, out, _ = blood("progress", "--year", "2017", "--district", "pudong", "--as-of",
                         "2017-02-28", token="pudong-token")
    assert code == 0
    (pudong,) = json.loads(out)["rows"]
    assert pudong["collected_units"] == 600 + 30 + 400
    assert pudong["drill_met"] == "yes" and pudong["drill_units"] == 400
    assert pudong["group_units"] == 600
    table = runner.invoke(cli, [*base, "blood", "progress", "--year", "2017"],
                          env={"COLUMNS": "200"})
    assert table.exit_code == 0 and "pudong" in table.stdout and "city" in table.stdout
    assert "group (group+university) 600 of 265,800 units" in " ".join(table.stderr.split())

    exported = tmp_path / "progress.csv"
    code, _, _ = blood("export", "--year", "2017", "--report", "progress", "--out",
                       str(exported))
    with exported.open(encoding="utf-8") as handle:
        progress_rows = list(csv.DictReader(handle))
    assert code == 0 and progress_rows[-1]["code"] == "city"
    assert next(r for r in progress_rows if r["code"] == "xuhui")["street_units"] == "50"

    body = urllib.request.urlopen(
        f"http://127.0.0.1:{running.server.metrics_port}/metrics").read().decode()
    assert 'cityscore_blood_quota_collections_recorded_total{channel="street"} 2.0' in body
    assert 'cityscore_blood_quota_allocation_runs_total{level="district",result="infeasible"} 1.0' \
        in body
    assert f'cityscore_blood_quota_quota_units{{row="pudong",year="2017"}} {pudong_quota}.0' in body
    assert 'cityscore_blood_quota_split_stale{district="pudong",year="2017"} 0.0' in body

    # Going back to the published table: Pudong's split is of another table, so it is stale
    # (adopt, list, show and the gauge say so) and progress uses the published row again.
    code, _, err = blood("adopt", "--id", published_id, "--reason", "back to the annex")
    assert code == 0 and f"stale: split {split_id} of pudong" in err
    code, out, _ = blood("list", "--year", "2017")
    assert next(a for a in json.loads(out) if a["allocation_id"] == split_id)["status"] == "stale"
    code, _, err = blood("show", "--year", "2017", "--district", "pudong", token="pudong-token")
    assert code == 0 and f"stale: split {split_id} of pudong" in err
    code, out, _ = blood("progress", "--year", "2017", "--district", "pudong")
    assert json.loads(out)["rows"][0]["quota_units"] == 52878
    body = urllib.request.urlopen(
        f"http://127.0.0.1:{running.server.metrics_port}/metrics").read().decode()
    assert 'cityscore_blood_quota_split_stale{district="pudong",year="2017"} 1.0' in body
    assert 'cityscore_blood_quota_quota_units{row="pudong",year="2017"} 52878.0' in body
