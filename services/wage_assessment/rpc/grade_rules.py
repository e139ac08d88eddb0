"""Grade rules as versioned data (wage_assessment.md §10): a document is validated as a whole
and stored with its digest; the shipped versions (the 2018 measures) are listed beside the
loaded ones. A year names its version when it is opened (CreateCycle)."""

from __future__ import annotations

from sqlmodel import Session

from cityscore.core.errors import AlreadyExists, InvalidArgument, NotFound
from cityscore.core.grpc.rpc import HANDLER, rpc
from cityscore.services.wage_assessment import domain
from cityscore.services.wage_assessment import repository as repo
from cityscore.services.wage_assessment.rpc.common import OFFICE, OFFICE_TEAMS, READERS, WageCall
from cityscore.wage_assessment.v1 import wage_assessment_service_pb2 as pb


def _to_proto(policy: domain.GradePolicy, *, shipped: bool) -> pb.GradeRules:
    return pb.GradeRules(version=policy.version, title=policy.document, years=policy.years,
                         document=policy.canonical(), digest=policy.digest, shipped=shipped)


@rpc(access=OFFICE, writes=True)
def create_grade_rules(request: pb.CreateGradeRulesRequest, call: WageCall, session: Session
                       ) -> pb.CreateGradeRulesResponse:
    """Store a version of the grade rules; every problem is named by its path. A version
    already known with the same document is answered as stored; with another document it
    is ALREADY_EXISTS (rules are never edited: a change is a new version)."""
    policy = domain.policy_from_text(request.document)
    shipped = domain.shipped_policies()
    known = {**shipped, **repo.stored_policies(session)}.get(policy.version)
    if known is not None:
        if known.digest != policy.digest:
            raise AlreadyExists("grade rules", policy.version,
                                f"grade rules {policy.version} exist with another document; "
                                "a change is a new version")
        return pb.CreateGradeRulesResponse(rules=_to_proto(
            known, shipped=policy.version in shipped))
    repo.add_policy(session, policy=policy, created_at=call.now(),
                    created_by=call.principal.name)
    call.audit(session, action="create", entity_type="grade_rules", entity_id=policy.version,
               detail={"digest": policy.digest, "years": list(policy.years),
                       "rules": [name for name, _ in policy.rules]})
    return pb.CreateGradeRulesResponse(rules=_to_proto(policy, shipped=False))


@rpc(access=OFFICE_TEAMS, units=HANDLER)
def validate_grade_rules(request: pb.ValidateGradeRulesRequest, call: WageCall
                         ) -> pb.ValidateGradeRulesResponse:
    """Every problem of a rules document as an answer, not an error; reads no database."""
    try:
        policy = domain.policy_from_text(request.document)
    except InvalidArgument as error:
        return pb.ValidateGradeRulesResponse(valid=False, problems=[
            pb.FieldProblem(field=v.field, description=v.description)
            for v in error.violations])
    return pb.ValidateGradeRulesResponse(valid=True, version=policy.version,
                                         digest=policy.digest)


@rpc(access=READERS)
def get_grade_rules(request: pb.GetGradeRulesRequest, call: WageCall, session: Session
                    ) -> pb.GetGradeRulesResponse:
    shipped = domain.shipped_policies()
    found = {**shipped, **repo.stored_policies(session)}.get(request.version)
    if found is None:
        raise NotFound("grade rules", request.version)
    return pb.GetGradeRulesResponse(rules=_to_proto(found,
                                                    shipped=request.version in shipped))


@rpc(access=READERS)
def list_grade_rules(request: pb.ListGradeRulesRequest, call: WageCall, session: Session
                     ) -> pb.ListGradeRulesResponse:
    """The shipped versions, then those loaded through the API, by version."""
    shipped = domain.shipped_policies()
    return pb.ListGradeRulesResponse(rules=[
        *(_to_proto(p, shipped=True) for p in shipped.values()),
        *(_to_proto(p, shipped=False) for p in repo.stored_policies(session).values())])
