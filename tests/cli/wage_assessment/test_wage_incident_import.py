"""``cityscore wage incident import`` is all or nothing against a real server on SQLite: every
bad row is named by its file line and nothing is stored; the fixed file is stored once, and
running it again stores nothing twice."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

from support import RunningServer, ServerFactory
from typer.testing import CliRunner

from cityscore.services.cli.app import cli

runner = CliRunner()
SCHEME_FILE = Path(str(resources.files("cityscore.services.wage_assessment.data").joinpath(
    "schemes/sample-2018.json")))
HEADER = "district,date,kind,people,government_project,serious_consequence,source,description\n"
GOOD = [
    "xuhui,2018-04-02,mass,60,true,false,police,site A wages unpaid\n",
    "xuhui,2018-09-12,mass,80,yes,no,petitions,site B wages unpaid\n",
    "minhang,2018-05-05,mass,49,false,false,police,below the 50-people line\n",
]


def test_incident_import_is_all_or_nothing(start_server: ServerFactory, sqlite_url: str,
                                           tmp_path: Path) -> None:
    running: RunningServer = start_server(["wage_assessment"], database_url=sqlite_url)

    def run(token: str, *args: str, code: int = 0) -> Any:
        result = runner.invoke(cli, ["--target", running.target, "--token", token, "-o",
                                     "json", "wage", *args])
        assert result.exit_code == code, (result.stdout, result.stderr)
        return json.loads(result.stdout) if code == 0 and result.stdout.strip() else result

    office, team = "city-token", "assessor-token"
    run(office, "scheme", "load", str(SCHEME_FILE), "--publish")
    run(office, "year", "create", "2018", "--scheme", "sample-2018")
    run(office, "year", "advance", "2018", "self_check")
    path = tmp_path / "incidents.csv"

    # A blank line after the header: the clerk's line numbers count it.
    path.write_text(HEADER + "\n" + GOOD[0] + "xuhui,2018-13-01,mass,60,,,police,\n"
                    + GOOD[1] + "xuhui,2018-06-01,mass,many,,,police,\n", "utf-8")
    failed = run(team, "incident", "import", "2018", "--file", str(path), code=2)
    assert "line 4 date" in failed.stderr and "line 6" in failed.stderr
    assert run(office, "incident", "list", "2018") == []

    path.write_text(HEADER + "\n" + GOOD[0] + GOOD[1]
                    + "atlantis,2018-06-01,mass,60,,,police,\n"
                    + "xuhui,2017-12-31,mass,60,,,police,\n", "utf-8")
    failed = run(team, "incident", "import", "2018", "--file", str(path), code=3)
    assert "line 5 (incidents[2]).district" in failed.stderr
    assert "line 6 (incidents[3]).incident_date" in failed.stderr
    assert run(office, "incident", "list", "2018") == []

    path.write_text(HEADER + "\n" + "".join(GOOD), "utf-8")
    first = run(team, "incident", "import", "2018", "--file", str(path))
    assert [(r["district"], r["people"]) for r in first] == [
        ("xuhui", 60), ("xuhui", 80), ("minhang", 49)]
    again = run(team, "incident", "import", "2018", "--file", str(path))
    assert again == first
    assert len(run(office, "incident", "list", "2018")) == 3
