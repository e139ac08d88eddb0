"""What the wage_assessment service tests share: request ids, dates, failed calls, the §12
sample scheme and complete self-check forms of a chosen score, and a year opened over them."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from importlib import resources
from typing import Any

import grpc
import pytest
from google.protobuf import json_format
from support import error_details

from cityscore.common.v1 import common_pb2
from cityscore.wage_assessment.v1 import wage_assessment_service_pb2 as pb
from cityscore.wage_assessment.v1 import wage_assessment_service_pb2_grpc as pb_grpc

Stub = pb_grpc.WageAssessmentServiceStub


def rid() -> str:
    return uuid.uuid4().hex


def date(value: dt.date) -> common_pb2.Date:
    return common_pb2.Date(year=value.year, month=value.month, day=value.day)


def failure(call: Callable[[], Any]) -> tuple[grpc.StatusCode, dict[str, Any]]:
    """Run a call expected to fail; return its code and google.rpc details by name."""
    with pytest.raises(grpc.RpcError) as caught:
        call()
    code: grpc.StatusCode = caught.value.code()
    return code, error_details(caught.value)


#: §12.2: score, incidents (people, government project) and A1 flag of every district.
TABLE: dict[str, tuple[int, list[tuple[str, int, bool, bool]], bool | None]] = {
    "pudong": (9550, [], True), "minhang": (9400, [], True),
    "xuhui": (9400, [("mass", 60, True, False)] * 2, None), "jingan": (9250, [], True),
    "huangpu": (9100, [], False), "songjiang": (9100, [], True),
    "jiading": (8950, [], True), "baoshan": (8800, [], None), "qingpu": (8750, [], None),
    "yangpu": (8600, [("extreme", 3, False, True)], None),
    "changning": (8500, [("mass", 80, False, False)] * 3 + [("mass", 55, True, False)], None),
    "hongkou": (8450, [], None), "putuo": (8300, [("mass", 50, False, False)] * 5, None),
    "jinshan": (8200, [], None),
    "fengxian": (8050, [("mass", 70, False, False)] * 4 + [("mass", 90, True, False)], None),
    "chongming": (7900, [("mass", 49, False, False)], None),
}


#: Deduction items that turn full marks into a target score: (id, cents per finding, max).
DEDUCTIONS = (("CAS-3", 100, 6), ("CRD-2", 100, 4), ("SRC-2", 50, 10), ("SRC-1", 50, 8),
              ("SYS-4", 50, 6), ("ORG-4", 50, 4))


def sample_scheme() -> pb.Scheme:
    text_ = resources.files("cityscore.services.wage_assessment.data").joinpath(
        "schemes/sample-2018.json").read_text("utf-8")
    return json_format.Parse(text_, pb.Scheme())


def item(indicator: str, value: int = 0, denominator: int | None = None,
         subs: tuple[str, ...] = ()) -> pb.ItemValue:
    message = pb.ItemValue(indicator_id=indicator, value=value, achieved_sub_points=subs)
    if denominator is not None:
        message.denominator = denominator
    return message


def full_items(deficit_cents: int) -> list[pb.ItemValue]:
    """A complete self-check form scoring 100 points minus ``deficit_cents``."""
    findings: dict[str, int] = {}
    for indicator, step, most in DEDUCTIONS:
        findings[indicator] = min(most, deficit_cents // step)
        deficit_cents -= findings[indicator] * step
    assert deficit_cents == 0
    return [
        item("ORG-1", subs=("meetings", "plan")), item("ORG-2", subs=("assessed",
                                                                     "published_and_followed")),
        item("ORG-3", 1, 2), item("ORG-4", findings["ORG-4"]), item("SRC-1", findings["SRC-1"]),
        item("SRC-2", findings["SRC-2"]), item("SRC-3", 95, 100), item("SYS-1", 200, 200),
        item("SYS-2", 100, 100), item("SYS-3", 50, 50), item("SYS-4", findings["SYS-4"]),
        item("SYS-5", subs=("analysis", "it_monitoring")), item("SYS-6", 1), item("CRD-1", 1),
        item("CRD-2", findings["CRD-2"], 3), item("CAS-1", 100, 100), item("CAS-2", 40, 40),
        item("CAS-3", findings["CAS-3"], 6), item("CAS-4", subs=("fund", "plan_followed")),
        item("ENF-1", subs=("grid", "online")), item("ENF-2", 1)]




def advance(stub: Stub, year: int, stage: pb.Stage) -> pb.Cycle:
    response: pb.AdvanceStageResponse = stub.AdvanceStage(pb.AdvanceStageRequest(
        request_id=rid(), year=year, target_stage=stage))
    return response.cycle


def open_year(stub: Stub, year: int = 2018, due: dt.date = dt.date(2019, 3, 31)) -> None:
    """Sample scheme published, the year created and moved into SELF_CHECK."""
    scheme = sample_scheme()
    scheme.year, scheme.version = year, f"sample-{year}"
    stub.CreateScheme(pb.CreateSchemeRequest(request_id=rid(), scheme=scheme))
    stub.PublishScheme(pb.PublishSchemeRequest(request_id=rid(), version=scheme.version))
    stub.CreateCycle(pb.CreateCycleRequest(request_id=rid(), year=year,
                                           scheme_version=scheme.version,
                                           self_check_due=date(due)))
    advance(stub, year, pb.STAGE_SELF_CHECK)


def reviewed_year(office: Stub, team: Stub, year: int = 2018) -> None:
    """The §12.2 grading case of wage_assessment.md in comprehensive review: every district's
    self-check at its score, its incidents in the year and its A1 flag."""
    open_year(office, year)
    for district, (score, _incidents, _a1) in TABLE.items():
        office.SubmitSelfCheck(pb.SubmitSelfCheckRequest(
            request_id=rid(), year=year, district=district, items=full_items(10000 - score),
            report=f"{district} self-check report"))
    advance(office, year, pb.STAGE_ON_SITE_VERIFICATION)
    advance(office, year, pb.STAGE_COMPREHENSIVE_REVIEW)
    for district, (_score, incidents, a1) in TABLE.items():
        for k, (kind, people, gov, serious) in enumerate(incidents):
            team.RecordIncident(pb.RecordIncidentRequest(request_id=rid(), year=year,
                                                         incident=pb.Incident(
                district=district, incident_date=date(dt.date(year, 3, 1 + k)),
                kind=f"INCIDENT_KIND_{kind.upper()}", people=people,
                government_project=gov, serious_consequence=serious,
                source_agency=pb.SOURCE_AGENCY_POLICE)))
        if a1 is not None:
            team.SetReviewFlag(pb.SetReviewFlagRequest(
                request_id=rid(), year=year, district=district,
                flag=pb.REVIEW_FLAG_A_CONDITIONS_MET,
                value=a1, reason="targets met" if a1 else "work plan incomplete"))


#: §12.2 of wage_assessment.md: score, rank, grade and what decided it. "A1 fails" is
#: ``not A1``, "rank 7 > 5" ``not A2``, and a B district with no A1 flag ``not A1/A2``.
GRADES_2018 = {
    "pudong": ("95.50", 1, pb.GRADE_A, "A1+A2"), "minhang": ("94.00", 2, pb.GRADE_A, "A1+A2"),
    "xuhui": ("94.00", 2, pb.GRADE_C, "C2"), "jingan": ("92.50", 4, pb.GRADE_A, "A1+A2"),
    "huangpu": ("91.00", 5, pb.GRADE_B, "not A1"),
    "songjiang": ("91.00", 5, pb.GRADE_A, "A1+A2"),
    "jiading": ("89.50", 7, pb.GRADE_B, "not A2"),
    "baoshan": ("88.00", 8, pb.GRADE_B, "not A1/A2"),
    "qingpu": ("87.50", 9, pb.GRADE_B, "not A1/A2"), "yangpu": ("86.00", 10, pb.GRADE_C, "C3"),
    "changning": ("85.00", 11, pb.GRADE_B, "not A1/A2"),
    "hongkou": ("84.50", 12, pb.GRADE_B, "not A1/A2"), "putuo": ("83.00", 13, pb.GRADE_C, "C2"),
    "jinshan": ("82.00", 14, pb.GRADE_B, "not A1/A2"),
    "fengxian": ("80.50", 15, pb.GRADE_C, "C2"),
    "chongming": ("79.00", 16, pb.GRADE_B, "not A1/A2"),
}


def ranking(stub: Stub, year: int) -> dict[str, pb.GradeResult]:
    return {r.district: r for r in stub.GetRanking(pb.GetRankingRequest(year=year)).results}


def grades_of(results: dict[str, pb.GradeResult]) -> dict[str, tuple[str, int, int, str]]:
    return {code: (r.score, r.rank, r.grade, r.decided_by) for code, r in results.items()}
