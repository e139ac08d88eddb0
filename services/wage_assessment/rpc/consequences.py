"""Consequences of the approved grades (Art. 10, 11): A districts commended, C districts'
officials interviewed with a rectification report due, and falsification criticised."""

from __future__ import annotations

from sqlmodel import Session

from cityscore.core.errors import (
    FailedPrecondition,
    FieldViolation,
    InvalidArgument,
    NotFound,
    PreconditionViolation,
    ViolationCollector,
)
from cityscore.core.grpc.convert import (
    date_from_proto,
    date_to_proto,
    optional_date_from_proto,
    year_from_proto,
)
from cityscore.core.grpc.rpc import STORED_ROWS, rpc
from cityscore.services.wage_assessment import domain, mapping, models, queries
from cityscore.services.wage_assessment import repository as repo
from cityscore.services.wage_assessment.rpc.common import (
    OFFICE,
    READERS,
    WageCall,
    cycle_id,
    latest_run,
    scheme_of,
    unit,
)
from cityscore.wage_assessment.v1 import wage_assessment_service_pb2 as pb


@rpc(access=OFFICE, writes=True)
def issue_commendations(request: pb.IssueCommendationsRequest, call: WageCall,
                        session: Session) -> pb.IssueCommendationsResponse:
    """A districts are commended by circular of the Joint Conference (Art. 10)."""
    if not request.circular.strip():
        raise InvalidArgument("the circular is required", [
            FieldViolation("circular", "name the commendation circular")])
    issued = date_from_proto(request.issued_on, "issued_on")
    cycle = repo.cycle(session, year=year_from_proto(request.year))
    domain.require_stage(cycle.year, cycle.stage, domain.RESULTS_VISIBLE, "commendation")
    run = latest_run(session, cycle)
    assert run.id is not None
    done = {c.unit_code for c in repo.commendations(session, cycle_id=cycle_id(cycle))}
    new = [g.unit_code for g in repo.grades(session, run_id=run.id)
           if g.grade == "A" and g.unit_code not in done]
    repo.save_all(session, rows=(models.Commendation(
        cycle_id=cycle_id(cycle), unit_code=code, circular=request.circular.strip(),
        issued_on=issued) for code in new))
    call.audit(session, action="commend", entity_type="cycle", entity_id=str(cycle.year),
               detail={"districts": new, "circular": request.circular})
    return pb.IssueCommendationsResponse(commendations=[
        pb.Commendation(district=c.unit_code, circular=c.circular,
                        issued_on=date_to_proto(c.issued_on))
        for c in repo.commendations(session, cycle_id=cycle_id(cycle))])


@rpc(access=OFFICE, writes=True)
def schedule_interview(request: pb.ScheduleInterviewRequest, call: WageCall, session: Session
                       ) -> pb.ScheduleInterviewResponse:
    """C districts' officials are interviewed with a rectification deadline (限期整改); the
    written report falls due 2 weeks later (Art. 10)."""
    interview = date_from_proto(request.interview_date, "interview_date")
    given = optional_date_from_proto(request, "rectification_deadline",
                                     "rectification_deadline")
    cycle = repo.cycle(session, year=year_from_proto(request.year))
    code = unit(session, call, cycle, request.district)
    domain.require_stage(cycle.year, cycle.stage, domain.RESULTS_VISIBLE, "an interview")
    run = latest_run(session, cycle)
    assert run.id is not None
    grade = repo.grade_of(session, run_id=run.id, unit_code=code)
    if grade is None:
        raise NotFound("grade", f"{cycle.year}/{code}")
    if grade.grade != "C":
        raise FailedPrecondition("only C districts are interviewed", [
            PreconditionViolation("NOT_GRADE_C", code, f"grade is {grade.grade}")])
    policy = repo.policy(session, year=cycle.year, version=cycle.policy_version)
    found = ViolationCollector()
    deadline = domain.rectification_deadline(found, policy, interview, given)
    found.raise_if_any("the interview has invalid fields")
    row = repo.rectification(session, cycle_id=cycle_id(cycle), unit_code=code)
    if row is not None and row.report_received_on is not None:
        raise FailedPrecondition("the rectification report is already in", [
            PreconditionViolation("REPORT_RECEIVED", code, "cannot reschedule")])
    row = row or models.Rectification(cycle_id=cycle_id(cycle), unit_code=code,
                                      interview_date=interview, report_due=interview,
                                      status="pending")
    row.interview_date = interview
    row.report_due = domain.rectification_due(policy, interview)
    row.rectification_deadline = deadline
    repo.save(session, row=row)
    call.audit(session, action="interview", entity_type="rectification",
               entity_id=f"{cycle.year}/{code}",
               detail={"interview": interview, "report_due": row.report_due,
                       "rectification_deadline": deadline})
    return pb.ScheduleInterviewResponse(rectification=mapping.rectification_to_proto(
        row, call.today(), cycle.year))


def _rectification(session: Session, call: WageCall, year: int, district: str
                   ) -> tuple[models.Cycle, models.Rectification]:
    cycle = repo.cycle(session, year=year)
    code = unit(session, call, cycle, district)
    row = repo.rectification(session, cycle_id=cycle_id(cycle), unit_code=code)
    if row is None:
        raise NotFound("rectification", f"{year}/{code}")
    return cycle, row


@rpc(access=OFFICE, writes=True)
def record_rectification_report(request: pb.RecordRectificationReportRequest, call: WageCall,
                                session: Session) -> pb.RecordRectificationReportResponse:
    """The written report received (today unless dated), on time or not."""
    received = optional_date_from_proto(request, "received_on", "received_on")
    cycle, row = _rectification(session, call, year_from_proto(request.year),
                                request.district)
    if row.status != "pending":
        raise FailedPrecondition("the report was already received", [
            PreconditionViolation("REPORT_RECEIVED", row.unit_code,
                                  f"status is {row.status.upper()}")])
    day = received or call.today()
    if day < row.interview_date:
        raise InvalidArgument("the report cannot precede the interview", [
            FieldViolation("received_on", f"before the interview on "
                           f"{row.interview_date.isoformat()}")])
    row.status, row.report_received_on = "submitted", day
    repo.save(session, row=row)
    call.audit(session, action="receive_report", entity_type="rectification",
               entity_id=f"{cycle.year}/{row.unit_code}",
               detail={"received_on": day, "on_time": day <= row.report_due})
    return pb.RecordRectificationReportResponse(
        rectification=mapping.rectification_to_proto(row, call.today(), cycle.year))


@rpc(access=OFFICE, writes=True)
def accept_rectification_report(request: pb.AcceptRectificationReportRequest, call: WageCall,
                                session: Session) -> pb.AcceptRectificationReportResponse:
    cycle, row = _rectification(session, call, year_from_proto(request.year),
                                request.district)
    if row.status != "submitted":
        raise FailedPrecondition("only a received report can be accepted", [
            PreconditionViolation("REPORT_NOT_RECEIVED", row.unit_code,
                                  f"status is {row.status.upper()}")])
    row.status = "accepted"
    repo.save(session, row=row)
    call.audit(session, action="accept_report", entity_type="rectification",
               entity_id=f"{cycle.year}/{row.unit_code}")
    return pb.AcceptRectificationReportResponse(
        rectification=mapping.rectification_to_proto(row, call.today(), cycle.year))


@rpc(access=OFFICE, writes=True)
def record_rectification_completion(request: pb.RecordRectificationCompletionRequest,
                                    call: WageCall, session: Session
                                    ) -> pb.RecordRectificationCompletionResponse:
    """The time-limited rectification completed (today unless dated), by its deadline or not
    (Art. 10; the Office supervises it)."""
    completed = optional_date_from_proto(request, "completed_on", "completed_on")
    cycle, row = _rectification(session, call, year_from_proto(request.year),
                                request.district)
    if row.completed_on is not None:
        raise FailedPrecondition("the rectification is already completed", [
            PreconditionViolation("RECTIFICATION_COMPLETED", row.unit_code,
                                  f"completed on {row.completed_on.isoformat()}")])
    day = completed or call.today()
    if day < row.interview_date:
        raise InvalidArgument("rectification cannot complete before the interview", [
            FieldViolation("completed_on", f"before the interview on "
                           f"{row.interview_date.isoformat()}")])
    row.completed_on = day
    repo.save(session, row=row)
    on_time = row.rectification_deadline is not None and day <= row.rectification_deadline
    call.audit(session, action="complete_rectification", entity_type="rectification",
               entity_id=f"{cycle.year}/{row.unit_code}",
               detail={"completed_on": day, "on_time": on_time})
    return pb.RecordRectificationCompletionResponse(
        rectification=mapping.rectification_to_proto(row, call.today(), cycle.year))


@rpc(access=READERS, scope=STORED_ROWS)
def list_rectifications(request: pb.ListRectificationsRequest, call: WageCall,
                        session: Session) -> pb.ListRectificationsResponse:
    """C districts' follow-up in a year (or all years) the caller may see: interviews still
    to hold, then reports and rectifications; optionally only what is overdue."""
    today = call.today()
    year_id = cycle_id(repo.cycle(session, year=year_from_proto(request.year))) \
        if request.HasField("year") else None
    years = {c.id: c.year for c in repo.cycles(session)}
    found = [] if request.overdue_only else [
        mapping.interview_pending_to_proto(year, code)
        for year, code in queries.pending_interviews(session, cycle_id=year_id)]
    found += [mapping.rectification_to_proto(row, today, years[row.cycle_id])
              for row in repo.rectifications(session, cycle_id=year_id)]
    return pb.ListRectificationsResponse(rectifications=[
        r for r in found if call.principal.may_act_for_district(r.district)
        and (r.overdue or r.rectification_overdue or not request.overdue_only)])


@rpc(access=OFFICE, writes=True)
def record_falsification(request: pb.RecordFalsificationRequest, call: WageCall,
                         session: Session) -> pb.RecordFalsificationResponse:
    """Falsification that made results untrue is criticised by circular (Art. 11). Every
    item it names must have been verified on site: the finding compares the claim with what
    the team found, so an item never verified is refused (INVALID_ARGUMENT naming it)."""
    circulated = date_from_proto(request.circulated_on, "circulated_on")
    if not request.description.strip():
        raise InvalidArgument("describe the falsification", [
            FieldViolation("description", "required")])
    cycle = repo.cycle(session, year=year_from_proto(request.year))
    code = unit(session, call, cycle, request.district)
    domain.require_stage(cycle.year, cycle.stage, domain.FALSIFICATION_STAGES,
                         "recording falsification")
    scheme = scheme_of(session, cycle)
    found = ViolationCollector()
    for k, indicator_id in enumerate(request.indicator_ids):
        scheme.indicator(indicator_id)
        item = repo.item_value(session, cycle_id=cycle_id(cycle), unit_code=code,
                               indicator_id=indicator_id)
        if item is None or not item.verified:
            found.add(f"indicator_ids[{k}]", f"{indicator_id} of {code} was never verified "
                      "on site (or its verification was withdrawn); a finding rests on a "
                      "verified value")
    found.raise_if_any("a falsification finding names an item that was not verified")
    row = repo.save(session, row=models.Falsification(
        cycle_id=cycle_id(cycle), unit_code=code,
        indicator_ids=repo.join_ids(request.indicator_ids),
        description=request.description.strip(), circulated_on=circulated))
    call.audit(session, action="criticise", entity_type="falsification", entity_id=str(row.id),
               detail={"year": cycle.year, "district": code,
                       "indicators": list(request.indicator_ids)})
    return pb.RecordFalsificationResponse(id=row.id or 0)


@rpc(access=READERS, scope=STORED_ROWS)
def list_findings(request: pb.ListFindingsRequest, call: WageCall, session: Session
                  ) -> pb.ListFindingsResponse:
    """A year's items flagged as possible falsification (self-check above the verified score
    by more than the rules' share of the item's points, §7) and its falsification findings
    (Art. 11), for every district the caller may see."""
    cycle = repo.cycle(session, year=year_from_proto(request.year))
    scheme = scheme_of(session, cycle)
    policy = repo.policy(session, year=cycle.year, version=cycle.policy_version)
    gaps = []
    for row in repo.flagged_items(session, cycle_id=cycle_id(cycle)):
        own, checked = repo.stored_self_check(row), repo.stored_verified(row)
        if not call.principal.may_act_for_district(row.unit_code) or own is None \
                or checked is None:
            continue
        claimed = domain.score_one(scheme, row.indicator_id, own)
        verified = domain.score_one(scheme, row.indicator_id, checked)
        gaps.append(pb.GapFlag(
            district=row.unit_code, indicator_id=row.indicator_id,
            self_check_score=domain.format_points(claimed),
            verified_score=domain.format_points(verified),
            gap=domain.format_points(claimed - verified),
            threshold=domain.format_points(domain.gap_limit(
                policy, scheme.indicator(row.indicator_id)))))
    return pb.ListFindingsResponse(gaps=gaps, falsifications=[
        mapping.falsification_to_proto(f)
        for f in repo.falsifications(session, cycle_id=cycle_id(cycle))
        if call.principal.may_act_for_district(f.unit_code)])
