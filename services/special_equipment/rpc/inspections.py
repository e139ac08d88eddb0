"""The periodic-inspection sweep over every elevator, its replay, and a district's due list."""

from __future__ import annotations

import json

from sqlmodel import Session

from cityscore.core.errors import NotFound
from cityscore.core.grpc.convert import date_to_proto
from cityscore.core.grpc.paging import next_offset_token, offset_from_token, page_size
from cityscore.core.grpc.rpc import district_field, rpc
from cityscore.services.special_equipment import domain, mapping, models, queries, repository
from cityscore.services.special_equipment.rpc import EquipmentCall
from cityscore.services.special_equipment.rpc.common import (
    AUDIT,
    CITY,
    READERS,
    as_of,
)
from cityscore.special_equipment.v1 import special_equipment_service_pb2 as pb


@rpc(access=CITY, writes=True)
def run_inspection_sweep(request: pb.RunInspectionSweepRequest, call: EquipmentCall,
                         session: Session) -> pb.RunInspectionSweepResponse:
    """Every elevator's periodic-inspection status on ``as_of`` (default today) under the
    policy in force that day, counted per district and stored with its inputs."""
    day = as_of(request.as_of, call)
    inputs, _codes = queries.sweep_inputs(session, policy_version=domain.version_on(
        "policy", day), today=day)
    outcome = domain.run_sweep(inputs)
    row = repository.add(session, row=models.InspectionSweep(
        swept_on=day, policy_version=inputs.policy_version, input_digest=inputs.digest(),
        result_digest=outcome.result_digest, elevators=outcome.elevators,
        counts=json.dumps(outcome.by_district, sort_keys=True), inputs=inputs.encode()))
    call.audit(session, action="sweep", entity_type="sweep", entity_id=str(row.id),
               detail={"elevators": outcome.elevators, "result_digest": outcome.result_digest})
    return pb.RunInspectionSweepResponse(sweep=mapping.sweep_to_proto(row, outcome.by_district))


@rpc(access=READERS, scope=district_field("district"))
def list_due_inspections(request: pb.ListDueInspectionsRequest, call: EquipmentCall,
                         session: Session) -> pb.ListDueInspectionsResponse:
    """Elevators due within the warning days or overdue on ``as_of``, soonest first."""
    size = page_size(request.page_size)
    start = offset_from_token(request.page_token, "due_inspections")
    day = as_of(request.as_of, call)
    district = call.own_district(request.district)
    policy = domain.inspection_policy(domain.version_on("policy", day))
    inputs, codes = queries.sweep_inputs(session, policy_version=policy.version, today=day,
                                         district=district)
    result = domain.inspection_status(policy, day, inputs.in_use_day,
                                      inputs.last_inspection_day, inputs.last_inspection_failed)
    due = sorted((int(result.days_left[i]), codes[i], i)
                 for i in range(len(codes)) if result.status[i] > 0)
    page = due[start:start + size]
    stored = repository.elevators_by_code(session, codes=[code for _d, code, _i in page])
    return pb.ListDueInspectionsResponse(
        total=len(due),
        next_page_token=next_offset_token("due_inspections", start, size, len(due) - start),
        due=[pb.DueInspection(
            registration_code=code, district=stored[code].district,
            address=stored[code].address,
            next_inspection=date_to_proto(domain.date_of_day(int(result.next_inspection[i]))),
            days_left=days, status=mapping.INSPECTION_STATUS.label(
                mapping.status_name(int(result.status[i]))))
            for days, code, i in page])


@rpc(access=AUDIT)
def replay_inspection_sweep(request: pb.ReplayInspectionSweepRequest, call: EquipmentCall,
                            session: Session) -> pb.ReplayInspectionSweepResponse:
    """Recompute a stored sweep from its stored inputs and compare digests and counts."""
    row = repository.get(session, model=models.InspectionSweep, key=request.sweep_id)
    if row is None:
        raise NotFound("sweep", str(request.sweep_id))
    inputs = domain.SweepInputs.decode(row.inputs)
    outcome = domain.run_sweep(inputs)
    differences = domain.differences(json.loads(row.counts), outcome.by_district)
    if inputs.digest() != row.input_digest:
        differences.insert(0, "inputs")
    return pb.ReplayInspectionSweepResponse(
        matches=not differences and outcome.result_digest == row.result_digest,
        stored_result_digest=row.result_digest, replayed_result_digest=outcome.result_digest,
        differences=differences)
