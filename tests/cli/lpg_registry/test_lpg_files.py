"""The files of ``cityscore lpg`` as enterprises and district offices use them, against a real
server (clock at 2019-03-01 12:00 city time): empty templates, users from a GBK CSV with
Chinese text, cylinders from a workbook, every problem of a file named by its line and column,
re-run imports that store nothing twice, the compliance sweep and the finding report as
workbooks with a chart, and a replay that finds differences exiting 9. Every ``-o json`` output
is parsed as one JSON document. The full resident ID numbers are typed in, never printed."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from cli.core.client import followed_by_name, json_of, runner_for
from openpyxl import Workbook, load_workbook
from openpyxl.chart import BarChart
from support import charts_of
from typer.testing import CliRunner, Result

from cityscore.services.cli.app import cli

runner = CliRunner()
RESIDENTS = ("310101199003071230", "310101199003071249")
USERS_HEADER = ("user_type,enterprise_id,name,resident_id,phone,address,district,subdistrict,"
                "registered_on")
USERS = [f"居民,E1,张三,{RESIDENTS[0]},13800138000,张江路5弄,pudong,张江镇,2018-09-20",
         f"residential,E1,李四,{RESIDENTS[1]},13800138001,张江路7弄,pudong,张江镇,"]
CYLINDERS_HEADER = ["trace_code", "model", "standard", "manufacture_date", "tare_g"]
# Domain page §4 (inspection every 4 years from manufacture; GB 5842-2006: 8 years of life,
# 12 only after a passing inspection; warned 30 days before), on 2020-02-15:
PUDONG_CYLINDERS: list[list[str | int]] = [
    ["P-DUE", "YSP35.5", "2006", "2016-03-01", 16400],   # L1: inspection 2020-03-01, due soon
    ["P-OK", "YSP35.5", "2006", "2017-06-01", 16400],    # inspection 2021-06-01: ok
    ["P-LATE", "YSP35.5", "2006", "2015-06-01", 16400],  # inspection 2019-06-01: overdue
]
XUHUI_CYLINDERS = ["X-OLD,YSP35.5,2006,2011-03-01,16400",  # life ended 2019-03-01
                   "X-OK,YSP12,2006,2018-01-01,6200"]       # inspection 2022-01-01: ok
STATUSES = ["ok", "due_soon", "inspection_overdue", "past_service_life"]


def test_lpg_files_in_and_reports_out(start_server: Any, sqlite_url: str,
                                      tmp_path: Path) -> None:
    running = start_server(["lpg_registry"], database_url=sqlite_url)

    def invoke(token: str, *args: str) -> Result:
        result = runner.invoke(cli, ["--target", running.target, "--token", token, "-o", "json",
                                     "lpg", *args])
        assert not any(n in result.stdout + result.stderr for n in RESIDENTS)
        return result

    def run(token: str, *args: str) -> Any:
        result = invoke(token, *args)
        assert result.exit_code == 0, (result.stdout, result.stderr)
        return json.loads(result.stdout)

    # The empty files: header and example row as CSV; a workbook explains each column.
    template = invoke("city-token", "template", "cylinders")
    assert template.exit_code == 0, template.output
    assert template.stdout.splitlines()[0] == (
        "trace_code,serial,model,standard,phase,manufacture_date,design_life_years,tare_g,"
        "last_inspection_date,last_inspection_passed,standard_mismatch_confirmed")
    book_path = tmp_path / "users-template.xlsx"
    assert invoke("city-token", "template", "users", "--out", str(book_path)).exit_code == 0
    book = load_workbook(book_path)
    assert book.sheetnames == ["users", "columns", "notes"]
    header = [c.value for c in book["users"][1]]
    assert header[:3] == ["user_type", "enterprise_id", "name"]
    explained = {row[0]: row for row in book["columns"].iter_rows(min_row=2, values_only=True)}
    assert explained["user_type"][3] == "residential, catering, commercial, reseller"
    assert "--file" in invoke("city-token", "user", "import", "--help").stdout
    assert "tare_g: Stamped tare mass; unit: g" in " ".join(
        invoke("city-token", "cylinder", "import", "--help").stdout.split())

    for enterprise, district, credit in (("E1", "pudong", "913101013000000530"),
                                         ("E2", "xuhui", "913101013000000543")):
        run("city-token", "enterprise", "add", "--id", enterprise, "--name", f"{district} gas",
            "--credit-code", credit, "--licence", f"L-{enterprise}", "--valid-until",
            "2021-12-31", "--district", district)
        run(f"lpg-{enterprise.lower()}-token", "enterprise", "station", "--id",
            f"{enterprise}-S1", "--enterprise", enterprise, "--name", "Main", "--district",
            district, "--address", "1 Gas Road")

    # Users from a CSV as Excel on Chinese Windows saves it (GBK): a re-run is a retry.
    users = tmp_path / "users.csv"
    users.write_bytes(("\r\n".join([USERS_HEADER, *USERS]) + "\r\n").encode("gbk"))
    first = run("lpg-e1-token", "user", "import", "--file", str(users))
    assert first == {"registered": 2, "duplicates": 0, "duplicate_lines": []}
    assert run("lpg-e1-token", "user", "import", "--file", str(users)) == first
    listed = run("lpg-e1-token", "user", "list")["rows"]
    assert [(u["name"], u["resident_id"], u["registered_on"]) for u in listed] == [
        ("张三", "310***********1230", "2018-09-20"), ("李四", "310***********1249", "2019-03-01")]

    # Every problem of a file at once, by spreadsheet line and column; nothing stored.
    bad = tmp_path / "bad-users.csv"
    bad.write_text("\n".join([USERS_HEADER, USERS[0].replace("居民", "farmer"),
                              USERS[1] + "2018-13-01"]) + "\n",
                   "utf-8")
    refused = invoke("lpg-e1-token", "user", "import", "--file", str(bad))
    assert refused.exit_code == 2
    assert "line 2, column user_type" in refused.stderr
    assert "line 3, column registered_on" in refused.stderr
    assert len(run("lpg-e1-token", "user", "list")["rows"]) == 2

    # Cylinders from a workbook; the same workbook again registers nothing twice.
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(CYLINDERS_HEADER)
    for row in PUDONG_CYLINDERS:
        sheet.append(row)
    pudong_book = tmp_path / "cylinders.xlsx"
    workbook.save(pudong_book)
    into_e1 = ["--owner", "E1", "--station", "E1-S1"]
    assert run("lpg-e1-token", "cylinder", "import", "--file", str(pudong_book),
               *into_e1) == {"registered": 3}
    assert run("lpg-e1-token", "cylinder", "import", "--file", str(pudong_book),
               *into_e1) == {"registered": 3}

    # A row the server refuses is named by its file line and column: made before 2007-02-01
    # under the 2006 edition (domain page §4, L4).
    xuhui = tmp_path / "xuhui.csv"
    into_e2 = ["--owner", "E2", "--station", "E2-S1"]
    xuhui.write_text("\n".join([",".join(CYLINDERS_HEADER), *XUHUI_CYLINDERS,
                                "X-MIS,YSP35.5,2006,2006-05-01,16400"]) + "\n", "utf-8")
    misfit = invoke("lpg-e2-token", "cylinder", "import", "--file", str(xuhui), *into_e2)
    assert misfit.exit_code == 3 and "line 4, column standard" in misfit.stderr
    xuhui.write_text("\n".join([",".join(CYLINDERS_HEADER), *XUHUI_CYLINDERS]) + "\n", "utf-8")
    assert run("lpg-e2-token", "cylinder", "import", "--file", str(xuhui),
               *into_e2) == {"registered": 2}

    # The compliance sweep by district, to send up: a workbook with a chart, and CSV.
    report = tmp_path / "sweep.xlsx"
    swept = run("city-token", "sweep", "--as-of", "2020-02-15", "--out", str(report))
    assert swept["sweep"]["cylinders"] == 5
    expected = {"pudong": [1, 1, 1, 0], "xuhui": [1, 0, 0, 1]}
    assert {r["district"]: [r[s] for s in STATUSES] for r in swept["by_district"]} == expected
    assert {r["enterprise"]: [r[s] for s in STATUSES] for r in swept["by_enterprise"]} == {
        "E1": expected["pudong"], "E2": expected["xuhui"]}
    book = load_workbook(report)
    sheet = book["Sweep 2020-02-15 by district"]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0] == ["district", *STATUSES]
    assert {r[0]: r[1:] for r in rows[1:]} == expected
    [chart] = charts_of(sheet)
    assert isinstance(chart, BarChart) and len(chart.series) == 4
    assert chart.series[3].val.numRef.f == "'Sweep 2020-02-15 by district'!$E$2:$E$3"
    assert chart.series[0].cat.numRef.f == "'Sweep 2020-02-15 by district'!$A$2:$A$3"

    by_enterprise = tmp_path / "sweep-enterprises.csv"
    shown = invoke("city-token", "sweep-show", "--out", str(by_enterprise), "--by",
                   "enterprise", "--bom")
    assert shown.exit_code == 0, shown.output
    assert json.loads(shown.stdout)["sweep"]["swept_on"] == "2020-02-15"
    with_bom = by_enterprise.read_bytes()
    assert with_bom.startswith(b"\xef\xbb\xbf")
    assert [[r["enterprise"], *(int(r[s]) for s in STATUSES)] for r in csv.DictReader(
        io.StringIO(with_bom.decode("utf-8-sig")))] == [["E1", 1, 1, 1, 0], ["E2", 1, 0, 0, 1]]

    # Started without waiting, the sweep is an operation followed by name.
    done = followed_by_name(runner_for(cli, running.target), "lpg_registry", "lpg", "sweep",
                            "--as-of", "2020-02-15")
    assert done["response"]["sweep"]["cylinders"] == 5
    assert not any(n in json.dumps(done, ensure_ascii=False) for n in RESIDENTS)
    # With -o json, a start without waiting is one JSON document naming its operation.
    started = json_of(runner_for(cli, running.target)("-o", "json", "lpg", "sweep", "--as-of",
                                                      "2020-02-15", "--no-wait"))
    assert started["name"].startswith("operations/lpg_registry/")

    # A stored sweep that no longer replays: a finding to act on (exit 9), not exit 1.
    assert run("operator-token", "replay", "1")["matches"] is True
    engine = sa.create_engine(sqlite_url)
    with engine.begin() as connection:
        connection.execute(sa.text("UPDATE lpg_registry_sweep SET counts = :counts"), {
            "counts": json.dumps({"by_enterprise": {}, "by_district": {}})})
    engine.dispose()
    differs = invoke("operator-token", "replay", "1")
    assert differs.exit_code == 9, differs.output
    replayed = json.loads(differs.stdout)
    assert replayed["matches"] is False and replayed["differences"]

    # The finding report, to send up: a workbook charting the findings by catalogue item.
    inspected = run("lpg-e1-token", "inspect", "--user", "1", "--inspector", "E1-R1", "--on",
                    "2019-02-01", "--finding", "CAT-18", "--finding", "CAT-19:warn")
    run("lpg-e1-token", "hazard", "rectify", str(inspected[0]["hazard_id"]))
    findings = tmp_path / "findings.xlsx"
    counted = run("lpg-e1-token", "findings", "--out", str(findings))
    assert counted == [
        {"rule": "CAT-18", "severity": "stop_supply", "open": 0, "rectified": 1, "overdue": 0},
        {"rule": "CAT-19", "severity": "warn", "open": 1, "rectified": 0, "overdue": 0}]
    sheet = load_workbook(findings)["Findings"]
    assert [list(r) for r in sheet.iter_rows(values_only=True)] == [
        ["rule", "severity", "open", "rectified", "overdue"],
        ["CAT-18", "stop_supply", 0, 1, 0], ["CAT-19", "warn", 1, 0, 0]]
    [chart] = charts_of(sheet)
    assert [s.tx.strRef.f for s in chart.series] == ["'Findings'!C1", "'Findings'!D1",
                                                     "'Findings'!E1"]
    # The cylinder commands, each one JSON document: an inspection passed on 2019-02-20 is
    # next due four years on (domain page §4); a scrapped cylinder is no longer in service.
    inspected_cylinder = run("lpg-e1-token", "cylinder", "inspect", "P-LATE", "--on",
                             "2019-02-20")
    assert (inspected_cylinder["last_inspection"], inspected_cylinder["next_inspection"]) == (
        "2019-02-20", "2023-02-20")
    assert run("lpg-e1-token", "cylinder", "scrap", "P-DUE")["status"] == "scrapped"
    # Both licences run to 2021-12-31: nobody is suspended on 2019-03-01.
    assert run("city-token", "enterprise", "suspend-expired") == []
    whose = invoke("lpg-e1-token", "hazard", "list")
    assert whose.exit_code == 2 and "--user" in whose.stderr
