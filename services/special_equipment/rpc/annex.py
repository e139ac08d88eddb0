"""The plan's 45-task annex as a tracker: the annex's wording with status and evidence."""

from __future__ import annotations

from sqlmodel import Session

from cityscore.core.errors import FieldViolation, InvalidArgument, NotFound
from cityscore.core.grpc.rpc import rpc
from cityscore.services.special_equipment import domain, mapping, models, repository
from cityscore.services.special_equipment.rpc import EquipmentCall
from cityscore.services.special_equipment.rpc.common import CITY, READERS, as_of
from cityscore.special_equipment.v1 import special_equipment_service_pb2 as pb


@rpc(access=READERS)
def list_annex_tasks(request: pb.ListAnnexTasksRequest, call: EquipmentCall,
                     session: Session) -> pb.ListAnnexTasksResponse:
    """Every task (or the overdue ones) on ``as_of`` (default today): a task not done after
    31 December of its timeline's last year is overdue."""
    day = as_of(request.as_of, call)
    _version, tasks = domain.annex()
    states = repository.annex_states(session)
    listed = [mapping.task_to_proto(t, states.get(t.number), day) for t in tasks]
    overdue = [t for t in listed if t.overdue]
    return pb.ListAnnexTasksResponse(tasks=overdue if request.overdue_only else listed,
                                     overdue=len(overdue))


@rpc(access=CITY, writes=True)
def update_annex_task(request: pb.UpdateAnnexTaskRequest, call: EquipmentCall,
                      session: Session) -> pb.UpdateAnnexTaskResponse:
    """Set a task's status and evidence; the reason goes to the audit log. A task is marked
    done only with its evidence."""
    status = mapping.TASK_STATUS.name(request.status, "status")
    _version, tasks = domain.annex()
    task = next((t for t in tasks if t.number == request.number), None)
    if task is None:
        raise NotFound("annex task", str(request.number))
    problems = []
    if not request.reason.strip():
        problems.append(FieldViolation("reason", "is required"))
    if status == domain.DONE and not request.evidence.strip():
        problems.append(FieldViolation("evidence", "is required to mark a task done"))
    if problems:
        raise InvalidArgument("the update is incomplete", problems)
    row = repository.annex_states(session).get(task.number)
    if row is None:
        row = models.AnnexTaskState(number=task.number, status=status,
                                    evidence=request.evidence.strip(), updated_on=call.today())
    else:
        row.status, row.evidence = status, request.evidence.strip()
        row.updated_on, row.version = call.today(), row.version + 1
    repository.add(session, row=row)
    call.audit(session, action="update", entity_type="annex_task", entity_id=str(task.number),
               detail={"status": status, "reason": request.reason.strip()})
    return pb.UpdateAnnexTaskResponse(task=mapping.task_to_proto(task, row, call.today()))
