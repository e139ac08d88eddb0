"""Deadlines the measures set, against a real server with a fixed clock (SQLite and PostgreSQL).

沪府办发〔2018〕30号 Art. 7: the assessment of year Y starts early in Y+1 and completes before the
end of May (5月底前完成) — wage_assessment.md §3 table: 2018 → 2019-05-31. Art. 10: a C district's
officials are interviewed, time-limited rectification is required (限期整改) and the written report
is due within 2 weeks of the interview (§9.4 table: 2019-06-10 → 2019-06-24).
"""

from __future__ import annotations

import datetime as dt
from importlib import resources

import grpc
import pytest
from google.protobuf import json_format
from integration.services.wage_assessment.wage_world import date, failure, rid
from support import RunningServer, ServerFactory, scrape_metrics

from cityscore.core.clock import FixedClock
from cityscore.wage_assessment.v1 import wage_assessment_service_pb2 as pb
from cityscore.wage_assessment.v1 import wage_assessment_service_pb2_grpc as pb_grpc

Stub = pb_grpc.WageAssessmentServiceStub
UNITS = ["pudong", "xuhui"]




def on(clock: FixedClock, day: dt.date) -> None:
    """Move the server's clock to noon of ``day`` in the city."""
    clock.advance(dt.timedelta(days=(day - clock.today()).days))
    assert clock.today() == day


def advance(stub: Stub, stage: pb.Stage) -> pb.Cycle:
    response: pb.AdvanceStageResponse = stub.AdvanceStage(pb.AdvanceStageRequest(
        request_id=rid(), year=2018, target_stage=stage))
    return response.cycle


def gauge(running: RunningServer, name: str) -> str:
    line = next(line for line in scrape_metrics(running.server.metrics_port).splitlines()
                if line.startswith(f"cityscore_wage_assessment_{name} "))
    return line.split()[-1]


@pytest.fixture
def running(start_server: ServerFactory, database_url: str) -> RunningServer:
    return start_server(["wage_assessment"], database_url=database_url)


def test_the_year_and_the_rectification_keep_their_deadlines(running: RunningServer,
                                                             clock: FixedClock) -> None:
    office = Stub(running.channel("city-token"))
    scheme = json_format.Parse(resources.files("cityscore.services.wage_assessment.data")
                               .joinpath("schemes/sample-2018.json").read_text("utf-8"),
                               pb.Scheme())
    office.CreateScheme(pb.CreateSchemeRequest(request_id=rid(), scheme=scheme))
    office.PublishScheme(pb.PublishSchemeRequest(request_id=rid(), version=scheme.version))
    office.CreateCycle(pb.CreateCycleRequest(request_id=rid(), year=2018,
                                             scheme_version=scheme.version, districts=UNITS))
    cycle = advance(office, pb.STAGE_SELF_CHECK)
    assert (cycle.completion_due, cycle.overdue) == (date(dt.date(2019, 5, 31)), False)

    on(clock, dt.date(2019, 5, 31))  # the last day is still in time
    assert not office.GetCycle(pb.GetCycleRequest(year=2018)).cycle.overdue
    assert not office.ListCycles(pb.ListCyclesRequest(overdue_only=True)).cycles
    assert gauge(running, "cycles_overdue") == "0.0"
    on(clock, dt.date(2019, 6, 1))
    overdue = office.ListCycles(pb.ListCyclesRequest(overdue_only=True)).cycles
    assert [(c.year, c.stage, c.overdue) for c in overdue] == [(2018, pb.STAGE_SELF_CHECK, True)]
    assert gauge(running, "cycles_overdue") == "1.0"

    for unit in UNITS:
        office.SubmitSelfCheck(pb.SubmitSelfCheckRequest(
            request_id=rid(), year=2018, district=unit, report="report",
            items=[pb.ItemValue(indicator_id="ENF-2", value=1)]))
    advance(office, pb.STAGE_ON_SITE_VERIFICATION)
    advance(office, pb.STAGE_COMPREHENSIVE_REVIEW)
    office.SetReviewFlag(pb.SetReviewFlagRequest(
        request_id=rid(), year=2018, district="xuhui", flag=pb.REVIEW_FLAG_WORK_INEFFECTIVE,
        value=True, reason="arrears prominent"))
    office.GradeCycle(pb.GradeCycleRequest(request_id=rid(), year=2018))
    assert advance(office, pb.STAGE_SUBMITTED).overdue, "SUBMITTED is still short of APPROVED"
    approved = advance(office, pb.STAGE_APPROVED)
    assert not approved.overdue and gauge(running, "cycles_overdue") == "0.0"

    follow_up = office.ListRectifications(pb.ListRectificationsRequest(year=2018))
    assert [(r.year, r.district, r.status) for r in follow_up.rectifications] == [
        (2018, "xuhui", pb.RECTIFICATION_STATUS_INTERVIEW_PENDING)]
    assert gauge(running, "interviews_pending") == "1.0"

    on(clock, dt.date(2019, 6, 10))
    interview = pb.ScheduleInterviewRequest(request_id=rid(), year=2018, district="xuhui",
                                            interview_date=date(dt.date(2019, 6, 10)))
    code, details = failure(lambda: office.ScheduleInterview(interview))
    assert code is grpc.StatusCode.INVALID_ARGUMENT
    assert [v.field for v in details["BadRequest"].field_violations] == [
        "rectification_deadline"]
    interview.request_id = rid()
    interview.rectification_deadline.CopyFrom(date(dt.date(2019, 6, 10)))
    code, details = failure(lambda: office.ScheduleInterview(interview))
    assert code is grpc.StatusCode.INVALID_ARGUMENT
    interview.request_id = rid()
    interview.rectification_deadline.CopyFrom(date(dt.date(2019, 9, 30)))
    held = office.ScheduleInterview(interview).rectification
    assert (held.report_due, held.rectification_deadline, held.overdue,
            held.rectification_overdue) == (date(dt.date(2019, 6, 24)),
                                            date(dt.date(2019, 9, 30)), False, False)
    assert gauge(running, "interviews_pending") == "0.0"

    on(clock, dt.date(2019, 9, 30))
    in_time = office.ListRectifications(pb.ListRectificationsRequest(
        overdue_only=True, year=2018)).rectifications
    assert [(r.district, r.overdue, r.rectification_overdue) for r in in_time] == [
        ("xuhui", True, False)], "the report (due 2019-06-24) is late, the rectification not"
    assert gauge(running, "rectifications_overdue") == "0.0"
    on(clock, dt.date(2019, 10, 1))
    late = office.ListRectifications(pb.ListRectificationsRequest(overdue_only=True))
    assert [(r.district, r.overdue, r.rectification_overdue) for r in late.rectifications] == [
        ("xuhui", True, True)]
    assert gauge(running, "rectifications_overdue") == "1.0"

    done = office.RecordRectificationCompletion(pb.RecordRectificationCompletionRequest(
        request_id=rid(), year=2018, district="xuhui",
        completed_on=date(dt.date(2019, 9, 30)))).rectification
    assert (done.completed_on, done.completed_on_time, done.rectification_overdue) == (
        date(dt.date(2019, 9, 30)), True, False)
    assert gauge(running, "rectifications_overdue") == "0.0"
    code, details = failure(lambda: office.RecordRectificationCompletion(
        pb.RecordRectificationCompletionRequest(request_id=rid(), year=2018,
                                                district="xuhui")))
    assert code is grpc.StatusCode.FAILED_PRECONDITION
    assert details["PreconditionFailure"].violations[0].type == "RECTIFICATION_COMPLETED"
