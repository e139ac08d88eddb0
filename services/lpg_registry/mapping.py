"""Proto ⇄ domain conversion for the LPG registry; proto enums become their bare names."""

from __future__ import annotations

import datetime as dt
from typing import Any

from cityscore.core.errors import ViolationCollector
from cityscore.core.grpc.convert import date_to_proto
from cityscore.core.kernel.types import ComplianceStatus
from cityscore.lpg_registry.v1 import lpg_registry_service_pb2 as pb
from cityscore.services.lpg_registry import domain, models

UNSPECIFIED = "UNSPECIFIED"


def enum_name(enum: Any, value: int, prefix: str) -> str:
    """``USER_TYPE_CATERING`` → ``CATERING``; unknown numbers read as UNSPECIFIED."""
    try:
        return str(enum.Name(value)).removeprefix(prefix)
    except ValueError:
        return UNSPECIFIED


def enum_value(enum: Any, name: str, prefix: str) -> Any:
    """The number of ``prefix + name`` (typed as the enum's own value type by its caller)."""
    return enum.Value(prefix + name)


def date_field(value: Any, path: str, collector: ViolationCollector, *,
               required: bool = True) -> dt.date | None:
    """A date, collecting a violation (and returning None) when it is unset or impossible."""
    if value.year == 0 and value.month == 0 and value.day == 0:
        if required:
            collector.add(path, "is required")
        return None
    try:
        return dt.date(value.year, value.month, value.day)
    except ValueError:
        collector.add(path, f"{value.year:04d}-{value.month:02d}-{value.day:02d} "
                            "is not a calendar date")
        return None


def enterprise_to_proto(row: models.Enterprise) -> pb.Enterprise:
    return pb.Enterprise(
        enterprise_id=row.enterprise_id, name=row.name, credit_code=row.credit_code,
        licence_number=row.licence_number,
        licence_valid_until=date_to_proto(row.licence_valid_until), district=row.district,
        status=enum_value(pb.EnterpriseStatus, row.status, "ENTERPRISE_STATUS_"))


def station_to_proto(row: models.Station) -> pb.Station:
    return pb.Station(station_id=row.station_id, enterprise_id=row.enterprise_id, name=row.name,
                      district=row.district, address=row.address)


def staff_to_proto(row: models.Staff) -> pb.Staff:
    return pb.Staff(staff_id=row.staff_id, enterprise_id=row.enterprise_id, name=row.name,
                    role=enum_value(pb.StaffRole, row.role, "STAFF_ROLE_"),
                    certificate_number=row.certificate_number,
                    certificate_valid_until=date_to_proto(row.certificate_valid_until))


def vehicle_to_proto(row: models.Vehicle) -> pb.Vehicle:
    return pb.Vehicle(plate=row.plate, enterprise_id=row.enterprise_id,
                      hazmat_permit=row.hazmat_permit,
                      permit_valid_until=date_to_proto(row.permit_valid_until))


def user_to_proto(row: models.User, held: list[str] | None = None) -> pb.User:
    """The user as shown to clients: masked identifiers only (domain page §9.3)."""
    return pb.User(
        user_id=row.user_id or 0, user_type=enum_value(pb.UserType, row.user_type, "USER_TYPE_"),
        enterprise_id=row.enterprise_id, name=row.name, resident_id_masked=row.id_masked,
        phone_masked=row.phone_masked, business_name=row.business_name,
        credit_code=row.credit_code, address=row.address, district=row.district,
        subdistrict=row.subdistrict, grid_cell=row.grid_cell,
        review_status=enum_value(pb.ReviewStatus, row.review_status, "REVIEW_STATUS_"),
        safety_verified=row.safety_verified, registered_on=date_to_proto(row.registered_on),
        held_cylinders=held or [])


def cylinder_state(row: models.Cylinder) -> domain.CylinderState:
    return domain.CylinderState(
        trace_code=row.trace_code, owner_enterprise_id=row.owner_enterprise_id, model=row.model,
        standard=row.standard, manufacture_date=row.manufacture_date,
        design_life_years=row.design_life_years, tare_g=row.tare_g,
        last_inspection_date=row.last_inspection_date,
        last_inspection_passed=row.last_inspection_passed, status=row.status,
        location_kind=row.location_kind, location_id=row.location_id, filled=row.filled)


_COMPLIANCE = {
    ComplianceStatus.OK: pb.COMPLIANCE_STATUS_OK,
    ComplianceStatus.DUE_SOON: pb.COMPLIANCE_STATUS_DUE_SOON,
    ComplianceStatus.INSPECTION_OVERDUE: pb.COMPLIANCE_STATUS_INSPECTION_OVERDUE,
    ComplianceStatus.PAST_SERVICE_LIFE: pb.COMPLIANCE_STATUS_PAST_SERVICE_LIFE,
}


def compliance_to_proto(status: ComplianceStatus) -> Any:
    return _COMPLIANCE[status]


def cylinder_to_proto(row: models.Cylinder, state: domain.Compliance) -> pb.Cylinder:
    message = pb.Cylinder(
        trace_code=row.trace_code, serial=row.serial, model=row.model,
        standard_version=enum_value(pb.StandardVersion, row.standard, "STANDARD_VERSION_"),
        phase_type=enum_value(pb.PhaseType, row.phase, "PHASE_TYPE_"),
        manufacture_date=date_to_proto(row.manufacture_date),
        design_life_years=row.design_life_years, tare_g=row.tare_g,
        last_inspection_passed=row.last_inspection_passed,
        owner_enterprise_id=row.owner_enterprise_id,
        status=enum_value(pb.CylinderStatus, row.status, "CYLINDER_STATUS_"),
        location_kind=enum_value(pb.LocationKind, row.location_kind, "LOCATION_KIND_"),
        location_id=row.location_id, filled=row.filled,
        compliance=compliance_to_proto(state.status),
        next_inspection=date_to_proto(state.next_inspection),
        service_limit=date_to_proto(state.service_limit))
    if row.last_inspection_date is not None:
        message.last_inspection_date.CopyFrom(date_to_proto(row.last_inspection_date))
    return message


def hazard_to_proto(row: models.Hazard) -> pb.Hazard:
    return pb.Hazard(hazard_id=row.id or 0, rule_id=row.rule_id,
                     severity=enum_value(pb.Severity, row.severity, "SEVERITY_"), note=row.note,
                     rectify_by=date_to_proto(row.rectify_by), open=row.open)


def status_counts(counts: domain.StatusCounts) -> list[pb.StatusCount]:
    return [pb.StatusCount(key=key, ok=c[0], due_soon=c[1], inspection_overdue=c[2],
                           past_service_life=c[3]) for key, c in sorted(counts.items())]
