"""Fills: every rule checked at the station's scale; a refusal is kept though nothing is filled."""

from __future__ import annotations

from sqlmodel import Session

from cityscore.core.errors import FailedPrecondition, ViolationCollector
from cityscore.core.grpc.convert import date_to_proto
from cityscore.core.grpc.rpc import HANDLER, enterprise_field, rpc
from cityscore.lpg_registry.v1 import lpg_registry_service_pb2 as pb
from cityscore.services.lpg_registry import domain, models, repository
from cityscore.services.lpg_registry.rpc import LpgCall
from cityscore.services.lpg_registry.rpc.common import (
    ENTERPRISE_ONLY,
    collect,
    count_accepted,
    keep_refusal,
    late_note,
    moment,
    scoped_enterprise,
)


@rpc(access=ENTERPRISE_ONLY, scope=enterprise_field("enterprise_id"), writes=True,
     units=HANDLER)
def record_fill(request: pb.RecordFillRequest, call: LpgCall) -> pb.RecordFillResponse:
    """Two units of work: the fill, and if it is refused the refusal (``keep_refusal``).

    The rules are checked as of the day the fill happened (``occurred_at``, the scale's time;
    unset: now), with the policy in force that day; an upload later than the policy's window
    is refused (RECORD_TOO_LATE), one dated ahead of the server is bad input.
    """
    collector = ViolationCollector()
    for name in ("enterprise_id", "station_id", "trace_code"):
        collector.require_text(name, getattr(request, name))
    collector.raise_if_any()
    when = moment(call, request)
    fill = domain.FillRequest(
        enterprise_id=request.enterprise_id, station_id=request.station_id, filler=None,
        rechecker=None, pre_check_passed=request.pre_check_passed,
        post_check_passed=request.post_check_passed, empty_gross_g=request.empty_gross_g,
        full_gross_g=request.full_gross_g, reweigh_gross_g=request.reweigh_gross_g)

    def work(session: Session) -> pb.RecordFillResponse:
        today, policy = when.day, when.policy
        enterprise = scoped_enterprise(session, call, request.enterprise_id)
        facts, row = repository.fill_facts(
            session, policy=policy, enterprise=enterprise, trace_code=request.trace_code,
            filler_staff_id=request.filler_staff_id,
            rechecker_staff_id=request.rechecker_staff_id, today=today)
        problems = ViolationCollector()
        collect(domain.fill_mass_problems(fill, facts.cylinder.tare_g), problems)
        problems.raise_if_any("the fill's masses are invalid")
        outcome = domain.check_fill_facts(policy, facts, fill, today)
        refusals = when.lateness_refusals(row.trace_code) + outcome.refusals
        if refusals:
            raise FailedPrecondition("the fill is refused", refusals, reason="FILL_REFUSED")
        record = repository.add(session, row=models.Fill(
            trace_code=row.trace_code, enterprise_id=request.enterprise_id,
            station_id=request.station_id, filler_staff_id=request.filler_staff_id,
            rechecker_staff_id=request.rechecker_staff_id, filled_on=today,
            empty_gross_g=request.empty_gross_g, full_gross_g=request.full_gross_g,
            reweigh_gross_g=request.reweigh_gross_g, content_g=outcome.content_g,
            residual_g=outcome.residual_g, flags=" ".join(outcome.flags),
            policy_version=policy.version, occurred_at=when.occurred_at,
            received_at=when.received_at, days_late=when.days_late))
        repository.move_cylinder(session, trace_code=row.trace_code, version=row.version,
                                 location_kind=row.location_kind,
                                 location_id=row.location_id, filled=True)
        repository.add_events(session, trace_codes=[row.trace_code], on=today, event="filled",
                              detail=" ".join([f"{outcome.content_g} g", *outcome.flags,
                                               *late_note(when)]))
        call.audit(session, action="fill", entity_type="cylinder", entity_id=row.trace_code,
                   detail={"fill_id": record.id, "content_g": outcome.content_g,
                           "occurred_at": when.occurred_at.isoformat(),
                           "days_late": when.days_late})
        count_accepted(call, "fill", when)
        return pb.RecordFillResponse(fill_id=record.id, content_g=outcome.content_g,
                                     residual_g=outcome.residual_g, flags=outcome.flags,
                                     occurred_on=date_to_proto(today),
                                     days_late=when.days_late)

    try:
        response = call.mutate(request, pb.RecordFillResponse, work)
    except FailedPrecondition as refused:
        keep_refusal(call, kind="FILL", request_id=request.request_id,
                     enterprise_id=request.enterprise_id, district=None,
                     trace_codes=[request.trace_code], refused=refused)
        raise
    return response
