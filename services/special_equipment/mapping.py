"""Conversions between the service's messages and its rows and domain values."""

from __future__ import annotations

import datetime as dt

from cityscore.core.grpc.convert import ProtoEnum, date_to_proto
from cityscore.core.kernel.types import ComplianceStatus
from cityscore.services.special_equipment import domain, models
from cityscore.special_equipment.v1 import special_equipment_service_pb2 as pb

LOCATION_CATEGORY = ProtoEnum(pb.LocationCategory, "LOCATION_CATEGORY_")
ASSESSMENT_RESULT = ProtoEnum(pb.AssessmentResult, "ASSESSMENT_RESULT_")
TASK_STATUS = ProtoEnum(pb.TaskStatus, "TASK_STATUS_")
INSPECTION_STATUS = ProtoEnum(pb.InspectionStatus, "INSPECTION_STATUS_")


def _set_date(message: object, name: str, value: dt.date | None) -> None:
    if value is not None:
        getattr(message, name).CopyFrom(date_to_proto(value))


def status_name(code: int) -> str:
    return domain.STATUS_NAMES[ComplianceStatus(code)]


def elevator_to_proto(row: models.Elevator, next_inspection: dt.date | None = None,
                      status: str | None = None) -> pb.Elevator:
    message = pb.Elevator(
        registration_code=row.registration_code, district=row.district,
        location_category=LOCATION_CATEGORY.label(row.location_category), address=row.address,
        in_use_date=date_to_proto(row.in_use_date),
        maintenance_company_id=row.maintenance_company_id,
        remote_monitoring=row.remote_monitoring, liability_insurance=row.liability_insurance,
        geolocation=row.geolocation, version=row.version,
        last_inspection_failed=row.last_inspection_date is not None
        and not row.last_inspection_passed,
        assessment_result=ASSESSMENT_RESULT.label(row.assessment_result)
        if row.assessment_result else None,
        inspection_status=INSPECTION_STATUS.label(status) if status is not None else None)
    _set_date(message, "assessed_on", row.assessed_on)
    _set_date(message, "renovated_on", row.renovated_on)
    _set_date(message, "last_inspection_date", row.last_inspection_date)
    _set_date(message, "next_inspection", next_inspection)
    return message


def rate_to_proto(rate: domain.Rate) -> pb.TargetRate:
    message = pb.TargetRate(target=rate.target.code, description=rate.target.description,
                            numerator=rate.numerator, denominator=rate.denominator,
                            rate_percent=rate.rate_percent,
                            target_percent=rate.target.target_percent or "")
    if rate.met is not None:
        message.met = rate.met
    return message


def report_to_proto(row: models.TargetReport, outcome: domain.Outcome) -> pb.TargetReport:
    return pb.TargetReport(
        report_id=row.id or 0, year=row.year, district=row.district,
        reference_date=date_to_proto(row.reference_date), rule_version=row.rule_version,
        input_digest=row.input_digest, result_digest=row.result_digest,
        rates=[rate_to_proto(r) for r in outcome.rates],
        districts=[pb.DistrictRates(district=d, rates=[rate_to_proto(r) for r in rates])
                   for d, rates in outcome.by_district.items()])


def task_to_proto(task: domain.AnnexTaskText, state: models.AnnexTaskChange | None,
                  as_of: dt.date) -> pb.AnnexTask:
    """The task as it stood on ``as_of``: ``state`` is its change in force that day."""
    status = state.status if state is not None else domain.NOT_STARTED
    message = pb.AnnexTask(
        number=task.number, task=task.task, timeline=task.timeline,
        deadline_year=task.deadline_year, lead_units=task.lead_units,
        co_lead_units=task.co_lead_units, delivering_units=task.delivering_units,
        status=TASK_STATUS.label(status), evidence=state.evidence if state else "",
        overdue=domain.overdue(task, status, as_of), variants=task.variants)
    _set_date(message, "updated_on", state.effective_on if state else None)
    return message


def sweep_to_proto(row: models.InspectionSweep, counts: domain.sweep.StatusCounts
                   ) -> pb.InspectionSweep:
    return pb.InspectionSweep(
        sweep_id=row.id or 0, swept_on=date_to_proto(row.swept_on),
        policy_version=row.policy_version, input_digest=row.input_digest,
        result_digest=row.result_digest, elevators=row.elevators,
        districts=[pb.DistrictInspectionCounts(district=d, ok=c[0], due_soon=c[1], overdue=c[2])
                   for d, c in sorted(counts.items())])


def figures_to_proto(row: models.SafetyFigures) -> pb.SafetyFigures:
    return pb.SafetyFigures(
        year=row.year, registered_units=row.registered_units, accidents=row.accidents,
        deaths=row.deaths, injuries=row.injuries, period=row.period, source=row.source,
        official_rate=row.official_rate, official_source=row.official_source,
        official_denominator=row.official_denominator, official_period=row.official_period)


def figures_from_row(row: models.SafetyFigures) -> domain.Figures:
    return domain.Figures(row.year, row.registered_units, row.accidents, row.deaths,
                          row.injuries, row.period, row.source, row.official_rate,
                          row.official_source, row.official_denominator, row.official_period)


def company_to_proto(row: models.MaintenanceCompany) -> pb.MaintenanceCompany:
    return pb.MaintenanceCompany(company_id=row.company_id, name=row.name,
                                 credit_code=row.credit_code,
                                 blacklisted=row.blacklisted_on is not None)


def blacklist_to_proto(row: models.MaintenanceCompany) -> pb.BlacklistEntry:
    entry = pb.BlacklistEntry(company_id=row.company_id, name=row.name,
                              reason=row.blacklist_reason)
    _set_date(entry, "listed_on", row.blacklisted_on)
    return entry
