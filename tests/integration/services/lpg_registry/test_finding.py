"""Finding people and things: users by resident ID number or phone (through the keyed hash),
by name or address fragment or grid cell, within the caller's scope; an enterprise's stations,
staff and vehicles page by page. A full resident ID number never comes back, nor reaches a log,
a metric or a table. The seeded users are those of ``lpg_world.seed``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from functools import partial
from typing import Any

import grpc
import pytest
from integration.services.lpg_registry.lpg_world import (
    RESIDENT,
    RESIDENT_2,
    Registry,
    refused,
    rid,
)
from sqlalchemy import inspect, text
from support import scrape_metrics

from cityscore.core.logging import JsonLinesFormatter
from cityscore.lpg_registry.v1 import lpg_registry_service_pb2 as pb
from cityscore.lpg_registry.v1 import lpg_registry_service_pb2_grpc as pb_grpc

INVALID = grpc.StatusCode.INVALID_ARGUMENT


def found(stub: pb_grpc.LpgRegistryServiceStub, **criteria: Any) -> list[int]:
    response = stub.FindUsers(pb.FindUsersRequest(**criteria))
    return [u.user_id for u in response.users]


def test_users_are_found_by_identifier_fragment_or_cell_in_scope(registry: Registry) -> None:
    resident, catering = registry.resident_id, registry.catering_id
    assert found(registry.e1, resident_id=RESIDENT) == [resident]
    assert found(registry.e1, resident_id=" " + RESIDENT.lower() + " ") == [resident]
    assert found(registry.e1, resident_id=RESIDENT_2) == []
    assert found(registry.e1, phone="13800138000") == [resident]
    assert found(registry.e1, phone="021-5555-0000") == [catering]
    assert found(registry.e1, name_contains="zhang") == [resident]
    assert found(registry.e1, name_contains="noodle") == [catering], "the business name too"
    assert found(registry.e1, address_contains="lane 1") == [resident]
    assert found(registry.e1, address_contains="%") == [], "a wildcard is a character"
    assert found(registry.e1, grid_cell="ZJ-07") == [resident]
    assert found(registry.e1, grid_cell="ZJ") == [], "a grid cell matches whole"
    assert found(registry.e1, name_contains="zhang", grid_cell="ZJ-08") == []
    # Scope: another enterprise and another district find nothing, and may not ask for them.
    assert found(registry.e2, resident_id=RESIDENT) == []
    assert found(registry.xuhui, phone="13800138000") == []
    assert found(registry.pudong, resident_id=RESIDENT) == [resident]
    assert found(registry.city, name_contains="i", district="pudong") == [catering]
    code, _ = refused(lambda: found(registry.e2, resident_id=RESIDENT, enterprise_id="E1"))
    assert code is grpc.StatusCode.PERMISSION_DENIED
    code, _ = refused(lambda: found(registry.xuhui, resident_id=RESIDENT, district="pudong"))
    assert code is grpc.StatusCode.PERMISSION_DENIED


def test_bad_searches_name_the_field_and_never_repeat_the_number(registry: Registry) -> None:
    wrong = "310101199003071231"
    code, details = refused(lambda: found(registry.e1, resident_id=wrong))
    assert code is INVALID and details == [("resident_id", "wrong check character")]
    code, details = refused(lambda: found(registry.e1))
    assert code is INVALID and [f for f, _ in details] == ["resident_id"]
    code, details = refused(lambda: found(registry.e1, phone="12"))
    assert code is INVALID and [f for f, _ in details] == ["phone"]
    code, details = refused(lambda: found(registry.e1, name_contains="a", page_token="x"))
    assert code is INVALID and [f for f, _ in details] == ["page_token"]
    code, details = refused(lambda: found(registry.e1, name_contains="a", page_size=-1))
    assert code is INVALID and [f for f, _ in details] == ["page_size"]


def test_users_are_found_page_by_page(registry: Registry) -> None:
    users = [pb.User(user_type=pb.USER_TYPE_RESIDENTIAL, enterprise_id="E1", name=f"Zhou {n}",
                     resident_id=number, phone=f"1390000000{n}", address="7 Lane 9",
                     district="pudong", subdistrict="Huamu", grid_cell="HM-01")
             for n, number in enumerate(("310101199003071206", "310101199003071214",
                                         "310101199003071222"))]
    assert registry.e1.ImportUsers(iter([pb.ImportUsersRequest(
        request_id=rid(), users=users)])).registered == 3
    seen: list[str] = []
    token = ""
    pages = 0
    while True:
        page = registry.e1.FindUsers(pb.FindUsersRequest(grid_cell="HM-01", page_size=2,
                                                         page_token=token))
        seen += [u.name for u in page.users]
        pages += 1
        token = page.next_page_token
        if not token:
            break
    assert (seen, pages) == (["Zhou 0", "Zhou 1", "Zhou 2"], 2)
    listed = registry.pudong.ListUsers(pb.ListUsersRequest(page_size=4))
    rest = registry.pudong.ListUsers(pb.ListUsersRequest(page_size=4,
                                                         page_token=listed.next_page_token))
    assert ([u.user_id for u in listed.users], [u.user_id for u in rest.users],
            rest.next_page_token) == ([1, 2, 3, 4], [5], "")
    assert [u.user_id for u in registry.e1.ListUsers(pb.ListUsersRequest(
        after_user_id=4)).users] == [5]
    stations = registry.e1.ListStations(pb.ListStationsRequest(enterprise_id="E1"))
    code, details = refused(lambda: registry.e1.FindUsers(pb.FindUsersRequest(
        grid_cell="HM-01", page_token=stations.next_page_token or "c3RhdGlvbl9pZDpFMQ==")))
    assert code is INVALID and [f for f, _ in details] == ["page_token"], \
        "a token of another list is refused"


def test_an_enterprise_lists_its_stations_staff_and_vehicles(registry: Registry) -> None:
    for n in range(2, 4):
        registry.e1.CreateStation(pb.CreateStationRequest(request_id=rid(), station=pb.Station(
            station_id=f"E1-S{n}", enterprise_id="E1", name=f"Station {n}", district="pudong",
            address=f"{n} Gas Road")))
    first = registry.e1.ListStations(pb.ListStationsRequest(enterprise_id="E1", page_size=2))
    assert [s.station_id for s in first.stations] == ["E1-S1", "E1-S2"]
    last = registry.pudong.ListStations(pb.ListStationsRequest(
        enterprise_id="E1", page_size=2, page_token=first.next_page_token))
    assert [s.station_id for s in last.stations] == ["E1-S3"] and last.next_page_token == ""
    staff = registry.e1.ListStaff(pb.ListStaffRequest(enterprise_id="E1"))
    assert [(s.staff_id, s.role) for s in staff.staff] == [
        ("E1-D1", pb.STAFF_ROLE_DELIVERY), ("E1-F1", pb.STAFF_ROLE_FILLER),
        ("E1-R1", pb.STAFF_ROLE_SAFETY)]
    vehicles = registry.city.ListVehicles(pb.ListVehiclesRequest(enterprise_id="E1"))
    assert [v.plate for v in vehicles.vehicles] == ["沪A12345"]
    assert registry.e2.ListVehicles(pb.ListVehiclesRequest(enterprise_id="E2")).vehicles == []
    for stub in (registry.e2, registry.xuhui):
        code, _ = refused(partial(stub.ListStaff, pb.ListStaffRequest(enterprise_id="E1")))
        assert code is grpc.StatusCode.PERMISSION_DENIED
    code, details = refused(lambda: registry.e1.ListStations(pb.ListStationsRequest()))
    assert code is INVALID and [f for f, _ in details] == ["enterprise_id"]


class _Lines(logging.Handler):
    """Every record as the server's JSON-lines log writes it, formatted where it is logged
    (so the call's method and request id are in it)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(JsonLinesFormatter())
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture
def log_lines() -> Iterator[list[str]]:
    handler, root = _Lines(), logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield handler.lines
    root.removeHandler(handler)
    root.setLevel(level)


def test_no_full_resident_id_in_any_response_log_metric_or_table(
        registry: Registry, log_lines: list[str]) -> None:
    numbers = (RESIDENT, "310101199003071257")
    answers = [registry.e1.FindUsers(pb.FindUsersRequest(resident_id=RESIDENT)),
               registry.e1.GetUser(pb.GetUserRequest(user_id=registry.resident_id)),
               registry.e1.RegisterUser(pb.RegisterUserRequest(
                   request_id=rid(), user=pb.User(
                       user_type=pb.USER_TYPE_RESIDENTIAL, enterprise_id="E1",
                       name="Qian", resident_id=numbers[1], phone="13911112222",
                       address="3 Lane 5", district="pudong", subdistrict="Huamu")))]
    for bad in (RESIDENT, numbers[1], "310101199003071239"):
        refused(partial(registry.e1.RegisterUser, pb.RegisterUserRequest(
            request_id=rid(), user=pb.User(
                user_type=pb.USER_TYPE_RESIDENTIAL, enterprise_id="E1", name="Dup",
                resident_id=bad, phone="13911113333", address="A", district="pudong",
                subdistrict="Huamu"))))
        refused(partial(registry.e2.FindUsers, pb.FindUsersRequest(
            resident_id=bad, enterprise_id="E1")))
    assert answers[0].users[0].resident_id_masked == "310***********1230"
    assert answers[2].user.resident_id_masked == "310***********1257"
    logged = "\n".join(log_lines)
    assert "FindUsers" in logged and "RegisterUser" in logged, "the calls were logged"
    exposition = scrape_metrics(registry.running.server.metrics_port)
    engine = registry.running.engine("lpg_registry")
    with engine.connect() as connection:
        tables = [str(connection.execute(text(f'SELECT * FROM "{name}"')).fetchall())
                  for name in inspect(connection).get_table_names()]
    for number in (*numbers, "310101199003071239"):
        assert all(number not in str(answer) for answer in answers)
        assert number not in logged and number not in exposition
        assert all(number not in table for table in tables)
