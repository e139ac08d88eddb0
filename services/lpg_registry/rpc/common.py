"""What several resources' handlers share: access sets, required fields, pages, rows in the
caller's scope, kept refusals."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from sqlmodel import Session

from cityscore.core.errors import (
    FailedPrecondition,
    FieldViolation,
    InvalidArgument,
    NotFound,
    ViolationCollector,
)
from cityscore.core.grpc.auth import Access, Role
from cityscore.services.lpg_registry import models, repository
from cityscore.services.lpg_registry.rpc import LpgCall

MAX_PAGE_SIZE = 1000
DEFAULT_PAGE_SIZE = 100

CITY = Access.of(Role.CITY_OFFICE)
AUTHORITY = Access.of(Role.CITY_OFFICE, Role.DISTRICT_OFFICE)
ENTERPRISE = Access.of(Role.CITY_OFFICE, Role.LPG_ENTERPRISE)
ENTERPRISE_ONLY = Access.of(Role.LPG_ENTERPRISE)
ANY_WRITER = Access.of(Role.CITY_OFFICE, Role.DISTRICT_OFFICE, Role.LPG_ENTERPRISE)
AUDIT_READ = Access.of(Role.CITY_OFFICE, Role.ASSESSOR, Role.OPERATOR)


def required(collector: ViolationCollector, path: str, value: str) -> None:
    if not value.strip():
        collector.add(path, "is required")


def collect(found: Iterable[tuple[str, str]], collector: ViolationCollector) -> None:
    """Add the domain's (field, problem) pairs to a request's violations."""
    for path, description in found:
        collector.add(path, description)


def page_size(requested: int) -> int:
    size = requested or DEFAULT_PAGE_SIZE
    if not 0 < size <= MAX_PAGE_SIZE:
        raise InvalidArgument("page_size is out of range", [
            FieldViolation("page_size", f"1 to {MAX_PAGE_SIZE}")])
    return size


def scoped_enterprise(session: Session, call: LpgCall, enterprise_id: str) -> models.Enterprise:
    """The enterprise, if the caller may act for it: its own, or one of its district's."""
    call.require_enterprise(enterprise_id)
    row = repository.get(session, model=models.Enterprise, key=enterprise_id)
    if row is None:
        raise NotFound("enterprise", enterprise_id)
    call.require_district(row.district)
    assert isinstance(row, models.Enterprise)
    return row


def scoped_user(session: Session, call: LpgCall, user_id: int) -> models.User:
    """The user, if the caller may see it; another scope's user reads as not found."""
    principal = call.principal
    row = repository.get(session, model=models.User, key=user_id)
    if row is None or (principal.role is Role.LPG_ENTERPRISE
                       and row.enterprise_id != principal.scope) \
            or not principal.may_act_for_district(row.district):
        raise NotFound("user", str(user_id))
    assert isinstance(row, models.User)
    return row


def scoped_cylinder(session: Session, call: LpgCall, trace_code: str) -> models.Cylinder:
    """The cylinder, if the caller may see it; another scope's cylinder reads as not found."""
    principal = call.principal
    row = repository.get(session, model=models.Cylinder, key=trace_code)
    if row is None:
        raise NotFound("cylinder", trace_code)
    assert isinstance(row, models.Cylinder)
    if principal.role is Role.LPG_ENTERPRISE and row.owner_enterprise_id != principal.scope:
        raise NotFound("cylinder", trace_code)
    if principal.role is Role.DISTRICT_OFFICE \
            and repository.district_of(session, enterprise_id=row.owner_enterprise_id) \
            != principal.scope:
        raise NotFound("cylinder", trace_code)
    return row


def keep_refusal(call: LpgCall, *, kind: str, request_id: str, enterprise_id: str,
                 district: str | None, trace_codes: Sequence[str],
                 refused: FailedPrecondition) -> None:
    """Keep a refused fill or delivery once per request id, in its own unit of work, since
    the refused one rolls back (§7: reports count every refusal by reason)."""
    codes = sorted({v.type for v in refused.violations})
    with call.write() as session:
        kept = repository.keep_refusal(session, refusal=models.Refusal(
            kind=kind, request_id=request_id, enterprise_id=enterprise_id,
            district=district if district is not None
            else repository.district_of(session, enterprise_id=enterprise_id),
            refused_on=call.today(), codes=" ".join(codes),
            detail=json.dumps([[v.type, v.subject, v.description] for v in refused.violations],
                              ensure_ascii=False)[:4000]), trace_codes=trace_codes)
        if kept:
            call.audit(session, action=f"refuse_{kind.lower()}", entity_type=kind.lower(),
                       entity_id=request_id, detail={"codes": codes})
    if kept:
        call.deps.metrics.refused(kind, codes)
