"""A survey's replay reads its stored units a batch at a time, in (road, start) order, and takes
each one's recomputed twin from the chunk it names: a road's units spread over several chunks
and several batches still replay to the stored result digest, whatever the batch size; stored
units that are not their chunks' are named, and no result digest is claimed for them."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from integration.services.rural_roads.roads_world import chunk, network
from sqlalchemy import text
from sqlmodel import Session

from cityscore.rural_roads.v1 import rural_roads_service_pb2 as pb
from cityscore.rural_roads.v1 import rural_roads_service_pb2_grpc as pb_grpc
from cityscore.services.rural_roads import domain, mapping
from cityscore.services.rural_roads import repository as repo


@pytest.fixture
def running(start_server: Any, database_url: str) -> Any:
    return start_server(["rural_roads"], database_url=database_url)


def closed_survey(stub: Any) -> pb.CloseSurveyResponse:
    """Eight units in three chunks, each chunk holding parts of several roads (as a national
    upload in road-number order holds roads of every district)."""
    network(stub)  # R1 2350 m, R2 1600 m, RA, RC, RX 1000 m
    stub.CreateSurvey(pb.CreateSurveyRequest(request_id="s", year=2019))
    stub.UploadSurveyUnits(iter([
        chunk(0, [("RA", 0, 1000), ("R2", 0, 1000), ("R1", 0, 1000)], iri=[2.1, 3.4, 5.0]),
        chunk(1, [("RX", 0, 1000), ("R1", 1000, 2000), ("R2", 1000, 1600)],
              iri=[1.8, 6.2, 2.9]),
        chunk(2, [("RC", 0, 1000), ("R1", 2000, 2350)], iri=[4.4, 7.5])]))
    closed: pb.CloseSurveyResponse = stub.CloseSurvey(pb.CloseSurveyRequest(
        request_id="c", year=2019))
    assert closed.survey.units == 8
    return closed


def replay_in_batches(running: Any, batch: int) -> domain.Replay:
    """The replay as ReplaySurveyReport forms it, the stored units read ``batch`` at a time."""
    with Session(running.engine("rural_roads")) as session:
        survey = repo.survey(session=session, year=2019)
        assert survey is not None and survey.id is not None
        rules = domain.rules_for(survey.rule_version)
        replaying = domain.SurveyReplay(rules)
        for stored in repo.chunks(session=session, survey_id=survey.id):
            replaying.add_chunk(stored.chunk_index, hashlib.sha256(stored.payload).hexdigest(),
                                domain.score_chunk(mapping.chunk_from_proto(
                                    pb.UploadSurveyUnitsRequest.FromString(stored.payload)),
                                    repo.chunk_road_facts(stored), rules))
        return replaying.compare(repo.unit_batches(session=session, survey_id=survey.id,
                                                   batch=batch))


def test_a_replay_in_batches_of_any_size_gives_the_stored_digest(running: Any) -> None:
    stub = pb_grpc.RuralRoadsServiceStub(running.channel("city-token"))
    closed = closed_survey(stub)
    for batch in (1, 2, 3, 5, 8, 100):
        replay = replay_in_batches(running, batch)
        assert (replay.result_digest, replay.input_digest, replay.differences) == (
            closed.provenance.result_digest, closed.provenance.input_digest, []), batch
    answer = stub.ReplaySurveyReport(pb.ReplaySurveyReportRequest(year=2019))
    assert answer.matches and answer.recomputed.result_digest == closed.provenance.result_digest


@pytest.mark.parametrize(("tampering", "named"), [
    ("DELETE FROM rural_roads_unit WHERE road = 'RC'", "7 stored units, 8 recomputed"),
    ("UPDATE rural_roads_unit SET chunk_index = 0 WHERE road = 'RC'",
     "chunk 0: 4 or more stored units, 3 recomputed"),
    ("UPDATE rural_roads_unit SET town = 'X1' WHERE road = 'RA'",
     "unit RA:0 is not stored with the road, town and district chunk 0 names")])
def test_stored_units_that_are_not_their_chunks_are_named(running: Any, tampering: str,
                                                          named: str) -> None:
    stub = pb_grpc.RuralRoadsServiceStub(running.channel("city-token"))
    closed = closed_survey(stub)
    with running.engine("rural_roads").begin() as connection:
        connection.execute(text(tampering))
    answer = stub.ReplaySurveyReport(pb.ReplaySurveyReportRequest(year=2019))
    assert not answer.matches
    assert list(answer.differences) == ["result digest differs", named]
    assert answer.recomputed.result_digest == ""
    assert answer.recomputed.input_digest == closed.provenance.input_digest
