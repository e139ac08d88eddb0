"""A register import is one unit of work: retried with its request id it answers as the first
time and writes nothing twice; refused by a later section, it leaves nothing of the earlier
ones written, and nothing audited."""

from __future__ import annotations

from typing import Any

import grpc
import pytest
from google.rpc.error_details_pb2 import BadRequest
from integration.services.rural_roads.roads_world import details, network, road, violations
from sqlalchemy import text

from cityscore.common.v1.common_pb2 import Date
from cityscore.rural_roads.v1 import rural_roads_service_pb2 as pb
from cityscore.rural_roads.v1 import rural_roads_service_pb2_grpc as pb_grpc


@pytest.fixture
def running(start_server: Any, database_url: str) -> Any:
    return start_server(["rural_roads"], database_url=database_url)


def imports_audited(running: Any) -> list[str]:
    """The entities of the audited imports, oldest first."""
    with running.engine("rural_roads").connect() as connection:
        return list(connection.execute(text(
            "SELECT entity_id FROM rural_roads_audit_log WHERE action = 'import_network' "
            "ORDER BY id")).scalars())


def test_an_import_sent_again_answers_the_same_and_writes_nothing_twice(running: Any) -> None:
    stub = pb_grpc.RuralRoadsServiceStub(running.channel("city-token"))
    request = pb.ImportNetworkRequest(
        request_id="first", towns=[pb.Town(code="T1", district="pudong")],
        villages=[pb.Village(code="V1", town="T1", has_bus_service=True)],
        roads=[road("R1", "T1", 2350), road("R2", "T1", 1600)])
    first = stub.ImportNetwork(request)
    assert (first.towns.created, first.villages.created, first.roads.created) == (1, 1, 2)
    assert stub.ImportNetwork(request) == first  # the first answer, not "nothing changed"
    for kind, code in ((pb.REGISTER_KIND_TOWN, "T1"), (pb.REGISTER_KIND_VILLAGE, "V1"),
                       (pb.REGISTER_KIND_ROAD, "R1"), (pb.REGISTER_KIND_ROAD, "R2")):
        assert len(stub.ShowRegisterRecord(pb.ShowRegisterRecordRequest(
            kind=kind, code=code)).versions) == 1
    assert imports_audited(running) == ["pudong"]


def test_an_import_refused_by_a_later_section_writes_none_of_the_earlier(running: Any) -> None:
    stub = pb_grpc.RuralRoadsServiceStub(running.channel("city-token"))
    network(stub)  # pudong: towns T1, T2, roads R1, R2, RA, RC; xuhui: town X1, road RX
    later = stub.ImportNetwork(pb.ImportNetworkRequest(
        request_id="later", roads=[road("R1", "T1", 2400)],
        effective_from=Date(year=2022, month=1, day=1)))
    assert (later.roads.created, later.roads.updated) == (0, 1)
    # Towns and villages are written before roads; a road change dated before R1's latest
    # version refuses the whole import.
    with pytest.raises(grpc.RpcError) as caught:
        stub.ImportNetwork(pb.ImportNetworkRequest(
            request_id="mixed", towns=[pb.Town(code="T5", district="pudong")],
            villages=[pb.Village(code="V5", town="T5")],
            roads=[road("R9", "T5", 1000), road("R1", "T1", 2500)],
            effective_from=Date(year=2021, month=6, day=1)))
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert set(violations(caught.value)) == {"roads[1].code"}
    assert "T5" not in {t.code for t in stub.ListTowns(pb.ListTownsRequest()).towns}
    assert not stub.ListVillages(pb.ListVillagesRequest()).villages
    assert "R9" not in {r.code for r in stub.ListRoads(pb.ListRoadsRequest()).roads}
    chain = stub.ShowRegisterRecord(pb.ShowRegisterRecordRequest(
        kind=pb.REGISTER_KIND_ROAD, code="R1")).versions
    assert [v.road.length_m for v in chain] == [2350, 2400]
    assert imports_audited(running) == ["pudong,xuhui", "pudong"]


def test_bad_rows_are_named_in_the_order_the_clerk_reads_them(running: Any) -> None:
    stub = pb_grpc.RuralRoadsServiceStub(running.channel("city-token"))
    with pytest.raises(grpc.RpcError) as caught:
        stub.ImportNetwork(pb.ImportNetworkRequest(
            request_id="bad", towns=[pb.Town(code="T1", district="atlantis")],
            roads=[road("R1", "T1", -5), road("R2", "nowhere", 100), road("R1", "T1", 100),
                   pb.Road(code=" ", town="T1", length_m=100, width_m=5, lanes=0,
                           greenable_km=1500.0, greened_km=1.0)]))
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    named = [v.field for d in details(caught.value) if isinstance(d, BadRequest)
             for v in d.field_violations]
    assert named == [
        "towns[0].district", "roads[0].length_m", "roads[0].greenable_km",
        "roads[1].town", "roads[2].code", "roads[3].code", "roads[3].road_class",
        "roads[3].technical_grade", "roads[3].surface", "roads[3].lanes",
        "roads[3].greenable_km"]
