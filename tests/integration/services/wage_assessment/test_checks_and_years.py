"""Possible falsification flags over-reporting only (wage_assessment.md §7), and every year field
is checked before it is used (year 0 is INVALID_ARGUMENT, never INTERNAL), against a real server
on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from importlib import resources
from typing import Any

import grpc
import pytest
from google.protobuf import json_format
from integration.services.wage_assessment.wage_world import date, failure, rid
from support import RunningServer, ServerFactory

from cityscore.core.districts import all_districts
from cityscore.wage_assessment.v1 import wage_assessment_service_pb2 as pb
from cityscore.wage_assessment.v1 import wage_assessment_service_pb2_grpc as pb_grpc

Stub = pb_grpc.WageAssessmentServiceStub




def scheme_verifying(*indicators: str) -> pb.Scheme:
    """The §12 sample scheme with ``indicators`` also open to on-site verification."""
    text_ = resources.files("cityscore.services.wage_assessment.data").joinpath(
        "schemes/sample-2018.json").read_text("utf-8")
    scheme = json_format.Parse(text_, pb.Scheme())
    for indicator in scheme.indicators:
        if indicator.id in indicators:
            indicator.verified_on_site = True
    return scheme


def item(indicator: str, value: int = 0, denominator: int | None = None) -> pb.ItemValue:
    message = pb.ItemValue(indicator_id=indicator, value=value)
    if denominator is not None:
        message.denominator = denominator
    return message


@pytest.fixture
def running(start_server: ServerFactory, database_url: str) -> RunningServer:
    return start_server(["wage_assessment"], database_url=database_url)


def test_only_over_reporting_is_flagged(running: RunningServer) -> None:
    """The §7 table: SYS-4 3.00 → 1.50 and CAS-1 12.00 → 8.00 are flagged; CRD-1 0.00 →
    4.00 (a self-check below the verified value) is not; ENF-2, not sampled, is not."""
    office = Stub(running.channel("city-token"))
    team = Stub(running.channel("assessor-token"))
    scheme = scheme_verifying("CRD-1", "CAS-1")
    office.CreateScheme(pb.CreateSchemeRequest(request_id=rid(), scheme=scheme))
    office.PublishScheme(pb.PublishSchemeRequest(request_id=rid(), version=scheme.version))
    office.CreateCycle(pb.CreateCycleRequest(request_id=rid(), year=2018,
                                             scheme_version=scheme.version))
    office.AdvanceStage(pb.AdvanceStageRequest(request_id=rid(), year=2018,
                                               target_stage=pb.STAGE_SELF_CHECK))
    for district in (d.code for d in all_districts()):
        office.SubmitSelfCheck(pb.SubmitSelfCheckRequest(
            request_id=rid(), year=2018, district=district, report="report",
            items=[item("SYS-4", 0), item("CAS-1", 100, 100), item("CRD-1", 0),
                   item("ENF-2", 1)]))
    office.AdvanceStage(pb.AdvanceStageRequest(request_id=rid(), year=2018,
                                               target_stage=pb.STAGE_ON_SITE_VERIFICATION))
    flagged = team.RecordVerifications(pb.RecordVerificationsRequest(
        request_id=rid(), year=2018, district="pudong", verifications=[
            pb.Verification(value=item("SYS-4", 3), method=pb.VERIFICATION_METHOD_SAMPLING),
            pb.Verification(value=item("CAS-1", 955, 1000),
                            method=pb.VERIFICATION_METHOD_DOCUMENT_CHECK),
            pb.Verification(value=item("CRD-1", 1),
                            method=pb.VERIFICATION_METHOD_DOCUMENT_CHECK)]))
    assert sorted(flagged.possible_falsification) == ["CAS-1", "SYS-4"]

    items = {i.indicator_id: i for i in office.GetDistrictAssessment(
        pb.GetDistrictAssessmentRequest(year=2018, district="pudong")).items}
    seen = {k: (items[k].self_check_score, items[k].final_score,
                items[k].possible_falsification) for k in ("SYS-4", "CAS-1", "CRD-1", "ENF-2")}
    assert seen == {"SYS-4": ("3.00", "1.50", True), "CAS-1": ("12.00", "8.00", True),
                    "CRD-1": ("0.00", "4.00", False), "ENF-2": ("3.00", "3.00", False)}


def test_year_zero_is_invalid_argument_for_reads_and_writes(running: RunningServer) -> None:
    office = Stub(running.channel("city-token"))
    team = Stub(running.channel("assessor-token"))
    calls: list[tuple[Callable[[], Any], str]] = [
        (lambda: office.GetCycle(pb.GetCycleRequest(year=0)), "year"),
        (lambda: office.GetRanking(pb.GetRankingRequest(year=0)), "year"),
        (lambda: office.ListRectifications(pb.ListRectificationsRequest(year=0)), "year"),
        (lambda: team.RecordIncident(pb.RecordIncidentRequest(
            request_id=rid(), year=0, incident=pb.Incident(
                district="pudong", incident_date=date(dt.date(2018, 5, 5)),
                kind=pb.INCIDENT_KIND_MASS, people=60,
                source_agency=pb.SOURCE_AGENCY_POLICE))), "year"),
        (lambda: office.CreateCycle(pb.CreateCycleRequest(
            request_id=rid(), year=0, scheme_version="sample-2018")), "year"),
        (lambda: office.CreateScheme(pb.CreateSchemeRequest(
            request_id=rid(), scheme=pb.Scheme(version="nameless", year=0))), "scheme.year"),
    ]
    for call, field in calls:
        code, details = failure(call)
        assert code is grpc.StatusCode.INVALID_ARGUMENT, field
        assert field in [v.field for v in details["BadRequest"].field_violations]
    assert office.ListRectifications(pb.ListRectificationsRequest()).rectifications == []
