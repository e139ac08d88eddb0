"""Safety inspections of users and enterprises, and the hazards they find (§8)."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session

from cityscore.core.errors import NotFound, ViolationCollector
from cityscore.core.grpc.auth import Role
from cityscore.core.grpc.convert import date_field
from cityscore.core.grpc.rpc import STORED_ROWS, rpc
from cityscore.lpg_registry.v1 import lpg_registry_service_pb2 as pb
from cityscore.services.lpg_registry import mapping, models, repository
from cityscore.services.lpg_registry.rpc import LpgCall
from cityscore.services.lpg_registry.rpc.common import (
    ANY_WRITER,
    required,
    scoped_enterprise,
    scoped_user,
)


@rpc(access=ANY_WRITER, scope=STORED_ROWS, writes=True)
def record_safety_inspection(request: pb.RecordSafetyInspectionRequest, call: LpgCall,
                             session: Session) -> pb.RecordSafetyInspectionResponse:
    """Users by their enterprise (E3), enterprises by the authorities (¶四)."""
    collector = ViolationCollector()
    subject = mapping.INSPECTION_SUBJECT.name_or(request.subject, mapping.UNSPECIFIED)
    if subject == mapping.UNSPECIFIED:
        collector.add("subject", "user or enterprise")
    required(collector, "inspector", request.inspector)
    inspected_on = date_field(request.inspected_on, "inspected_on", collector)
    if inspected_on is not None and inspected_on > call.today():
        collector.add("inspected_on", "is in the future")
    hazards = []
    for i, hazard in enumerate(request.hazards):
        required(collector, f"hazards[{i}].rule_id", hazard.rule_id)
        severity = mapping.SEVERITY.name_or(hazard.severity, mapping.UNSPECIFIED)
        if severity == mapping.UNSPECIFIED:
            collector.add(f"hazards[{i}].severity", "stop supply, do not connect or warn")
        rectify_by = date_field(hazard.rectify_by, f"hazards[{i}].rectify_by", collector,
                                required=False)
        hazards.append((hazard, severity, rectify_by))
    collector.raise_if_any()
    assert inspected_on is not None
    user_id: int | None = None
    if subject == "USER":
        user = scoped_user(session, call, request.user_id)
        user_id, enterprise_id = user.user_id, user.enterprise_id
    else:
        call.require_role(Role.CITY_OFFICE, Role.DISTRICT_OFFICE)
        enterprise_id = scoped_enterprise(session, call, request.enterprise_id).enterprise_id
    inspection = repository.add(session, row=models.Inspection(
        subject=subject, user_id=user_id, enterprise_id=enterprise_id,
        inspector=request.inspector, inspected_on=inspected_on))
    default_rectify_by = inspected_on + dt.timedelta(days=call.deps.policy.hazard_rectify_days)
    rows = [repository.add(session, row=models.Hazard(
        inspection_id=inspection.id, user_id=user_id, enterprise_id=enterprise_id,
        rule_id=h.rule_id, severity=severity, note=h.note,
        rectify_by=rectify_by or default_rectify_by)) for h, severity, rectify_by in hazards]
    call.audit(session, action="inspect", entity_type=subject.lower(),
               entity_id=str(user_id or enterprise_id),
               detail={"inspection_id": inspection.id, "hazards": [h.rule_id for h in rows]})
    return pb.RecordSafetyInspectionResponse(
        inspection_id=inspection.id, hazards=[mapping.hazard_to_proto(h) for h in rows])


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
