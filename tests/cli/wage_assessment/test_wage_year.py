"""A whole assessment year through ``cityscore wage`` against a real server on SQLite
(CLI → gRPC → database → metrics)."""

from __future__ import annotations

import csv
import io
import json
from importlib import resources
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.chart import BarChart, LineChart
from support import RunningServer, ServerFactory, charts_of, scrape_metrics
from typer.testing import CliRunner

from cityscore.core.districts import all_districts
from cityscore.services.cli.app import cli

runner = CliRunner()
SCHEME_FILE = Path(str(resources.files("cityscore.services.wage_assessment.data").joinpath(
    "schemes/sample-2018.json")))
HEADER = "indicator,value,denominator,sub_points,evidence\n"
INCIDENTS = """\
district,date,kind,people,government_project,serious_consequence,source,description
xuhui,2018-04-02,mass,60,true,false,police,site A wages unpaid
xuhui,2018-09-12,mass,80,yes,no,petitions,site B wages unpaid
minhang,2018-05-05,mass,49,false,false,police,below the 50-people line
"""


def items_csv(findings: int, deduction: int) -> str:
    """A complete form: full marks minus ``findings`` points (CAS-3) and 0.5 × ``deduction``."""
    return HEADER + f"""\
ORG-1,0,,meetings;plan,minutes 2018-03 and 2018-09
ORG-2,0,,assessed;published_and_followed,
ORG-3,1,2,,
ORG-4,0,,,
SRC-1,0,,,
SRC-2,0,,,
SRC-3,95,100,,
SYS-1,200,200,,real-name records of 200 sampled projects
SYS-2,100,100,,
SYS-3,50,50,,
SYS-4,{deduction},,,
SYS-5,0,,analysis;it_monitoring,
SYS-6,1,,,
CRD-1,1,,,
CRD-2,0,3,,
CAS-1,100,100,,
CAS-2,40,40,,
CAS-3,{findings},6,,
CAS-4,0,,fund;plan_followed,
ENF-1,0,,grid;online,
ENF-2,1,,,
"""


def test_a_year_through_the_cli(start_server: ServerFactory, sqlite_url: str,
                                tmp_path: Path) -> None:
    running: RunningServer = start_server(["wage_assessment"], database_url=sqlite_url)

    def run(token: str, *args: str, code: int = 0, output: str = "json") -> Any:
        result = runner.invoke(cli, ["--target", running.target, "--token", token, "-o",
                                     output, "wage", *args])
        assert result.exit_code == code, (result.stdout, result.stderr)
        if code or output != "json" or not result.stdout.strip():
            return result
        return json.loads(result.stdout)

    office, team = "city-token", "assessor-token"
    assert run(office, "scheme", "validate", str(SCHEME_FILE)) == {"valid": True,
                                                                   "total_points": 100}
    scheme = run(office, "scheme", "load", str(SCHEME_FILE), "--publish")
    assert (scheme["status"], scheme["indicators"]) == ("published", 21)
    # Loaded again after a timeout: a retry, answered as the first time.
    assert run(office, "scheme", "load", str(SCHEME_FILE), "--publish") == scheme
    assert len(run(office, "scheme", "list")) == 1
    run(office, "year", "create", "2018", "--scheme", "sample-2018", "--due", "2019-03-31")
    assert run(office, "year", "advance", "2018", "self_check")["stage"] == "self_check"

    # Written in Notepad on Chinese Windows: GBK.
    (tmp_path / "report.txt").write_bytes("2018年度根治欠薪工作自查报告".encode("gbk"))
    bad = tmp_path / "bad.csv"
    bad.write_text(items_csv(0, 0).replace("ENF-2,1,", "ENF-2,2,").replace(
        "SYS-4,0,", "SYS-4,-1,"), "utf-8")
    failed = run(office, "selfcheck", "submit", "2018", "pudong", "--file", str(bad),
                 "--report", str(tmp_path / "report.txt"), code=3)
    assert "line 12, column value (items[10].value)" in failed.stderr  # SYS-4
    assert "line 22, column value (items[20].value)" in failed.stderr  # ENF-2
    bulk = ["district," + HEADER.replace(",evidence", "")]
    for k, district in enumerate(d.code for d in all_districts()):
        form = tmp_path / f"{district}.csv"
        form.write_text(items_csv(k // 2, k % 2), "utf-8")
        if district in ("pudong", "xuhui", "huangpu"):
            token = "pudong-token" if district == "pudong" else office
            status = run(token, "selfcheck", "submit", "2018", district, "--file", str(form),
                         "--report", str(tmp_path / "report.txt"))
            assert (status["items"], status["late"]) == (21, False)
        else:
            bulk.extend(f"{district},{line.rsplit(',', 1)[0]}\n"
                        for line in items_csv(k // 2, k % 2).splitlines()[1:])
    (tmp_path / "bulk.csv").write_text("".join(bulk), "utf-8")
    imported = run(office, "selfcheck", "import", "2018", "--file", str(tmp_path / "bulk.csv"))
    assert imported == {"rows": 13 * 21, "districts": 13, "late": 0}
    # Run again after a timeout: a retry, answered from the record; nothing is amended.
    assert run(office, "selfcheck", "import", "2018", "--file",
               str(tmp_path / "bulk.csv")) == imported
    assert run(office, "correction", "list", "2018") == []
    # A district's form as the client exports it is a form the district can submit again.
    for name in ("pudong-form.csv", "pudong-form.xlsx"):
        run(office, "selfcheck", "export", "2018", "pudong", "--out", str(tmp_path / name))
        again = run("pudong-token", "selfcheck", "submit", "2018", "pudong", "--file",
                    str(tmp_path / name))
        assert again["items"] == 21
    with (tmp_path / "pudong-form.csv").open(encoding="utf-8") as handle:
        exported_form = {row["indicator"]: row for row in csv.DictReader(handle)}
    assert (exported_form["SRC-3"]["value"], exported_form["SRC-3"]["denominator"],
            exported_form["ORG-1"]["sub_points"], exported_form["SYS-1"]["evidence"]) == (
        "95", "100", "meetings;plan", "real-name records of 200 sampled projects")
    assert run(office, "correction", "list", "2018") == []  # the same values: no amendment
    run("pudong-token", "selfcheck", "submit", "2018", "xuhui", "--file",
        str(tmp_path / "xuhui.csv"), code=6)
    assert run(office, "year", "show", "2018")["self_checks"] == 16

    run(office, "year", "advance", "2018", "on_site_verification")
    verify = tmp_path / "verify.csv"
    verify.write_text("indicator,value,denominator,sub_points,method,team,note\n"
                      "SYS-1,150,200,,sampling,team 1,50 of 200 lack real-name records\n"
                      "SYS-4,1,,,covert_visit,team 1,\n", "utf-8")
    verified = run(team, "verify", "2018", "huangpu", "--file", str(verify))
    assert verified == {"recorded": 2, "possible_falsification": "SYS-1"}
    shown = run(office, "selfcheck", "show", "2018", "huangpu")
    items = {i["indicator"]: i for i in shown["items"]}
    assert (items["SYS-1"]["self_score"], items["SYS-1"]["final_score"],
            items["SYS-1"]["gap_flag"]) == (6, 0, True)
    assert shown["falsifications"] == []

    run(office, "year", "advance", "2018", "comprehensive_review")
    (tmp_path / "incidents.csv").write_text(INCIDENTS, "utf-8")
    assert len(run(team, "incident", "import", "2018", "--file",
                   str(tmp_path / "incidents.csv"))) == 3
    one = run(team, "incident", "record", "2018", "--district", "yangpu", "--date",
              "2018-11-30", "--kind", "information", "--source", "public_security_governance",
              "--people", "12", "--description", "dispute settled on site")
    assert (one["kind"], one["serious_consequence"]) == ("information", False)
    assert len(run(office, "incident", "list", "2018")) == 4
    for district in ("xuhui", "changning", "jingan", "huangpu"):
        run(team, "flag", "2018", district, "a_conditions_met", "--reason", "targets met")
    run(team, "flag", "2018", "putuo", "work_ineffective", "--reason", "arrears prominent")

    graded = run(office, "grade", "2018")
    assert (graded["grading"]["A"], graded["grading"]["B"], graded["grading"]["C"],
            graded["grading"]["run"]) == (2, 12, 2, 1)
    export = tmp_path / "ranking.csv"
    ranking = run(office, "ranking", "2018", "--explain", "--out", str(export))
    assert ranking["distribution"] == {"A": 2, "B": 12, "C": 2}
    assert isinstance(ranking["ties"], list)
    by_district = {r["district"]: r for r in ranking["ranking"]}
    assert by_district["xuhui"]["grade"] == "C" and by_district["xuhui"]["decided_by"] == "C2"
    assert by_district["putuo"]["grade"] == "C" and by_district["putuo"]["decided_by"] == "C1"
    assert by_district["changning"]["grade"] == "A" and by_district["jingan"]["grade"] == "A"
    assert by_district["huangpu"]["score"] == 93.5 and by_district["huangpu"]["grade"] == "B"
    assert by_district["minhang"]["grade"] == "B"
    with export.open(encoding="utf-8") as handle:
        exported = list(csv.DictReader(handle))
    assert len(exported) == 16 and json.loads(exported[0]["explanation"])[0]["rule"] == "C1"
    # The report a city office forwards: a workbook with the scores as numbers and a chart.
    book_path = tmp_path / "ranking.xlsx"
    run(office, "ranking", "2018", "--out", str(book_path))
    sheet = load_workbook(book_path).worksheets[0]
    table = list(sheet.iter_rows(values_only=True))
    assert table[0][:6] == ("year", "rank", "district", "score", "grade", "decided_by")
    scores = {row[2]: (row[3], row[4]) for row in table[1:]}
    assert len(scores) == 16 and scores["huangpu"] == (93.5, "B")
    assert scores["xuhui"][1] == "C" and scores["changning"][1] == "A"
    charts = charts_of(sheet)
    assert len(charts) == 1 and isinstance(charts[0], BarChart)
    assert charts[0].series[0].val.numRef.f == "'Ranking 2018'!$D$2:$D$17"  # the scores
    assert charts[0].series[0].cat.numRef.f == "'Ranking 2018'!$C$2:$C$17"  # the districts
    explained = run(office, "explain", "2018", "xuhui")
    c2 = next(r for r in explained["rules"] if r["rule"] == "C2")
    assert c2["inputs"] == "count_all=2, count_gov=2" and c2["result"] is True
    assert isinstance(explained["notes"], list)
    replayed = run(office, "replay", "2018")
    assert replayed["replay"]["matches"] is True and replayed["differences"] == []
    table = run(office, "ranking", "2018", output="csv").stdout
    assert next(csv.DictReader(io.StringIO(table)))["rank"] == "1"
    shown = run(office, "ranking", "2018", output="table")
    assert "93.50" in shown.stdout and "A 2 · B 12 · C 2" in shown.stderr
    shown = run(office, "selfcheck", "show", "2018", "huangpu", output="table")
    assert "SYS-1" in shown.stdout and "6.00" in shown.stdout

    run("pudong-token", "ranking", "2018", code=5)
    for stage in ("submitted", "approved"):
        run(office, "year", "advance", "2018", stage)
    assert len(run("pudong-token", "ranking", "2018")["ranking"]) == 16
    commended = run(office, "commend", "2018", "--circular", "沪联席〔2019〕1号",
                    "--date", "2019-06-01")
    assert sorted(c["district"] for c in commended) == ["changning", "jingan"]
    pending = run(office, "rectification", "list", "--year", "2018")
    assert sorted((r["district"], r["status"]) for r in pending) == [
        ("putuo", "interview_pending"), ("xuhui", "interview_pending")]
    run(office, "interview", "2018", "xuhui", "--date", "2019-02-01", code=3)
    interview = run(office, "interview", "2018", "xuhui", "--date", "2019-02-01",
                    "--deadline", "2019-04-30")
    assert interview["report_due"] == "2019-02-15" and interview["overdue"] is True
    run(office, "interview", "2018", "putuo", "--date", "2019-02-20", "--deadline", "2019-04-30")
    received = run(office, "rectification", "receive", "2018", "putuo", "--date", "2019-03-01")
    assert (received["status"], received["on_time"]) == ("submitted", True)
    completed = run(office, "rectification", "complete", "2018", "putuo")
    assert (completed["completed"], completed["completed_on_time"],
            completed["deadline"]) == ("2019-03-01", True, "2019-04-30")
    years = run(office, "year", "list")
    assert [(y["year"], y["completion_due"], y["overdue"]) for y in years] == [
        (2018, "2019-05-31", False)]
    assert run(office, "year", "list", "--overdue") == []
    overdue = run(office, "rectification", "list", "--overdue")
    assert [r["district"] for r in overdue] == ["xuhui"]
    run(office, "falsification", "2018", "huangpu", "--indicator", "SYS-1", "--description",
        "real-name compliance overstated", "--date", "2019-06-05")
    run(office, "year", "advance", "2018", "published")
    history_book = tmp_path / "pudong.xlsx"
    history = run("pudong-token", "history", "pudong", "--out", str(history_book))
    assert history[0]["year"] == 2018 and history[0]["grade"] == "B"
    sheet = load_workbook(history_book).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("year", "stage", "score", "rank", "of", "grade")
    assert (rows[1][0], rows[1][2], rows[1][5]) == (2018, history[0]["score"], "B")
    charts = charts_of(sheet)
    assert len(charts) == 1 and isinstance(charts[0], LineChart)

    exposition = scrape_metrics(running.server.metrics_port)
    assert 'cityscore_wage_assessment_cycles{stage="published"} 1.0' in exposition
    assert 'cityscore_wage_assessment_grades{grade="C",year="2018"} 2.0' in exposition
    assert "cityscore_wage_assessment_rectification_reports_overdue 1.0" in exposition
