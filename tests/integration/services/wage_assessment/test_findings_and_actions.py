"""A year's flagged gaps and falsification findings in one list (wage_assessment.md §7, Art.
11); a finding on an item never verified is refused; the copy to the Organization Department
and referrals of accountability leads as dated actions on the published result (Art. 9, 11);
every year and date field checked at the edge. Real server, SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import grpc
import pytest
from integration.services.wage_assessment.wage_world import (
    Stub,
    advance,
    date,
    failure,
    full_items,
    item,
    rid,
    sample_scheme,
)
from support import RunningServer, ServerFactory

from cityscore.common.v1 import common_pb2
from cityscore.wage_assessment.v1 import wage_assessment_service_pb2 as pb

UNITS = ["pudong", "xuhui", "minhang"]


@pytest.fixture
def running(start_server: ServerFactory, database_url: str) -> RunningServer:
    return start_server(["wage_assessment"], database_url=database_url)


def reviewed_year(office: Stub, team: Stub) -> None:
    """2018 over three districts, in comprehensive review: SYS-4 claimed in full (3.00) by
    all; the team finds 3 sites without a board in pudong (1.50: gap 1.50 > 0.60, flagged),
    7 in xuhui (0.00: gap 3.00, flagged) and 1 in minhang (2.50: gap 0.50, not flagged)."""
    scheme = sample_scheme()
    office.CreateScheme(pb.CreateSchemeRequest(request_id=rid(), scheme=scheme))
    office.PublishScheme(pb.PublishSchemeRequest(request_id=rid(), version=scheme.version))
    office.CreateCycle(pb.CreateCycleRequest(request_id=rid(), year=2018, districts=UNITS,
                                             scheme_version=scheme.version))
    advance(office, 2018, pb.STAGE_SELF_CHECK)
    for district in UNITS:
        office.SubmitSelfCheck(pb.SubmitSelfCheckRequest(
            request_id=rid(), year=2018, district=district, items=full_items(0), report="r"))
    advance(office, 2018, pb.STAGE_ON_SITE_VERIFICATION)
    for district, sites in (("pudong", 3), ("xuhui", 7), ("minhang", 1)):
        team.RecordVerifications(pb.RecordVerificationsRequest(
            request_id=rid(), year=2018, district=district, verifications=[pb.Verification(
                value=item("SYS-4", sites), method=pb.VERIFICATION_METHOD_OPEN_VISIT)]))
    advance(office, 2018, pb.STAGE_COMPREHENSIVE_REVIEW)


def test_findings_of_a_year_in_one_list(running: RunningServer) -> None:
    office = Stub(running.channel("city-token"))
    team = Stub(running.channel("assessor-token"))
    reviewed_year(office, team)
    findings = office.ListFindings(pb.ListFindingsRequest(year=2018))
    assert [(g.district, g.indicator_id, g.self_check_score, g.verified_score, g.gap,
             g.threshold) for g in findings.gaps] == [
        ("pudong", "SYS-4", "3.00", "1.50", "1.50", "0.60"),
        ("xuhui", "SYS-4", "3.00", "0.00", "3.00", "0.60")]
    assert not findings.falsifications

    code, details = failure(lambda: office.RecordFalsification(pb.RecordFalsificationRequest(
        request_id=rid(), year=2018, district="xuhui", indicator_ids=["SYS-4", "CAS-1"],
        description="boards claimed, none found", circulated_on=date(dt.date(2019, 6, 5)))))
    assert code is grpc.StatusCode.INVALID_ARGUMENT
    assert [v.field for v in details["BadRequest"].field_violations] == ["indicator_ids[1]"]
    office.RecordFalsification(pb.RecordFalsificationRequest(
        request_id=rid(), year=2018, district="xuhui", indicator_ids=["SYS-4"],
        description="boards claimed, none found", circulated_on=date(dt.date(2019, 6, 5))))
    findings = office.ListFindings(pb.ListFindingsRequest(year=2018))
    assert [(f.district, list(f.indicator_ids), f.circulated_on)
            for f in findings.falsifications] == [
        ("xuhui", ["SYS-4"], date(dt.date(2019, 6, 5)))]

    own = Stub(running.channel("pudong-token")).ListFindings(pb.ListFindingsRequest(year=2018))
    assert [g.district for g in own.gaps] == ["pudong"] and not own.falsifications


def test_copy_and_referrals_are_dated_actions_on_the_published_result(
        running: RunningServer) -> None:
    office = Stub(running.channel("city-token"))
    team = Stub(running.channel("assessor-token"))
    reviewed_year(office, team)
    office.GradeCycle(pb.GradeCycleRequest(request_id=rid(), year=2018))
    copy = pb.ResultAction(kind=pb.RESULT_ACTION_KIND_COPY_TO_ORGANIZATION_DEPARTMENT,
                           action_date=date(dt.date(2019, 6, 3)), reference="沪联席〔2019〕2号",
                           recipient="市委组织部")
    code, details = failure(lambda: office.RecordResultAction(pb.RecordResultActionRequest(
        request_id=rid(), year=2018, action=copy)))
    assert (code, details["PreconditionFailure"].violations[0].type) == (
        grpc.StatusCode.FAILED_PRECONDITION, "STAGE"), "only a published result"
    for stage in (pb.STAGE_SUBMITTED, pb.STAGE_APPROVED, pb.STAGE_PUBLISHED):
        advance(office, 2018, stage)

    recorded = office.RecordResultAction(pb.RecordResultActionRequest(
        request_id=rid(), year=2018, action=copy)).action
    assert (recorded.kind, recorded.district, recorded.recorded_by) == (
        pb.RESULT_ACTION_KIND_COPY_TO_ORGANIZATION_DEPARTMENT, "", "city-office")
    referral = pb.ResultAction(kind=pb.RESULT_ACTION_KIND_ACCOUNTABILITY_REFERRAL,
                               action_date=date(dt.date(2019, 6, 10)),
                               reference="沪联席办〔2019〕7号", recipient="区纪委监委")
    code, details = failure(lambda: office.RecordResultAction(pb.RecordResultActionRequest(
        request_id=rid(), year=2018, action=referral)))
    assert code is grpc.StatusCode.INVALID_ARGUMENT
    assert [v.field for v in details["BadRequest"].field_violations] == [
        "action.district", "action.description"]
    referral.district, referral.description = "xuhui", "SYS-4 boards reported but absent"
    office.RecordResultAction(pb.RecordResultActionRequest(request_id=rid(), year=2018,
                                                           action=referral))
    code, _ = failure(lambda: Stub(running.channel("pudong-token")).RecordResultAction(
        pb.RecordResultActionRequest(request_id=rid(), year=2018, action=copy)))
    assert code is grpc.StatusCode.PERMISSION_DENIED

    actions = office.ListResultActions(pb.ListResultActionsRequest(year=2018)).actions
    assert [(a.kind, a.district, a.action_date) for a in actions] == [
        (pb.RESULT_ACTION_KIND_COPY_TO_ORGANIZATION_DEPARTMENT, "", date(dt.date(2019, 6, 3))),
        (pb.RESULT_ACTION_KIND_ACCOUNTABILITY_REFERRAL, "xuhui", date(dt.date(2019, 6, 10)))]
    seen = Stub(running.channel("pudong-token")).ListResultActions(
        pb.ListResultActionsRequest(year=2018)).actions
    assert [a.kind for a in seen] == [pb.RESULT_ACTION_KIND_COPY_TO_ORGANIZATION_DEPARTMENT]


BAD_DAY = common_pb2.Date(year=2019, month=13, day=1)


@pytest.mark.parametrize("year", [0, -1, 10000, 2_000_000_000])
def test_every_year_field_is_checked_at_the_edge(running: RunningServer, year: int) -> None:
    """No year reaches a lookup or date arithmetic unchecked: INVALID_ARGUMENT naming it."""
    office = Stub(running.channel("city-token"))
    calls: list[tuple[Callable[[], Any], str]] = [
        (lambda: office.GetCycle(pb.GetCycleRequest(year=year)), "year"),
        (lambda: office.CreateCycle(pb.CreateCycleRequest(
            request_id=rid(), year=year, scheme_version="s")), "year"),
        (lambda: office.AdvanceStage(pb.AdvanceStageRequest(
            request_id=rid(), year=year, target_stage=pb.STAGE_SELF_CHECK)), "year"),
        (lambda: office.GradeCycle(pb.GradeCycleRequest(request_id=rid(), year=year)),
         "year"),
        (lambda: office.ReplayGrades(pb.ReplayGradesRequest(year=year)), "year"),
        (lambda: office.ListFindings(pb.ListFindingsRequest(year=year)), "year"),
        (lambda: office.ListCorrections(pb.ListCorrectionsRequest(year=year)), "year"),
        (lambda: office.ListResultActions(pb.ListResultActionsRequest(year=year)), "year"),
        (lambda: office.ListRectifications(pb.ListRectificationsRequest(year=year)), "year"),
        (lambda: office.WithdrawRecord(pb.WithdrawRecordRequest(
            request_id=rid(), year=year, kind=pb.RECORD_KIND_INCIDENT, incident_id=1,
            reason="r")), "year"),
        (lambda: office.AmendIncident(pb.AmendIncidentRequest(
            request_id=rid(), year=year, id=1, reason="r")), "year"),
        (lambda: office.CreateScheme(pb.CreateSchemeRequest(
            request_id=rid(), scheme=pb.Scheme(version="v", year=year))), "scheme.year"),
    ]
    for call, field in calls:
        code, details = failure(call)
        assert code is grpc.StatusCode.INVALID_ARGUMENT, field
        assert field in [v.field for v in details["BadRequest"].field_violations]


def test_every_date_field_is_checked_at_the_edge(running: RunningServer) -> None:
    office = Stub(running.channel("city-token"))
    calls: list[tuple[Callable[[], Any], str]] = [
        (lambda: office.CreateCycle(pb.CreateCycleRequest(
            request_id=rid(), year=2018, scheme_version="s", self_check_due=BAD_DAY)),
         "self_check_due"),
        (lambda: office.RecordIncident(pb.RecordIncidentRequest(
            request_id=rid(), year=2018, incident=pb.Incident(
                district="pudong", kind=pb.INCIDENT_KIND_MASS, incident_date=BAD_DAY,
                source_agency=pb.SOURCE_AGENCY_POLICE))), "incident.incident_date"),
        (lambda: office.AmendIncident(pb.AmendIncidentRequest(
            request_id=rid(), year=2018, id=1, reason="r", incident=pb.Incident(
                district="pudong", kind=pb.INCIDENT_KIND_MASS, incident_date=BAD_DAY,
                source_agency=pb.SOURCE_AGENCY_POLICE))), "incident.incident_date"),
        (lambda: office.IssueCommendations(pb.IssueCommendationsRequest(
            request_id=rid(), year=2018, circular="c", issued_on=BAD_DAY)), "issued_on"),
        (lambda: office.ScheduleInterview(pb.ScheduleInterviewRequest(
            request_id=rid(), year=2018, district="xuhui", interview_date=BAD_DAY)),
         "interview_date"),
        (lambda: office.RecordRectificationReport(pb.RecordRectificationReportRequest(
            request_id=rid(), year=2018, district="xuhui", received_on=BAD_DAY)),
         "received_on"),
        (lambda: office.RecordRectificationCompletion(pb.RecordRectificationCompletionRequest(
            request_id=rid(), year=2018, district="xuhui", completed_on=BAD_DAY)),
         "completed_on"),
        (lambda: office.RecordFalsification(pb.RecordFalsificationRequest(
            request_id=rid(), year=2018, district="xuhui", description="d",
            circulated_on=BAD_DAY)), "circulated_on"),
        (lambda: office.RecordResultAction(pb.RecordResultActionRequest(
            request_id=rid(), year=2018, action=pb.ResultAction(
                kind=pb.RESULT_ACTION_KIND_COPY_TO_ORGANIZATION_DEPARTMENT, reference="r",
                action_date=BAD_DAY))), "action.action_date"),
    ]
    for call, field in calls:
        code, details = failure(call)
        assert code is grpc.StatusCode.INVALID_ARGUMENT, field
        assert field in [v.field for v in details["BadRequest"].field_violations], field
