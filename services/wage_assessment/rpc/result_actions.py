"""Dated actions on a published result (Art. 9, 11): the results copied to the Organization
Department of the Municipal Committee (抄送市委组织部) as a reference for evaluating district
leaders, and accountability leads referred to the discipline inspection and supervision
organs (问责线索移交纪检监察机关)."""

from __future__ import annotations

from sqlmodel import Session

from cityscore.core.errors import ViolationCollector
from cityscore.core.grpc.convert import date_field, year_from_proto
from cityscore.core.grpc.rpc import STORED_ROWS, rpc
from cityscore.services.wage_assessment import domain, mapping, models
from cityscore.services.wage_assessment import repository as repo
from cityscore.services.wage_assessment.rpc.common import (
    OFFICE,
    READERS,
    WageCall,
    cycle_id,
    unit,
)
from cityscore.wage_assessment.v1 import wage_assessment_service_pb2 as pb

_REFERRAL = "accountability_referral"


@rpc(access=OFFICE, writes=True)
def record_result_action(request: pb.RecordResultActionRequest, call: WageCall,
                         session: Session) -> pb.RecordResultActionResponse:
    """A copy or a referral, dated, on a published result. The copy concerns the whole
    result (no district); a referral names the district and describes the leads."""
    action = request.action
    found = ViolationCollector()
    kind = mapping.RESULT_ACTION_KIND.collect(action.kind, "action.kind", found)
    day = date_field(action.action_date, "action.action_date", found)
    if not action.reference.strip():
        found.add("action.reference", "name the letter or file sent")
    if kind == _REFERRAL:
        if not action.district:
            found.add("action.district", "a referral names the district concerned")
        if not action.description.strip():
            found.add("action.description", "describe the accountability leads")
    elif kind is not None and action.district:
        found.add("action.district", "the copy concerns the whole result; leave it empty")
    found.raise_if_any("the action has invalid fields")
    assert kind is not None and day is not None
    cycle = repo.cycle(session, year=year_from_proto(request.year))
    code = unit(session, call, cycle, action.district) if action.district else ""
    domain.require_stage(cycle.year, cycle.stage, ("published",), "an action on the result")
    row = repo.save(session, row=models.ResultAction(
        cycle_id=cycle_id(cycle), kind=kind, unit_code=code, action_date=day,
        reference=action.reference.strip(), recipient=action.recipient.strip(),
        description=action.description.strip(), recorded_by=call.principal.name,
        recorded_at=call.now()))
    call.audit(session, action=kind, entity_type="result_action", entity_id=str(row.id),
               detail={"year": cycle.year, "district": code, "date": day,
                       "reference": row.reference})
    return pb.RecordResultActionResponse(action=mapping.result_action_to_proto(row))


@rpc(access=READERS, scope=STORED_ROWS)
def list_result_actions(request: pb.ListResultActionsRequest, call: WageCall,
                        session: Session) -> pb.ListResultActionsResponse:
    """The year's copies and referrals by date; a district office sees the copies and the
    referrals of its own district."""
    cycle = repo.cycle(session, year=year_from_proto(request.year))
    return pb.ListResultActionsResponse(actions=[
        mapping.result_action_to_proto(row)
        for row in repo.result_actions(session, cycle_id=cycle_id(cycle))
        if not row.unit_code or call.principal.may_act_for_district(row.unit_code)])
