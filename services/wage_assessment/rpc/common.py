"""What several wage_assessment RPCs share: who may call them, the units of a year a caller may
act for, the visibility of results to districts, and loading a year's scheme and grading."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from sqlmodel import Session

from cityscore.core.errors import (
    FailedPrecondition,
    FieldViolation,
    InvalidArgument,
    NotFound,
    PreconditionViolation,
    ViolationCollector,
)
from cityscore.core.grpc.auth import Access, Principal, Role
from cityscore.core.grpc.rpc import Call
from cityscore.services.wage_assessment import domain, mapping, models
from cityscore.services.wage_assessment import repository as repo
from cityscore.services.wage_assessment.metrics import WageDeps
from cityscore.wage_assessment.v1 import wage_assessment_service_pb2 as pb

OFFICE = Access.of(Role.CITY_OFFICE)
#: Everyone concerned with the assessment reads it; LPG enterprises are not.
READERS = Access.of(Role.CITY_OFFICE, Role.ASSESSOR, Role.DISTRICT_OFFICE, Role.OPERATOR)
OFFICE_TEAMS = Access.of(Role.CITY_OFFICE, Role.ASSESSOR)
#: Self-checks come from the districts, or from the city office on their behalf.
SUBMITTERS = Access.of(Role.DISTRICT_OFFICE, Role.CITY_OFFICE)
REPLAYERS = Access.of(Role.CITY_OFFICE, Role.ASSESSOR, Role.OPERATOR)
#: Whoever may write some record of the year may correct it (each record by its writers).
CORRECTORS = Access.of(Role.CITY_OFFICE, Role.ASSESSOR, Role.DISTRICT_OFFICE)

WageCall = Call[WageDeps]


def cycle_id(cycle: models.Cycle) -> int:
    assert cycle.id is not None
    return cycle.id


def unit(session: Session, call: WageCall, cycle: models.Cycle, code: str) -> str:
    """A unit of the year the caller may act for: NOT_FOUND, then PERMISSION_DENIED."""
    if not repo.has_unit(session, cycle_id=cycle_id(cycle), code=code):
        raise NotFound("district", code)
    call.require_district(code)
    return code


def sees_results(principal: Principal, cycle: models.Cycle) -> bool:
    """District offices see grades only once the government has approved them (§5)."""
    return principal.role is not Role.DISTRICT_OFFICE or cycle.stage in domain.RESULTS_VISIBLE


def require_results_visible(call: WageCall, cycle: models.Cycle) -> None:
    if not sees_results(call.principal, cycle):
        raise domain.stage_error(cycle.year, cycle.stage,
                                 "districts see results only after approval")


def scheme_of(session: Session, cycle: models.Cycle) -> domain.SchemeDef:
    """The rules of the scheme the year is assessed by."""
    return repo.scheme_def(repo.scheme(session, version=cycle.scheme_version))


def latest_run(session: Session, cycle: models.Cycle) -> models.GradingRun:
    """The year's latest grading, or FAILED_PRECONDITION when it has not been graded."""
    run = repo.latest_run(session, cycle_id=cycle_id(cycle))
    if run is None or run.id is None:
        raise FailedPrecondition("the year has not been graded", [PreconditionViolation(
            "GRADES_MISSING", f"cycle {cycle.year}",
            f"current stage is {cycle.stage.upper()}")])
    return run


def check_items(scheme: domain.SchemeDef, items: Sequence[pb.ItemValue], path: str,
                found: ViolationCollector) -> list[tuple[str, domain.ItemInput]]:
    """Items of an upload: unknown indicators are NOT_FOUND, bad values field violations."""
    parsed: list[tuple[str, domain.ItemInput]] = []
    seen: set[str] = set()
    for k, message in enumerate(items):
        indicator = scheme.indicator(message.indicator_id)
        if indicator.id in seen:
            found.add(f"{path}[{k}].indicator_id", f"{indicator.id} appears twice")
        seen.add(indicator.id)
        item = mapping.item_from_proto(message)
        domain.check_item(found, f"{path}[{k}]", indicator, item)
        parsed.append((indicator.id, item))
    return parsed


def require_reason(reason: str, field: str = "reason") -> str:
    """A correction states why (charter: records are withdrawn or amended with a reason)."""
    if not reason.strip():
        raise InvalidArgument("a correction needs its reason", [
            FieldViolation(field, "state why the record is corrected")])
    return reason.strip()


def record_correction(session: Session, call: WageCall, cycle: models.Cycle, *, code: str,
                      kind: str, record: str, action: str, before: Mapping[str, Any],
                      after: Mapping[str, Any], reason: str) -> models.Correction:
    """One amendment or withdrawal in the record's history and in the audit log (who, why,
    before and after); the record itself is never deleted."""
    row = repo.save(session, row=models.Correction(
        cycle_id=cycle_id(cycle), unit_code=code, kind=kind, record=record, action=action,
        before=json.dumps(before, ensure_ascii=False, sort_keys=True, default=str),
        after=json.dumps(after, ensure_ascii=False, sort_keys=True, default=str),
        reason=reason, corrected_by=call.principal.name, corrected_at=call.now()))
    call.audit(session, action=action, entity_type=kind, entity_id=f"{cycle.year}/{record}",
               detail={"district": code, "reason": reason, "before": before, "after": after})
    return row


def review_flag_name(session: Session, cycle: models.Cycle, flag: int, name: str) -> str:
    """The flag a request names (by the 2018 enum or by name); it must be one the year's
    grade rules read, else INVALID_ARGUMENT naming the field."""
    field = "flag_name" if name else "flag"
    if not name:
        name = mapping.REVIEW_FLAG.name(flag, "flag")
    elif flag and mapping.REVIEW_FLAG.name_or(flag, "") != name:
        raise InvalidArgument("flag and flag_name differ", [
            FieldViolation("flag_name", "name one flag: flag or flag_name")])
    policy = repo.policy(session, year=cycle.year, version=cycle.policy_version)
    if name not in policy.flags():
        raise InvalidArgument("the grade rules read no such flag", [FieldViolation(
            field, f"{policy.version} reads the flags {', '.join(policy.flags()) or 'none'}, "
                   f"not {name!r}")])
    return name
