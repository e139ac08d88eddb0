"""Safety inspections of users and enterprises, and the hazards they find (§8)."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session

from cityscore.core.errors import FieldViolation, InvalidArgument, NotFound, ViolationCollector
from cityscore.core.grpc.auth import READ_ANY, Role
from cityscore.core.grpc.convert import date_field
from cityscore.core.grpc.rpc import STORED_ROWS, rpc
from cityscore.lpg_registry.v1 import lpg_registry_service_pb2 as pb
from cityscore.services.lpg_registry import domain, mapping, models, queries, repository
from cityscore.services.lpg_registry.rpc import LpgCall
from cityscore.services.lpg_registry.rpc.common import (
    ANY_WRITER,
    key_after,
    page,
    scoped_enterprise,
    scoped_user,
)


def _findings(catalogue: domain.SafetyCatalogue, request: pb.RecordSafetyInspectionRequest,
              subject: str, user_type: str | None, inspected_on: dt.date,
              collector: ViolationCollector
              ) -> list[tuple[pb.Hazard, str, str, dt.date | None]]:
    """Each finding as (hazard, catalogue item, severity, rectify by): the item must be an
    enabled catalogue item of this subject and user kind; an unset severity is the item's
    default (§8.1-§8.2)."""
    found = []
    for i, hazard in enumerate(request.hazards):
        rule_id = hazard.rule_id.strip().upper()
        problem = catalogue.finding_problem(rule_id, subject, user_type) if rule_id \
            else "is required"
        if problem:
            collector.add(f"hazards[{i}].rule_id", problem)
        severity = mapping.SEVERITY.name_or(hazard.severity, mapping.UNSPECIFIED)
        if hazard.severity and severity == mapping.UNSPECIFIED:
            collector.add(f"hazards[{i}].severity", "stop supply, do not connect or warn")
        elif severity == mapping.UNSPECIFIED and not problem:
            severity = catalogue.items[rule_id].default_severity
        rectify_by = date_field(hazard.rectify_by, f"hazards[{i}].rectify_by", collector,
                                required=False)
        if rectify_by is not None and rectify_by < inspected_on:
            collector.add(f"hazards[{i}].rectify_by", "is before the inspection")
        found.append((hazard, rule_id, severity, rectify_by))
    return found


@rpc(access=ANY_WRITER, scope=STORED_ROWS, writes=True)
def record_safety_inspection(request: pb.RecordSafetyInspectionRequest, call: LpgCall,
                             session: Session) -> pb.RecordSafetyInspectionResponse:
    """Users by their enterprise (E3), enterprises by the authorities (¶四); every finding
    names an item of the safety catalogue in force on the inspection day, and an open one
    must be rectified by the day given or the policy's default period after the inspection."""
    collector = ViolationCollector()
    subject = mapping.INSPECTION_SUBJECT.name_or(request.subject, mapping.UNSPECIFIED)
    if subject == mapping.UNSPECIFIED:
        collector.add("subject", "user or enterprise")
    collector.require_text("inspector", request.inspector)
    inspected_on = date_field(request.inspected_on, "inspected_on", collector)
    if inspected_on is not None and inspected_on > call.today():
        collector.add("inspected_on", "is in the future")
    collector.raise_if_any()
    assert inspected_on is not None
    user_id: int | None = None
    user_type: str | None = None
    if subject == domain.USER_SUBJECT:
        user = scoped_user(session, call, request.user_id)
        user_id, enterprise_id, user_type = user.user_id, user.enterprise_id, user.user_type
    else:
        call.require_role(Role.CITY_OFFICE, Role.DISTRICT_OFFICE)
        enterprise_id = scoped_enterprise(session, call, request.enterprise_id).enterprise_id
    catalogue = call.deps.catalogue(inspected_on)
    hazards = _findings(catalogue, request, subject, user_type, inspected_on, collector)
    collector.raise_if_any("the findings are invalid")
    inspection = repository.add(session, row=models.Inspection(
        subject=subject, user_id=user_id, enterprise_id=enterprise_id,
        inspector=request.inspector, inspected_on=inspected_on,
        catalogue_version=catalogue.version))
    default_rectify_by = inspected_on + dt.timedelta(
        days=call.deps.policy(inspected_on).hazard_rectify_days)
    rows = [repository.add(session, row=models.Hazard(
        inspection_id=inspection.id, user_id=user_id, enterprise_id=enterprise_id,
        rule_id=rule_id, severity=severity, note=h.note,
        rectify_by=rectify_by or default_rectify_by))
        for h, rule_id, severity, rectify_by in hazards]
    call.audit(session, action="inspect", entity_type=subject.lower(),
               entity_id=str(user_id or enterprise_id),
               detail={"inspection_id": inspection.id, "catalogue": catalogue.version,
                       "hazards": [h.rule_id for h in rows]})
    return pb.RecordSafetyInspectionResponse(
        inspection_id=inspection.id, hazards=[mapping.hazard_to_proto(h) for h in rows],
        catalogue_version=catalogue.version)


@rpc(access=ANY_WRITER, scope=STORED_ROWS, writes=True)
def rectify_hazard(request: pb.RectifyHazardRequest, call: LpgCall, session: Session
                   ) -> pb.RectifyHazardResponse:
    hazard = repository.get(session, model=models.Hazard, key=request.hazard_id)
    if hazard is None:
        raise NotFound("hazard", str(request.hazard_id))
    if hazard.user_id is not None:
        scoped_user(session, call, hazard.user_id)
    else:
        scoped_enterprise(session, call, hazard.enterprise_id)
    hazard.open, hazard.closed_on = False, call.today()
    repository.add(session, row=hazard)
    call.audit(session, action="rectify", entity_type="hazard", entity_id=str(hazard.id))
    return pb.RectifyHazardResponse(hazard=mapping.hazard_to_proto(hazard))


@rpc(access=READ_ANY)
def get_safety_catalogue(request: pb.GetSafetyCatalogueRequest, call: LpgCall,
                         session: Session) -> pb.GetSafetyCatalogueResponse:
    """The catalogue of the policy in force on ``as_of`` (default today)."""
    collector = ViolationCollector()
    day = date_field(request.as_of, "as_of", collector, required=False) or call.today()
    collector.raise_if_any()
    policy = call.deps.policy(day)
    catalogue = call.deps.catalogue(day)
    return pb.GetSafetyCatalogueResponse(
        catalogue_version=catalogue.version, policy_version=policy.version,
        items=[mapping.safety_item_to_proto(item) for item in catalogue.items.values()])


@rpc(access=READ_ANY)
def get_finding_report(request: pb.GetFindingReportRequest, call: LpgCall, session: Session
                       ) -> pb.GetFindingReportResponse:
    """Findings by catalogue item and severity in the caller's scope: open, rectified, and
    open past their rectification day (on the service clock's today)."""
    counts = queries.finding_counts(session, enterprise_id=call.own_enterprise("") or None,
                                    district=call.own_district("") or None,
                                    today=call.today())
    return pb.GetFindingReportResponse(counts=[
        pb.FindingCount(rule_id=rule_id, severity=mapping.SEVERITY.label(severity),
                        open=tally.open, rectified=tally.rectified, overdue=tally.overdue)
        for (rule_id, severity), tally in counts])


@rpc(access=READ_ANY, scope=STORED_ROWS)
def list_hazards(request: pb.ListHazardsRequest, call: LpgCall, session: Session
                 ) -> pb.ListHazardsResponse:
    """A user's findings, or an enterprise's and its users', for whoever may see them."""
    wanted = page("hazard", request.page_size, request.page_token)
    if request.user_id:
        user_id: int | None = scoped_user(session, call, request.user_id).user_id
        enterprise_id = None
    else:
        if not request.enterprise_id:
            raise InvalidArgument("say whose findings", [FieldViolation(
                "user_id", "give a user id or an enterprise id")])
        user_id = None
        enterprise_id = scoped_enterprise(session, call, request.enterprise_id).enterprise_id
    rows = repository.hazards(session, user_id=user_id, enterprise_id=enterprise_id,
                              include_rectified=request.include_rectified,
                              after_id=key_after(wanted), limit=wanted.size + 1)
    return pb.ListHazardsResponse(hazards=[mapping.hazard_to_proto(h) for h in rows[:wanted.size]],
                                  next_page_token=wanted.next_token([h.id for h in rows]))
