"""Users: real-name registration, one at a time or imported in bulk, review and safety."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from sqlmodel import Session

from cityscore.common.v1.common_pb2 import Date
from cityscore.core.districts import district_codes, is_district
from cityscore.core.errors import (
    AlreadyExists,
    FailedPrecondition,
    FieldViolation,
    InvalidArgument,
    NotFound,
    PreconditionViolation,
    ViolationCollector,
)
from cityscore.core.grpc.auth import READ_ANY
from cityscore.core.grpc.convert import date_field
from cityscore.core.grpc.rpc import HANDLER, STORED_ROWS, district_field, rpc
from cityscore.lpg_registry.v1 import lpg_registry_service_pb2 as pb
from cityscore.services.lpg_registry import domain, mapping, models, repository
from cityscore.services.lpg_registry.rpc import LpgCall
from cityscore.services.lpg_registry.rpc.common import (
    ANY_WRITER,
    AUTHORITY,
    key_after,
    page,
    scoped_user,
)


def _user_row(call: LpgCall, user: pb.User, prefix: str, collector: ViolationCollector,
              today: dt.date) -> dict[str, Any] | None:
    """Validate one registration; the row to insert (identifiers hashed and masked)."""
    before = len(collector.violations)
    user_type = mapping.USER_TYPE.name_or(user.user_type, mapping.UNSPECIFIED)
    if user_type == mapping.UNSPECIFIED:
        collector.add(f"{prefix}user_type", "residential, catering, commercial or reseller")
    for name in ("enterprise_id", "name", "address"):
        collector.require_text(f"{prefix}{name}", getattr(user, name))
    if not is_district(user.district):
        collector.add(f"{prefix}district", "unknown district code")
    phone_problem = domain.phone_problem(user.phone)
    if phone_problem:
        collector.add(f"{prefix}phone", phone_problem)
    registered_on = date_field(user.registered_on, f"{prefix}registered_on", collector,
                               required=False) or today
    if registered_on > today:
        collector.add(f"{prefix}registered_on", "is in the future")
    identity = masked = ""
    if user_type == domain.RESIDENTIAL:
        collector.require_text(f"{prefix}subdistrict", user.subdistrict)
        problem = domain.resident_id_problem(user.resident_id, today)
        if problem:
            collector.add(f"{prefix}resident_id", problem)
        else:
            number = domain.normalise_resident_id(user.resident_id)
            identity = "rid:" + call.deps.hash(number)
            masked = domain.mask_resident_id(number)
    elif user_type != mapping.UNSPECIFIED:
        collector.require_text(f"{prefix}business_name", user.business_name)
        problem = domain.credit_code_problem(user.credit_code)
        if problem:
            collector.add(f"{prefix}credit_code", problem)
        identity = "uscc:" + user.credit_code.strip().upper()
    licence_until = None
    if user_type == domain.RESELLER:
        collector.require_text(f"{prefix}licence_number", user.licence_number)
        licence_until = date_field(user.licence_valid_until, f"{prefix}licence_valid_until",
                                   collector)
    if len(collector.violations) > before:
        return None
    return {"identity_key": identity, "user_type": user_type,
            "enterprise_id": user.enterprise_id, "name": user.name, "id_masked": masked,
            "key_version": domain.HASH_KEY_VERSION,
            "phone_hash": call.deps.hash(domain.normalise_phone(user.phone)),
            "phone_masked": domain.mask_phone(user.phone), "business_name": user.business_name,
            "credit_code": user.credit_code.strip().upper() if user_type != domain.RESIDENTIAL
            else "", "address": user.address, "district": user.district,
            "subdistrict": user.subdistrict, "grid_cell": user.grid_cell,
            "review_status": "PENDING", "safety_verified": False,
            "registered_on": registered_on,
            "licence_number": user.licence_number.strip() if licence_until else "",
            "licence_valid_until": licence_until}


def _check_user_scope(session: Session, call: LpgCall, enterprise_ids: Sequence[str],
                      districts: Sequence[str], prefix: Callable[[int], str]) -> None:
    """Registrars act for their own enterprise or district, checked once per distinct pair;
    the enterprise must exist (a violation on each row, ``prefix(row)`` naming it)."""
    for enterprise_id, district in dict.fromkeys(zip(enterprise_ids, districts, strict=True)):
        call.require_enterprise(enterprise_id)
        call.require_district(district)
    unknown = set(enterprise_ids) - repository.existing_enterprises(
        session, enterprise_ids=sorted(set(enterprise_ids)))
    if unknown:
        missing = ViolationCollector()
        for index, enterprise_id in enumerate(enterprise_ids):
            if enterprise_id in unknown:
                missing.add(f"{prefix(index)}enterprise_id", "no such enterprise")
        missing.raise_if_any("the registration names an unknown enterprise")


@rpc(access=ANY_WRITER, scope=STORED_ROWS, writes=True)
def register_user(request: pb.RegisterUserRequest, call: LpgCall, session: Session
                  ) -> pb.RegisterUserResponse:
    """The scope is that of the registration's enterprise and district, checked per row."""
    collector = ViolationCollector()
    row = _user_row(call, request.user, "user.", collector, call.today())
    collector.raise_if_any()
    assert row is not None
    _check_user_scope(session, call, [row["enterprise_id"]], [row["district"]],
                      lambda _: "user.")
    label = row["id_masked"] or row["credit_code"]
    if repository.existing_identities(session, keys=[row["identity_key"]]):
        raise AlreadyExists("user", label, "this identity is already registered")
    user = repository.add_unique(session, row=models.User(**row), kind="user", name=label)
    call.audit(session, action="register", entity_type="user", entity_id=str(user.user_id),
               detail={"identity": label})
    call.after_commit(call.deps.metrics.registrations.labels("user", "registered").inc)
    return pb.RegisterUserResponse(user=mapping.user_to_proto(user))


def _plain_phone(raw: str) -> str | None:
    """The phone when it is plain ASCII digits, 7 to 20 of them and no ``0086`` prefix: then
    it is valid and its own canonical form (``domain.phone_problem``,
    ``domain.normalise_phone``), with nothing to rewrite; None for any other spelling."""
    text = raw.strip()
    if text.isascii() and text.isdigit() and 7 <= len(text) <= 20 \
            and not text.startswith("0086"):
        return text
    return None


def _plain_day(value: Date, today: dt.date) -> dt.date | None:
    """The registration day: ``today`` when unset, the date when it is one not after
    ``today``; None for anything ``_user_row`` must name."""
    if not (value.year or value.month or value.day):
        return today
    try:
        day = dt.date(value.year, value.month, value.day)
    except ValueError:
        return None
    return day if day <= today else None


def _import_rows(call: LpgCall, users: Sequence[pb.User], collector: ViolationCollector,
                 today: dt.date) -> list[tuple[Any, ...]]:
    """The rows of an import, as tuples in ``repository.USER_COLUMNS`` order.

    A residential row whose fields are plainly valid (text present, a known district, a phone
    of plain digits, a registration day not after today, a resident ID number whose check
    character and birth date pass, checked a column at a time) is built here with two keyed
    hashes and two masks; every other row goes through ``_user_row``, which names each of
    its problems as the clerk sees the row (``users[i].field``).
    """
    residential = pb.USER_TYPE_RESIDENTIAL
    districts = district_codes()
    numbers = [domain.normalise_resident_id(u.resident_id) if u.user_type == residential
               else "" for u in users]
    id_passes = domain.resident_ids_pass(numbers, today).tolist()
    key = call.deps.hash
    rows: list[tuple[Any, ...]] = []
    for index, (user, number, id_passes_check) in enumerate(
            zip(users, numbers, id_passes, strict=True)):
        phone = _plain_phone(user.phone)
        registered_on = _plain_day(user.registered_on, today)
        if (id_passes_check and phone is not None and registered_on is not None
                and user.district in districts and user.enterprise_id.strip()
                and user.name.strip() and user.address.strip() and user.subdistrict.strip()):
            rows.append((
                "rid:" + key(number), domain.RESIDENTIAL, user.enterprise_id, user.name,
                domain.mask_resident_id(number), domain.HASH_KEY_VERSION, key(phone),
                domain.mask_phone(phone), user.business_name, "", user.address, user.district,
                user.subdistrict, user.grid_cell, "PENDING", False, registered_on, "", None))
            continue
        row = _user_row(call, user, f"users[{index}].", collector, today)
        if row is not None:
            rows.append(tuple(row[name] for name in repository.USER_COLUMNS))
    return rows


@rpc(access=ANY_WRITER, scope=STORED_ROWS, writes=True)
def import_users(request: pb.ImportUsersRequest, call: LpgCall, session: Session
                 ) -> pb.ImportUsersResponse:
    """De-duplication by identity: known or repeated identities are skipped. All or nothing:
    one answer names every bad row, and the rows go to the database straight through the
    driver (``COPY`` on PostgreSQL)."""
    collector = ViolationCollector()
    rows = _import_rows(call, request.users, collector, call.today())
    collector.raise_if_any(f"{len(collector.violations)} problem(s) in the import")
    enterprise_at = repository.USER_COLUMNS.index("enterprise_id")
    district_at = repository.USER_COLUMNS.index("district")
    _check_user_scope(session, call, [r[enterprise_at] for r in rows],
                      [r[district_at] for r in rows], lambda i: f"users[{i}].")
    keys = [r[0] for r in rows]
    known = repository.existing_identities(session, keys=keys)
    fresh: list[tuple[Any, ...]] = []
    duplicates: list[int] = []
    for index, (identity, row) in enumerate(zip(keys, rows, strict=True)):
        if identity in known:
            duplicates.append(index)
        else:
            known.add(identity)
            fresh.append(row)
    repository.insert_users(session, rows=fresh)
    call.audit(session, action="import", entity_type="user", entity_id="*",
               detail={"registered": len(fresh), "duplicates": len(duplicates)})
    call.after_commit(partial(
        call.deps.metrics.registrations.labels("user", "registered").inc, len(fresh)))
    call.after_commit(partial(
        call.deps.metrics.registrations.labels("user", "duplicate").inc, len(duplicates)))
    return pb.ImportUsersResponse(registered=len(fresh), duplicate_rows=duplicates)


@rpc(access=READ_ANY, scope=STORED_ROWS)
def get_user(request: pb.GetUserRequest, call: LpgCall, session: Session
             ) -> pb.GetUserResponse:
    user = scoped_user(session, call, request.user_id)
    held = repository.held_cylinders(session, user_id=request.user_id)
    return pb.GetUserResponse(user=mapping.user_to_proto(user, held))


@rpc(access=READ_ANY, scope=district_field("district"))
def list_users(request: pb.ListUsersRequest, call: LpgCall, session: Session
               ) -> pb.ListUsersResponse:
    """A district office lists its district, an enterprise its own users."""
    wanted = page("user", request.page_size, request.page_token)
    rows = repository.find_users(session, query=repository.UserQuery(
        district=call.own_district(request.district) or None,
        enterprise_id=call.own_enterprise("") or None),
        after_user_id=key_after(wanted) or request.after_user_id, limit=wanted.size + 1)
    return pb.ListUsersResponse(users=[mapping.user_to_proto(r) for r in rows[:wanted.size]],
                                next_page_token=wanted.next_token([r.user_id for r in rows]))


def _update_user(session: Session, call: LpgCall, user_id: int, action: str,
                 change: Callable[[models.User], dict[str, Any]]) -> pb.User:
    user = scoped_user(session, call, user_id)
    detail = change(user)
    repository.add(session, row=user)
    call.audit(session, action=action, entity_type="user", entity_id=str(user.user_id),
               detail=detail)
    return mapping.user_to_proto(user)


def _review_status(value: int) -> str:
    status = mapping.REVIEW_STATUS.name_or(value, mapping.UNSPECIFIED)
    if status not in ("REVIEWED", "REJECTED", "PENDING"):
        raise InvalidArgument("review_status is required", [
            FieldViolation("review_status", "reviewed, rejected or pending")])
    return status


def _set_review(call: LpgCall, session: Session, user: models.User, status: str) -> None:
    """Change one user's review status, audited with the status it had."""
    before = user.review_status
    user.review_status = status
    repository.add(session, row=user)
    call.audit(session, action="review", entity_type="user", entity_id=str(user.user_id),
               detail={"review_status": status, "was": before})


@rpc(access=AUTHORITY, scope=STORED_ROWS, writes=True)
def review_user(request: pb.ReviewUserRequest, call: LpgCall, session: Session
                ) -> pb.ReviewUserResponse:
    status = _review_status(request.review_status)
    user = scoped_user(session, call, request.user_id)
    _set_review(call, session, user, status)
    return pb.ReviewUserResponse(user=mapping.user_to_proto(user))


@rpc(access=AUTHORITY, scope=STORED_ROWS, writes=True)
def verify_user_safety(request: pb.VerifyUserSafetyRequest, call: LpgCall, session: Session
                       ) -> pb.VerifyUserSafetyResponse:
    def change(user: models.User) -> dict[str, Any]:
        """Catering and commercial users' safe-use conditions (seed ¶四; §8.2)."""
        if user.user_type == domain.RESIDENTIAL:
            raise FailedPrecondition("only catering and commercial sites are verified", [
                PreconditionViolation("USER_RESIDENTIAL", f"user {user.user_id}",
                                      "residential users are inspected instead")])
        user.safety_verified = request.verified
        return {"safety_verified": request.verified}

    return pb.VerifyUserSafetyResponse(user=_update_user(session, call, request.user_id,
                                                         "verify_safety", change))


_SEARCH_FIELDS = ("resident_id", "phone", "name_contains", "address_contains", "grid_cell",
                  "district", "enterprise_id")


@dataclass(frozen=True, slots=True)
class _Search:
    """A search's criteria, and the masked form of each identifier it names (what its
    audit entry keeps; the number itself is dropped once hashed)."""

    query: repository.UserQuery
    masked: dict[str, str]


def _phone_hashes(call: LpgCall, raw: str) -> tuple[str, ...]:
    """The keyed hashes a phone is looked up by: that of its canonical form, under which it
    is registered, and that of the text as typed (trimmed), under which rows registered before
    phones were written canonically are stored and cannot be re-hashed (only the hash is)."""
    return tuple(dict.fromkeys(call.deps.hash(text)
                               for text in (domain.normalise_phone(raw), raw.strip())))


def _search(call: LpgCall, request: pb.FindUsersRequest) -> _Search:
    """The criteria of a search, identifiers as keyed hashes; bad ones name their field and
    never repeat the number."""
    collector = ViolationCollector()
    identity: str | None = None
    phones: tuple[str, ...] | None = None
    masked: dict[str, str] = {}
    if request.resident_id.strip():
        problem = domain.resident_id_problem(request.resident_id, call.today())
        if problem:
            collector.add("resident_id", problem)
        else:
            number = domain.normalise_resident_id(request.resident_id)
            identity = "rid:" + call.deps.hash(number)
            masked["resident_id"] = domain.mask_resident_id(number)
    if request.phone.strip():
        problem = domain.phone_problem(request.phone)
        if problem:
            collector.add("phone", problem)
        else:
            phones = _phone_hashes(call, request.phone)
            masked["phone"] = domain.mask_phone(request.phone)
    texts = {name: getattr(request, name).strip() or None
             for name in ("name_contains", "address_contains", "grid_cell")}
    if identity is None and phones is None and not any(texts.values()) \
            and not collector.violations:
        collector.add("resident_id", "give a resident ID number, phone, name or address "
                                     "fragment, or grid cell")
    collector.raise_if_any("the search is invalid")
    return _Search(repository.UserQuery(
        identity_key=identity, phone_hashes=phones, name_contains=texts["name_contains"],
        address_contains=texts["address_contains"], grid_cell=texts["grid_cell"],
        district=call.own_district(request.district) or None,
        enterprise_id=call.own_enterprise(request.enterprise_id) or None), masked)


@rpc(access=ANY_WRITER, scope=district_field("district"), units=HANDLER)
def find_users(request: pb.FindUsersRequest, call: LpgCall) -> pb.FindUsersResponse:
    """Within the caller's scope: an enterprise its own users, a district office its
    district's; only the roles that keep or supervise users search them (operators and
    assessors do not). The resident ID number and phone are looked up by keyed hash (§9.3),
    and a search by either is audited in the unit of work that reads the answer, with who
    asked, the fields given, the masked identifiers and the users found: no answer without
    its audit entry, and never the number."""
    search = _search(call, request)
    wanted = page("user", request.page_size, request.page_token)
    with call.write() if search.masked else call.read() as session:
        rows = repository.find_users(session, query=search.query,
                                     after_user_id=key_after(wanted), limit=wanted.size + 1)
        shown = rows[:wanted.size]
        if search.masked:
            call.audit(session, action="find", entity_type="user", entity_id="*", detail={
                "fields": [name for name in _SEARCH_FIELDS if getattr(request, name).strip()],
                **search.masked, "user_ids": [r.user_id for r in shown]})
        return pb.FindUsersResponse(
            users=[mapping.user_to_proto(r) for r in shown],
            next_page_token=wanted.next_token([r.user_id for r in rows]))


@rpc(access=AUTHORITY, scope=STORED_ROWS, writes=True)
def review_users(request: pb.ReviewUsersRequest, call: LpgCall, session: Session
                 ) -> pb.ReviewUsersResponse:
    """Review a list of users, or every pending user of a district (and enterprise): each
    user's scope is checked as stored, all or nothing, and each change is audited."""
    status = _review_status(request.review_status)
    ids = sorted(set(request.user_ids))
    if ids:
        found = repository.users_by_id(session, user_ids=ids)
        missing = [str(i) for i in ids if i not in found]
        if missing:
            raise NotFound("user", " ".join(missing))
        users = [found[i] for i in ids]
    else:
        district = call.own_district(request.district)
        if not district and not request.enterprise_id:
            raise InvalidArgument("say which users", [FieldViolation(
                "user_ids", "give user ids, or a district or enterprise to filter by")])
        users = repository.all_users(session, query=repository.UserQuery(
            district=district or None, enterprise_id=request.enterprise_id or None,
            review_status="PENDING"))
    changed: list[int] = []
    unchanged: list[int] = []
    for user in users:
        call.require_enterprise(user.enterprise_id)
        call.require_district(user.district)
        if user.review_status == status:
            unchanged.append(user.user_id or 0)
            continue
        _set_review(call, session, user, status)
        changed.append(user.user_id or 0)
    return pb.ReviewUsersResponse(user_ids=changed, unchanged_user_ids=unchanged)
