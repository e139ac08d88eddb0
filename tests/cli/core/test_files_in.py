"""The files a district office saves from Excel reach the client as they are: CSV in UTF-8 with
or without BOM, CSV in GBK/GB18030 (Excel on Chinese Windows), .xlsx workbooks, or standard
input (``-``)."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
import typer
from cli.core.client import runner_for
from cli.core.trial import trial_cli
from openpyxl import Workbook
from support import RunningServer

from cityscore.services.cli.csv_io import read_rows

HEADER = "code,name,kind,headcount\n"
UNITS = "W1,浦东钢铁,work_unit,500000\nW2,外高桥港区,work_unit,120000\nT1,花木街道,town,1000000\n"
EXPECTED = [{"code": "W1", "name": "浦东钢铁", "kind": "work_unit", "headcount": "500000"},
            {"code": "W2", "name": "外高桥港区", "kind": "work_unit", "headcount": "120000"},
            {"code": "T1", "name": "花木街道", "kind": "town", "headcount": "1000000"}]
REQUIRED = ("code", "kind", "headcount")


@pytest.mark.parametrize(("encoding", "bom"), [
    ("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("gbk", b""), ("gb18030", b"")])
def test_csv_in_the_encodings_excel_writes(tmp_path: Path, encoding: str, bom: bytes) -> None:
    path = tmp_path / "units.csv"
    path.write_bytes(bom + (HEADER + UNITS).replace("\n", "\r\n").encode(encoding))
    assert read_rows(path, REQUIRED) == EXPECTED


def _workbook(path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["code", "name", "kind", "headcount", "surveyed_on"])
    sheet.append(["W1", "浦东钢铁", "work_unit", 500000.0, dt.datetime(2017, 3, 1)])
    sheet.append([None, None, None, None, None])
    sheet.append(["T1", "花木街道", "town", 1000000, dt.date(2017, 3, 2)])
    book.create_sheet("notes").append(["not", "read"])
    book.save(path)
    return path


def test_xlsx_first_sheet_cells_as_typed(tmp_path: Path) -> None:
    rows = read_rows(_workbook(tmp_path / "units.xlsx"), REQUIRED)
    assert rows == [
        {"code": "W1", "name": "浦东钢铁", "kind": "work_unit", "headcount": "500000",
         "surveyed_on": "2017-03-01"},
        {"code": "T1", "name": "花木街道", "kind": "town", "headcount": "1000000",
         "surveyed_on": "2017-03-02"}]


def test_a_damaged_utf8_file_names_its_line_instead_of_reading_as_gbk(tmp_path: Path) -> None:
    path = tmp_path / "broken.csv"
    truncated = "浦东".encode()[:-1]  # the last character cut short
    path.write_bytes(HEADER.encode() + UNITS.encode("utf-8") + b"W9," + truncated + b",town,1\n")
    with pytest.raises(typer.BadParameter, match="line 5 has bytes that are not UTF-8;"):
        read_rows(path, REQUIRED)


def test_bytes_gbk_cannot_read_name_their_own_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.csv"
    path.write_bytes(HEADER.encode("gbk") + UNITS.encode("gbk") + b"W9,\x80\xff,town,1\n")
    with pytest.raises(typer.BadParameter, match="line 5 has bytes that are not UTF-8 or GBK"):
        read_rows(path, REQUIRED)


def test_missing_columns_are_named(tmp_path: Path) -> None:
    path = tmp_path / "units.csv"
    path.write_bytes("code,name\nW1,x\n".encode("gbk"))
    with pytest.raises(typer.BadParameter, match="lacks column"):
        read_rows(path, REQUIRED)


def test_standard_input(monkeypatch: pytest.MonkeyPatch) -> None:
    stdin = io.TextIOWrapper(io.BytesIO((HEADER + UNITS).encode("gbk")))
    monkeypatch.setattr("sys.stdin", stdin)
    assert read_rows(Path("-"), REQUIRED) == EXPECTED


INCIDENTS = ("district,date,kind,people,government_project,source,description\n"
             "xuhui,2018-04-02,群体性,60,是,police,漕河泾工地工资拖欠\n"
             "minhang,2018-05-05,mass,49,否,petitions,莘庄工地\n")


def _stored(out: str) -> list[tuple[str, str]]:
    return [(r["district"], r["description"]) for r in json.loads(out)["stored"]]


def test_a_gbk_csv_a_workbook_and_standard_input_import_through_the_cli(
        wage_2018: RunningServer, tmp_path: Path) -> None:
    run = runner_for(trial_cli, wage_2018.target)
    gbk = tmp_path / "incidents-gbk.csv"
    gbk.write_bytes(INCIDENTS.encode("gbk"))
    result = run("-o", "json", "trial", "import", "--year", "2018", "--file", str(gbk))
    assert result.exit_code == 0, result.output
    assert _stored(result.stdout) == [("xuhui", "漕河泾工地工资拖欠"), ("minhang", "莘庄工地")]

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "notes"
    sheet.append(["not", "the", "data"])
    data = book.create_sheet("incidents")
    for line in INCIDENTS.splitlines():
        data.append(line.split(","))
    data["D2"] = 61  # a number cell, as Excel keeps it
    data["B3"] = dt.datetime(2018, 5, 6)
    book.save(tmp_path / "incidents.xlsx")
    args = ("trial", "import", "--year", "2018", "--file", str(tmp_path / "incidents.xlsx"))
    missing = run(*args)
    assert missing.exit_code == 2 and "lacks column(s)" in missing.stderr
    result = run(*args, "--sheet", "incidents", "-o", "json")
    assert result.exit_code == 0, result.output
    assert [(r["people"], r["date"]) for r in json.loads(result.stdout)["stored"]] == [
        (61, "2018-04-02"), (49, "2018-05-06")]
    assert run(*args, "--sheet", "2", "-o", "json").stdout == result.stdout  # by number: a retry
    no_sheet = run(*args, "--sheet", "summary")
    assert no_sheet.exit_code == 2 and "its sheets: notes, incidents" in no_sheet.stderr

    piped = INCIDENTS.replace("莘庄", "七宝").encode("gb18030")
    result = run("trial", "import", "--year", "2018", "--file", "-", "-o", "json", stdin=piped)
    assert result.exit_code == 0, result.output
    assert _stored(result.stdout)[1] == ("minhang", "七宝工地")


def test_a_forced_encoding_and_its_bad_bytes(wage_2018: RunningServer, tmp_path: Path) -> None:
    run = runner_for(trial_cli, wage_2018.target)
    path = tmp_path / "incidents.csv"
    path.write_bytes(INCIDENTS.encode("gbk"))
    wrong = run("trial", "import", "--year", "2018", "--file", str(path), "--encoding", "utf-8")
    assert wrong.exit_code == 2 and "Traceback" not in wrong.output
    assert "line 2 has bytes that are not utf-8" in " ".join(wrong.stderr.split())
    unknown = run("trial", "import", "--year", "2018", "--file", str(path), "--encoding", "ebcdic9")
    assert unknown.exit_code == 2 and "not an encoding" in unknown.stderr
    right = run("--encoding", "gbk", "-o", "json", "trial", "import", "--year", "2018",
                "--file", str(path))
    assert right.exit_code == 0, right.output
    assert _stored(right.stdout)[0] == ("xuhui", "漕河泾工地工资拖欠")


def test_a_file_that_is_not_there_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(typer.BadParameter, match=r"cannot read .*missing\.csv"):
        read_rows(tmp_path / "missing.csv", REQUIRED)


def test_files_that_are_not_csv_or_xlsx_are_usage_errors(tmp_path: Path) -> None:
    path = tmp_path / "units.csv"
    path.write_bytes(HEADER.encode() + b"W1,x,town,1\n" + b"W2," + b"x" * 200_000 + b"\n")
    with pytest.raises(typer.BadParameter, match=r"line 3 is not CSV \(field larger than"):
        read_rows(path, REQUIRED)
    old_excel = tmp_path / "units.xls"
    old_excel.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    with pytest.raises(typer.BadParameter, match=r"Excel 97-2003 workbook \(\.xls\)"):
        read_rows(old_excel, REQUIRED)
    damaged = tmp_path / "units.xlsx"
    damaged.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(typer.BadParameter, match=r"not a readable \.xlsx workbook"):
        read_rows(damaged, REQUIRED)
