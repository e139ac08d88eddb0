"""The condition survey of a year: opened by the city office, filled chunk by chunk (see
``survey_units``), closed once, which stores its results and their provenance."""

from __future__ import annotations

from sqlmodel import Session

from cityscore.core.errors import (
    AlreadyExists,
    FailedPrecondition,
    FieldViolation,
    InvalidArgument,
    PreconditionViolation,
)
from cityscore.core.grpc.convert import year_from_proto
from cityscore.core.grpc.rpc import rpc
from cityscore.rural_roads.v1 import rural_roads_service_pb2 as pb
from cityscore.services.rural_roads import domain, mapping
from cityscore.services.rural_roads import repository as repo
from cityscore.services.rural_roads.rpc.common import (
    CITY,
    READERS,
    RoadsCall,
    frozen_through,
    survey,
)


@rpc(access=CITY, writes=True)
def create_survey(request: pb.CreateSurveyRequest, call: RoadsCall, session: Session
                  ) -> pb.CreateSurveyResponse:
    """Open the survey of a year (one per year), which then takes units chunk by chunk."""
    year_from_proto(request.year, "year")
    if not 2000 <= request.year <= 2100:
        raise InvalidArgument("the survey year is out of range", [FieldViolation(
            "year", "a year from 2000 to 2100")])
    if repo.survey(session=session, year=request.year) is not None:
        raise AlreadyExists("survey", str(request.year))
    frozen = frozen_through(session)
    if frozen is not None and request.year <= frozen.year:
        raise FailedPrecondition("the year is closed", [PreconditionViolation(
            "YEAR_CLOSED", f"target year {request.year}",
            "its target reports are stored without a survey")])
    # The survey keeps the rule version it opens with: its units are scored, closed and
    # replayed with the same rules.
    created = repo.create_survey(session=session, year=request.year, note=request.note,
                                 rule_version=call.deps.rules.version)
    call.audit(session, action="create_survey", entity_type="survey",
               entity_id=str(request.year), detail={"note": request.note})
    return pb.CreateSurveyResponse(survey=mapping.survey_to_proto(created))


@rpc(access=READERS)
def get_survey(request: pb.GetSurveyRequest, call: RoadsCall, session: Session
               ) -> pb.GetSurveyResponse:
    """A survey's state and how far its upload has come (the next chunk to send)."""
    return pb.GetSurveyResponse(survey=mapping.survey_to_proto(survey(session, request.year)))


@rpc(access=READERS)
def list_surveys(request: pb.ListSurveysRequest, call: RoadsCall, session: Session
                 ) -> pb.ListSurveysResponse:
    """Every survey, newest first."""
    return pb.ListSurveysResponse(surveys=[mapping.survey_to_proto(s)
                                           for s in repo.surveys(session=session)])


@rpc(access=CITY, writes=True)
def close_survey(request: pb.CloseSurveyRequest, call: RoadsCall, session: Session
                 ) -> pb.CloseSurveyResponse:
    """Aggregate every unit and record the rules and digests the results came from."""
    closing = survey(session, request.year, for_update=True)
    assert closing.id is not None
    rules = domain.rules_for(closing.rule_version)
    if closing.state == "closed":
        raise FailedPrecondition("the survey is already closed", [PreconditionViolation(
            "SURVEY_CLOSED", f"survey {closing.year}", "it was closed before")])
    if closing.units == 0:
        raise FailedPrecondition("the survey has no units", [PreconditionViolation(
            "SURVEY_EMPTY", f"survey {closing.year}", "upload units before closing")])
    units, stored = repo.unit_columns(session=session, survey_id=closing.id)
    rows = domain.aggregate(units, rules)
    chunk_digests = [c.digest for c in repo.chunks(session=session, survey_id=closing.id)]
    results = repo.close_survey(
        session=session, survey=closing, closed_at=call.now(), rule_version=rules.version,
        rules_digest=rules.digest, input_digest=domain.input_digest(chunk_digests, rules),
        result_digest=domain.result_digest(units.road, stored, rows), rows=rows)
    call.audit(session, action="close_survey", entity_type="survey",
               entity_id=str(closing.year),
               detail={"units": closing.units, "result_digest": closing.result_digest})
    city = next(r for r in results if r.level == "city")
    return pb.CloseSurveyResponse(survey=mapping.survey_to_proto(closing),
                                  provenance=mapping.provenance_to_proto(closing),
                                  city=mapping.aggregate_to_proto(city))
