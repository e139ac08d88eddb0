"""Incidents of unpaid wages (mass, extreme, information) and the review flags set in
comprehensive review: what decides C and A beside the score (§9.2)."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session

from cityscore.core.errors import (
    FailedPrecondition,
    FieldViolation,
    InvalidArgument,
    PreconditionViolation,
    ViolationCollector,
)
from cityscore.core.grpc.auth import Role
from cityscore.core.grpc.convert import date_field, date_from_proto, year_from_proto
from cityscore.core.grpc.rpc import STORED_ROWS, rpc
from cityscore.services.wage_assessment import domain, mapping, models
from cityscore.services.wage_assessment import repository as repo
from cityscore.services.wage_assessment.rpc.common import (
    OFFICE_TEAMS,
    READERS,
    WageCall,
    cycle_id,
    record_correction,
    require_reason,
    review_flag_name,
    unit,
)
from cityscore.wage_assessment.v1 import wage_assessment_service_pb2 as pb


def _checked(year: int, incident: pb.Incident) -> tuple[str, str, dt.date]:
    """Kind, agency and date of an incident as sent, or every bad field named ``incident.*``."""
    found = ViolationCollector()
    for name in ("kind", "source_agency"):
        if getattr(incident, name) == 0:
            found.add(f"incident.{name}", "must be set")
    found.raise_if_any()
    kind = mapping.INCIDENT_KIND.name(incident.kind, "incident.kind")
    agency = mapping.SOURCE_AGENCY.name(incident.source_agency, "incident.source_agency")
    happened = date_from_proto(incident.incident_date, "incident.incident_date")
    domain.check_incident(found, year, happened, incident.people, kind)
    found.raise_if_any("the incident has invalid fields")
    return kind, agency, happened


@rpc(access=OFFICE_TEAMS, writes=True)
def record_incident(request: pb.RecordIncidentRequest, call: WageCall, session: Session
                    ) -> pb.RecordIncidentResponse:
    """An incident dated within the assessment year, while incidents may still be recorded."""
    year = year_from_proto(request.year)
    incident = request.incident
    kind, agency, happened = _checked(year, incident)
    cycle = repo.cycle(session, year=year)
    code = unit(session, call, cycle, incident.district)
    domain.require_stage(cycle.year, cycle.stage, domain.INCIDENT_STAGES, "recording incidents")
    row = repo.save(session, row=models.Incident(
        cycle_id=cycle_id(cycle), unit_code=code, incident_date=happened, kind=kind,
        people=incident.people, government_project=incident.government_project,
        serious_consequence=incident.serious_consequence, source_agency=agency,
        description=incident.description, recorded_by=call.principal.name))
    call.audit(session, action="record", entity_type="incident", entity_id=str(row.id),
               detail={"year": cycle.year, "district": code, "kind": kind,
                       "people": incident.people,
                       "government_project": incident.government_project,
                       "serious_consequence": incident.serious_consequence})
    return pb.RecordIncidentResponse(incident=mapping.incident_to_proto(row))


@rpc(access=OFFICE_TEAMS, scope=STORED_ROWS, writes=True)
def amend_incident(request: pb.AmendIncidentRequest, call: WageCall, session: Session
                   ) -> pb.AmendIncidentResponse:
    """An incident entered wrongly, corrected with a reason: checked like a new one, for the
    district as stored and as it will be; the values before stay in its history."""
    year = year_from_proto(request.year)
    reason = require_reason(request.reason)
    kind, agency, happened = _checked(year, request.incident)
    cycle = repo.cycle(session, year=year)
    row = repo.incident(session, cycle_id=cycle_id(cycle), incident_id=request.id)
    call.require_district(row.unit_code)
    code = unit(session, call, cycle, request.incident.district)
    domain.require_stage(cycle.year, cycle.stage, domain.INCIDENT_STAGES, "correcting incidents")
    if row.withdrawn:
        raise FailedPrecondition("the incident is withdrawn", [PreconditionViolation(
            "WITHDRAWN", f"incident {row.id}", "a withdrawn incident is not amended")])
    before = mapping.incident_document(row)
    row.unit_code, row.incident_date, row.kind, row.source_agency = code, happened, kind, agency
    row.people = request.incident.people
    row.government_project = request.incident.government_project
    row.serious_consequence = request.incident.serious_consequence
    row.description = request.incident.description
    repo.save(session, row=row)
    record_correction(session, call, cycle, code=code, kind="incident", record=str(row.id),
                      action="amend", before=before, after=mapping.incident_document(row),
                      reason=reason)
    return pb.AmendIncidentResponse(incident=mapping.incident_to_proto(row))


def _incident_row(cycle: models.Cycle, incident: pb.Incident,
                  happened: dt.date, call: WageCall) -> models.Incident:
    return models.Incident(
        cycle_id=cycle_id(cycle), unit_code=incident.district, incident_date=happened,
        kind=mapping.INCIDENT_KIND.name(incident.kind, "incident.kind"),
        people=incident.people, government_project=incident.government_project,
        serious_consequence=incident.serious_consequence,
        source_agency=mapping.SOURCE_AGENCY.name(incident.source_agency,
                                                 "incident.source_agency"),
        description=incident.description, recorded_by=call.principal.name)


@rpc(access=OFFICE_TEAMS, writes=True)
def import_incidents(request: pb.ImportIncidentsRequest, call: WageCall, session: Session
                     ) -> pb.ImportIncidentsResponse:
    """Many incidents at once, all or nothing: every row is checked first and each problem
    named ``incidents[k]``; then all are stored in this one transaction (a retry with the
    same request id stores nothing twice)."""
    year = year_from_proto(request.year)
    cycle = repo.cycle(session, year=year)
    domain.require_stage(cycle.year, cycle.stage, domain.INCIDENT_STAGES, "recording incidents")
    units = set(repo.unit_codes(session, cycle_id=cycle_id(cycle)))
    found = ViolationCollector()
    if not request.incidents:
        found.add("incidents", "send at least one incident")
    dates: list[dt.date | None] = []
    for k, incident in enumerate(request.incidents):
        path = f"incidents[{k}]"
        if incident.district not in units:
            found.add(f"{path}.district", f"{incident.district!r} is not assessed in {year}")
        elif not call.principal.may_act_for_district(incident.district):
            found.add(f"{path}.district", "outside the caller's scope")
        if not mapping.SOURCE_AGENCY.name_or(incident.source_agency, ""):
            found.add(f"{path}.source_agency", "must be one of "
                      f"{', '.join(mapping.SOURCE_AGENCY.names)}")
        happened = date_field(incident.incident_date, f"{path}.incident_date", found)
        dates.append(happened)
        domain.check_incident(found, year, happened, incident.people,
                              mapping.INCIDENT_KIND.name_or(incident.kind, ""), path)
    found.raise_if_any("the import has invalid rows; nothing was stored")
    rows = [_incident_row(cycle, incident, happened, call)
            for incident, happened in zip(request.incidents, dates, strict=True)
            if happened is not None]
    repo.save_all(session, rows=rows)
    call.audit(session, action="import", entity_type="incident", entity_id=str(cycle.year),
               detail={"rows": len(rows),
                       "districts": sorted({r.unit_code for r in rows})})
    return pb.ImportIncidentsResponse(incidents=[mapping.incident_to_proto(r) for r in rows])


@rpc(access=READERS, scope=STORED_ROWS)
def list_incidents(request: pb.ListIncidentsRequest, call: WageCall, session: Session
                   ) -> pb.ListIncidentsResponse:
    """The year's incidents; a district office's own unless it names another it may see."""
    cycle = repo.cycle(session, year=year_from_proto(request.year))
    district = request.district
    if call.principal.role is Role.DISTRICT_OFFICE and not district:
        district = call.principal.scope
    if district:
        unit(session, call, cycle, district)
    return pb.ListIncidentsResponse(incidents=[
        mapping.incident_to_proto(row) for row in repo.incidents(
            session, cycle_id=cycle_id(cycle), unit_code=district or None)])


@rpc(access=OFFICE_TEAMS, writes=True)
def set_review_flag(request: pb.SetReviewFlagRequest, call: WageCall, session: Session
                    ) -> pb.SetReviewFlagResponse:
    """A review flag with its reason (§9.2), set or cleared in comprehensive review: one the
    year's grade rules read (the 2018 enum, or any flag by name)."""
    if not request.reason.strip():
        raise InvalidArgument("a review flag needs its reason", [
            FieldViolation("reason", "state why the flag is set (§9.2)")])
    cycle = repo.cycle(session, year=year_from_proto(request.year))
    code = unit(session, call, cycle, request.district)
    flag = review_flag_name(session, cycle, request.flag, request.flag_name)
    domain.require_stage(cycle.year, cycle.stage, ("comprehensive_review",),
                         "setting review flags")
    now = call.now()
    row = repo.review_flag(session, cycle_id=cycle_id(cycle), unit_code=code, flag=flag)
    before = mapping.flag_document(row) if row is not None and not row.withdrawn else None
    row = row or models.ReviewFlag(cycle_id=cycle_id(cycle), unit_code=code, flag=flag,
                                   value=False, reason="", set_by="", set_at=now)
    row.value, row.reason, row.withdrawn = request.value, request.reason.strip(), False
    row.set_by, row.set_at = call.principal.name, now
    repo.save(session, row=row)
    if before is None:
        call.audit(session, action="set_flag", entity_type="review_flag",
                   entity_id=f"{cycle.year}/{code}/{flag}",
                   detail={"value": request.value, "reason": row.reason})
    else:  # a flag in force set again is an amendment, kept in its history
        record_correction(session, call, cycle, code=code, kind="review_flag", record=flag,
                          action="amend", before=before, after=mapping.flag_document(row),
                          reason=row.reason)
    return pb.SetReviewFlagResponse(district=code, flag=mapping.review_flag_label(flag),
                                    value=row.value, set_by=row.set_by, flag_name=flag)
