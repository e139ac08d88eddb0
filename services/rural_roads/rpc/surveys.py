"""The condition survey of a year: opened by the city office, filled chunk by chunk (see
``survey_units``), closed once, which stores its results and their provenance."""

from __future__ import annotations

from collections.abc import Callable

from sqlmodel import Session

from cityscore.core import operations
from cityscore.core.errors import (
    AlreadyExists,
    FailedPrecondition,
    FieldViolation,
    InvalidArgument,
    PreconditionViolation,
)
from cityscore.core.grpc.convert import year_from_proto
from cityscore.core.grpc.rpc import HANDLER, rpc
from cityscore.rural_roads.v1 import rural_roads_service_pb2 as pb
from cityscore.services.rural_roads import domain, mapping, models
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
    closing = _closable(session, request.year, for_update=True)
    rows, digest = _aggregate(session, closing)
    return _store_close(session, call, closing, _chunk_digests(session, closing), digest, rows)


@rpc(access=CITY, writes=True, units=HANDLER)
def start_close_survey(request: pb.StartCloseSurveyRequest, call: RoadsCall
                       ) -> pb.StartCloseSurveyResponse:
    """Close a survey of any size as a long-running operation: the answer is the operation,
    the work runs in the server (progress: CloseSurveyProgress; result: CloseSurveyResponse,
    or the error CloseSurvey would have given). A survey that cannot be closed is refused at
    once."""
    year = request.year

    def progress(done: int, note: str) -> pb.CloseSurveyProgress:
        return pb.CloseSurveyProgress(year=year, done=done, total=CLOSE_STEPS, note=note)

    def job(operation: operations.JobProgress) -> pb.CloseSurveyResponse:
        operation.report(progress(0, "reading the units"))
        with call.read() as session:
            closing = _closable(session, year)
            digests = _chunk_digests(session, closing)
            operation.report(progress(1, f"aggregating {closing.units} units"))
            rows, digest = _aggregate(session, closing, lambda done: operation.report(
                progress(1, f"aggregated {done} of {closing.units} units")))
        operation.report(progress(2, "storing the results"))
        with call.write() as session:
            closing = _closable(session, year, for_update=True)
            if _chunk_digests(session, closing) != digests:
                raise FailedPrecondition("units were uploaded while the survey was closing", [
                    PreconditionViolation("SURVEY_CHANGED", f"survey {year}",
                                          "close it again once the upload has ended")])
            response = _store_close(session, call, closing, digests, digest, rows)
            operation.complete(session, response, progress(CLOSE_STEPS, "closed"))
        return response

    return operations.start(call, request, pb.StartCloseSurveyResponse,
                            progress(0, "waiting for a worker"), job,
                            refuse_now=lambda session: _closable(session, year))


#: The steps of closing a survey as an operation: read, aggregate, store.
CLOSE_STEPS = 3


def _id(closing: models.Survey) -> int:
    assert closing.id is not None
    return closing.id


def _closable(session: Session, year: int, *, for_update: bool = False) -> models.Survey:
    """The open survey of ``year`` with units, or the refusal CloseSurvey gives."""
    closing = survey(session, year, for_update=for_update)
    if closing.state == "closed":
        raise FailedPrecondition("the survey is already closed", [PreconditionViolation(
            "SURVEY_CLOSED", f"survey {closing.year}", "it was closed before")])
    if closing.units == 0:
        raise FailedPrecondition("the survey has no units", [PreconditionViolation(
            "SURVEY_EMPTY", f"survey {closing.year}", "upload units before closing")])
    return closing


def _chunk_digests(session: Session, closing: models.Survey) -> list[str]:
    return [c.digest for c in repo.chunks(session=session, survey_id=_id(closing))]


def _aggregate(session: Session, closing: models.Survey,
               progress: Callable[[int], None] | None = None
               ) -> tuple[list[domain.AggregateRow], str]:
    """The aggregates of ``closing`` and their result digest, read and formed a batch of
    units at a time (memory bounded by a batch, not by the survey)."""
    return domain.aggregate_units(domain.rules_for(closing.rule_version), closing.units,
                                  repo.unit_batches(session=session, survey_id=_id(closing)),
                                  progress)


def _store_close(session: Session, call: RoadsCall, closing: models.Survey,
                 chunk_digests: list[str], result_digest: str,
                 rows: list[domain.AggregateRow]) -> pb.CloseSurveyResponse:
    """Store the aggregates of ``closing`` with their provenance, audited; the answer."""
    rules = domain.rules_for(closing.rule_version)
    city = repo.close_survey(
        session=session, survey=closing, closed_at=call.now(), rule_version=rules.version,
        rules_digest=rules.digest, input_digest=domain.input_digest(chunk_digests, rules),
        result_digest=result_digest, rows=rows)
    call.audit(session, action="close_survey", entity_type="survey",
               entity_id=str(closing.year),
               detail={"units": closing.units, "result_digest": closing.result_digest})
    return pb.CloseSurveyResponse(survey=mapping.survey_to_proto(closing),
                                  provenance=mapping.provenance_to_proto(closing),
                                  city=mapping.aggregate_to_proto(city))
