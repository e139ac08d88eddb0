"""The plan's 45-task annex as a tracker: the annex's wording with status and evidence."""

from __future__ import annotations

from sqlmodel import Session

from cityscore.core.errors import NotFound, ViolationCollector
from cityscore.core.grpc.convert import date_field
from cityscore.core.grpc.rpc import rpc
from cityscore.services.special_equipment import domain, mapping, models, repository
from cityscore.services.special_equipment.rpc import EquipmentCall
from cityscore.services.special_equipment.rpc.common import CITY, READERS, as_of
from cityscore.special_equipment.v1 import special_equipment_service_pb2 as pb


@rpc(access=READERS)
def list_annex_tasks(request: pb.ListAnnexTasksRequest, call: EquipmentCall,
                     session: Session) -> pb.ListAnnexTasksResponse:
    """Every task (or the overdue ones) as it stood on ``as_of`` (default today), each with
    its status and evidence in force that day: a task not done after 31 December of its
    timeline's last year is overdue."""
    day = as_of(request.as_of, call)
    _version, tasks = domain.annex()
    states = repository.annex_changes(session, as_of=day)
    listed = [mapping.task_to_proto(t, states.get(t.number), day) for t in tasks]
    overdue = [t for t in listed if t.overdue]
    return pb.ListAnnexTasksResponse(tasks=overdue if request.overdue_only else listed,
                                     overdue=len(overdue))


@rpc(access=CITY, writes=True)
def update_annex_task(request: pb.UpdateAnnexTaskRequest, call: EquipmentCall,
                      session: Session) -> pb.UpdateAnnexTaskResponse:
    """Record a task's status and evidence from ``effective_on`` (default today); the
    earlier statuses and their evidence are kept, the reason goes with the change and to the
    audit log. A task is marked done only with its evidence, and a change never begins
    before the task's latest one."""
    status = mapping.TASK_STATUS.name(request.status, "status")
    _version, tasks = domain.annex()
    task = next((t for t in tasks if t.number == request.number), None)
    if task is None:
        raise NotFound("annex task", str(request.number))
    collector = ViolationCollector()
    today = call.today()
    effective = date_field(request.effective_on, "effective_on", collector,
                           required=False) or today
    collector.require_text("reason", request.reason)
    if status == domain.DONE and not request.evidence.strip():
        collector.add("evidence", "is required to mark a task done")
    before = repository.annex_changes(session).get(task.number)
    if effective > today:
        collector.add("effective_on", "is after today")
    elif before is not None and effective < before.effective_on:
        collector.add("effective_on", "the task's latest change holds from "
                      f"{before.effective_on.isoformat()}; a change cannot begin before it")
    collector.raise_if_any("the update is incomplete")
    row = repository.add(session, row=models.AnnexTaskChange(
        number=task.number, status=status, evidence=request.evidence.strip(),
        effective_on=effective, recorded_on=today, recorded_by=call.principal.name,
        reason=request.reason.strip()))
    call.audit(session, action="update", entity_type="annex_task", entity_id=str(task.number),
               detail={"status": status, "effective_on": effective.isoformat(),
                       "reason": request.reason.strip()})
    return pb.UpdateAnnexTaskResponse(task=mapping.task_to_proto(task, row, today))
