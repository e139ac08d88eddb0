"""ImportIncidents against a real server (SQLite and PostgreSQL): every bad row named, nothing
stored unless all are good, and a retry with the same request id stores nothing twice."""

from __future__ import annotations

import datetime as dt
from importlib import resources

import grpc
import pytest
from google.protobuf import json_format
from integration.services.wage_assessment.wage_world import rid
from support import RunningServer, ServerFactory, error_details

from cityscore.common.v1 import common_pb2
from cityscore.wage_assessment.v1 import wage_assessment_service_pb2 as pb
from cityscore.wage_assessment.v1 import wage_assessment_service_pb2_grpc as pb_grpc

Stub = pb_grpc.WageAssessmentServiceStub


def incident(district: str, day: common_pb2.Date, people: int = 60,
             kind: pb.IncidentKind = pb.INCIDENT_KIND_MASS) -> pb.Incident:
    return pb.Incident(district=district, incident_date=day, kind=kind, people=people,
                       source_agency=pb.SOURCE_AGENCY_POLICE)


def day(value: dt.date) -> common_pb2.Date:
    return common_pb2.Date(year=value.year, month=value.month, day=value.day)


@pytest.fixture
def running(start_server: ServerFactory, database_url: str) -> RunningServer:
    return start_server(["wage_assessment"], database_url=database_url)


def test_import_incidents_is_all_or_nothing(running: RunningServer) -> None:
    office = Stub(running.channel("city-token"))
    team = Stub(running.channel("assessor-token"))
    scheme = json_format.Parse(resources.files("cityscore.services.wage_assessment.data")
                               .joinpath("schemes/sample-2018.json").read_text("utf-8"),
                               pb.Scheme())
    office.CreateScheme(pb.CreateSchemeRequest(request_id=rid(), scheme=scheme))
    office.PublishScheme(pb.PublishSchemeRequest(request_id=rid(), version=scheme.version))
    office.CreateCycle(pb.CreateCycleRequest(request_id=rid(), year=2018,
                                             scheme_version=scheme.version))
    office.AdvanceStage(pb.AdvanceStageRequest(request_id=rid(), year=2018,
                                               target_stage=pb.STAGE_SELF_CHECK))
    good = [incident("xuhui", day(dt.date(2018, 4, 2))),
            incident("fengxian", day(dt.date(2018, 9, 12)), 90)]
    bad = [*good, incident("atlantis", day(dt.date(2018, 5, 1))),
           incident("putuo", common_pb2.Date(year=2018, month=2, day=30)),
           incident("putuo", day(dt.date(2019, 1, 1)), -1),
           incident("putuo", day(dt.date(2018, 1, 1)), kind=pb.INCIDENT_KIND_UNSPECIFIED)]
    with pytest.raises(grpc.RpcError) as caught:
        team.ImportIncidents(pb.ImportIncidentsRequest(request_id=rid(), year=2018,
                                                       incidents=bad))
    assert caught.value.code() is grpc.StatusCode.INVALID_ARGUMENT
    assert [v.field for v in error_details(caught.value)["BadRequest"].field_violations] == [
        "incidents[2].district", "incidents[3].incident_date", "incidents[4].incident_date",
        "incidents[4].people", "incidents[5].kind"]
    assert not team.ListIncidents(pb.ListIncidentsRequest(year=2018)).incidents

    request = pb.ImportIncidentsRequest(request_id=rid(), year=2018, incidents=good)
    stored = team.ImportIncidents(request)
    assert [(i.district, i.people) for i in stored.incidents] == [("xuhui", 60),
                                                                  ("fengxian", 90)]
    assert team.ImportIncidents(request) == stored
    assert len(team.ListIncidents(pb.ListIncidentsRequest(year=2018)).incidents) == 2
