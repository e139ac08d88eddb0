"""The compliance sweep over every cylinder, its stored counts and replay, and the due list."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass

from sqlmodel import Session

from cityscore.common.v1.common_pb2 import Date
from cityscore.core import operations
from cityscore.core.errors import NotFound, ViolationCollector
from cityscore.core.grpc.auth import READ_ANY, Role
from cityscore.core.grpc.convert import date_field
from cityscore.core.grpc.paging import next_offset_token, offset_from_token, page_size
from cityscore.core.grpc.rpc import HANDLER, STORED_ROWS, enterprise_field, rpc
from cityscore.lpg_registry.v1 import lpg_registry_service_pb2 as pb
from cityscore.services.lpg_registry import domain, mapping, models, queries, repository
from cityscore.services.lpg_registry.rpc import LpgCall
from cityscore.services.lpg_registry.rpc.common import (
    AUDIT_READ,
    CITY,
    scoped_enterprise,
)


def _as_of(value: Date, call: LpgCall) -> dt.date:
    """The day a sweep or due list is computed for: ``as_of`` if set (a calendar date, else
    INVALID_ARGUMENT naming it), else the service clock's today."""
    collector = ViolationCollector()
    day = date_field(value, "as_of", collector, required=False)
    collector.raise_if_any()
    return day or call.today()


@dataclass(frozen=True)
class _Computed:
    """A sweep computed and not yet stored."""

    today: dt.date
    policy: domain.Policy
    inputs: domain.SweepInputs
    outcome: domain.SweepOutcome
    district_of: dict[str, str]


def _compute(session: Session, call: LpgCall, today: dt.date,
             progress: Callable[[int], None] | None = None) -> _Computed:
    """Read the cylinders' columns and run the kernel over them."""
    policy = call.deps.policy(today)
    inputs, district_of = queries.sweep_inputs(session, policy=policy, today=today,
                                               progress=progress)
    return _Computed(today, policy, inputs, domain.run_sweep(inputs), district_of)


def _store(session: Session, call: LpgCall, swept: _Computed) -> pb.RunSweepResponse:
    """Store the sweep with its snapshot for replay, audited; the answer."""
    outcome = swept.outcome
    counts = {"by_enterprise": outcome.by_enterprise,
              "by_district": domain.roll_up(outcome.by_enterprise, swept.district_of)}
    row = repository.add(session, row=models.Sweep(
        swept_on=swept.today, policy_version=swept.policy.version,
        input_digest=swept.inputs.digest(), result_digest=outcome.result_digest,
        cylinders=outcome.cylinders, counts=json.dumps(counts, sort_keys=True),
        inputs=swept.inputs.encode()))
    call.audit(session, action="sweep", entity_type="sweep", entity_id=str(row.id),
               detail={"cylinders": outcome.cylinders, "result_digest": outcome.result_digest})
    return pb.RunSweepResponse(sweep=mapping.sweep_to_proto(row))


@rpc(access=CITY, writes=True)
def run_sweep(request: pb.RunSweepRequest, call: LpgCall, session: Session
              ) -> pb.RunSweepResponse:
    """Every cylinder in service: due within 30 days, overdue, past life (§4), on the day
    ``as_of`` (default today), which the sweep stores as its ``swept_on`` and replays with."""
    return _store(session, call, _compute(session, call, _as_of(request.as_of, call)))


@rpc(access=CITY, writes=True, units=HANDLER)
def start_run_sweep(request: pb.StartRunSweepRequest, call: LpgCall
                    ) -> pb.StartRunSweepResponse:
    """``RunSweep`` of a registry of any size as a long-running operation: the answer is the
    operation, the work runs in the server (progress: RunSweepProgress, the cylinders read
    of all those in service when the sweep began; result: RunSweepResponse, or the error
    RunSweep would have given). The cylinders are read and swept outside any write
    transaction; storing the sweep and the operation's answer is one unit of work."""
    today = _as_of(request.as_of, call)

    def job(operation: operations.JobProgress) -> pb.RunSweepResponse:
        with call.read() as session:
            counted = queries.cylinders_to_sweep(session)
            operation.report(pb.RunSweepProgress(total=counted, note="reading the cylinders"))

            def read(done: int) -> None:
                # The count and the read are one reading unit, one state of the registry:
                # cylinders registered meanwhile are neither counted nor read.
                operation.report(pb.RunSweepProgress(done=done, total=counted,
                                                     note="reading the cylinders"))

            swept = _compute(session, call, today, read)
        finished = pb.RunSweepProgress(done=swept.outcome.cylinders,
                                       total=swept.outcome.cylinders, note="stored")
        operation.report(pb.RunSweepProgress(done=swept.outcome.cylinders,
                                             total=swept.outcome.cylinders,
                                             note="storing the sweep"))
        with call.write() as session:
            response = _store(session, call, swept)
            operation.complete(session, response, finished)
        return response

    return operations.start(call, request, pb.StartRunSweepResponse,
                            pb.RunSweepProgress(note="waiting for a worker"), job)


@rpc(access=READ_ANY, scope=STORED_ROWS)
def get_sweep(request: pb.GetSweepRequest, call: LpgCall, session: Session
              ) -> pb.GetSweepResponse:
    """Enterprises see their own counts; district offices their district and its
    enterprises (by the enterprises' stored districts); city-wide roles everything."""
    row = repository.sweep(session, sweep_id=request.sweep_id)
    if row is None:
        raise NotFound("sweep", str(request.sweep_id or "latest"))
    sweep = mapping.sweep_to_proto(row)
    principal = call.principal
    if principal.role in (Role.LPG_ENTERPRISE, Role.DISTRICT_OFFICE):
        district_of = queries.enterprise_districts(session)
        mine = [c for c in sweep.by_enterprise
                if principal.scope in (c.key, district_of.get(c.key))]
        districts = [c for c in sweep.by_district if c.key == principal.scope]
        del sweep.by_enterprise[:]
        del sweep.by_district[:]
        sweep.by_enterprise.extend(mine)
        sweep.by_district.extend(districts)
    return pb.GetSweepResponse(sweep=sweep)


@rpc(access=READ_ANY, scope=enterprise_field("enterprise_id"))
def list_due_cylinders(request: pb.ListDueCylindersRequest, call: LpgCall, session: Session
                       ) -> pb.ListDueCylindersResponse:
    """An enterprise's cylinders to act on on the day ``as_of`` (default today), soonest
    first, a page at a time; the supplier notifies the user within 30 days before a due date
    (§4)."""
    size = page_size(request.page_size)
    offset = offset_from_token(request.page_token, "due_cylinders")
    as_of = _as_of(request.as_of, call)
    scoped_enterprise(session, call, request.enterprise_id)
    due = queries.due_cylinders(session, policy=call.deps.policy(as_of),
                                enterprise_id=request.enterprise_id, today=as_of)
    shown = due[offset:offset + size + 1]
    return pb.ListDueCylindersResponse(
        total=len(due), cylinders=[mapping.due_to_proto(c, s) for c, s in shown[:size]],
        next_page_token=next_offset_token("due_cylinders", offset, size, len(shown)))


@rpc(access=AUDIT_READ)
def replay_sweep(request: pb.ReplaySweepRequest, call: LpgCall, session: Session
                 ) -> pb.ReplaySweepResponse:
    """Recompute a stored sweep from its stored inputs and compare digests and counts."""
    row = repository.get(session, model=models.Sweep, key=request.sweep_id)
    if row is None:
        raise NotFound("sweep", str(request.sweep_id))
    inputs = domain.SweepInputs.decode(row.inputs)
    outcome = domain.run_sweep(inputs)
    stored = json.loads(row.counts)
    differences = domain.count_differences(stored["by_enterprise"], outcome.by_enterprise)
    differences += domain.count_differences(
        stored["by_district"],
        domain.roll_up(outcome.by_enterprise, queries.enterprise_districts(session)))
    if inputs.digest() != row.input_digest:
        differences.insert(0, "inputs")
    return pb.ReplaySweepResponse(
        matches=not differences and outcome.result_digest == row.result_digest,
        stored_result_digest=row.result_digest,
        replayed_result_digest=outcome.result_digest, differences=differences)
