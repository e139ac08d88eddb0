"""What several resources' handlers share: access sets, required fields, pages, rows in the
caller's scope, kept refusals."""

from __future__ import annotations

import base64
import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlmodel import Session

from cityscore.core.errors import (
    FailedPrecondition,
    FieldViolation,
    InvalidArgument,
    NotFound,
    PreconditionViolation,
    ViolationCollector,
)
from cityscore.core.grpc.auth import Access, Role
from cityscore.core.grpc.paging import DEFAULT_PAGE_SIZE, bad_page_token, page_size
from cityscore.lpg_registry.v1 import lpg_registry_service_pb2 as pb
from cityscore.services.lpg_registry import domain, models, repository
from cityscore.services.lpg_registry.rpc import LpgCall

CITY = Access.of(Role.CITY_OFFICE)
AUTHORITY = Access.of(Role.CITY_OFFICE, Role.DISTRICT_OFFICE)
ENTERPRISE = Access.of(Role.CITY_OFFICE, Role.LPG_ENTERPRISE)
ENTERPRISE_ONLY = Access.of(Role.LPG_ENTERPRISE)
ANY_WRITER = Access.of(Role.CITY_OFFICE, Role.DISTRICT_OFFICE, Role.LPG_ENTERPRISE)
AUDIT_READ = Access.of(Role.CITY_OFFICE, Role.ASSESSOR, Role.OPERATOR)


_TIMESTAMP_SECONDS = (-62_135_596_800, 253_402_300_799)
"""Seconds of 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z, the range of a Timestamp."""


@dataclass(frozen=True, slots=True)
class Moment:
    """When a fill or delivery happened and when the registry received it; its rules are
    checked as of the day it happened, with the policy in force that day (``policy``), and
    the upload window is that of the policy in force on receipt (``received_policy``)."""

    occurred_at: dt.datetime
    received_at: dt.datetime
    policy: domain.Policy
    received_policy: domain.Policy

    @property
    def day(self) -> dt.date:
        return domain.city_day(self.occurred_at)

    @property
    def days_late(self) -> int:
        return domain.days_late(self.occurred_at, self.received_at)

    def lateness_refusals(self, subject: str) -> list[PreconditionViolation]:
        return domain.lateness_refusals(self.received_policy, self.occurred_at,
                                        self.received_at, subject)


def moment(call: LpgCall, request: pb.RecordFillRequest | pb.RecordDeliveryRequest) -> Moment:
    """The request's ``occurred_at`` (unset: now), validated at the edge: a Timestamp out of
    range, or ahead of the server's clock beyond the policy's skew, is INVALID_ARGUMENT."""
    received = call.now()
    received_policy = call.deps.policy(domain.city_day(received))
    if not request.HasField("occurred_at"):
        return Moment(received, received, received_policy, received_policy)
    stamp = request.occurred_at
    low, high = _TIMESTAMP_SECONDS
    if not (low <= stamp.seconds <= high and 0 <= stamp.nanos < 1_000_000_000):
        raise InvalidArgument("occurred_at is not a time", [FieldViolation(
            "occurred_at", "seconds between years 1 and 9999, nanos below one second")])
    occurred = stamp.ToDatetime(tzinfo=dt.UTC)
    problem = domain.future_problem(received_policy, occurred, received)
    if problem:
        raise InvalidArgument("occurred_at is in the future", [
            FieldViolation("occurred_at", problem)])
    return Moment(occurred, received, call.deps.policy(domain.city_day(occurred)),
                  received_policy)


def count_accepted(call: LpgCall, kind: str, when: Moment) -> None:
    """Count an accepted fill or delivery, and a late one as such, once it is committed."""
    metrics = call.deps.metrics
    call.after_commit((metrics.fills if kind == "fill" else metrics.deliveries)
                      .labels("accepted", "").inc)
    if when.days_late:
        call.after_commit(metrics.late_uploads.labels(kind).inc)


def late_note(when: Moment) -> list[str]:
    """What a cylinder's history says of a record uploaded on a later day."""
    return [f"uploaded {when.days_late} day(s) late"] if when.days_late else []


def policy_today(call: LpgCall) -> domain.Policy:
    """The policy in force on the service clock's today."""
    return call.deps.policy(call.today())


def collect(found: Iterable[tuple[str, str]], collector: ViolationCollector) -> None:
    """Add the domain's (field, problem) pairs to a request's violations."""
    for path, description in found:
        collector.add(path, description)


@dataclass(frozen=True, slots=True)
class Page:
    """One page of a keyset-paged list: at most ``size`` rows after the key ``after``."""

    kind: str
    size: int
    after: str | None

    def next_token(self, keys: Sequence[object]) -> str:
        """The token of the next page, given the keys of the rows fetched (``size + 1`` asked
        for): empty when this is the last page."""
        if len(keys) <= self.size:
            return ""
        raw = f"{self.kind}:{keys[self.size - 1]}".encode()
        return base64.urlsafe_b64encode(raw).decode("ascii")


def page(kind: str, requested_size: int, token: str, *, default: int = DEFAULT_PAGE_SIZE
         ) -> Page:
    """The page a list request asks for; a token of another list, or not one at all, is
    INVALID_ARGUMENT naming ``page_token``."""
    size = page_size(requested_size, default=default)
    if not token:
        return Page(kind, size, None)
    try:
        decoded = base64.urlsafe_b64decode(token.encode("ascii")).decode()
    except (ValueError, UnicodeError):
        decoded = ""
    found_kind, _, key = decoded.partition(":")
    if found_kind != kind or not key:
        raise bad_page_token()
    return Page(kind, size, key)


def key_after(wanted: Page) -> int:
    """The numeric key (user id, hazard id) a page starts after (0: the first page)."""
    try:
        return int(wanted.after or 0)
    except ValueError:
        raise bad_page_token() from None


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
    """The user as stored, if the caller may act for it: its enterprise, or an authority of
    its district; another scope's user is PERMISSION_DENIED (every write that changes a
    user starts here, so the scope checked is the stored row's)."""
    row = repository.get(session, model=models.User, key=user_id)
    if row is None:
        raise NotFound("user", str(user_id))
    assert isinstance(row, models.User)
    call.require_enterprise(row.enterprise_id)
    call.require_district(row.district)
    return row


def scoped_cylinder(session: Session, call: LpgCall, trace_code: str) -> models.Cylinder:
    """The cylinder as stored, if the caller may act for it: its owner, or an authority of
    its owner's district; another scope's cylinder is PERMISSION_DENIED."""
    row = repository.get(session, model=models.Cylinder, key=trace_code)
    if row is None:
        raise NotFound("cylinder", trace_code)
    assert isinstance(row, models.Cylinder)
    call.require_enterprise(row.owner_enterprise_id)
    call.require_district(repository.district_of(session, enterprise_id=row.owner_enterprise_id))
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
