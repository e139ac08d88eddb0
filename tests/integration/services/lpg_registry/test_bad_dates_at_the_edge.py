"""Every date, day number, time and range field of the registry's API is checked at the edge:
an unset required date, an impossible one (2019-02-29, month 13, year 0), a day number that is
no date, or a count or page out of range is INVALID_ARGUMENT naming the field, never INTERNAL,
and writes nothing."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
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

from cityscore.common.v1.common_pb2 import Date
from cityscore.lpg_registry.v1 import lpg_registry_service_pb2 as pb

LEAP = Date(year=2019, month=2, day=29)
MONTH_13 = Date(year=2019, month=13, day=1)
YEAR_0 = Date(year=0, month=1, day=1)
UNSET = Date()


def calls(r: Registry, bad: Date) -> list[tuple[str, Callable[[], Any]]]:
    """(the field named, a call with ``bad`` in it) for every date field of the API."""
    staff = pb.Staff(staff_id="NEW", enterprise_id="E1", name="n", role=pb.STAFF_ROLE_FILLER,
                     certificate_number="c", certificate_valid_until=bad)
    reseller = pb.User(user_type=pb.USER_TYPE_RESELLER, enterprise_id="E1", name="R",
                       business_name="Shop", credit_code=USCC_E2, phone="13900001111",
                       address="a", district="pudong", licence_number="L",
                       licence_valid_until=bad)
    dated_user = pb.User(user_type=pb.USER_TYPE_RESIDENTIAL, enterprise_id="E1", name="n",
                         resident_id="310101199003071281", phone="13900002222", address="a",
                         district="pudong", subdistrict="s", registered_on=bad)
    made = cylinder("EDGE-1")
    made.manufacture_date.CopyFrom(bad)
    inspected = cylinder("EDGE-2")
    inspected.last_inspection_date.CopyFrom(bad)
    return [
        ("enterprise.licence_valid_until", lambda: r.city.CreateEnterprise(
            pb.CreateEnterpriseRequest(request_id=rid(), enterprise=pb.Enterprise(
                enterprise_id="E9", name="n", credit_code="9131010130000007XJ",
                licence_number="l", licence_valid_until=bad, district="pudong")))),
        ("staff.certificate_valid_until", lambda: r.e1.AddStaff(pb.AddStaffRequest(
            request_id=rid(), staff=staff))),
        ("vehicle.permit_valid_until", lambda: r.e1.RegisterVehicle(pb.RegisterVehicleRequest(
            request_id=rid(), vehicle=pb.Vehicle(plate="沪B1", enterprise_id="E1",
                                                 hazmat_permit="h", permit_valid_until=bad)))),
        ("user.licence_valid_until", lambda: r.e1.RegisterUser(pb.RegisterUserRequest(
            request_id=rid(), user=reseller))),
        ("users[0].registered_on", lambda: r.e1.ImportUsers(iter([pb.ImportUsersRequest(
            request_id=rid(), users=[dated_user])]))),
        ("deadline", lambda: r.city.SetCampaign(pb.SetCampaignRequest(
            request_id=rid(), district="pudong", surveyed_estimate=5, deadline=bad))),
        ("cylinder.manufacture_date", lambda: r.register(made)),
        ("cylinder.last_inspection_date", lambda: r.register(inspected)),
        ("inspected_on", lambda: r.e1.RecordCylinderInspection(
            pb.RecordCylinderInspectionRequest(request_id=rid(), trace_code="EDGE-0",
                                               inspected_on=bad, passed=True))),
        ("inspected_on", lambda: r.e1.RecordSafetyInspection(pb.RecordSafetyInspectionRequest(
            request_id=rid(), subject=pb.INSPECTION_SUBJECT_USER, user_id=r.resident_id,
            inspector="x", inspected_on=bad))),
        ("as_of", lambda: r.city.RunSweep(pb.RunSweepRequest(request_id=rid(), as_of=bad))),
        ("as_of", lambda: r.e1.ListDueCylinders(pb.ListDueCylindersRequest(
            enterprise_id="E1", as_of=bad))),
        ("as_of", lambda: r.e1.GetSafetyCatalogue(pb.GetSafetyCatalogueRequest(as_of=bad))),
    ]


@pytest.mark.parametrize("bad", [LEAP, MONTH_13, YEAR_0], ids=["02-29", "month-13", "year-0"])
def test_impossible_dates_name_their_field(registry: Registry, bad: Date) -> None:
    registry.register(cylinder("EDGE-0"))
    for path, call in calls(registry, bad):
        code, details = refused(call)
        assert (code, [f for f, _ in details if f == path]) == (
            grpc.StatusCode.INVALID_ARGUMENT, [path]), path
    with registry.running.engine("lpg_registry").connect() as connection:
        assert connection.execute(text(
            "SELECT count(*) FROM lpg_registry_cylinder")).scalar() == 1
        assert connection.execute(text("SELECT count(*) FROM lpg_registry_sweep")).scalar() == 0


def test_ranges_and_day_numbers(registry: Registry) -> None:
    registry.register(cylinder("EDGE-0"))

    def invalid(call: Callable[[], Any]) -> list[str]:
        code, details = refused(call)
        assert code is grpc.StatusCode.INVALID_ARGUMENT
        return [f for f, _ in details]

    assert invalid(lambda: registry.e1.RecordSafetyInspection(pb.RecordSafetyInspectionRequest(
        request_id=rid(), subject=pb.INSPECTION_SUBJECT_USER, user_id=registry.resident_id,
        inspector="x", inspected_on=day("2019-02-01"), hazards=[
            pb.Hazard(rule_id="U2", rectify_by=day("2019-01-31")),
            pb.Hazard(rule_id="U3", rectify_by=LEAP)]))) == [
        "hazards[0].rectify_by", "hazards[1].rectify_by"]
    assert invalid(lambda: registry.e1.RecordCylinderInspection(
        pb.RecordCylinderInspectionRequest(request_id=rid(), trace_code="EDGE-0",
                                           inspected_on=day("2019-03-02")))) == ["inspected_on"]
    assert invalid(lambda: registry.city.SetCampaign(pb.SetCampaignRequest(
        request_id=rid(), district="pudong", surveyed_estimate=-1,
        deadline=day("2019-06-30")))) == ["surveyed_estimate"]
    columns = pb.ImportCylindersRequest(
        request_id=rid(), owner_enterprise_id="E1", station_id="E1-S1",
        trace_codes=["DAY-1", "DAY-2"], serials=["", ""], models=["YSP12", "YSP12"],
        standard_versions=[pb.STANDARD_VERSION_GB5842_2006] * 2,
        phase_types=[pb.PHASE_TYPE_GAS] * 2, manufacture_days=[-2_000_000_000, 17_000],
        design_life_years=[0, 0], tare_g=[5_000, 5_000],
        last_inspection_days=[0, 2_000_000_000], last_inspection_passed=[False, False])
    assert invalid(lambda: registry.e1.ImportCylinders(iter([columns]))) == [
        "rows[0].manufacture_days", "rows[1].last_inspection_days"]
    # AIP-158: a negative page size is refused; one above the maximum gets the maximum.
    for size in (-1, 1001):
        for listing in (partial(registry.e1.ListDueCylinders, pb.ListDueCylindersRequest(
                            enterprise_id="E1", page_size=size)),
                        partial(registry.e1.ListUsers, pb.ListUsersRequest(page_size=size)),
                        partial(registry.e1.ListVehicles, pb.ListVehiclesRequest(
                            enterprise_id="E1", page_size=size))):
            if size < 0:
                assert invalid(listing) == ["page_size"]
            else:
                listing()  # accepted: an error would raise here
