"""``cityscore roads`` for a district office and the city: the register listed and shown, a
year's targets with raw values for programs and marks for people, a year closed and replayed."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
from pathlib import Path
from typing import Any

import pytest
from integration.services.rural_roads.roads_world import network
from typer.testing import CliRunner

from cityscore.core.clock import FixedClock
from cityscore.rural_roads.v1 import rural_roads_service_pb2 as pb
from cityscore.rural_roads.v1 import rural_roads_service_pb2_grpc as pb_grpc
from cityscore.services.cli.app import cli


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(dt.datetime(2023, 3, 1, 4, 0, tzinfo=dt.UTC))


@pytest.fixture
def running(start_server: Any, sqlite_url: str) -> Any:
    running = start_server(["rural_roads"], database_url=sqlite_url)
    stub = pb_grpc.RuralRoadsServiceStub(running.channel("city-token"))
    network(stub)  # pudong: 5.95 km of village roads in towns T1, T2; xuhui: 1 km
    stub.ImportNetwork(pb.ImportNetworkRequest(request_id="villages", villages=[
        pb.Village(code="V1", town="T1", has_two_lane_road=True, has_bus_service=True),
        pb.Village(code="V2", town="T2", has_two_lane_road=True)]))
    stub.RecordWorks(pb.RecordWorksRequest(request_id="works", district_years=[
        pb.DistrictYear(district="pudong", year=2021, specialists=0,
                        major_medium_maintenance_km=0.3)]))
    return running


def roads(running: Any, token: str, *args: str) -> Any:
    return CliRunner().invoke(cli, ["--target", running.target, "--token", token, *args])


def test_targets_are_raw_values_for_programs_and_marks_for_people(running: Any) -> None:
    as_json = roads(running, "pudong-token", "-o", "json", "roads", "targets", "2021",
                    "--district", "pudong")
    assert as_json.exit_code == 0, as_json.output
    by_code = {t["target"]: t for t in json.loads(as_json.stdout)}
    # 三(五) 建制村通公交 100 %: 1 of 2 villages; 四(三) ¶3 不低于8 %: 0.3 / 5.95 km;
    # 四(二) ¶1: ⌈5.95 / 30⌉ = 1 specialist needed, none in post.
    assert (by_code["T6"]["value"], by_code["T6"]["status"]) == (0.5, "fail")
    assert (by_code["T12"]["value"], by_code["T12"]["status"]) == (0.3 / 5.95, "fail")
    assert (by_code["T14"]["value"], by_code["T14"]["status"]) == (0.0, "fail")
    assert by_code["T7"]["value"] is None and by_code["T7"]["status"] == "not_assessed"
    assert by_code["T3"]["trend"] == "no_previous"
    as_csv = roads(running, "pudong-token", "-o", "csv", "roads", "targets", "2021",
                   "--district", "pudong")
    rows = {r["target"]: r for r in csv.DictReader(io.StringIO(as_csv.stdout))}
    assert (rows["T6"]["value"], rows["T6"]["status"]) == ("0.5", "fail")
    table = roads(running, "pudong-token", "roads", "targets", "2021", "--district", "pudong")
    assert "✘ FAIL" in table.stdout and "0 in post" in table.stdout and "1 of 2" in table.stdout


def test_register_lists_show_and_a_closed_year(running: Any) -> None:
    villages = roads(running, "pudong-token", "-o", "json", "roads", "villages")
    assert [(v["code"], v["bus_service"]) for v in json.loads(villages.stdout)] == [
        ("V1", True), ("V2", False)]
    towns = roads(running, "xuhui-token", "-o", "json", "roads", "towns")
    assert [t["code"] for t in json.loads(towns.stdout)] == ["X1"]
    listed = roads(running, "city-token", "-o", "json", "roads", "roads", "--district", "xuhui")
    assert [r["code"] for r in json.loads(listed.stdout)] == ["RX"]

    closed = roads(running, "city-token", "-o", "json", "roads", "close-year", "2021")
    assert closed.exit_code == 0, closed.output
    assert json.loads(closed.stdout)[0]["district"] == "city"
    # V2 gets a bus from 2022 (the first open day): 2021's stored report keeps 1 of 2.
    stub = pb_grpc.RuralRoadsServiceStub(running.channel("city-token"))
    stub.ImportNetwork(pb.ImportNetworkRequest(request_id="bus", villages=[
        pb.Village(code="V2", town="T2", has_two_lane_road=True, has_bus_service=True)]))
    shown = roads(running, "city-token", "-o", "json", "roads", "show", "village", "V2")
    assert [(v["valid_from"], v["valid_to"], v["bus_service"])
            for v in json.loads(shown.stdout)] == [("0001-01-01", "2022-01-01", False),
                                                   ("2022-01-01", "", True)]
    held = roads(running, "pudong-token", "-o", "json", "roads", "targets", "2021",
                 "--district", "pudong")
    assert {t["target"]: t for t in json.loads(held.stdout)}["T6"]["value"] == 0.5
    replay = roads(running, "pudong-token", "-o", "json", "roads", "replay-targets", "2021",
                   "--district", "pudong")
    assert replay.exit_code == 0 and json.loads(replay.stdout)["matches"] is True


def test_an_upload_with_condition_columns_gives_mqi(running: Any, tmp_path: Path) -> None:
    """§7.1/§7.2: PCI 90.6 and RQI 77.4 give PQI 85.32; with SCI = BCI = TCI = 100 the JTG
    5210 weights give MQI 89.72; a class-5 structure gives MQI 0 (§4.1)."""
    iri = math.log((100 / 77.4 - 1) / 0.0185) / 0.58
    dr = ((100 - 90.6) / 15) ** (1 / 0.412)
    survey = tmp_path / "survey.csv"
    survey.write_text(
        "road,start_m,end_m,iri,damage_ratio_percent,sci,bci,tci,structure_class\n"
        f"R1,0,1000,{iri!r},{dr!r},100,100,100,\n"
        f"R1,1000,2000,{iri!r},{dr!r},100,100,100,5\n", "utf-8")
    assert roads(running, "city-token", "roads", "create-survey", "2022").exit_code == 0
    uploaded = roads(running, "pudong-token", "roads", "upload", "2022", str(survey))
    assert uploaded.exit_code == 0, uploaded.output
    worst = roads(running, "pudong-token", "-o", "json", "roads", "worst", "2022",
                  "--district", "pudong")
    units = {u["start_m"]: u for u in json.loads(worst.stdout)}
    assert (units[0.0]["pqi"], units[0.0]["mqi"]) == (85.32, 89.72)
    assert (units[1000.0]["mqi"], units[1000.0]["structure_class"]) == (0.0, 5)
