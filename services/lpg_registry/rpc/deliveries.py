"""Deliveries: real-name sale, checked before the truck leaves and recorded at the door (§7)."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session

from cityscore.core.errors import FailedPrecondition, NotFound, ViolationCollector
from cityscore.core.grpc.auth import READ_ANY
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
    policy_today,
)


def _facts(session: Session, call: LpgCall, plan: pb.DeliveryPlan, *, lock: bool,
           day: dt.date, policy: domain.Policy) -> repository.DeliveryRead:
    """What the delivery rules read, as of ``day`` (the day it happens or happened), for a
    caller who may act for the plan's enterprise (its own, or one of its district's)."""
    collector = ViolationCollector()
    collector.require_text("plan.enterprise_id", plan.enterprise_id)
    if plan.user_id <= 0:
        collector.add("plan.user_id", "is required")
    collect(domain.delivery_shape_problems(plan.cylinders_out, plan.empties_back), collector)
    collector.raise_if_any()
    call.require_enterprise(plan.enterprise_id)
    read = repository.delivery_facts(
        session, policy=policy, enterprise_id=plan.enterprise_id, user_id=plan.user_id,
        staff_id=plan.staff_id, vehicle_plate=plan.vehicle_plate,
        cylinders_out=plan.cylinders_out, empties_back=plan.empties_back, lock=lock,
        today=day)
    if read is None:
        raise NotFound("enterprise", plan.enterprise_id)
    call.require_district(read.enterprise_district)
    return read


@rpc(access=READ_ANY, scope=enterprise_field("plan.enterprise_id"))
def check_delivery(request: pb.CheckDeliveryRequest, call: LpgCall, session: Session
                   ) -> pb.CheckDeliveryResponse:
    """What ``RecordDelivery`` would refuse now, writing nothing."""
    today = call.today()
    read = _facts(session, call, request.plan, lock=False, day=today,
                  policy=policy_today(call))
    outcome = domain.check_delivery(read.facts, today)
    return pb.CheckDeliveryResponse(
        allowed=not outcome.refusals,
        refusals=[pb.Refusal(code=v.type, subject=v.subject, description=v.description)
                  for v in outcome.refusals])


@rpc(access=ENTERPRISE_ONLY, scope=enterprise_field("plan.enterprise_id"), writes=True,
     units=HANDLER)
def record_delivery(request: pb.RecordDeliveryRequest, call: LpgCall
                    ) -> pb.RecordDeliveryResponse:
    """Cylinders out go to the user, empties come back on the vehicle (§7). Two units of
    work: the delivery, and if it is refused the refusal (``keep_refusal``). The rules are
    checked as of the day it happened (``occurred_at``, the courier's device; see
    ``record_fill``)."""
    plan = request.plan
    district: list[str] = []
    when = moment(call, request)

    def work(session: Session) -> pb.RecordDeliveryResponse:
        today = when.day
        read = _facts(session, call, plan, lock=True, day=today, policy=when.policy)
        user = read.facts.user
        if user is not None and read.user_district is not None \
                and user.enterprise_id == plan.enterprise_id:
            district.append(read.user_district)
        outcome = domain.check_delivery(read.facts, today)
        refusals = when.lateness_refusals(f"user {plan.user_id}") + outcome.refusals
        if refusals:
            raise FailedPrecondition("the delivery is refused", refusals,
                                     reason="DELIVERY_REFUSED")
        assert user is not None
        plate = plan.vehicle_plate.upper()
        for code in plan.cylinders_out:
            repository.move_cylinder(session, trace_code=code, version=read.versions[code],
                                     location_kind=domain.AT_USER,
                                     location_id=str(user.user_id), filled=False)
        for code in plan.empties_back:
            repository.move_cylinder(session, trace_code=code, version=read.versions[code],
                                     location_kind=domain.ON_VEHICLE, location_id=plate,
                                     filled=False)
        repository.escalate_hazards(session, hazard_ids=outcome.escalate_hazards)
        record = repository.add(session, row=models.Delivery(
            enterprise_id=plan.enterprise_id, user_id=plan.user_id, staff_id=plan.staff_id,
            vehicle_plate=plate, delivered_on=today, cylinders_out=" ".join(plan.cylinders_out),
            empties_back=" ".join(plan.empties_back), connected=outcome.connected,
            occurred_at=when.occurred_at, received_at=when.received_at,
            days_late=when.days_late))
        where = " ".join([f"user {user.user_id}", *late_note(when)])
        repository.add_events(session, trace_codes=plan.cylinders_out, on=today,
                              event="delivered", detail=where)
        repository.add_events(session, trace_codes=plan.empties_back, on=today,
                              event="returned", detail=f"from {where}")
        call.audit(session, action="deliver", entity_type="user", entity_id=str(user.user_id),
                   detail={"delivery_id": record.id, "out": list(plan.cylinders_out),
                           "back": list(plan.empties_back), "connected": outcome.connected,
                           "occurred_at": when.occurred_at.isoformat(),
                           "days_late": when.days_late})
        count_accepted(call, "delivery", when)
        return pb.RecordDeliveryResponse(
            delivery_id=record.id, connected=outcome.connected,
            held_cylinders=repository.held_cylinders(session, user_id=plan.user_id),
            occurred_on=date_to_proto(today), days_late=when.days_late)

    try:
        response = call.mutate(request, pb.RecordDeliveryResponse, work)
    except FailedPrecondition as refused:
        keep_refusal(call, kind="DELIVERY", request_id=request.request_id,
                     enterprise_id=plan.enterprise_id,
                     district=district[0] if district else None,
                     trace_codes=[*plan.cylinders_out, *plan.empties_back], refused=refused)
        raise
    return response
