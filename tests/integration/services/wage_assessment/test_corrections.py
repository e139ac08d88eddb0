"""Records a clerk can correct: an incident, review flag, self-check item or verification
entered by mistake is withdrawn or amended with a reason by the role that writes it; nothing
is deleted, the history and the audit log say who and why, grading uses the records in
force, and an earlier grading still replays from its stored inputs. A district office cannot
change another district's rows. Real server, SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json

import grpc
import pytest
from integration.services.wage_assessment.wage_world import (
    Stub,
    advance,
    date,
    failure,
    full_items,
    item,
    open_year,
    rid,
)
from sqlalchemy import text
from support import RunningServer, ServerFactory

from cityscore.core.districts import all_districts
from cityscore.wage_assessment.v1 import wage_assessment_service_pb2 as pb

DISTRICTS = [d.code for d in all_districts()]


@pytest.fixture
def running(start_server: ServerFactory, database_url: str) -> RunningServer:
    return start_server(["wage_assessment"], database_url=database_url)


def audit_reasons(running: RunningServer, entity_type: str) -> list[tuple[str, str, str]]:
    """(principal, action, reason) of the audit rows of one kind of record."""
    with running.engine("wage_assessment").connect() as connection:
        rows = connection.execute(text(
            "SELECT principal, action, detail FROM wage_assessment_audit_log "
            "WHERE entity_type = :kind ORDER BY id"), {"kind": entity_type}).all()
    return [(p, a, json.loads(d).get("reason", "")) for p, a, d in rows]


def mass_incident(district: str, day: int, people: int = 60,
                  government_project: bool = True) -> pb.Incident:
    return pb.Incident(district=district, incident_date=date(dt.date(2018, 4, day)),
                       kind=pb.INCIDENT_KIND_MASS, people=people,
                       government_project=government_project,
                       source_agency=pb.SOURCE_AGENCY_POLICE)


def grades(stub: Stub) -> dict[str, tuple[int, str]]:
    ranking = stub.GetRanking(pb.GetRankingRequest(year=2018))
    return {r.district: (r.grade, r.decided_by) for r in ranking.results}


def test_a_withdrawn_incident_changes_the_grade_and_the_earlier_run_still_replays(
        running: RunningServer) -> None:
    """§9.1 C2: 2 mass incidents of ≥ 50 people on government-invested projects make C;
    with one withdrawn by mistake (and the other amended to 40 people) it no longer holds."""
    office = Stub(running.channel("city-token"))
    team = Stub(running.channel("assessor-token"))
    open_year(office)
    for district in DISTRICTS:
        office.SubmitSelfCheck(pb.SubmitSelfCheckRequest(
            request_id=rid(), year=2018, district=district, items=full_items(0), report="r"))
    advance(office, 2018, pb.STAGE_ON_SITE_VERIFICATION)
    advance(office, 2018, pb.STAGE_COMPREHENSIVE_REVIEW)
    first = team.RecordIncident(pb.RecordIncidentRequest(
        request_id=rid(), year=2018, incident=mass_incident("xuhui", 1))).incident
    second = team.RecordIncident(pb.RecordIncidentRequest(
        request_id=rid(), year=2018, incident=mass_incident("xuhui", 2))).incident
    team.SetReviewFlag(pb.SetReviewFlagRequest(
        request_id=rid(), year=2018, district="pudong", flag=pb.REVIEW_FLAG_WORK_INEFFECTIVE,
        value=True, reason="arrears prominent"))
    run_1 = office.GradeCycle(pb.GradeCycleRequest(request_id=rid(), year=2018))
    assert grades(office)["xuhui"] == (pb.GRADE_C, "C2")
    assert grades(office)["pudong"] == (pb.GRADE_C, "C1")

    code, details = failure(lambda: team.WithdrawRecord(pb.WithdrawRecordRequest(
        request_id=rid(), year=2018, kind=pb.RECORD_KIND_INCIDENT, incident_id=first.id)))
    assert (code, details["BadRequest"].field_violations[0].field) == (
        grpc.StatusCode.INVALID_ARGUMENT, "reason")
    code, _ = failure(lambda: Stub(running.channel("xuhui-token")).WithdrawRecord(
        pb.WithdrawRecordRequest(request_id=rid(), year=2018, kind=pb.RECORD_KIND_INCIDENT,
                                 incident_id=first.id, reason="not ours")))
    assert code is grpc.StatusCode.PERMISSION_DENIED, "districts do not write incidents"
    withdrawn = team.WithdrawRecord(pb.WithdrawRecordRequest(
        request_id=rid(), year=2018, kind=pb.RECORD_KIND_INCIDENT, incident_id=first.id,
        reason="entered twice: the same dispute as the second")).correction
    assert (withdrawn.action, withdrawn.record, withdrawn.corrected_by) == (
        "withdraw", str(first.id), "assessment-team-1")
    assert json.loads(withdrawn.before)["withdrawn"] is False
    assert json.loads(withdrawn.after)["withdrawn"] is True
    code, _ = failure(lambda: team.WithdrawRecord(pb.WithdrawRecordRequest(
        request_id=rid(), year=2018, kind=pb.RECORD_KIND_INCIDENT, incident_id=first.id,
        reason="again")))
    assert code is grpc.StatusCode.NOT_FOUND, "an incident is withdrawn once"
    amended = team.AmendIncident(pb.AmendIncidentRequest(
        request_id=rid(), year=2018, id=second.id, incident=mass_incident("xuhui", 2, 40),
        reason="police report counts 40 people")).incident
    assert (amended.id, amended.people) == (second.id, 40)
    team.WithdrawRecord(pb.WithdrawRecordRequest(
        request_id=rid(), year=2018, kind=pb.RECORD_KIND_REVIEW_FLAG, district="pudong",
        flag=pb.REVIEW_FLAG_WORK_INEFFECTIVE, reason="set on the wrong district"))

    listed = office.ListIncidents(pb.ListIncidentsRequest(year=2018)).incidents
    assert [(i.id, i.withdrawn, i.people) for i in listed] == [
        (first.id, True, 60), (second.id, False, 40)], "nothing is deleted"
    code, details = failure(lambda: office.AdvanceStage(pb.AdvanceStageRequest(
        request_id=rid(), year=2018, target_stage=pb.STAGE_SUBMITTED)))
    assert "GRADES_STALE" in [v.type for v in details["PreconditionFailure"].violations]

    run_2 = office.GradeCycle(pb.GradeCycleRequest(request_id=rid(), year=2018))
    assert run_2.run == 2 and run_2.input_digest != run_1.input_digest
    # Every district scores 100.00 and ranks 1; no A1 flag is set, so none is A.
    assert grades(office)["xuhui"] == (pb.GRADE_B, "not A1")
    assert grades(office)["pudong"] == (pb.GRADE_B, "not A1")
    earlier = team.ReplayGrades(pb.ReplayGradesRequest(year=2018, run=1))
    assert (earlier.run, earlier.matches, earlier.recomputed_digest) == (
        1, True, run_1.input_digest), "run 1 replays from its stored inputs"
    assert team.ReplayGrades(pb.ReplayGradesRequest(year=2018)).matches
    code, _ = failure(lambda: team.ReplayGrades(pb.ReplayGradesRequest(year=2018, run=9)))
    assert code is grpc.StatusCode.NOT_FOUND

    history = office.ListCorrections(pb.ListCorrectionsRequest(year=2018)).corrections
    assert [(c.kind, c.action, c.district, c.reason) for c in history] == [
        (pb.RECORD_KIND_INCIDENT, "withdraw", "xuhui",
         "entered twice: the same dispute as the second"),
        (pb.RECORD_KIND_INCIDENT, "amend", "xuhui", "police report counts 40 people"),
        (pb.RECORD_KIND_REVIEW_FLAG, "withdraw", "pudong", "set on the wrong district")]
    assert json.loads(history[1].before)["people"] == 60
    assert json.loads(history[1].after)["people"] == 40
    assert ("assessment-team-1", "withdraw", "set on the wrong district") in audit_reasons(
        running, "review_flag")
    assert [r for r in audit_reasons(running, "incident") if r[1] != "record"] == [
        ("assessment-team-1", "withdraw", "entered twice: the same dispute as the second"),
        ("assessment-team-1", "amend", "police report counts 40 people")]


def test_self_checks_and_verifications_are_corrected_by_their_writers(
        running: RunningServer) -> None:
    office = Stub(running.channel("city-token"))
    team = Stub(running.channel("assessor-token"))
    pudong = Stub(running.channel("pudong-token"))
    open_year(office)
    pudong.SubmitSelfCheck(pb.SubmitSelfCheckRequest(
        request_id=rid(), year=2018, district="pudong", items=full_items(0), report="r"))
    code, _ = failure(lambda: team.WithdrawRecord(pb.WithdrawRecordRequest(
        request_id=rid(), year=2018, kind=pb.RECORD_KIND_SELF_CHECK_ITEM, district="pudong",
        indicator_id="SYS-4", reason="x")))
    assert code is grpc.StatusCode.PERMISSION_DENIED, "teams do not write self-checks"
    pudong.WithdrawRecord(pb.WithdrawRecordRequest(
        request_id=rid(), year=2018, kind=pb.RECORD_KIND_SELF_CHECK_ITEM, district="pudong",
        indicator_id="SYS-4", reason="boards not yet counted"))
    assessment = office.GetDistrictAssessment(pb.GetDistrictAssessmentRequest(
        year=2018, district="pudong"))
    sys4 = next(i for i in assessment.items if i.indicator_id == "SYS-4")
    assert not sys4.HasField("self_check") and sys4.final_score == "0.00"
    pudong.SubmitSelfCheck(pb.SubmitSelfCheckRequest(
        request_id=rid(), year=2018, district="pudong", items=[item("SYS-4", 1)]))

    for district in (d for d in DISTRICTS if d != "pudong"):
        office.SubmitSelfCheck(pb.SubmitSelfCheckRequest(
            request_id=rid(), year=2018, district=district, items=full_items(0), report="r"))
    advance(office, 2018, pb.STAGE_ON_SITE_VERIFICATION)
    verify = pb.RecordVerificationsRequest(
        request_id=rid(), year=2018, district="pudong", verifications=[pb.Verification(
            value=item("SYS-4", 3), method=pb.VERIFICATION_METHOD_SAMPLING)])
    assert list(team.RecordVerifications(verify).possible_falsification) == ["SYS-4"]
    verify.request_id, verify.verifications[0].value.value = rid(), 2
    code, details = failure(lambda: team.RecordVerifications(verify))
    assert (code, details["BadRequest"].field_violations[0].field) == (
        grpc.StatusCode.INVALID_ARGUMENT, "reason")
    verify.reason = "the third site had a board behind the gate"
    assert list(team.RecordVerifications(verify).possible_falsification) == []
    team.WithdrawRecord(pb.WithdrawRecordRequest(
        request_id=rid(), year=2018, kind=pb.RECORD_KIND_VERIFICATION, district="pudong",
        indicator_id="SYS-4", reason="sampled the wrong district's sites"))
    sys4 = next(i for i in office.GetDistrictAssessment(pb.GetDistrictAssessmentRequest(
        year=2018, district="pudong")).items if i.indicator_id == "SYS-4")
    assert not sys4.HasField("verification") and sys4.final_score == "2.50"
    history = pudong.ListCorrections(pb.ListCorrectionsRequest(year=2018)).corrections
    assert [(c.kind, c.action) for c in history] == [
        (pb.RECORD_KIND_SELF_CHECK_ITEM, "withdraw"), (pb.RECORD_KIND_VERIFICATION, "amend"),
        (pb.RECORD_KIND_VERIFICATION, "withdraw")]
    assert [json.loads(c.before)["value"] for c in history] == [0, 3, 2]


def test_a_district_office_cannot_change_another_districts_rows(
        running: RunningServer) -> None:
    """Every write a district office may make (its self-check, one item at a time, in bulk,
    withdrawn) is checked against the district of the row as stored; the other writes are
    the city office's and the teams'. The owner keeps its rows."""
    office = Stub(running.channel("city-token"))
    pudong = Stub(running.channel("pudong-token"))
    xuhui = Stub(running.channel("xuhui-token"))
    open_year(office)
    xuhui.SubmitSelfCheck(pb.SubmitSelfCheckRequest(
        request_id=rid(), year=2018, district="xuhui", items=full_items(300), report="ours"))
    before = office.GetDistrictAssessment(pb.GetDistrictAssessmentRequest(year=2018,
                                                                          district="xuhui"))
    attempts = [
        lambda: pudong.SubmitSelfCheck(pb.SubmitSelfCheckRequest(
            request_id=rid(), year=2018, district="xuhui", items=[item("SYS-4", 0)],
            reason="taking over")),
        lambda: pudong.ImportSelfChecks(iter([pb.ImportSelfChecksRequest(
            request_id=rid(), year=2018, districts=["pudong", "xuhui"],
            indicator_ids=["SYS-4", "SYS-4"], values=[0, 0], denominators=[-1, -1],
            sub_points=["", ""])])),
        lambda: pudong.WithdrawRecord(pb.WithdrawRecordRequest(
            request_id=rid(), year=2018, kind=pb.RECORD_KIND_SELF_CHECK_ITEM,
            district="xuhui", indicator_id="SYS-4", reason="taking over")),
        lambda: pudong.RecordVerifications(pb.RecordVerificationsRequest(
            request_id=rid(), year=2018, district="xuhui", verifications=[pb.Verification(
                value=item("SYS-4", 6), method=pb.VERIFICATION_METHOD_SAMPLING)])),
        lambda: pudong.RecordIncident(pb.RecordIncidentRequest(
            request_id=rid(), year=2018, incident=mass_incident("xuhui", 3))),
        lambda: pudong.SetReviewFlag(pb.SetReviewFlagRequest(
            request_id=rid(), year=2018, district="xuhui",
            flag=pb.REVIEW_FLAG_WORK_INEFFECTIVE, value=True, reason="taking over")),
        lambda: pudong.WithdrawRecord(pb.WithdrawRecordRequest(
            request_id=rid(), year=2018, kind=pb.RECORD_KIND_REVIEW_FLAG, district="xuhui",
            flag=pb.REVIEW_FLAG_A_CONDITIONS_MET, reason="taking over")),
        lambda: pudong.RecordFalsification(pb.RecordFalsificationRequest(
            request_id=rid(), year=2018, district="xuhui", indicator_ids=["SYS-4"],
            description="x", circulated_on=date(dt.date(2019, 6, 1)))),
        lambda: pudong.ListCorrections(pb.ListCorrectionsRequest(year=2018,
                                                                 district="xuhui")),
    ]
    for k, attempt in enumerate(attempts):
        assert failure(attempt)[0] is grpc.StatusCode.PERMISSION_DENIED, k
    after = office.GetDistrictAssessment(pb.GetDistrictAssessmentRequest(year=2018,
                                                                         district="xuhui"))
    assert after == before, "the owner still holds its self-check, item for item"
    assert after.self_check.revision == 1 and after.report == "ours"
    assert office.ListCorrections(pb.ListCorrectionsRequest(year=2018)).corrections == []
