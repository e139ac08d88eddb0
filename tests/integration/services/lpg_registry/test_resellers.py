"""No LPG for resale to illegal operators (seed ¶一 E5): a reseller needs a valid licence.

The server's clock stands at 2019-03-01; a licence is valid through its last valid day.
"""

from __future__ import annotations

import grpc
from integration.services.lpg_registry.lpg_world import Registry, cylinder, day, refused, rid

from cityscore.common.v1.common_pb2 import Date
from cityscore.lpg_registry.v1 import lpg_registry_service_pb2 as pb

RESELLER_USCC = "9131010130000007XJ"
SECOND_USCC = "913101013000000543"


def reseller(credit_code: str, **licence: object) -> pb.User:
    return pb.User(user_type=pb.USER_TYPE_RESELLER, enterprise_id="E1", name="Zhou Liu",
                   business_name="Corner Gas Shop", credit_code=credit_code,
                   phone="13700137000", address="12 Market Road", district="pudong",
                   **licence)  # type: ignore[arg-type]


def register(registry: Registry, user: pb.User) -> pb.User:
    made: pb.User = registry.e1.RegisterUser(pb.RegisterUserRequest(
        request_id=rid(), user=user)).user
    registry.pudong.ReviewUser(pb.ReviewUserRequest(
        request_id=rid(), user_id=made.user_id, review_status=pb.REVIEW_STATUS_REVIEWED))
    return made


def test_a_reseller_registers_with_its_licence(registry: Registry) -> None:
    code, details = refused(lambda: registry.e1.RegisterUser(pb.RegisterUserRequest(
        request_id=rid(), user=reseller(RESELLER_USCC))))
    assert code is grpc.StatusCode.INVALID_ARGUMENT
    assert {f for f, _ in details} == {"user.licence_number", "user.licence_valid_until"}
    code, details = refused(lambda: registry.e1.RegisterUser(pb.RegisterUserRequest(
        request_id=rid(), user=reseller(RESELLER_USCC, licence_number="RQ-1",
                                        licence_valid_until=Date(year=2019, month=2, day=29)))))
    assert code is grpc.StatusCode.INVALID_ARGUMENT
    assert [f for f, _ in details] == ["user.licence_valid_until"]
    shown = register(registry, reseller(RESELLER_USCC, licence_number="RQ-1",
                                        licence_valid_until=day("2019-03-01")))
    assert shown.licence_number == "RQ-1" and shown.licence_valid_until == day("2019-03-01")
    got = registry.e1.GetUser(pb.GetUserRequest(user_id=shown.user_id)).user
    assert got.user_type == pb.USER_TYPE_RESELLER and got.licence_number == "RQ-1"


def test_delivery_to_a_reseller_without_a_valid_licence_is_refused(registry: Registry) -> None:
    registry.register(cylinder("RS-1"))
    registry.fill("RS-1")
    valid = register(registry, reseller(RESELLER_USCC, licence_number="RQ-1",
                                        licence_valid_until=day("2019-03-01")))
    expired = register(registry, reseller(SECOND_USCC, licence_number="RQ-2",
                                          licence_valid_until=day("2019-02-28")))

    check = registry.e1.CheckDelivery(pb.CheckDeliveryRequest(plan=registry.plan(
        expired.user_id, ["RS-1"])))
    assert not check.allowed
    assert [(r.code, r.subject) for r in check.refusals] == [
        ("USER_RESELLER_UNLICENSED", f"user {expired.user_id}")]
    code, details = refused(lambda: registry.deliver(expired.user_id, ["RS-1"]))
    assert code is grpc.StatusCode.FAILED_PRECONDITION
    assert details == [("USER_RESELLER_UNLICENSED", f"user {expired.user_id}")]
    report = registry.e1.GetRefusalReport(pb.GetRefusalReportRequest())
    assert [(c.kind, c.count) for c in report.counts
            if c.code == "USER_RESELLER_UNLICENSED"] == [(pb.RECORD_KIND_DELIVERY, 1)]

    # On the licence's last valid day the delivery goes through.
    assert registry.deliver(valid.user_id, ["RS-1"]).held_cylinders == ["RS-1"]
