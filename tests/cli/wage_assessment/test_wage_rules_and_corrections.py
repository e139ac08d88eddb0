"""``cityscore wage rules``, ``incident withdraw``, ``correction``, ``replay --run``,
``findings`` and ``action`` against a real server on SQLite: a year over three districts is
graded, an incident entered by mistake is withdrawn, the year regraded, the first grading
replayed as it was, and the published result copied and a referral recorded."""

from __future__ import annotations

import json
import sqlite3
from importlib import resources
from pathlib import Path
from typing import Any

from support import RunningServer, ServerFactory
from typer.testing import CliRunner

from cityscore.services.cli.app import cli

runner = CliRunner()
DATA = resources.files("cityscore.services.wage_assessment.data")
SCHEME_FILE = Path(str(DATA.joinpath("schemes/sample-2018.json")))
RULES_2018 = Path(str(DATA.joinpath("grade_rules/hfb-2018-30.json")))
FORM = """\
indicator,value,denominator,sub_points
ORG-1,0,,meetings;plan
ORG-2,0,,assessed;published_and_followed
ORG-3,1,2,
ORG-4,0,,
SRC-1,0,,
SRC-2,0,,
SRC-3,95,100,
SYS-1,200,200,
SYS-2,100,100,
SYS-3,50,50,
SYS-4,0,,
SYS-5,0,,analysis;it_monitoring
SYS-6,1,,
CRD-1,1,,
CRD-2,0,3,
CAS-1,100,100,
CAS-2,40,40,
CAS-3,0,6,
CAS-4,0,,fund;plan_followed
ENF-1,0,,grid;online
ENF-2,1,,
"""
UNITS = ("pudong", "xuhui", "minhang")


def test_rules_corrections_findings_and_actions_through_the_cli(
        start_server: ServerFactory, sqlite_url: str, tmp_path: Path) -> None:
    running: RunningServer = start_server(["wage_assessment"], database_url=sqlite_url)

    def run(token: str, *args: str, code: int = 0) -> Any:
        result = runner.invoke(cli, ["--target", running.target, "--token", token, "-o",
                                     "json", "wage", *args])
        assert result.exit_code == code, (result.stdout, result.stderr)
        return json.loads(result.stdout) if code == 0 and result.stdout.strip() else result

    office, team = "city-token", "assessor-token"
    valid = run(office, "rules", "validate", str(RULES_2018))
    assert (valid["valid"], valid["version"]) == (True, "hfb-2018-30")
    broken = tmp_path / "broken.json"
    broken.write_text(RULES_2018.read_text("utf-8").replace('"rank_lte": 5', '"rank_lte": 0'),
                      "utf-8")
    problems = run(office, "rules", "validate", str(broken), code=3)
    assert "rules[5].when.rank_lte" in [p["field"] for p in json.loads(problems.stdout)]
    assert [r["version"] for r in run(office, "rules", "list")] == ["hfb-2018-30"]
    assert run(office, "rules", "load", str(RULES_2018))["shipped"] is True

    run(office, "scheme", "load", str(SCHEME_FILE), "--publish")
    # The server's self_check_due is the --due the user typed.
    early = run(office, "year", "create", "2018", "--scheme", "sample-2018", "--due",
                "2018-03-31", code=3)
    assert "--due: the self-check falls in the year after" in early.stderr
    run(office, "year", "create", "2018", "--scheme", "sample-2018", "--due", "2019-03-31",
        *[arg for unit in UNITS for arg in ("--district", unit)])
    run(office, "year", "advance", "2018", "self_check")
    form = tmp_path / "form.csv"
    form.write_text(FORM, "utf-8")
    (tmp_path / "report.txt").write_text("report", "utf-8")
    for unit in UNITS:
        run(office, "selfcheck", "submit", "2018", unit, "--file", str(form),
            "--report", str(tmp_path / "report.txt"))
    run(office, "year", "advance", "2018", "on_site_verification")
    verify = tmp_path / "verify.csv"
    verify.write_text("indicator,value,method\nSYS-4,-4,open_visit\n", "utf-8")
    refused = run(team, "verify", "2018", "xuhui", "--file", str(verify), code=3)
    assert "line 2, column value (verifications[0].value): must not be negative" \
        in refused.stderr
    verify.write_text("indicator,value,method\nSYS-4,4,open_visit\n", "utf-8")
    assert run(team, "verify", "2018", "xuhui", "--file", str(verify))[
        "possible_falsification"] == "SYS-4"
    run(office, "year", "advance", "2018", "comprehensive_review")
    ids = [run(team, "incident", "record", "2018", "--district", "xuhui", "--date",
               f"2018-04-0{day}", "--kind", "mass", "--source", "police", "--people", "60",
               "--government-project")["id"] for day in (1, 2)]
    run(office, "grade", "2018")
    assert {r["district"]: r["grade"]
            for r in run(office, "ranking", "2018")["ranking"]}["xuhui"] == "C"

    run(team, "incident", "withdraw", "2018", str(ids[0]), code=2)  # --reason is required
    withdrawn = run(team, "incident", "withdraw", "2018", str(ids[0]), "--reason",
                    "entered twice")
    assert (withdrawn["action"], withdrawn["reason"]) == ("withdraw", "entered twice")
    run(office, "grade", "2018")
    assert {r["district"]: r["decided_by"] for r in run(office, "ranking", "2018")[
        "ranking"]}["xuhui"] == "not A1"
    assert run(team, "replay", "2018", "--run", "1")["replay"]["matches"] is True
    listed = run(office, "incident", "list", "2018")
    assert [(i["id"], i["withdrawn"]) for i in listed] == [(ids[0], True), (ids[1], False)]
    history = run(office, "correction", "list", "2018")
    assert [(c["kind"], c["record"], c["by"]) for c in history] == [
        ("incident", str(ids[0]), "assessment-team-1")]

    findings = run(office, "findings", "2018")
    assert findings == [{"finding": "flagged_gap", "district": "xuhui", "indicators": "SYS-4",
                         "self_check": 3, "verified": 1, "gap": 2,
                         "threshold": 0.6, "circulated_on": "", "description": ""}]
    run(office, "falsification", "2018", "xuhui", "--description", "boards claimed",
        "--date", "2019-06-05", "--indicator", "CAS-1", code=3)  # never verified: refused

    for stage in ("submitted", "approved", "published"):
        run(office, "year", "advance", "2018", stage)
    run(office, "action", "copy", "2018", "--date", "2019-06-03", "--reference",
        "沪联席〔2019〕2号")
    run(office, "action", "refer", "2018", "xuhui", "--date", "2019-06-10", "--reference",
        "沪联席办〔2019〕7号", "--description", "SYS-4 boards reported but absent")
    actions = run(office, "action", "list", "2018")
    assert [(a["date"], a["kind"], a["district"], a["recipient"]) for a in actions] == [
        ("2019-06-03", "copy_to_organization_department", "", "市委组织部"),
        ("2019-06-10", "accountability_referral", "xuhui", "纪检监察机关")]

    # What the other read commands print with -o json is one document each (run parses it).
    for args in (("scheme", "show", "sample-2018"), ("scheme", "list"),
                 ("rules", "show", "hfb-2018-30"), ("rules", "show", "hfb-2018-30",
                                                    "--document"),
                 ("year", "show", "2018"), ("year", "list"), ("selfcheck", "show", "2018",
                                                              "xuhui"),
                 ("explain", "2018", "xuhui"), ("history", "xuhui"), ("rectification", "list"),
                 ("findings", "2018"), ("correction", "list", "2018", "--district", "xuhui")):
        assert isinstance(run(office, *args), list | dict), args  # one document, parsed
    assert run(office, "scheme", "show", "sample-2018")[0]["max"] == 3  # ORG-1, as published

    # A stored grade that no longer matches its inputs: the replay lists the difference and
    # exits 9 (README's exit codes), with one JSON document saying so.
    database = sqlite_url.removeprefix("sqlite:///")
    with sqlite3.connect(database) as connection:
        connection.execute(
            "UPDATE wage_assessment_grade SET score_cents = score_cents - 100 "
            "WHERE unit_code = 'pudong' AND run_id = (SELECT id FROM "
            "wage_assessment_grading_run WHERE run_no = 1)")
    differs = run(team, "replay", "2018", "--run", "1", code=9)
    document = json.loads(differs.stdout)
    assert document["replay"]["matches"] is False
    assert [d["district"] for d in document["differences"]] == ["pudong"]
