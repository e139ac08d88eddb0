"""The files of ``cityscore equipment`` as a district office handles them, against a real server:
empty templates to fill in, GBK CSV from Excel on Chinese Windows and .xlsx workbooks, every
problem of a file at once by line and column, an import run again stores nothing twice, the
register's export imports back unchanged, reports written as workbooks with a native chart, one
JSON document per command, and a replay that finds a difference exits 9 (README)."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.chart import BarChart, LineChart
from support import RunningServer, ServerFactory, charts_of
from typer.testing import CliRunner, Result

from cityscore.services.cli.app import cli

runner = CliRunner()

COLUMNS = ["registration_code", "location_category", "address", "in_use_date",
           "maintenance_company_id", "remote_monitoring", "liability_insurance", "geolocation",
           "assessed_on", "assessment_result", "renovated_on", "last_inspection_date",
           "last_inspection_failed"]
#: Pudong's register: public places PD-001 to PD-004 (monitoring on 3 of 4), and two
#: residential elevators over 15 years old (PD-005 assessed hazardous in 2019, renovated in
#: August 2020).
PUDONG = [
    "PD-001,商场,世纪大道1号,2012-03-01,C1,是,是,是,,,,2020-02-10,否",
    "PD-002,医院,世纪大道2号,2013-05-01,C1,是,是,否,,,,2019-12-01,否",
    "PD-003,学校,世纪大道3号,2014-09-01,C2,否,是,是,,,,2020-06-01,否",
    "PD-004,轨道交通,世纪大道4号,2010-07-01,C2,是,是,是,,,,2020-03-01,否",
    "PD-005,住宅,浦东一弄5号,2003-05-01,C3,是,否,否,2019-06-01,存在隐患,2020-08-01,2020-09-01,否",
    "PD-006,住宅,浦东一弄6号,2004-02-29,C3,否,否,否,,,,2020-05-01,否",
]
XUHUI = ["XH-001,mall,淮海路1号,2015-01-01,C1,yes,yes,yes,,,,2020-10-01,no"]


def _file(path: Path, rows: list[str], encoding: str = "utf-8") -> Path:
    path.write_bytes(("\n".join([",".join(COLUMNS), *rows]) + "\n").encode(encoding))
    return path


@pytest.fixture
def server(start_server: ServerFactory, sqlite_url: str) -> RunningServer:
    """The server with the maintenance companies the files name registered."""
    running = start_server(["special_equipment"], database_url=sqlite_url)
    for company in ("C1", "C2", "C3"):
        _runner(running)("city-token", "company", "add", company, "--name", f"{company} 电梯维保")
    return running


def _runner(server: RunningServer) -> Any:
    def run(token: str, *args: str, code: int = 0, stdin: bytes | None = None) -> Result:
        result = runner.invoke(cli, ["--target", server.target, "--token", token, "equipment",
                                     *args], input=stdin)
        assert result.exit_code == code, (args, result.stdout, result.stderr)
        return result

    return run


def _json(result: Result) -> Any:
    return json.loads(result.stdout)  # exactly one document, or this fails


def test_templates_help_and_every_problem_of_a_file_at_once(server: RunningServer,
                                                            tmp_path: Path) -> None:
    run = _runner(server)
    template = run("pudong-token", "template", "elevators").stdout
    rows = list(csv.reader(io.StringIO(template.removeprefix("\ufeff"))))
    assert rows[0] == COLUMNS and len(rows) == 2
    indicators = run("pudong-token", "template", "indicators").stdout
    assert next(csv.reader(io.StringIO(indicators))) == ["company_id", "indicator", "per_mille"]
    book_path = tmp_path / "elevators.xlsx"
    run("pudong-token", "template", "elevators", "--format", "xlsx", "--out", str(book_path))
    book = load_workbook(book_path)
    explained = [list(r) for r in book["columns"].iter_rows(values_only=True)]
    assert [r[0] for r in explained[1:]] == COLUMNS
    assert "rail_transit" in str(explained[2][3])  # location_category's allowed values
    helped = run("pudong-token", "elevator", "import", "--help").stdout
    for name in COLUMNS:
        assert name in helped

    # The template's example row is an elevator the import takes, read from the workbook.
    assert _json(run("pudong-token", "-o", "json", "elevator", "import", str(book_path),
                     "--district", "pudong"))["registered"] == 1

    bad = _file(tmp_path / "bad.csv", [
        "PD-101,mall,,2012-13-01,,yes,yes,yes,,,,,",
        "PD-102,market,,2012-03-01,,yes,yes,yes,,,,,",
        "PD-103,mall,,2012-03-01,,perhaps,yes,yes,,,,,",
    ])
    refused = run("pudong-token", "elevator", "import", str(bad), "--district", "pudong",
                  code=2)
    for where in ("line 2, column in_use_date", "line 3, column location_category",
                  "line 4, column remote_monitoring"):
        assert where in refused.stderr
    assert "Traceback" not in refused.output
    listed = _json(run("pudong-token", "-o", "json", "elevator", "list"))["elevators"]
    assert [e["registration_code"] for e in listed] == ["31103101002018000001"]

    indicators_file = tmp_path / "indicators.csv"
    indicators_file.write_text("company_id,indicator,per_mille\nC1,fault_rate,5%\n"
                               "C2,fault_rate,\n", "utf-8")
    refused = run("city-token", "company", "indicators", "--year", "2020",
                  str(indicators_file), code=2)
    assert "line 2, column per_mille" in refused.stderr
    assert "line 3, column per_mille" in refused.stderr

    # A row the server refuses is named by its file line and column too.
    future = _file(tmp_path / "future.csv", ["PD-1,mall,,2012-03-01,,,,,,,,,",
                                             "PD-2,mall,,2030-01-01,,,,,,,,,"])
    refused = run("pudong-token", "elevator", "import", str(future), "--district", "pudong",
                  code=3)
    assert "line 3, column in_use_date" in refused.stderr


def test_gbk_and_xlsx_imports_a_rerun_stores_nothing_twice_and_the_export_reads_back(
        server: RunningServer, tmp_path: Path) -> None:
    run = _runner(server)
    gbk = _file(tmp_path / "pudong.csv", PUDONG, encoding="gbk")
    first = _json(run("pudong-token", "-o", "json", "elevator", "import", str(gbk),
                      "--district", "pudong"))
    assert first == {"registered": 6, "amended": 0, "unchanged": 0}
    again = _json(run("pudong-token", "-o", "json", "elevator", "import", str(gbk),
                      "--district", "pudong"))
    assert again == first  # the stored answer of the same request: a retry
    shown = _json(run("pudong-token", "-o", "json", "elevator", "show", "PD-005"))
    assert (shown["address"], shown["location_category"], shown["assessment_result"],
            shown["remote_monitoring"], shown["version"]) == (
        "浦东一弄5号", "residential", "hazardous", True, 1)
    assert len(_json(run("pudong-token", "-o", "json", "elevator", "list"))["elevators"]) == 6

    # An amendment without its reason is refused with the id to retry with; retried with
    # the reason it is applied once, however often it is sent.
    amended = _file(tmp_path / "amended.csv", [PUDONG[0].replace("世纪大道1号", "世纪大道1号甲"),
                                               *PUDONG[1:]])
    refused = run("pudong-token", "elevator", "import", str(amended), "--district", "pudong",
                  code=3)
    assert "reason" in refused.stderr and "--request-id" in refused.stderr
    for _ in range(2):
        answer = _json(run("pudong-token", "-o", "json", "elevator", "import", str(amended),
                           "--district", "pudong", "--reason", "失效的远程监测已修复"))
        assert answer == {"registered": 0, "amended": 1, "unchanged": 5}
    assert _json(run("pudong-token", "-o", "json", "elevator", "show", "PD-001"))[
        "version"] == 2

    # The export, as CSV (with a BOM for Excel) and as a workbook, imports back unchanged.
    exported = tmp_path / "export.csv"
    run("pudong-token", "--bom", "elevator", "export", "--district", "pudong", "--out",
        str(exported))
    data = exported.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert list(rows[0]) == COLUMNS
    assert [(r["registration_code"], r["location_category"], r["address"],
             r["assessment_result"], r["renovated_on"]) for r in rows][4] == (
        "PD-005", "residential", "浦东一弄5号", "hazardous", "2020-08-01")
    book = tmp_path / "export.xlsx"
    run("pudong-token", "elevator", "export", "--district", "pudong", "--out", str(book))
    for path in (exported, book):
        back = _json(run("pudong-token", "-o", "json", "elevator", "import", str(path),
                         "--district", "pudong", "--request-id", f"export-back-{path.suffix}"))
        assert back == {"registered": 0, "amended": 0, "unchanged": 6}
    as_json = _json(run("pudong-token", "-o", "json", "elevator", "export", "--district",
                        "pudong"))
    assert [(e["registration_code"], e["remote_monitoring"]) for e in as_json][:2] == [
        ("PD-001", True), ("PD-002", True)]
    assert _json(run("pudong-token", "-o", "json", "elevator", "export", "--district",
                     "pudong", "--out", str(book))) == {"file": str(book), "elevators": 6}
    # Standard input reads the same.
    back = _json(run("pudong-token", "-o", "json", "elevator", "import", "-", "--district",
                     "pudong", stdin=data))
    assert back == {"registered": 0, "amended": 0, "unchanged": 6}


def _register(run: Any, tmp_path: Path) -> None:
    run("pudong-token", "elevator", "import", str(_file(tmp_path / "pd.csv", PUDONG)),
        "--district", "pudong")
    run("xuhui-token", "elevator", "import", str(_file(tmp_path / "xh.csv", XUHUI)),
        "--district", "xuhui")


def test_target_reports_trend_and_sweep_as_workbooks_with_a_chart(
        server: RunningServer, tmp_path: Path) -> None:
    run = _runner(server)
    _register(run, tmp_path)
    city_book = tmp_path / "city.xlsx"
    report = _json(run("city-token", "-o", "json", "targets", "report", "--year", "2020",
                       "--out", str(city_book)))
    sheet = load_workbook(city_book).worksheets[0]
    cells = [list(r) for r in sheet.iter_rows(values_only=True)]
    header = cells[0]
    assert header == ["target", "numerator", "denominator", "rate_percent", "target_percent",
                      "met", "pudong", "xuhui", "description"]
    by_target = {row[0]: dict(zip(header, row, strict=True)) for row in cells[1:]}
    monitoring = by_target["public_monitoring"]
    # Public places: Pudong 3 of 4 monitored, Xuhui 1 of 1; the city 4 of 5.
    assert (monitoring["numerator"], monitoring["denominator"], monitoring["rate_percent"],
            monitoring["target_percent"], monitoring["met"], monitoring["pudong"],
            monitoring["xuhui"]) == (4, 5, 80, 100, False, 75, 100)
    charts = charts_of(sheet)
    assert len(charts) == 1 and isinstance(charts[0], BarChart)
    assert [s.tx.strRef.f.split("!")[1] for s in charts[0].series] == ["D1", "E1", "G1", "H1"]
    assert charts[0].series[0].cat.numRef.f.split("!")[1] == f"$A$2:$A${len(cells)}"
    assert {r["target"] for r in report["rates"]} == set(by_target)

    run("pudong-token", "targets", "report", "--year", "2019", "--district", "pudong")
    as_csv_path = tmp_path / "pudong.csv"
    run("pudong-token", "--bom", "targets", "report", "--year", "2020", "--district", "pudong",
        "--out", str(as_csv_path))
    data = as_csv_path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    pudong = {r["target"]: r for r in csv.DictReader(io.StringIO(data.decode("utf-8-sig")))}
    assert (pudong["public_monitoring"]["numerator"], pudong["public_monitoring"]["denominator"],
            pudong["public_monitoring"]["rate_percent"]) == ("3", "4", "75.0")
    trend_book = tmp_path / "trend.xlsx"
    trend = _json(run("pudong-token", "-o", "json", "targets", "trend", "--year", "2020",
                      "--out", str(trend_book)))
    # PD-005, hazardous since 2019, was renovated in August 2020.
    assert [(t["year"], t["residential_renovation"]) for t in trend] == [(2019, 0), (2020, 100)]
    sheet = load_workbook(trend_book).worksheets[0]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    column = rows[0].index("residential_renovation")
    assert [(r[0], r[column]) for r in rows[1:]] == [(2019, 0), (2020, 100)]
    charts = charts_of(sheet)
    assert len(charts) == 1 and isinstance(charts[0], LineChart)
    assert len(charts[0].series) == len(rows[0]) - 1  # one line per target

    sweep_book = tmp_path / "sweep.xlsx"
    swept = _json(run("city-token", "-o", "json", "inspection", "sweep", "--out",
                      str(sweep_book)))
    sheet = load_workbook(sweep_book).worksheets[0]
    # On 2021-01-15 PD-002 (inspected 2019-12-01) is overdue and PD-001 due within the
    # warning days; Xuhui's one elevator was inspected in October.
    assert [list(r) for r in sheet.iter_rows(values_only=True)] == [
        ["district", "ok", "due_soon", "overdue"], ["pudong", 4, 1, 1], ["xuhui", 1, 0, 0]]
    assert swept["sweep"]["elevators"] == 7
    charts = charts_of(sheet)
    assert len(charts) == 1 and isinstance(charts[0], BarChart)
    assert len(charts[0].series) == 3

    as_csv = run("city-token", "-o", "csv", "inspection", "sweep").stdout
    assert next(csv.DictReader(io.StringIO(as_csv))) == {
        "district": "pudong", "ok": "4", "due_soon": "1", "overdue": "1"}


def test_a_replay_that_finds_a_difference_exits_9(server: RunningServer, tmp_path: Path,
                                                  sqlite_url: str) -> None:
    run = _runner(server)
    _register(run, tmp_path)
    report = _json(run("city-token", "-o", "json", "targets", "report", "--year", "2020"))
    report_id = report["report"]["report_id"]
    assert _json(run("city-token", "-o", "json", "targets", "replay", str(report_id)))[
        "matches"] is True
    with sqlite3.connect(sqlite_url.removeprefix("sqlite:///")) as database:
        database.execute("UPDATE special_equipment_target_report SET result_digest = 'altered'"
                         " WHERE id = ?", (report_id,))
    differs = run("city-token", "-o", "json", "targets", "replay", str(report_id), code=9)
    document = _json(differs)
    assert document["matches"] is False and document["differences"] == ["rates"]
    assert document["stored"] == "altered"
