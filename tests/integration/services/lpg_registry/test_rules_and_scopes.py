"""Refusals at their boundaries, bad input, scopes, idempotency, privacy and the delivery race.

The server's clock stands at 2019-03-01 (the ``clock`` fixture).
"""

from __future__ import annotations

import threading

import grpc
import pytest
from integration.services.lpg_registry.lpg_world import (
    RESIDENT,
    USCC_E1,
    Registry,
    cylinder,
    day,
    refused,
    rid,
)
from sqlalchemy import text

from cityscore.lpg_registry.v1 import lpg_registry_service_pb2 as pb

FAILED = grpc.StatusCode.FAILED_PRECONDITION


def types(details: list[tuple[str, str]]) -> set[str]:
    return {t for t, _ in details}


def test_fill_refusals_at_their_boundaries(registry: Registry) -> None:
    registry.register(
        cylinder("DUE-TODAY", made="2015-03-01"), cylinder("DUE-TOMORROW", made="2015-03-02"),
        cylinder("EIGHT-YEARS", made="2011-03-01", last="2017-01-01", passed=False),
        cylinder("EIGHT-MINUS-1", made="2011-03-02", last="2017-01-01", passed=False),
        cylinder("TWELVE-YEARS", made="2007-03-01", last="2017-01-01", passed=True),
        cylinder("TWELVE-MINUS-1", made="2007-03-02", last="2017-01-01", passed=True),
        cylinder("FULL"))
    assert types(refused(lambda: registry.fill("DUE-TODAY"))[1]) == {"CYL_OVERDUE"}
    assert list(registry.fill("DUE-TOMORROW").flags) == ["DUE_SOON"]
    assert types(refused(lambda: registry.fill("EIGHT-YEARS"))[1]) == {"CYL_SCRAPPED"}
    registry.fill("EIGHT-MINUS-1")
    assert types(refused(lambda: registry.fill("TWELVE-YEARS"))[1]) == {"CYL_SCRAPPED"}
    registry.fill("TWELVE-MINUS-1")
    code, details = refused(lambda: registry.fill("FULL", full=31_301))
    assert code is FAILED and details == [("OVERFILL", "FULL")]
    assert registry.fill("FULL", full=31_300).content_g == 14_900


def test_every_failed_fill_rule_is_listed(registry: Registry) -> None:
    registry.e2.RegisterCylinder(pb.RegisterCylinderRequest(
        request_id=rid(), cylinder=cylinder("E2-CYL", owner="E2"), station_id="E2-S1"))
    registry.register(cylinder("SCRAP-ME"))
    registry.e1.ScrapCylinder(pb.ScrapCylinderRequest(request_id=rid(), trace_code="SCRAP-ME"))
    code, details = refused(lambda: registry.fill(
        "SCRAP-ME", pre_check_passed=False, post_check_passed=False, filler_staff_id="E1-D1",
        rechecker_staff_id="E1-D1"))
    assert code is FAILED and types(details) == {
        "CYL_SCRAPPED", "PRE_CHECK_FAILED", "POST_CHECK_FAILED", "FILLER_NOT_CERTIFIED",
        "RECHECKER_INVALID"}
    assert types(refused(lambda: registry.fill("E2-CYL", station="E1-S1"))[1]) == {
        "CYL_NOT_OWN", "CYL_NOT_AT_STATION"}


def test_delivery_refusals(registry: Registry) -> None:
    registry.register(cylinder("DL-1"), cylinder("DL-2"))
    registry.fill("DL-1")
    registry.fill("DL-2")
    unknown = registry.e1.CheckDelivery(pb.CheckDeliveryRequest(plan=registry.plan(999, ["DL-1"])))
    assert not unknown.allowed and {r.code for r in unknown.refusals} == {"USER_UNREGISTERED"}
    inspection = registry.e1.RecordSafetyInspection(pb.RecordSafetyInspectionRequest(
        request_id=rid(), subject=pb.INSPECTION_SUBJECT_USER, user_id=registry.resident_id,
        inspector="E1-R1", inspected_on=day("2019-02-28"), hazards=[
            pb.Hazard(rule_id="CAT-18", severity=pb.SEVERITY_STOP_SUPPLY, note="regulator leak"),
            pb.Hazard(rule_id="CAT-07", severity=pb.SEVERITY_DO_NOT_CONNECT)]))
    code, details = refused(lambda: registry.deliver(registry.resident_id, ["DL-1"]))
    assert code is FAILED and types(details) == {"USER_STOP_SUPPLY"}
    stop, connect = inspection.hazards
    registry.e1.RectifyHazard(pb.RectifyHazardRequest(request_id=rid(),
                                                      hazard_id=stop.hazard_id))
    first = registry.deliver(registry.resident_id, ["DL-1"])
    assert not first.connected, "an open do-not-connect hazard: delivered, not connected"
    code, details = refused(lambda: registry.deliver(registry.resident_id, ["DL-2"]))
    assert types(details) == {"USER_STOP_SUPPLY"}, "still open at the next delivery: stop supply"
    registry.pudong.RectifyHazard(pb.RectifyHazardRequest(request_id=rid(),
                                                          hazard_id=connect.hazard_id))
    code, details = refused(lambda: registry.deliver(registry.catering_id, ["DL-2"],
                                                     back=["DL-1"]))
    assert types(details) == {"USER_SAFETY_UNVERIFIED", "EMPTY_NOT_HELD"}
    registry.pudong.VerifyUserSafety(pb.VerifyUserSafetyRequest(
        request_id=rid(), user_id=registry.catering_id, verified=True))
    assert list(registry.deliver(registry.catering_id, ["DL-2"]).held_cylinders) == ["DL-2"]


def test_bad_input_names_every_field(registry: Registry) -> None:
    bad = pb.User(user_type=pb.USER_TYPE_RESIDENTIAL, enterprise_id="E1", name="X",
                  resident_id="310101199003071231", phone="12", address="A", district="mars")
    code, details = refused(lambda: registry.e1.RegisterUser(
        pb.RegisterUserRequest(request_id=rid(), user=bad)))
    assert code is grpc.StatusCode.INVALID_ARGUMENT
    assert {f for f, _ in details} == {"user.resident_id", "user.phone", "user.district",
                                       "user.subdistrict"}
    impossible = cylinder("BAD-1", made="2019-03-02", model="YSP99", last="2019-03-01")
    impossible.tare_g = -1
    code, details = refused(lambda: registry.register(impossible))
    assert code is grpc.StatusCode.INVALID_ARGUMENT and {f for f, _ in details} == {
        "cylinder.manufacture_date", "cylinder.model", "cylinder.tare_g",
        "cylinder.last_inspection_date"}
    registry.register(cylinder("MASS"))
    code, details = refused(lambda: registry.fill("MASS", empty_gross_g=-5))
    assert code is grpc.StatusCode.INVALID_ARGUMENT and ("empty_gross_g",
                                                         "must not be negative") in details


def test_duplicates_already_exist_and_trace_codes_are_never_reused(registry: Registry) -> None:
    again = pb.User(user_type=pb.USER_TYPE_RESIDENTIAL, enterprise_id="E1", name="Other",
                    resident_id=RESIDENT, phone="13700000000", address="B", district="pudong",
                    subdistrict="Huamu")
    code, _ = refused(lambda: registry.e1.RegisterUser(
        pb.RegisterUserRequest(request_id=rid(), user=again)))
    assert code is grpc.StatusCode.ALREADY_EXISTS
    code, _ = refused(lambda: registry.city.CreateEnterprise(pb.CreateEnterpriseRequest(
        request_id=rid(), enterprise=pb.Enterprise(
            enterprise_id="E9", name="Copy", credit_code=USCC_E1, licence_number="L",
            licence_valid_until=day("2020-01-01"), district="pudong"))))
    assert code is grpc.StatusCode.ALREADY_EXISTS
    registry.register(cylinder("ONCE"))
    registry.e1.ScrapCylinder(pb.ScrapCylinderRequest(request_id=rid(), trace_code="ONCE"))
    code, _ = refused(lambda: registry.register(cylinder("ONCE")))
    assert code is grpc.StatusCode.ALREADY_EXISTS


def test_scopes(registry: Registry) -> None:
    registry.register(cylinder("MINE"))
    code, _ = refused(lambda: registry.e2.GetCylinder(pb.GetCylinderRequest(trace_code="MINE")))
    assert code is grpc.StatusCode.PERMISSION_DENIED
    code, _ = refused(lambda: registry.xuhui.GetCylinder(
        pb.GetCylinderRequest(trace_code="MINE")))
    assert code is grpc.StatusCode.PERMISSION_DENIED
    assert registry.pudong.GetCylinder(pb.GetCylinderRequest(trace_code="MINE")).cylinder
    code, _ = refused(lambda: registry.e2.RecordFill(pb.RecordFillRequest(
        request_id=rid(), enterprise_id="E1", station_id="E1-S1", trace_code="MINE")))
    assert code is grpc.StatusCode.PERMISSION_DENIED
    code, _ = refused(lambda: registry.xuhui.ReviewUser(pb.ReviewUserRequest(
        request_id=rid(), user_id=registry.resident_id,
        review_status=pb.REVIEW_STATUS_REVIEWED)))
    assert code is grpc.StatusCode.PERMISSION_DENIED
    code, _ = refused(lambda: registry.operator.RunSweep(pb.RunSweepRequest(request_id=rid())))
    assert code is grpc.StatusCode.PERMISSION_DENIED
    assert registry.e2.ListUsers(pb.ListUsersRequest()).users == []
    assert len(registry.e1.ListUsers(pb.ListUsersRequest()).users) == 2
    assert registry.xuhui.ListUsers(pb.ListUsersRequest()).users == []
    assert [e.enterprise_id for e in registry.e2.ListEnterprises(
        pb.ListEnterprisesRequest()).enterprises] == ["E2"]


def test_idempotent_retry_writes_once(registry: Registry) -> None:
    registry.register(cylinder("RETRY"))
    request = pb.RecordFillRequest(
        request_id="fill-once", enterprise_id="E1", station_id="E1-S1", trace_code="RETRY",
        filler_staff_id="E1-F1", rechecker_staff_id="E1-R1", pre_check_passed=True,
        post_check_passed=True, empty_gross_g=16_900, full_gross_g=31_300)
    first = registry.e1.RecordFill(request)
    assert registry.e1.RecordFill(request) == first
    history = registry.e1.GetCylinder(pb.GetCylinderRequest(trace_code="RETRY")).history
    assert [h.event for h in history] == ["registered", "filled"]
    request.full_gross_g = 31_200
    code, _ = refused(lambda: registry.e1.RecordFill(request))
    assert code is grpc.StatusCode.INVALID_ARGUMENT


def test_personal_identifiers_are_never_stored_or_returned_whole(registry: Registry) -> None:
    user = registry.e1.GetUser(pb.GetUserRequest(user_id=registry.resident_id)).user
    assert user.resident_id == "" and user.resident_id_masked == "310***********1230"
    assert user.phone == "" and user.phone_masked == "138****8000"
    engine = registry.running.engine("lpg_registry")
    with engine.connect() as connection:
        for table in ("lpg_registry_user", "lpg_registry_audit_log"):
            dump = str(connection.execute(text(f"SELECT * FROM {table}")).fetchall())
            assert RESIDENT not in dump and "13800138000" not in dump


@pytest.mark.parametrize("attempt", range(2))
def test_concurrent_deliveries_of_one_cylinder_cannot_both_succeed(
        registry: Registry, attempt: int) -> None:
    registry.register(cylinder("RACE"))
    registry.fill("RACE")
    registry.pudong.VerifyUserSafety(pb.VerifyUserSafetyRequest(
        request_id=rid(), user_id=registry.catering_id, verified=True))
    outcomes: list[object] = []
    start = threading.Barrier(2)

    def deliver(user_id: int) -> None:
        start.wait()
        try:
            outcomes.append(registry.deliver(user_id, ["RACE"]))
        except grpc.RpcError as error:
            outcomes.append(error.code())

    threads = [threading.Thread(target=deliver, args=(u,))
               for u in (registry.resident_id, registry.catering_id)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    won = [o for o in outcomes if isinstance(o, pb.RecordDeliveryResponse)]
    assert len(won) == 1, outcomes
    assert next(o for o in outcomes if not isinstance(o, pb.RecordDeliveryResponse)) in (
        grpc.StatusCode.FAILED_PRECONDITION, grpc.StatusCode.ABORTED)
    holders = [registry.e1.GetUser(pb.GetUserRequest(user_id=u)).user.held_cylinders
               for u in (registry.resident_id, registry.catering_id)]
    assert sorted(len(h) for h in holders) == [0, 1]


def test_bulk_imports_name_every_bad_row_and_retry_safely(registry: Registry) -> None:
    good = pb.User(user_type=pb.USER_TYPE_RESIDENTIAL, enterprise_id="E1", name="Wang",
                   resident_id="31011019920815102X", phone="13600000000", address="C",
                   district="pudong", subdistrict="Huamu")
    bad = pb.User(user_type=pb.USER_TYPE_CATERING, enterprise_id="E1", name="Cafe",
                  business_name="Cafe", credit_code="91310101300000073A", phone="13500000000",
                  address="D", district="pudong")
    code, details = refused(lambda: registry.e1.ImportUsers(iter([
        pb.ImportUsersRequest(request_id="import-1", users=[good]),
        pb.ImportUsersRequest(request_id="import-1", users=[bad])])))
    assert code is grpc.StatusCode.INVALID_ARGUMENT
    assert details == [("users[1].credit_code", "wrong check character")]
    chunks = [pb.ImportUsersRequest(request_id="import-2", users=[good, good])]
    first = registry.e1.ImportUsers(iter(chunks))
    assert (first.registered, list(first.duplicate_rows)) == (1, [1])
    assert registry.e1.ImportUsers(iter(chunks)) == first
    assert len(registry.e1.ListUsers(pb.ListUsersRequest()).users) == 3

    columns = pb.ImportCylindersRequest(
        request_id=rid(), owner_enterprise_id="E1", station_id="E1-S1",
        trace_codes=["BULK-1", "BULK-2"], serials=["", ""], models=["YSP12", "YSP13"],
        standard_versions=[pb.STANDARD_VERSION_GB5842_2006, pb.STANDARD_VERSION_GB5842_2023],
        phase_types=[pb.PHASE_TYPE_GAS, pb.PHASE_TYPE_TWO_PHASE_LEGACY],
        manufacture_days=[17_000, 17_000], design_life_years=[0, 8], tare_g=[5_000, 5_000],
        last_inspection_days=[0, 16_000], last_inspection_passed=[False, True])
    code, details = refused(lambda: registry.e1.ImportCylinders(iter([columns])))
    assert code is grpc.StatusCode.INVALID_ARGUMENT and {f for f, _ in details} == {
        "rows[1].model", "rows[1].phase_type", "rows[1].last_inspection_date",
        "rows[1].standard_version"}
