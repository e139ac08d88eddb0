"""The compliance sweep over every cylinder, its stored counts and replay, and the due list."""

from __future__ import annotations

import datetime as dt
import json

from sqlmodel import Session

from cityscore.common.v1.common_pb2 import Date
from cityscore.core.errors import NotFound, ViolationCollector
from cityscore.core.grpc.auth import READ_ANY, Role
from cityscore.core.grpc.convert import date_field
from cityscore.core.grpc.paging import page_size
from cityscore.core.grpc.rpc import STORED_ROWS, enterprise_field, rpc
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


@rpc(access=CITY, writes=True)
def run_sweep(request: pb.RunSweepRequest, call: LpgCall, session: Session
              ) -> pb.RunSweepResponse:
    """Every cylinder in service: due within 30 days, overdue, past life (§4), on the day
    ``as_of`` (default today), which the sweep stores as its ``swept_on`` and replays with."""
    today = _as_of(request.as_of, call)
    policy = call.deps.policy(today)
    inputs, district_of = queries.sweep_inputs(session, policy=policy, today=today)
    outcome = domain.run_sweep(inputs)
    counts = {"by_enterprise": outcome.by_enterprise,
              "by_district": domain.roll_up(outcome.by_enterprise, district_of)}
    row = repository.add(session, row=models.Sweep(
        swept_on=today, policy_version=policy.version, input_digest=inputs.digest(),
        result_digest=outcome.result_digest, cylinders=outcome.cylinders,
        counts=json.dumps(counts, sort_keys=True), inputs=inputs.encode()))
    call.audit(session, action="sweep", entity_type="sweep", entity_id=str(row.id),
               detail={"cylinders": outcome.cylinders, "result_digest": outcome.result_digest})
    return pb.RunSweepResponse(sweep=mapping.sweep_to_proto(row))


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
    first; the supplier notifies the user within 30 days before a due date (§4)."""
    size = page_size(request.page_size)
    as_of = _as_of(request.as_of, call)
    scoped_enterprise(session, call, request.enterprise_id)
    due = queries.due_cylinders(session, policy=call.deps.policy(as_of),
                                enterprise_id=request.enterprise_id, today=as_of)
    return pb.ListDueCylindersResponse(
        total=len(due), cylinders=[mapping.due_to_proto(c, s) for c, s in due[:size]])


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
