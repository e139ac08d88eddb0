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
from openpyxl import Workbook
from support import ServerFactory
from typer.testing import CliRunner

from cityscore.services.cli.app import cli
from cityscore.services.cli.csv_io import read_rows

runner = CliRunner()
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


def test_a_gbk_csv_and_a_workbook_split_a_quota_through_the_cli(
        start_server: ServerFactory, tmp_path: Path) -> None:
    running = start_server(["blood_quota"])

    def blood(*args: str, token: str = "city-token", stdin: bytes | None = None
              ) -> tuple[int, str, str]:
        result = runner.invoke(cli, ["--target", running.target, "--token", token, "-o",
                                     "json", "blood", *args], input=stdin)
        return result.exit_code, result.stdout, " ".join(result.stderr.split())

    assert blood("plan", "create", "--year", "2017", "--published")[0] == 0
    assert blood("import", "--year", "2017")[0] == 0
    gbk = tmp_path / "units-gbk.csv"
    gbk.write_bytes((HEADER + UNITS).encode("gbk"))
    code, out, err = blood("split", "--year", "2017", "--district", "pudong", "--units",
                           str(gbk), "--what-if", token="pudong-token")
    assert code == 0, err
    assert [(r["code"], r["name"]) for r in json.loads(out)] == [
        ("W1", "浦东钢铁"), ("W2", "外高桥港区"), ("T1", "花木街道")]
    code, out, err = blood("split", "--year", "2017", "--district", "pudong", "--units",
                           str(_workbook(tmp_path / "units.xlsx")), "--what-if",
                           token="pudong-token")
    assert code == 0, err
    assert [r["code"] for r in json.loads(out)] == ["W1", "T1"]
    code, out, err = blood("split", "--year", "2017", "--district", "pudong", "--units", "-",
                           "--what-if", token="pudong-token", stdin=gbk.read_bytes())
    assert code == 0, err
    assert [r["name"] for r in json.loads(out)] == ["浦东钢铁", "外高桥港区", "花木街道"]


def test_a_file_that_is_not_there_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(typer.BadParameter, match=r"cannot read .*missing\.csv"):
        read_rows(tmp_path / "missing.csv", REQUIRED)
