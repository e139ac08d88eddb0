"""Proto ⇄ domain conversion for the LPG registry; proto enums become their bare upper-case
names (``USER_TYPE_CATERING`` → ``CATERING``), as the rules and the tables keep them."""

from __future__ import annotations

import json
from typing import Any

from cityscore.core.grpc.convert import ProtoEnum, date_to_proto
from cityscore.core.kernel.types import ComplianceStatus
from cityscore.lpg_registry.v1 import lpg_registry_service_pb2 as pb
from cityscore.services.lpg_registry import domain, models

UNSPECIFIED = "UNSPECIFIED"
"""What an unset or unknown enum value reads as, so validation can name the field."""

USER_TYPE = ProtoEnum(pb.UserType, "USER_TYPE_", lower=False)
STAFF_ROLE = ProtoEnum(pb.StaffRole, "STAFF_ROLE_", lower=False)
REVIEW_STATUS = ProtoEnum(pb.ReviewStatus, "REVIEW_STATUS_", lower=False)
ENTERPRISE_STATUS = ProtoEnum(pb.EnterpriseStatus, "ENTERPRISE_STATUS_", lower=False)
STANDARD_VERSION = ProtoEnum(pb.StandardVersion, "STANDARD_VERSION_", lower=False)
PHASE_TYPE = ProtoEnum(pb.PhaseType, "PHASE_TYPE_", lower=False)
CYLINDER_STATUS = ProtoEnum(pb.CylinderStatus, "CYLINDER_STATUS_", lower=False)
LOCATION_KIND = ProtoEnum(pb.LocationKind, "LOCATION_KIND_", lower=False)
SEVERITY = ProtoEnum(pb.Severity, "SEVERITY_", lower=False)
INSPECTION_SUBJECT = ProtoEnum(pb.InspectionSubject, "INSPECTION_SUBJECT_", lower=False)
RECORD_KIND = ProtoEnum(pb.RecordKind, "RECORD_KIND_", lower=False)


def enterprise_to_proto(row: models.Enterprise) -> pb.Enterprise:
    return pb.Enterprise(
        enterprise_id=row.enterprise_id, name=row.name, credit_code=row.credit_code,
        licence_number=row.licence_number,
        licence_valid_until=date_to_proto(row.licence_valid_until), district=row.district,
        status=ENTERPRISE_STATUS.label(row.status))


def station_to_proto(row: models.Station) -> pb.Station:
    return pb.Station(station_id=row.station_id, enterprise_id=row.enterprise_id, name=row.name,
                      district=row.district, address=row.address)


def staff_to_proto(row: models.Staff) -> pb.Staff:
    return pb.Staff(staff_id=row.staff_id, enterprise_id=row.enterprise_id, name=row.name,
                    role=STAFF_ROLE.label(row.role),
                    certificate_number=row.certificate_number,
                    certificate_valid_until=date_to_proto(row.certificate_valid_until))


def vehicle_to_proto(row: models.Vehicle) -> pb.Vehicle:
    return pb.Vehicle(plate=row.plate, enterprise_id=row.enterprise_id,
                      hazmat_permit=row.hazmat_permit,
                      permit_valid_until=date_to_proto(row.permit_valid_until))


def user_to_proto(row: models.User, held: list[str] | None = None) -> pb.User:
    """The user as shown to clients: masked identifiers only (domain page §9.3)."""
    message = pb.User(
        user_id=row.user_id or 0,
        user_type=USER_TYPE.label(row.user_type),
        enterprise_id=row.enterprise_id, name=row.name, resident_id_masked=row.id_masked,
        phone_masked=row.phone_masked, business_name=row.business_name,
        credit_code=row.credit_code, address=row.address, district=row.district,
        subdistrict=row.subdistrict, grid_cell=row.grid_cell,
        review_status=REVIEW_STATUS.label(row.review_status),
        safety_verified=row.safety_verified, registered_on=date_to_proto(row.registered_on),
        held_cylinders=held or [], licence_number=row.licence_number)
    if row.licence_valid_until is not None:
        message.licence_valid_until.CopyFrom(date_to_proto(row.licence_valid_until))
    return message


_COMPLIANCE = {
    ComplianceStatus.OK: pb.COMPLIANCE_STATUS_OK,
    ComplianceStatus.DUE_SOON: pb.COMPLIANCE_STATUS_DUE_SOON,
    ComplianceStatus.INSPECTION_OVERDUE: pb.COMPLIANCE_STATUS_INSPECTION_OVERDUE,
    ComplianceStatus.PAST_SERVICE_LIFE: pb.COMPLIANCE_STATUS_PAST_SERVICE_LIFE,
}


def compliance_to_proto(status: ComplianceStatus) -> Any:
    return _COMPLIANCE[status]


def cylinder_to_proto(row: models.Cylinder, state: domain.Compliance | None) -> pb.Cylinder:
    """The cylinder and its compliance; ``None`` for one out of service (scrapped or lost),
    shown as OUT_OF_SERVICE with no inspection or service dates."""
    message = pb.Cylinder(
        trace_code=row.trace_code, serial=row.serial, model=row.model,
        standard_version=STANDARD_VERSION.label(row.standard),
        phase_type=PHASE_TYPE.label(row.phase),
        manufacture_date=date_to_proto(row.manufacture_date),
        design_life_years=row.design_life_years, tare_g=row.tare_g,
        last_inspection_passed=row.last_inspection_passed,
        owner_enterprise_id=row.owner_enterprise_id,
        status=CYLINDER_STATUS.label(row.status),
        location_kind=LOCATION_KIND.label(row.location_kind),
        location_id=row.location_id, filled=row.filled,
        compliance=pb.COMPLIANCE_STATUS_OUT_OF_SERVICE)
    if state is not None:
        message.compliance = compliance_to_proto(state.status)
        message.next_inspection.CopyFrom(date_to_proto(state.next_inspection))
        message.service_limit.CopyFrom(date_to_proto(state.service_limit))
    if row.last_inspection_date is not None:
        message.last_inspection_date.CopyFrom(date_to_proto(row.last_inspection_date))
    return message


def due_to_proto(cylinder: domain.CylinderState, state: domain.Compliance) -> pb.DueCylinder:
    return pb.DueCylinder(
        trace_code=cylinder.trace_code, compliance=compliance_to_proto(state.status),
        due=date_to_proto(min(state.next_inspection, state.service_limit)),
        days_left=state.days_left,
        location_kind=LOCATION_KIND.label(cylinder.location_kind),
        location_id=cylinder.location_id)


def history_to_proto(row: models.CylinderEvent) -> pb.HistoryEntry:
    return pb.HistoryEntry(date=date_to_proto(row.happened_on), event=row.event,
                           detail=row.detail)


def hazard_to_proto(row: models.Hazard) -> pb.Hazard:
    message = pb.Hazard(hazard_id=row.id or 0, rule_id=row.rule_id,
                        severity=SEVERITY.label(row.severity), note=row.note,
                        rectify_by=date_to_proto(row.rectify_by), open=row.open,
                        user_id=row.user_id or 0, enterprise_id=row.enterprise_id)
    if row.closed_on is not None:
        message.closed_on.CopyFrom(date_to_proto(row.closed_on))
    return message


def safety_item_to_proto(item: domain.SafetyItem) -> pb.SafetyItem:
    return pb.SafetyItem(
        rule_id=item.rule_id, description=item.description,
        applies_to=[USER_TYPE.label(kind) for kind in item.applies_to],
        default_severity=SEVERITY.label(item.default_severity), enabled=item.enabled,
        source=item.source, subject=INSPECTION_SUBJECT.label(item.subject))


def status_counts(counts: domain.StatusCounts) -> list[pb.StatusCount]:
    return [pb.StatusCount(key=key, ok=c[0], due_soon=c[1], inspection_overdue=c[2],
                           past_service_life=c[3]) for key, c in sorted(counts.items())]


def sweep_to_proto(row: models.Sweep) -> pb.Sweep:
    counts = json.loads(row.counts)
    return pb.Sweep(sweep_id=row.id or 0, swept_on=date_to_proto(row.swept_on),
                    policy_version=row.policy_version, input_digest=row.input_digest,
                    result_digest=row.result_digest, cylinders=row.cylinders,
                    by_enterprise=status_counts(counts["by_enterprise"]),
                    by_district=status_counts(counts["by_district"]))


def progress_to_proto(progress: domain.CampaignProgress) -> pb.CampaignProgress:
    return pb.CampaignProgress(
        district=progress.district, surveyed_estimate=progress.surveyed_estimate,
        deadline=date_to_proto(progress.deadline),
        registered_by_deadline=progress.registered_by_deadline,
        registered_after_deadline=progress.registered_after_deadline,
        reviewed=progress.reviewed, progress_permille=progress.permille)
