"""``cityscore roads`` files in and out: every import kind has its empty file, which imports as
it is; a register file in GBK or .xlsx reads with its Chinese names, all of a file's problems
at once by line and column; a re-run import stores nothing twice; what the lists and the unit
export write, the imports read back; the district PQI and the target report go out as
workbooks with a native chart."""

from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path
from typing import Any

import pytest
from integration.services.rural_roads.roads_world import network
from openpyxl import load_workbook
from openpyxl.chart import BarChart, LineChart
from openpyxl.utils import get_column_letter
from sqlalchemy import text
from support import charts_of
from typer.testing import CliRunner, Result

from cityscore.rural_roads.v1 import rural_roads_service_pb2 as pb
from cityscore.rural_roads.v1 import rural_roads_service_pb2_grpc as pb_grpc
from cityscore.services.cli.app import cli

KINDS = ("towns", "villages", "roads", "bridges", "hazard_sites", "upgrade_projects",
         "district_years")
LISTS = {"towns": "towns", "villages": "villages", "roads": "roads", "bridges": "bridges",
         "hazard-sites": "hazard_sites", "projects": "upgrade_projects"}


def roads(running: Any, token: str, *args: str, stdin: bytes | None = None) -> Result:
    return CliRunner().invoke(cli, ["--target", running.target, "--token", token, *args],
                              input=stdin)


def as_json(result: Result) -> Any:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture
def running(start_server: Any, sqlite_url: str) -> Any:
    return start_server(["rural_roads"], database_url=sqlite_url)


def test_the_templates_import_as_they_are_and_a_rerun_stores_nothing_twice(
        running: Any, tmp_path: Path) -> None:
    folder = tmp_path / "register"
    folder.mkdir()
    for kind in KINDS:
        written = roads(running, "city-token", "roads", "template", kind, "--out",
                        str(folder / f"{kind}.xlsx"))
        assert written.exit_code == 0, written.output
    book = load_workbook(folder / "roads.xlsx")
    assert book.sheetnames == ["roads", "columns"]
    explained = {r[0]: r for r in book["columns"].iter_rows(min_row=2, values_only=True)}
    assert explained["road_class"][3] == "county, township, village"
    assert explained["length_m"][2] == "m" and explained["name"][1] == "no"
    help_text = " ".join(roads(running, "city-token", "roads", "import-network", "--help"
                               ).stdout.split())
    assert "surface: Pavement surface; one of: asphalt, cement_concrete, other" in help_text
    units_help = " ".join(roads(running, "city-token", "roads", "upload", "--help"
                                ).stdout.split())
    assert "pothole:light: Distressed area; unit: m²; optional" in units_help

    imported = as_json(roads(running, "city-token", "-o", "json", "roads", "import-network",
                             str(folder)))
    counts = {r["records"]: (r["created"], r["updated"]) for r in imported}
    assert counts == {kind: (1, 0) for kind in KINDS}
    # The same files again (a timeout, a dropped connection): the same requests, answered
    # from the server's record; every record has one version.
    again = as_json(roads(running, "city-token", "-o", "json", "roads", "import-network",
                          str(folder)))
    assert again == imported
    for kind, code in (("road", "R1"), ("village", "V1"), ("hazard-site", "H1")):
        versions = as_json(roads(running, "city-token", "-o", "json", "roads", "show", kind,
                                 code))
        assert len(versions) == 1
    town = as_json(roads(running, "city-token", "-o", "json", "roads", "towns"))
    assert town == [{"code": "T1", "district": "pudong", "name": "川沙新镇"}]

    # What each list writes (CSV or .xlsx) import-network reads back: nothing has changed.
    back = tmp_path / "back"
    back.mkdir()
    for number, (command, kind) in enumerate(LISTS.items()):
        out = back / f"{kind}.{'xlsx' if number % 2 else 'csv'}"
        listed = roads(running, "city-token", "-o", "json", "roads", command, "--out", str(out))
        assert listed.exit_code == 0, listed.output
        json.loads(listed.stdout)
    reimported = as_json(roads(running, "city-token", "-o", "json", "roads", "import-network",
                               str(back)))
    assert {r["records"]: (r["created"], r["updated"]) for r in reimported} == {
        kind: (0, 0) for kind in LISTS.values()}


def test_a_gbk_file_and_every_problem_at_once(running: Any, tmp_path: Path) -> None:
    folder = tmp_path / "register"
    folder.mkdir()
    (folder / "towns.csv").write_bytes(
        "code,district,name\nT1,pudong,川沙新镇\nT2,pudong,高桥镇\n".encode("gbk"))
    (folder / "roads.csv").write_text(
        "code,town,name,road_class,technical_grade,surface,length_m,width_m,lanes\n"
        "R1,T1,川六公路,高速,grade_4,沥青,3500,4.5,1\n"
        "R2,T2,,village,grade_4,asphalt,long,4.5,1\n", "utf-8")
    refused = roads(running, "city-token", "roads", "import-network", str(folder))
    assert refused.exit_code == 2 and "Traceback" not in refused.output
    assert "2 problems" in refused.stderr
    assert "line 2, column road_class: '高速' is not one of county, township, village" in \
        refused.stderr
    assert "line 3, column length_m: 'long' is not a number" in refused.stderr
    assert as_json(roads(running, "city-token", "-o", "json", "roads", "towns")) == []

    (folder / "roads.csv").write_text(
        "code,town,name,road_class,technical_grade,surface,length_m,width_m,lanes\n"
        "R1,T1,川六公路,村道,grade_4,沥青,3500,4.5,1\n"
        "R2,T9,,village,grade_4,asphalt,1000,4.5,1\n", "utf-8")
    unknown = roads(running, "city-token", "roads", "import-network", str(folder))
    assert unknown.exit_code in (3, 4), unknown.output
    assert "line 3" in unknown.stderr and "--request-id" in unknown.stderr

    (folder / "roads.csv").write_text(
        "code,town,name,road_class,technical_grade,surface,length_m,width_m,lanes\n"
        "R1,T1,川六公路,村道,grade_4,沥青,3500,4.5,1\n", "utf-8")
    assert roads(running, "city-token", "roads", "import-network", str(folder)).exit_code == 0
    towns = as_json(roads(running, "city-token", "-o", "json", "roads", "towns"))
    assert [t["name"] for t in towns] == ["川沙新镇", "高桥镇"]
    road = as_json(roads(running, "city-token", "-o", "json", "roads", "roads"))
    assert [(r["name"], r["class"], r["surface"]) for r in road] == [
        ("川六公路", "village", "asphalt")]


#: domain page §7.1/§7.2: PCI 90.6 and RQI 77.4 give PQI 85.32 (asphalt: PCI = 100 − 15·DR^0.412,
#: RQI = 100 / (1 + 0.0185·e^(0.58·IRI))).
IRI = math.log((100 / 77.4 - 1) / 0.0185) / 0.58
DR = ((100 - 90.6) / 15) ** (1 / 0.412)


def test_units_export_uploads_back_and_the_district_pqi_report_is_a_workbook(
        running: Any, tmp_path: Path) -> None:
    network(pb_grpc.RuralRoadsServiceStub(running.channel("city-token")))
    survey = tmp_path / "survey.csv"
    # A distress column left blank throughout records nothing: the damage ratio stands.
    survey.write_text("road,start_m,end_m,iri,damage_ratio_percent,pothole:light\n"
                      f"R1,0,1000,{IRI!r},{DR!r},\nRX,0,1000,{IRI!r},{DR!r},\n", "utf-8")
    assert roads(running, "city-token", "roads", "create-survey", "2022").exit_code == 0
    uploaded = as_json(roads(running, "city-token", "-o", "json", "roads", "upload", "2022",
                             "-", stdin=survey.read_bytes()))
    assert uploaded["units_scored"] == 2
    closed = as_json(roads(running, "city-token", "-o", "json", "roads", "close-survey",
                           "2022"))
    assert closed["pqi"] == 85.32

    book_path = tmp_path / "pqi.xlsx"
    report = as_json(roads(running, "city-token", "-o", "json", "roads", "report", "2022",
                           "--out", str(book_path)))
    assert [(r["key"], r["pqi"]) for r in report] == [("pudong", 85.32), ("xuhui", 85.32)]
    sheet = load_workbook(book_path).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    assert [(r[header.index("key")], r[header.index("pqi")]) for r in rows[1:]] == [
        ("pudong", 85.32), ("xuhui", 85.32)]
    chart = charts_of(sheet)[0]
    assert isinstance(chart, BarChart) and len(chart.series) == 3
    assert "PQI 2022 by district" in str(chart.title.tx.rich.p[0].r[0].t)  # type: ignore[union-attr]
    with_bom = tmp_path / "pqi.csv"
    assert roads(running, "city-token", "--bom", "roads", "report", "2022", "--out",
                 str(with_bom)).exit_code == 0
    assert with_bom.read_bytes().startswith(b"\xef\xbb\xbfkey,district,pqi,")
    as_csv = roads(running, "city-token", "-o", "csv", "roads", "report", "2022")
    assert [r["pqi"] for r in csv.DictReader(io.StringIO(as_csv.stdout))] == ["85.32", "85.32"]

    listed = as_json(roads(running, "city-token", "-o", "json", "roads", "export", "2022"))
    assert [(u["road"], u["start_m"], u["end_m"], u["sci"]) for u in listed] == [
        ("R1", 0.0, 1000.0, None), ("RX", 0.0, 1000.0, None)]
    exported = tmp_path / "units.xlsx"
    assert roads(running, "city-token", "roads", "export", "2022", "--out",
                 str(exported)).exit_code == 0
    assert roads(running, "city-token", "roads", "create-survey", "2023").exit_code == 0
    again = roads(running, "city-token", "-o", "json", "roads", "upload", "2023",
                  str(exported))
    assert again.exit_code == 0, again.output
    assert "warnings" not in json.loads(again.stdout)
    worst = as_json(roads(running, "city-token", "-o", "json", "roads", "worst", "2023"))
    assert sorted((u["road"], u["pci"], u["rqi"], u["pqi"]) for u in worst) == [
        ("R1", 90.6, 77.4, 85.32), ("RX", 90.6, 77.4, 85.32)]
    # Read a unit per call, the list pages on to the end; --limit stops it early.
    paged = as_json(roads(running, "city-token", "-o", "json", "roads", "worst", "2023",
                          "--page-size", "1"))
    assert [(u["road"], u["pqi"]) for u in paged] == [("R1", 85.32), ("RX", 85.32)]
    first = as_json(roads(running, "city-token", "-o", "json", "roads", "worst", "2023",
                          "--page-size", "1", "--limit", "1"))
    assert [(u["road"], u["pqi"]) for u in first] == [("R1", 85.32)]

    # The survey's template, filled in as it is, uploads (its example unit on road R1).
    template = tmp_path / "units-template.xlsx"
    assert roads(running, "city-token", "roads", "template", "units", "--out",
                 str(template)).exit_code == 0
    assert roads(running, "city-token", "roads", "create-survey", "2024").exit_code == 0
    assert as_json(roads(running, "city-token", "-o", "json", "roads", "upload", "2024",
                         str(template)))["units_scored"] == 1

    # A replay that finds the stored units changed is no failure of the server: exit 9.
    assert as_json(roads(running, "city-token", "-o", "json", "roads", "replay", "2022")
                   )["matches"] is True
    with running.engine("rural_roads").begin() as connection:
        connection.execute(text("UPDATE rural_roads_unit SET pqi = 50.0 WHERE road = 'R1'"))
    differs = roads(running, "city-token", "-o", "json", "roads", "replay", "2022")
    assert differs.exit_code == 9, differs.output
    replayed = json.loads(differs.stdout)
    assert replayed["matches"] is False
    assert "unit R1:0 pqi stored 50.0 recomputed 85.32" in replayed["differences"]


def test_the_target_report_by_year_is_a_workbook_with_a_chart(running: Any,
                                                              tmp_path: Path) -> None:
    stub = pb_grpc.RuralRoadsServiceStub(running.channel("city-token"))
    network(stub)  # pudong: 5.95 km of village roads in towns T1, T2
    stub.ImportNetwork(pb.ImportNetworkRequest(request_id="villages", villages=[
        pb.Village(code="V1", town="T1", has_two_lane_road=True, has_bus_service=True),
        pb.Village(code="V2", town="T2", has_two_lane_road=True)]))
    stub.RecordWorks(pb.RecordWorksRequest(request_id="works", district_years=[
        pb.DistrictYear(district="pudong", year=2021, specialists=0,
                        major_medium_maintenance_km=0.3)]))
    book_path = tmp_path / "targets.xlsx"
    document = as_json(roads(running, "pudong-token", "-o", "json", "roads", "targets", "2022",
                             "--district", "pudong", "--since", "2021", "--out",
                             str(book_path)))
    # 三(五) 建制村通公交 100 %: 1 of 2 villages, both years; 四(三) ¶3: 0.3 of 5.95 km in 2021.
    by_year = {row["year"]: row for row in document["trend"]}
    assert sorted(by_year) == [2021, 2022]
    assert (by_year[2021]["T6"], by_year[2022]["T6"]) == (0.5, 0.5)
    assert by_year[2021]["T12"] == 0.3 / 5.95
    assert {t["target"]: t["status"] for t in document["targets"]}["T6"] == "fail"

    book = load_workbook(book_path)
    assert book.sheetnames == ["trend 2021-2022", "targets 2022 pudong"]
    trend = list(book["trend 2021-2022"].iter_rows(values_only=True))
    header = list(trend[0])
    assert [(r[header.index("year")], r[header.index("T6")]) for r in trend[1:]] == [
        (2021, 0.5), (2022, 0.5)]
    chart = charts_of(book["trend 2021-2022"])[0]
    assert isinstance(chart, LineChart)
    charted = {str(s.tx.strRef.f) for s in chart.series}
    assert f"'trend 2021-2022'!{get_column_letter(header.index('T6') + 1)}1" in charted
    targets = list(book["targets 2022 pudong"].iter_rows(values_only=True))
    assert {r[0]: r[3] for r in targets[1:]}["T6"] == 0.5

    table = roads(running, "pudong-token", "roads", "targets", "2022", "--district", "pudong",
                  "--since", "2021")
    assert table.exit_code == 0, table.output
    assert "By year, 2021-2022" in table.stdout and "1 of 2" in table.stdout
    as_csv = roads(running, "pudong-token", "-o", "csv", "roads", "targets", "2022",
                   "--district", "pudong", "--since", "2021")
    rows = {r["target"]: r for r in csv.DictReader(io.StringIO(as_csv.stdout))}
    assert rows["T6"]["value"] == "0.5"
    city = as_json(roads(running, "city-token", "-o", "json", "roads", "targets", "2021",
                         "--out", str(tmp_path / "city.csv")))
    assert {t["target"] for t in city} >= {"T1", "T17"}
    written = list(csv.DictReader((tmp_path / "city.csv").open(encoding="utf-8")))
    assert {r["target"]: r["status"] for r in written} == {t["target"]: t["status"]
                                                            for t in city}
