"""The wage-payment assessment through its gRPC API against a real server (SQLite and PostgreSQL).

The full-year test replays the §12.2 grading case of wage_assessment.md end to end: scheme,
16 self-checks, verification, incidents, review, grades, approval and consequences.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import grpc
import pytest
from integration.services.wage_assessment.wage_world import (
    TABLE,
    advance,
    date,
    failure,
    full_items,
    item,
    open_year,
    rid,
    sample_scheme,
)
from sqlalchemy import text
from support import RunningServer, ServerFactory, scrape_metrics

from cityscore.core.districts import all_districts
from cityscore.wage_assessment.v1 import wage_assessment_service_pb2 as pb
from cityscore.wage_assessment.v1 import wage_assessment_service_pb2_grpc as pb_grpc

Stub = pb_grpc.WageAssessmentServiceStub


def audit_count(running: RunningServer) -> int:
    with running.engine("wage_assessment").connect() as connection:
        return int(connection.execute(text(
            "SELECT count(*) FROM wage_assessment_audit_log")).scalar_one())


@pytest.fixture
def running(start_server: ServerFactory, database_url: str) -> RunningServer:
    return start_server(["wage_assessment"], database_url=database_url)


@pytest.fixture
def sqlite_running(start_server: ServerFactory, sqlite_url: str) -> RunningServer:
    return start_server(["wage_assessment"], database_url=sqlite_url)


def test_a_full_year_end_to_end(running: RunningServer) -> None:
    office = Stub(running.channel("city-token"))
    team = Stub(running.channel("assessor-token"))
    pudong = Stub(running.channel("pudong-token"))
    open_year(office)

    for district, (score, _incidents, _a1) in TABLE.items():
        deficit = 10000 - score
        if district == "jiading":  # claims SYS-1 in full; the team finds otherwise
            deficit -= 600
        submitter = pudong if district == "pudong" else office
        status = submitter.SubmitSelfCheck(pb.SubmitSelfCheckRequest(
            request_id=rid(), year=2018, district=district, items=full_items(deficit),
            report=f"{district} self-check report")).status
        assert status.submitted and not status.late and status.revision == 1
    cycle = advance(office, 2018, pb.STAGE_ON_SITE_VERIFICATION)
    assert all(s.submitted for s in cycle.self_checks)

    flagged = team.RecordVerifications(pb.RecordVerificationsRequest(
        request_id=rid(), year=2018, district="jiading", verifications=[pb.Verification(
            value=item("SYS-1", 180, 200), method=pb.VERIFICATION_METHOD_SAMPLING,
            team="team 2", note="4 of 20 sampled projects lack real-name records")]))
    assert list(flagged.possible_falsification) == ["SYS-1"]
    team.RecordVerifications(pb.RecordVerificationsRequest(
        request_id=rid(), year=2018, district="pudong", verifications=[pb.Verification(
            value=item("SYS-2", 100, 100), method=pb.VERIFICATION_METHOD_DOCUMENT_CHECK)]))
    assessment = office.GetDistrictAssessment(pb.GetDistrictAssessmentRequest(
        year=2018, district="jiading"))
    sys1 = next(i for i in assessment.items if i.indicator_id == "SYS-1")
    assert (sys1.self_check_score, sys1.final_score, sys1.possible_falsification) == (
        "6.00", "0.00", True)

    advance(office, 2018, pb.STAGE_COMPREHENSIVE_REVIEW)
    for district, (_score, incidents, a1) in TABLE.items():
        for k, (kind, people, gov, serious) in enumerate(incidents):
            team.RecordIncident(pb.RecordIncidentRequest(request_id=rid(), year=2018,
                                                         incident=pb.Incident(
                district=district, incident_date=date(dt.date(2018, 3, 1 + k)),
                kind=f"INCIDENT_KIND_{kind.upper()}", people=people,
                government_project=gov, serious_consequence=serious,
                source_agency=pb.SOURCE_AGENCY_POLICE)))
        if a1 is not None:
            team.SetReviewFlag(pb.SetReviewFlagRequest(
                request_id=rid(), year=2018, district=district,
                flag=pb.REVIEW_FLAG_A_CONDITIONS_MET,
                value=a1, reason="targets met" if a1 else "work plan incomplete"))

    graded = office.GradeCycle(pb.GradeCycleRequest(request_id=rid(), year=2018))
    assert (graded.distribution.a, graded.distribution.b, graded.distribution.c) == (4, 8, 4)
    assert "huangpu, songjiang share rank 5" in graded.tie_reports[0]
    code, _ = failure(lambda: pudong.GetRanking(pb.GetRankingRequest(year=2018)))
    assert code is grpc.StatusCode.FAILED_PRECONDITION

    ranking = office.GetRanking(pb.GetRankingRequest(year=2018))
    by_code = {r.district: r for r in ranking.results}
    assert {c for c, r in by_code.items() if r.grade == pb.GRADE_A} == {
        "jingan", "minhang", "pudong", "songjiang"}
    assert {c for c, r in by_code.items() if r.grade == pb.GRADE_C} == {
        "fengxian", "putuo", "xuhui", "yangpu"}
    assert [(r.district, r.rank) for r in ranking.results[:3]] == [
        ("pudong", 1), ("xuhui", 2), ("minhang", 2)], "ties in published-table order"
    assert (by_code["jiading"].score, by_code["jiading"].rank) == ("89.50", 7)
    assert by_code["xuhui"].decided_by == "C2"
    c2 = next(r for r in by_code["xuhui"].rules if r.rule == "C2")
    assert dict(c2.inputs) == {"count_all": "2", "count_gov": "2"} and c2.result
    assert by_code["pudong"].rules_version.startswith("sample-2018@")
    assert len(by_code["pudong"].input_digest) == 64

    replay = team.ReplayGrades(pb.ReplayGradesRequest(year=2018))
    assert replay.matches and replay.stored_digest == replay.recomputed_digest == \
        graded.input_digest and not replay.differences

    advance(office, 2018, pb.STAGE_SUBMITTED)
    advance(office, 2018, pb.STAGE_APPROVED)
    assert len(pudong.GetRanking(pb.GetRankingRequest(year=2018)).results) == 16

    commended = office.IssueCommendations(pb.IssueCommendationsRequest(
        request_id=rid(), year=2018, circular="沪联席〔2019〕1号",
        issued_on=date(dt.date(2019, 6, 1))))
    assert sorted(c.district for c in commended.commendations) == [
        "jingan", "minhang", "pudong", "songjiang"]
    interview = office.ScheduleInterview(pb.ScheduleInterviewRequest(
        request_id=rid(), year=2018, district="xuhui",
        interview_date=date(dt.date(2019, 6, 10)),
        rectification_deadline=date(dt.date(2019, 9, 30)))).rectification
    assert interview.report_due == date(dt.date(2019, 6, 24))
    office.ScheduleInterview(pb.ScheduleInterviewRequest(
        request_id=rid(), year=2018, district="putuo", interview_date=date(dt.date(2019, 2, 1)),
        rectification_deadline=date(dt.date(2019, 4, 30))))
    code, details = failure(lambda: office.ScheduleInterview(pb.ScheduleInterviewRequest(
        request_id=rid(), year=2018, district="pudong",
        interview_date=date(dt.date(2019, 6, 10)))))
    assert code is grpc.StatusCode.FAILED_PRECONDITION
    assert details["PreconditionFailure"].violations[0].type == \
        "NOT_GRADE_C"
    received = office.RecordRectificationReport(pb.RecordRectificationReportRequest(
        request_id=rid(), year=2018, district="xuhui",
        received_on=date(dt.date(2019, 6, 24)))).rectification
    assert received.on_time and received.status == pb.RECTIFICATION_STATUS_SUBMITTED
    accepted = office.AcceptRectificationReport(pb.AcceptRectificationReportRequest(
        request_id=rid(), year=2018, district="xuhui")).rectification
    assert accepted.status == pb.RECTIFICATION_STATUS_ACCEPTED
    overdue = office.ListRectifications(pb.ListRectificationsRequest(year=2018,
                                                                     overdue_only=True))
    assert [r.district for r in overdue.rectifications] == ["putuo"]
    office.RecordFalsification(pb.RecordFalsificationRequest(
        request_id=rid(), year=2018, district="jiading", indicator_ids=["SYS-1"],
        description="real-name compliance overstated", circulated_on=date(dt.date(2019, 6, 5))))

    criticised = office.GetDistrictAssessment(pb.GetDistrictAssessmentRequest(
        year=2018, district="jiading")).falsifications
    assert [(list(f.indicator_ids), f.circulated_on) for f in criticised] == [
        (["SYS-1"], date(dt.date(2019, 6, 5)))]
    published = advance(office, 2018, pb.STAGE_PUBLISHED)
    assert published.stage == pb.STAGE_PUBLISHED
    history = pudong.GetDistrictHistory(pb.GetDistrictHistoryRequest(district="pudong"))
    assert [(y.year, y.grade, y.rank, y.score) for y in history.years] == [
        (2018, pb.GRADE_A, 1, "95.50")]

    assert audit_count(running) > 16 + 16 + 5
    exposition = scrape_metrics(running.server.metrics_port)
    assert 'cityscore_wage_assessment_cycles{stage="published"} 1.0' in exposition
    assert 'cityscore_wage_assessment_grades{grade="A",year="2018"} 4.0' in exposition
    assert ('cityscore_wage_assessment_district_grade{district="pudong",grade="A",year="2018"} 1.0'
            in exposition)
    assert exposition.count('cityscore_wage_assessment_district_grade{') == 16
    assert "cityscore_wage_assessment_rectification_reports_overdue 1.0" in exposition
    assert 'grpc_method="GradeCycle"' in exposition


def test_stages_go_in_order_and_actions_need_their_stage(sqlite_running: RunningServer) -> None:
    office = Stub(sqlite_running.channel("city-token"))
    scheme = sample_scheme()
    office.CreateScheme(pb.CreateSchemeRequest(request_id=rid(), scheme=scheme))
    office.CreateCycle(pb.CreateCycleRequest(request_id=rid(), year=2018,
                                             scheme_version=scheme.version))
    code, details = failure(lambda: advance(office, 2018, pb.STAGE_SELF_CHECK))
    assert code is grpc.StatusCode.FAILED_PRECONDITION
    types = [v.type for v in details["PreconditionFailure"].violations]
    assert types == ["STAGE", "SCHEME_NOT_PUBLISHED"]
    code, details = failure(lambda: advance(office, 2018, pb.STAGE_ON_SITE_VERIFICATION))
    violation = details["PreconditionFailure"].violations[0]
    assert (code, violation.description) == (grpc.StatusCode.FAILED_PRECONDITION,
                                             "current stage is DRAFT")
    assert details["ErrorInfo"].metadata["current_stage"] == "draft"
    code, _ = failure(lambda: office.SubmitSelfCheck(pb.SubmitSelfCheckRequest(
        request_id=rid(), year=2018, district="pudong", items=full_items(0), report="r")))
    assert code is grpc.StatusCode.FAILED_PRECONDITION

    office.PublishScheme(pb.PublishSchemeRequest(request_id=rid(), version=scheme.version))
    advance(office, 2018, pb.STAGE_SELF_CHECK)
    office.SubmitSelfCheck(pb.SubmitSelfCheckRequest(
        request_id=rid(), year=2018, district="pudong", items=full_items(0), report="r"))
    code, details = failure(lambda: advance(office, 2018, pb.STAGE_ON_SITE_VERIFICATION))
    missing = [v.subject for v in details["PreconditionFailure"].violations
               if v.type == "SELF_CHECK_MISSING"]
    assert len(missing) == 15 and "pudong" not in missing
    code, _ = failure(lambda: office.GradeCycle(pb.GradeCycleRequest(request_id=rid(),
                                                                     year=2018)))
    assert code is grpc.StatusCode.FAILED_PRECONDITION
    code, _ = failure(lambda: office.SetReviewFlag(pb.SetReviewFlagRequest(
        request_id=rid(), year=2018, district="pudong", flag=pb.REVIEW_FLAG_WORK_INEFFECTIVE,
        value=True, reason="x")))
    assert code is grpc.StatusCode.FAILED_PRECONDITION
    for district in (d.code for d in all_districts() if d.code != "pudong"):
        office.SubmitSelfCheck(pb.SubmitSelfCheckRequest(
            request_id=rid(), year=2018, district=district, items=full_items(0), report="r"))
    advance(office, 2018, pb.STAGE_ON_SITE_VERIFICATION)
    advance(office, 2018, pb.STAGE_COMPREHENSIVE_REVIEW)
    code, _ = failure(lambda: office.ScheduleInterview(pb.ScheduleInterviewRequest(
        request_id=rid(), year=2018, district="pudong",
        interview_date=date(dt.date(2019, 6, 10)))))
    assert code is grpc.StatusCode.FAILED_PRECONDITION
    code, details = failure(lambda: advance(office, 2018, pb.STAGE_SUBMITTED))
    assert "GRADES_MISSING" in [v.type for v in details["PreconditionFailure"].violations]
    office.GradeCycle(pb.GradeCycleRequest(request_id=rid(), year=2018))
    office.SetReviewFlag(pb.SetReviewFlagRequest(
        request_id=rid(), year=2018, district="pudong", flag=pb.REVIEW_FLAG_WORK_INEFFECTIVE,
        value=True, reason="arrears prominent"))
    code, details = failure(lambda: advance(office, 2018, pb.STAGE_SUBMITTED))
    assert "GRADES_STALE" in [v.type for v in details["PreconditionFailure"].violations]
    office.GradeCycle(pb.GradeCycleRequest(request_id=rid(), year=2018))
    assert advance(office, 2018, pb.STAGE_SUBMITTED).stage == pb.STAGE_SUBMITTED
    ranking = office.GetRanking(pb.GetRankingRequest(year=2018))
    assert ranking.run == 2
    assert next(r for r in ranking.results if r.district == "pudong").grade == pb.GRADE_C


def test_scopes(sqlite_running: RunningServer) -> None:
    office = Stub(sqlite_running.channel("city-token"))
    open_year(office, due=dt.date(2019, 2, 28))
    pudong = Stub(sqlite_running.channel("pudong-token"))
    status = pudong.SubmitSelfCheck(pb.SubmitSelfCheckRequest(
        request_id=rid(), year=2018, district="pudong", items=full_items(0),
        report="r")).status
    assert status.late, "submitted on 2019-03-01 after the 2019-02-28 due date"
    calls: list[Callable[[], Any]] = [
        lambda: pudong.SubmitSelfCheck(pb.SubmitSelfCheckRequest(
            request_id=rid(), year=2018, district="xuhui", items=full_items(0), report="r")),
        lambda: pudong.GetDistrictAssessment(pb.GetDistrictAssessmentRequest(
            year=2018, district="xuhui")),
        lambda: pudong.ListIncidents(pb.ListIncidentsRequest(year=2018, district="xuhui")),
        lambda: pudong.CreateScheme(pb.CreateSchemeRequest(request_id=rid(),
                                                           scheme=sample_scheme())),
        lambda: Stub(sqlite_running.channel("operator-token")).SubmitSelfCheck(
            pb.SubmitSelfCheckRequest(request_id=rid(), year=2018, district="pudong",
                                      items=full_items(0), report="r")),
        lambda: Stub(sqlite_running.channel("lpg-e1-token")).GetCycle(
            pb.GetCycleRequest(year=2018)),
    ]
    for call in calls:
        assert failure(call)[0] is grpc.StatusCode.PERMISSION_DENIED
    cycle = pudong.GetCycle(pb.GetCycleRequest(year=2018)).cycle
    assert [s.district for s in cycle.self_checks] == ["pudong"]
    assert len(cycle.districts) == 16


def test_bad_input_is_rejected_and_changes_nothing(sqlite_running: RunningServer) -> None:
    office = Stub(sqlite_running.channel("city-token"))
    broken = sample_scheme()
    broken.version = "broken"
    broken.categories[0].max_points = "9"
    code, details = failure(lambda: office.CreateScheme(pb.CreateSchemeRequest(
        request_id=rid(), scheme=broken)))
    fields = [v.field for v in details["BadRequest"].field_violations]
    assert code is grpc.StatusCode.INVALID_ARGUMENT
    assert {"scheme.categories", "scheme.categories[0].max_points"} <= set(fields)
    assert not office.ValidateScheme(pb.ValidateSchemeRequest(scheme=broken)).valid
    untyped = sample_scheme()
    untyped.indicators[0].rule_type = pb.RULE_TYPE_UNSPECIFIED
    untyped.indicators[7].ratio_mode = pb.RATIO_MODE_UNSPECIFIED
    problems = office.ValidateScheme(pb.ValidateSchemeRequest(scheme=untyped)).problems
    assert [p.field for p in problems] == ["scheme.indicators[0].rule_type",
                                           "scheme.indicators[7].ratio_mode"]
    code, details = failure(lambda: office.CreateScheme(pb.CreateSchemeRequest(
        request_id=rid(), scheme=untyped)))
    assert code is grpc.StatusCode.INVALID_ARGUMENT and len(
        details["BadRequest"].field_violations) == 2
    assert office.ValidateScheme(pb.ValidateSchemeRequest(scheme=sample_scheme())).valid

    open_year(office)
    before = audit_count(sqlite_running)
    bad_items = full_items(0)
    bad_items[12].value = 2  # SYS-6 binary
    bad_items[10].value = -1  # SYS-4 findings
    bad_items[7].value = 201  # SYS-1 201 of 200
    code, details = failure(lambda: office.SubmitSelfCheck(pb.SubmitSelfCheckRequest(
        request_id=rid(), year=2018, district="pudong", items=bad_items, report="r")))
    assert code is grpc.StatusCode.INVALID_ARGUMENT
    assert [v.field for v in details["BadRequest"].field_violations
            ] == ["items[7].value", "items[10].value", "items[12].value"]
    lookups: list[tuple[Callable[[], Any], str]] = [
        (lambda: office.SubmitSelfCheck(pb.SubmitSelfCheckRequest(
            request_id=rid(), year=2018, district="atlantis", items=full_items(0),
            report="r")), "district"),
        (lambda: office.SubmitSelfCheck(pb.SubmitSelfCheckRequest(
            request_id=rid(), year=2018, district="pudong", items=[item("NOPE-1", 1)],
            report="r")), "indicator"),
        (lambda: office.GetCycle(pb.GetCycleRequest(year=2030)), "assessment year"),
    ]
    for call, resource in lookups:
        code, details = failure(call)
        assert code is grpc.StatusCode.NOT_FOUND
        assert details["ResourceInfo"].resource_type == resource
    code, details = failure(lambda: Stub(sqlite_running.channel("assessor-token")).RecordIncident(
        pb.RecordIncidentRequest(request_id=rid(), year=2018, incident=pb.Incident(
            district="pudong", incident_date=date(dt.date(2019, 1, 5)),
            kind=pb.INCIDENT_KIND_MASS, people=-3, source_agency=pb.SOURCE_AGENCY_POLICE))))
    assert code is grpc.StatusCode.INVALID_ARGUMENT
    assert [v.field for v in details["BadRequest"].field_violations
            ] == ["incident.incident_date", "incident.people"]
    assessment = office.GetDistrictAssessment(pb.GetDistrictAssessmentRequest(
        year=2018, district="pudong"))
    assert not assessment.self_check.submitted
    assert all(not i.HasField("self_check") for i in assessment.items)
    assert audit_count(sqlite_running) == before


def test_mutations_are_idempotent_by_request_id(sqlite_running: RunningServer) -> None:
    office = Stub(sqlite_running.channel("city-token"))
    open_year(office)
    request = pb.RecordIncidentRequest(request_id="incident-1", year=2018, incident=pb.Incident(
        district="pudong", incident_date=date(dt.date(2018, 5, 5)), kind=pb.INCIDENT_KIND_MASS,
        people=60, source_agency=pb.SOURCE_AGENCY_PETITIONS))
    first = office.RecordIncident(request)
    again = office.RecordIncident(request)
    assert first == again
    assert len(office.ListIncidents(pb.ListIncidentsRequest(year=2018)).incidents) == 1
    request.incident.people = 70
    code, details = failure(lambda: office.RecordIncident(request))
    assert code is grpc.StatusCode.INVALID_ARGUMENT
    assert details["ErrorInfo"].reason == "REQUEST_ID_REUSED"
    submit = pb.SubmitSelfCheckRequest(request_id="sc-1", year=2018, district="pudong",
                                       items=full_items(0), report="r")
    assert office.SubmitSelfCheck(submit) == office.SubmitSelfCheck(submit)
    code, details = failure(lambda: office.SubmitSelfCheck(pb.SubmitSelfCheckRequest(
        request_id="sc-2", year=2018, district="pudong", items=[item("SYS-4", 2)])))
    assert (code, details["BadRequest"].field_violations[0].field) == (
        grpc.StatusCode.INVALID_ARGUMENT, "reason"), "a changed item states why"
    revised = office.SubmitSelfCheck(pb.SubmitSelfCheckRequest(
        request_id="sc-3", year=2018, district="pudong", items=[item("SYS-4", 2)],
        reason="two sites without a board were missed"))
    assert revised.status.revision == 2


def import_request(rows: list[tuple[str, pb.ItemValue]], request_id: str,
                   chunk: int = 10) -> list[pb.ImportSelfChecksRequest]:
    """Rows of (district, item) as chunks of parallel columns."""
    return [pb.ImportSelfChecksRequest(
        request_id=request_id, year=2018, districts=[d for d, _ in part],
        indicator_ids=[i.indicator_id for _, i in part], values=[i.value for _, i in part],
        denominators=[i.denominator if i.HasField("denominator") else -1 for _, i in part],
        sub_points=[";".join(i.achieved_sub_points) for _, i in part])
        for part in (rows[k:k + chunk] for k in range(0, len(rows), chunk))]


def test_bulk_import_of_self_checks(running: RunningServer) -> None:
    office = Stub(running.channel("city-token"))
    open_year(office)
    rows = [(d, i) for d in ("pudong", "xuhui") for i in full_items(150)]
    bad = [(d, pb.ItemValue()) for d, _ in rows]
    for (_, copy), (_, message) in zip(bad, rows, strict=True):
        copy.CopyFrom(message)
    bad[23][1].value = 3  # xuhui ORG-3 (binary), in the third chunk of ten rows
    bad[28][1].value = 201  # xuhui SYS-1: 201 of 200
    code, details = failure(lambda: office.ImportSelfChecks(iter(import_request(bad, rid()))))
    assert code is grpc.StatusCode.INVALID_ARGUMENT
    assert [v.field for v in details["BadRequest"].field_violations] == [
        "rows[23].value", "rows[28].value"]
    assert not office.GetCycle(pb.GetCycleRequest(year=2018)).cycle.self_checks[0].submitted

    code, _ = failure(lambda: Stub(running.channel("pudong-token")).ImportSelfChecks(
        iter(import_request(rows, rid()))))
    assert code is grpc.StatusCode.PERMISSION_DENIED
    unknown = [("atlantis", rows[0][1])]
    code, details = failure(lambda: office.ImportSelfChecks(iter(import_request(unknown,
                                                                                rid()))))
    assert (code, details["ResourceInfo"].resource_type) == (grpc.StatusCode.NOT_FOUND,
                                                             "district")

    request_id = rid()
    imported = office.ImportSelfChecks(iter(import_request(rows, request_id)))
    assert (imported.rows, imported.districts, imported.late) == (42, 2, 0)
    assert office.ImportSelfChecks(iter(import_request(rows, request_id))) == imported
    again = office.ImportSelfChecks(iter(import_request(rows[:1], rid())))
    assert again.rows == 1, "the same values again change nothing and need no reason"
    changed = [(d, pb.ItemValue()) for d, _ in rows[:2]]
    for (_, copy), (_, message) in zip(changed, rows[:2], strict=True):
        copy.CopyFrom(message)
    changed[1][1].value = 0  # pudong ORG-2's sub-points taken back
    changed[1][1].ClearField("achieved_sub_points")
    code, details = failure(lambda: office.ImportSelfChecks(iter(import_request(changed,
                                                                                rid()))))
    assert (code, details["BadRequest"].field_violations[0].field) == (
        grpc.StatusCode.INVALID_ARGUMENT, "reason")
    chunks = import_request(changed, rid(), chunk=1)
    for chunk in chunks:
        chunk.reason = "ORG-2 results were not published"
    office.ImportSelfChecks(iter(chunks))
    history = office.ListCorrections(pb.ListCorrectionsRequest(year=2018)).corrections
    assert [(c.district, c.record, c.action, c.reason) for c in history] == [
        ("pudong", "ORG-2", "amend", "ORG-2 results were not published")]
    xuhui = office.GetDistrictAssessment(pb.GetDistrictAssessmentRequest(year=2018,
                                                                         district="xuhui"))
    assert xuhui.self_check.revision == 1
    assert sum(float(i.final_score) for i in xuhui.items) == 98.5
    pudong = office.GetDistrictAssessment(pb.GetDistrictAssessmentRequest(year=2018,
                                                                          district="pudong"))
    assert pudong.self_check.revision == 3


def test_metrics_are_served_while_the_database_is_down(start_server: ServerFactory,
                                                        tmp_path: Path) -> None:
    folder = tmp_path / "db"
    folder.mkdir()
    running = start_server(["wage_assessment"], database_url=f"sqlite:///{folder / 'w.db'}")
    assert 'cityscore_wage_assessment_cycles{stage="draft"} 0.0' in scrape_metrics(
        running.server.metrics_port)
    folder.rename(tmp_path / "moved")
    running.engine("wage_assessment").dispose()
    exposition = scrape_metrics(running.server.metrics_port)
    assert "cityscore_wage_assessment_cycles{" not in exposition
    assert "cityscore_kernel_implementation_info" in exposition
