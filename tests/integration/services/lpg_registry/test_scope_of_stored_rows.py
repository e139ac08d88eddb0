"""Nobody takes what another scope holds: an enterprise reading or changing another
enterprise's users, cylinders, stations, staff or vehicles, and a district authority another
district's, is PERMISSION_DENIED (or, for a key already taken, ALREADY_EXISTS), and the owner
still holds the row as it was. Every write checks the scope of the row as stored.

E1 (pudong) holds the seeded users and cylinder MINE at station E1-S1; E2 is in xuhui.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import grpc
import pytest
from integration.services.lpg_registry.lpg_world import (
    USCC_E2,
    Registry,
    cylinder,
    day,
    refused,
    rid,
)
from sqlalchemy import text

from cityscore.lpg_registry.v1 import lpg_registry_service_pb2 as pb

DENIED = grpc.StatusCode.PERMISSION_DENIED


def denied(call: Callable[[], Any]) -> None:
    code, _ = refused(call)
    assert code is DENIED


@pytest.fixture
def held(registry: Registry) -> Registry:
    """E1's cylinder MINE, an open finding at E1's resident user, a pending E1 user."""
    registry.register(cylinder("MINE"))
    registry.e1.RecordSafetyInspection(pb.RecordSafetyInspectionRequest(
        request_id=rid(), subject=pb.INSPECTION_SUBJECT_USER, user_id=registry.resident_id,
        inspector="E1-R1", inspected_on=day("2019-02-28"), hazards=[pb.Hazard(rule_id="CAT-19")]))
    return registry


def cylinder_state(registry: Registry) -> tuple[str, int, str, int]:
    c = registry.e1.GetCylinder(pb.GetCylinderRequest(trace_code="MINE")).cylinder
    return c.owner_enterprise_id, c.status, c.location_id, c.compliance


def user_state(registry: Registry, user_id: int) -> tuple[str, int, bool, str]:
    u = registry.city.GetUser(pb.GetUserRequest(user_id=user_id)).user
    return u.enterprise_id, u.review_status, u.safety_verified, u.district


def test_another_enterprise_can_neither_read_nor_change_what_e1_holds(held: Registry) -> None:
    registry, e2 = held, held.e2
    before_cylinder = cylinder_state(registry)
    before_user = user_state(registry, registry.resident_id)
    [hazard] = registry.e1.GetFindingReport(pb.GetFindingReportRequest()).counts
    denied(lambda: e2.GetUser(pb.GetUserRequest(user_id=registry.resident_id)))
    denied(lambda: e2.GetCylinder(pb.GetCylinderRequest(trace_code="MINE")))
    denied(lambda: e2.ScrapCylinder(pb.ScrapCylinderRequest(request_id=rid(),
                                                            trace_code="MINE")))
    denied(lambda: e2.RecordCylinderInspection(pb.RecordCylinderInspectionRequest(
        request_id=rid(), trace_code="MINE", inspected_on=day("2019-02-01"), passed=False)))
    denied(lambda: e2.RecordSafetyInspection(pb.RecordSafetyInspectionRequest(
        request_id=rid(), subject=pb.INSPECTION_SUBJECT_USER, user_id=registry.resident_id,
        inspector="E2", inspected_on=day("2019-02-28"), hazards=[pb.Hazard(rule_id="U2")])))
    hazard_ids = [h.hazard_id for h in registry.e1.RecordSafetyInspection(
        pb.RecordSafetyInspectionRequest(
            request_id=rid(), subject=pb.INSPECTION_SUBJECT_USER,
            user_id=registry.catering_id, inspector="E1-R1", inspected_on=day("2019-02-28"),
            hazards=[pb.Hazard(rule_id="CAT-02")])).hazards]
    denied(lambda: e2.RectifyHazard(pb.RectifyHazardRequest(request_id=rid(),
                                                            hazard_id=hazard_ids[0])))
    [e4] = registry.pudong.RecordSafetyInspection(pb.RecordSafetyInspectionRequest(
        request_id=rid(), subject=pb.INSPECTION_SUBJECT_ENTERPRISE, enterprise_id="E1",
        inspector="pudong gas office", inspected_on=day("2019-02-28"),
        hazards=[pb.Hazard(rule_id="E4")])).hazards
    for stub in (e2, registry.xuhui):
        denied(lambda stub=stub: stub.RectifyHazard(pb.RectifyHazardRequest(  # type: ignore[misc]
            request_id=rid(), hazard_id=e4.hazard_id)))
    denied(lambda: e2.ListHazards(pb.ListHazardsRequest(enterprise_id="E1")))
    denied(lambda: e2.RegisterCylinder(pb.RegisterCylinderRequest(
        request_id=rid(), cylinder=cylinder("E2-AT-E1", owner="E2"), station_id="E1-S1")))
    denied(lambda: e2.ListStations(pb.ListStationsRequest(enterprise_id="E1")))
    denied(lambda: e2.FindUsers(pb.FindUsersRequest(name_contains="z", enterprise_id="E1")))
    # Keys another enterprise holds cannot be registered again to take them over.
    for attempt in (
            lambda: e2.CreateStation(pb.CreateStationRequest(request_id=rid(), station=pb.Station(
                station_id="E1-S1", enterprise_id="E2", name="Mine now", district="xuhui",
                address="x"))),
            lambda: e2.AddStaff(pb.AddStaffRequest(request_id=rid(), staff=pb.Staff(
                staff_id="E1-F1", enterprise_id="E2", name="x", role=pb.STAFF_ROLE_FILLER,
                certificate_number="c", certificate_valid_until=day("2022-01-01")))),
            lambda: e2.RegisterVehicle(pb.RegisterVehicleRequest(
                request_id=rid(), vehicle=pb.Vehicle(plate="沪A12345", enterprise_id="E2",
                                                     hazmat_permit="h",
                                                     permit_valid_until=day("2020-01-01")))),
            lambda: e2.RegisterCylinder(pb.RegisterCylinderRequest(
                request_id=rid(), cylinder=cylinder("MINE", owner="E2"), station_id="E2-S1"))):
        code, _ = refused(attempt)
        assert code is grpc.StatusCode.ALREADY_EXISTS
    # A fill or delivery by E2 of E1's cylinder or user is refused by the rules.
    code, details = refused(lambda: registry.fill("MINE", enterprise="E2", station="E2-S1"))
    assert code is grpc.StatusCode.FAILED_PRECONDITION and ("CYL_NOT_OWN", "MINE") in details

    assert cylinder_state(registry) == before_cylinder
    assert user_state(registry, registry.resident_id) == before_user
    assert list(registry.e1.GetFindingReport(pb.GetFindingReportRequest()).counts) == [
        pb.FindingCount(rule_id="CAT-02", severity=pb.SEVERITY_STOP_SUPPLY, open=1), hazard,
        pb.FindingCount(rule_id="E4", severity=pb.SEVERITY_WARN, open=1)]
    assert [s.enterprise_id for s in registry.e1.ListStations(
        pb.ListStationsRequest(enterprise_id="E1")).stations] == ["E1"]
    assert [s.staff_id for s in registry.e1.ListStaff(
        pb.ListStaffRequest(enterprise_id="E1")).staff] == ["E1-D1", "E1-F1", "E1-R1"]
    assert [v.plate for v in registry.e1.ListVehicles(
        pb.ListVehiclesRequest(enterprise_id="E1")).vehicles] == ["沪A12345"]
    assert registry.e2.ListVehicles(pb.ListVehiclesRequest(enterprise_id="E2")).vehicles == []


def test_another_district_can_neither_read_nor_change_pudong(held: Registry) -> None:
    registry, xuhui = held, held.xuhui
    pending = registry.e1.RegisterUser(pb.RegisterUserRequest(request_id=rid(), user=pb.User(
        user_type=pb.USER_TYPE_RESIDENTIAL, enterprise_id="E1", name="Sun",
        resident_id="310101199003071249", phone="13922223333", address="4 Lane 4",
        district="pudong", subdistrict="Huamu"))).user.user_id
    own = registry.e2.RegisterUser(pb.RegisterUserRequest(request_id=rid(), user=pb.User(
        user_type=pb.USER_TYPE_RESIDENTIAL, enterprise_id="E2", name="Xu",
        resident_id="310101199003071265", phone="13933334444", address="6 Lane 6",
        district="xuhui", subdistrict="Tianping"))).user.user_id
    before = {u: user_state(registry, u) for u in (pending, own, registry.catering_id)}
    before_cylinder = cylinder_state(registry)
    denied(lambda: xuhui.ReviewUser(pb.ReviewUserRequest(
        request_id=rid(), user_id=pending, review_status=pb.REVIEW_STATUS_REVIEWED)))
    denied(lambda: xuhui.ReviewUsers(pb.ReviewUsersRequest(
        request_id=rid(), user_ids=[own, pending], review_status=pb.REVIEW_STATUS_REVIEWED)))
    denied(lambda: xuhui.ReviewUsers(pb.ReviewUsersRequest(
        request_id=rid(), district="pudong", review_status=pb.REVIEW_STATUS_REVIEWED)))
    denied(lambda: xuhui.VerifyUserSafety(pb.VerifyUserSafetyRequest(
        request_id=rid(), user_id=registry.catering_id, verified=True)))
    denied(lambda: xuhui.GetCylinder(pb.GetCylinderRequest(trace_code="MINE")))
    denied(lambda: xuhui.ListStaff(pb.ListStaffRequest(enterprise_id="E1")))
    denied(lambda: xuhui.RecordSafetyInspection(pb.RecordSafetyInspectionRequest(
        request_id=rid(), subject=pb.INSPECTION_SUBJECT_ENTERPRISE, enterprise_id="E1",
        inspector="xuhui", inspected_on=day("2019-02-28"), hazards=[pb.Hazard(rule_id="E4")])))
    denied(lambda: xuhui.SetCampaign(pb.SetCampaignRequest(
        request_id=rid(), district="pudong", surveyed_estimate=1, deadline=day("2019-06-30"))))
    code, _ = refused(lambda: xuhui.CreateEnterprise(pb.CreateEnterpriseRequest(
        request_id=rid(), enterprise=pb.Enterprise(
            enterprise_id="E1", name="Taken", credit_code=USCC_E2, licence_number="L",
            licence_valid_until=day("2021-01-01"), district="xuhui"))))
    assert code is grpc.StatusCode.ALREADY_EXISTS
    assert {u: user_state(registry, u) for u in before} == before
    assert cylinder_state(registry) == before_cylinder
    assert [(e.enterprise_id, e.district) for e in registry.city.ListEnterprises(
        pb.ListEnterprisesRequest()).enterprises] == [("E1", "pudong"), ("E2", "xuhui")]
    # A page at a time: page_size 1 hands out a token that leads to the last page.
    first = registry.city.ListEnterprises(pb.ListEnterprisesRequest(page_size=1))
    assert [e.enterprise_id for e in first.enterprises] == ["E1"] and first.next_page_token
    last = registry.city.ListEnterprises(pb.ListEnterprisesRequest(
        page_size=1, page_token=first.next_page_token))
    assert [e.enterprise_id for e in last.enterprises] == ["E2"]
    assert not last.next_page_token
    # Its own district's users it reviews, one by one or all pending at once, each audited.
    reviewed = xuhui.ReviewUsers(pb.ReviewUsersRequest(
        request_id="review-xuhui", review_status=pb.REVIEW_STATUS_REVIEWED))
    assert list(reviewed.user_ids) == [own]
    assert user_state(registry, pending)[1] == pb.REVIEW_STATUS_PENDING
    city = registry.city.ReviewUsers(pb.ReviewUsersRequest(
        request_id="review-city", user_ids=[own, pending, registry.resident_id],
        review_status=pb.REVIEW_STATUS_REVIEWED))
    assert (list(city.user_ids), list(city.unchanged_user_ids)) == (
        [pending], [registry.resident_id, own])
    with registry.running.engine("lpg_registry").connect() as connection:
        audited = connection.execute(text(
            "SELECT principal, entity_id, detail FROM lpg_registry_audit_log "
            "WHERE action = 'review' AND rpc LIKE '%ReviewUsers' ORDER BY id")).fetchall()
    assert [(who.split("-")[0], e) for who, e, _ in audited] == [
        ("xuhui", str(own)), ("city", str(pending))]
    assert '"was": "PENDING"' in audited[1][2]
