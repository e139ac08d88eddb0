"""Records are corrected by amending with a reason, never overwritten: a district's figures
of a year amended keep the figures they replace, with who recorded each and why; two imports
of the same records at the same time are both answered and leave one version chain."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import threading
from typing import Any

import grpc
import pytest
from integration.services.rural_roads.roads_world import network, road, violations
from sqlalchemy import text

from cityscore.core.clock import FixedClock
from cityscore.rural_roads.v1 import rural_roads_service_pb2 as pb
from cityscore.rural_roads.v1 import rural_roads_service_pb2_grpc as pb_grpc


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(dt.datetime(2023, 3, 1, 4, 0, tzinfo=dt.UTC))


@pytest.fixture
def running(start_server: Any, database_url: str) -> Any:
    return start_server(["rural_roads"], database_url=database_url)


def stub_of(running: Any, token: str = "city-token") -> Any:
    return pb_grpc.RuralRoadsServiceStub(running.channel(token))


def figures(km: float) -> pb.DistrictYear:
    return pb.DistrictYear(district="pudong", year=2022, major_medium_maintenance_km=km)


def maintenance(stub: Any) -> tuple[str, str]:
    found = {t.code: t for t in stub.GetTargetReport(pb.GetTargetReportRequest(
        year=2022, district="pudong")).targets}["T12"]
    return found.display_value, found.note


def test_recorded_figures_are_amended_with_a_reason_and_kept(running: Any) -> None:
    stub = stub_of(running)
    network(stub)  # pudong: 2.35 + 1.6 + 1 + 1 = 5.95 km of village roads
    first = stub.RecordWorks(pb.RecordWorksRequest(request_id="w1",
                                                   district_years=[figures(0.6)]))
    assert (first.district_years.created, first.district_years.updated) == (1, 0)
    # 四(三) ¶3 "年度大中修里程不低于8%": 0.6 / 5.95 km.
    assert maintenance(stub)[0] == "10.08 %"

    # Other figures for the same district and year, with no reason: refused, nothing written.
    with pytest.raises(grpc.RpcError) as caught:
        stub.RecordWorks(pb.RecordWorksRequest(request_id="w2", district_years=[figures(0.9)]))
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    named = violations(caught.value)
    assert named["district_years[0]"] == "changes the figures recorded for pudong 2022"
    assert "reason" in named
    assert maintenance(stub)[0] == "10.08 %"

    # The same district and year twice in one request is named.
    with pytest.raises(grpc.RpcError) as twice:
        stub.RecordWorks(pb.RecordWorksRequest(request_id="w3", reason="recount",
                                               district_years=[figures(0.9), figures(1.0)]))
    assert twice.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert violations(twice.value) == {"district_years[1].year": "repeats district_years[0]"}

    amended = stub.RecordWorks(pb.RecordWorksRequest(
        request_id="w4", reason="the district office recounted the 2022 works",
        district_years=[figures(0.9)]))
    assert (amended.district_years.created, amended.district_years.updated) == (0, 1)
    assert maintenance(stub)[0] == "15.13 %"  # 0.9 / 5.95 km
    # The same figures sent again need no reason and write nothing.
    again = stub.RecordWorks(pb.RecordWorksRequest(request_id="w5",
                                                   district_years=[figures(0.9)]))
    assert (again.district_years.created, again.district_years.updated) == (0, 0)

    with running.engine("rural_roads").connect() as connection:
        kept = connection.execute(text(
            "SELECT major_medium_maintenance_km, recorded_by, reason, replaced_at IS NULL "
            "FROM rural_roads_district_year WHERE district = 'pudong' AND year = 2022 "
            "ORDER BY id")).all()
        audited = connection.execute(text(
            "SELECT principal, detail FROM rural_roads_audit_log "
            "WHERE action = 'record_works' ORDER BY id")).all()
    assert [tuple(r) for r in kept] == [
        (0.6, "city-office", "", False),
        (0.9, "city-office", "the district office recounted the 2022 works", True)]
    # Each recording is audited (the refused ones wrote nothing); the amendment with its why.
    assert [(who, json.loads(detail)["district_years_amended"], json.loads(detail)["reason"])
            for who, detail in audited] == [
        ("city-office", 0, ""),
        ("city-office", 1, "the district office recounted the 2022 works"),
        ("city-office", 0, "")]


def test_two_imports_of_the_same_records_at_once_leave_one_version_chain(running: Any) -> None:
    """Each round sends two imports at the same moment, both adding road N<round> and both
    changing R1's length: both are answered (no INTERNAL), N<round> is stored once, and R1's
    versions follow each other with one latest."""
    stub = stub_of(running)
    network(stub)
    rounds = 4
    answers: dict[tuple[int, int], Any] = {}
    failures: list[grpc.RpcError] = []

    def send(who: int, n: int, start: threading.Barrier) -> None:
        start.wait()
        try:
            answers[(n, who)] = stub.ImportNetwork(pb.ImportNetworkRequest(
                request_id=f"at-once-{n}-{who}",
                roads=[road(f"N{n}", "T1", 500), road("R1", "T1", 2400 + 10 * n + who)]))
        except grpc.RpcError as error:
            failures.append(error)

    for n in range(rounds):
        start = threading.Barrier(2)
        threads = [threading.Thread(target=send, args=(who, n, start)) for who in (0, 1)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert [(f.code(), f.details()) for f in failures] == []
    for n in range(rounds):
        assert answers[(n, 0)].roads.created + answers[(n, 1)].roads.created == 1
        versions = stub.ShowRegisterRecord(pb.ShowRegisterRecordRequest(
            kind=pb.REGISTER_KIND_ROAD, code=f"N{n}")).versions
        assert len(versions) == 1
    chain = stub.ShowRegisterRecord(pb.ShowRegisterRecordRequest(
        kind=pb.REGISTER_KIND_ROAD, code="R1")).versions
    assert len(chain) == 1 + 2 * rounds  # every change kept
    assert [v.HasField("valid_to") for v in chain] == [True] * (2 * rounds) + [False]
    assert all(a.valid_to == b.valid_from for a, b in itertools.pairwise(chain))
    assert chain[-1].road.length_m in {2400 + 10 * (rounds - 1) + who for who in (0, 1)}
