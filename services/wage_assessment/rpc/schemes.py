"""Assessment schemes: drafted and validated by the city office, published once, never edited
after (wage_assessment.md §6.1)."""

from __future__ import annotations

from sqlmodel import Session

from cityscore.core.errors import (
    AlreadyExists,
    FailedPrecondition,
    FieldViolation,
    InvalidArgument,
    PreconditionViolation,
)
from cityscore.core.grpc.rpc import HANDLER, rpc
from cityscore.services.wage_assessment import domain, mapping
from cityscore.services.wage_assessment import repository as repo
from cityscore.services.wage_assessment.rpc.common import OFFICE, OFFICE_TEAMS, READERS, WageCall
from cityscore.wage_assessment.v1 import wage_assessment_service_pb2 as pb


def _problems(session: Session, scheme: domain.SchemeDef) -> list[FieldViolation]:
    """Every problem of a scheme, its categories summing to the points base of the grade
    rules that cover its year (Art. 8: 100 points in the 2018 measures)."""
    try:
        base = repo.policy(session, year=scheme.year).base_cents
    except InvalidArgument:
        return [FieldViolation("scheme.year", f"no grade rules cover {scheme.year}; load "
                               "them first (they set the points base)")]
    return domain.scheme_problems(scheme, base)


@rpc(access=OFFICE, writes=True)
def create_scheme(request: pb.CreateSchemeRequest, call: WageCall, session: Session
                  ) -> pb.CreateSchemeResponse:
    """A draft scheme; it must be valid as a whole (§6.1)."""
    scheme = mapping.scheme_from_proto(request.scheme)
    problems = _problems(session, scheme)
    if problems:
        raise InvalidArgument("the scheme is not valid", problems)
    if repo.scheme_exists(session, version=scheme.version):
        raise AlreadyExists("scheme", scheme.version)
    repo.add_scheme(session, scheme=scheme, created_at=call.now())
    call.audit(session, action="create", entity_type="scheme", entity_id=scheme.version,
               detail={"digest": scheme.digest, "year": scheme.year,
                       "indicators": len(scheme.indicators)})
    return pb.CreateSchemeResponse(scheme=mapping.scheme_to_proto(scheme, "draft"))


@rpc(access=OFFICE_TEAMS, units=HANDLER)
def validate_scheme(request: pb.ValidateSchemeRequest, call: WageCall
                    ) -> pb.ValidateSchemeResponse:
    """Every problem of a scheme as an answer, not an error; reads only the grade rules."""
    try:
        scheme = mapping.scheme_from_proto(request.scheme)
    except InvalidArgument as error:
        return pb.ValidateSchemeResponse(valid=False, problems=[
            pb.FieldProblem(field=v.field, description=v.description)
            for v in error.violations])
    with call.read() as session:
        problems = _problems(session, scheme)
    return pb.ValidateSchemeResponse(
        valid=not problems, total_points=domain.format_points(domain.total_points(scheme)),
        problems=[pb.FieldProblem(field=v.field, description=v.description)
                  for v in problems])


@rpc(access=OFFICE, writes=True)
def publish_scheme(request: pb.PublishSchemeRequest, call: WageCall, session: Session
                   ) -> pb.PublishSchemeResponse:
    row = repo.scheme(session, version=request.version)
    if row.status == "published":
        raise FailedPrecondition("the scheme is already published", [
            PreconditionViolation("SCHEME_PUBLISHED", request.version,
                                  "published schemes are never edited")])
    row.status, row.published_at = "published", call.now()
    repo.save(session, row=row)
    call.audit(session, action="publish", entity_type="scheme", entity_id=row.version,
               detail={"digest": row.digest})
    return pb.PublishSchemeResponse(scheme=mapping.scheme_to_proto(repo.scheme_def(row),
                                                                   row.status))


@rpc(access=READERS)
def get_scheme(request: pb.GetSchemeRequest, call: WageCall, session: Session
               ) -> pb.GetSchemeResponse:
    row = repo.scheme(session, version=request.version)
    return pb.GetSchemeResponse(scheme=mapping.scheme_to_proto(repo.scheme_def(row),
                                                               row.status))


@rpc(access=READERS)
def list_schemes(request: pb.ListSchemesRequest, call: WageCall, session: Session
                 ) -> pb.ListSchemesResponse:
    """Every scheme by year and version, without its indicators."""
    return pb.ListSchemesResponse(schemes=[
        mapping.scheme_to_proto(repo.scheme_def(row), row.status, with_indicators=False)
        for row in repo.schemes(session)])
