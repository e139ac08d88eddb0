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
