"""Collections as reported by the city and district offices (one row, or a bulk upload whose
chunks are checked and stored whole), listed as stored, corrected by withdrawing or amending a
row with a reason (never deleted), and progress against the district table in force from the
rows in force."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from functools import partial

from sqlmodel import Session

from cityscore.blood_quota.v1 import blood_quota_service_pb2 as pb
from cityscore.core.districts import is_district
from cityscore.core.errors import (
    FailedPrecondition,
    FieldViolation,
    InvalidArgument,
    NotFound,
    PreconditionViolation,
)
from cityscore.core.grpc.auth import READ_ANY
from cityscore.core.grpc.convert import (
    date_to_proto,
    optional_date_from_proto,
    year_from_proto,
)
from cityscore.core.grpc.paging import bad_page_token, page_size
from cityscore.core.grpc.rpc import STORED_ROWS, district_field, rpc
from cityscore.services.blood_quota import domain, mapping, queries
from cityscore.services.blood_quota import repository as repo
from cityscore.services.blood_quota.models import BloodCollection
from cityscore.services.blood_quota.rpc.common import (
    CITY_OR_DISTRICT,
    BloodCall,
    district_table,
    row_id,
)

#: Rows per page of ListCollections (default and maximum).
PAGE_ROWS = 1000


@rpc(access=CITY_OR_DISTRICT, scope=STORED_ROWS, writes=True)
def record_collection(request: pb.RecordCollectionRequest, call: BloodCall, session: Session
                      ) -> pb.RecordCollectionResponse:
    """One collection row; a district office records only for its own district."""
    rows = [mapping.collection_from_proto(request.collection)]
    volume = _record(call, session, request.request_id, rows, "collection")
    return pb.RecordCollectionResponse(recorded=len(rows), volume_ml=volume)


@rpc(access=CITY_OR_DISTRICT, scope=STORED_ROWS, writes=True)
def record_collections(request: pb.RecordCollectionsRequest, call: BloodCall,
                       session: Session) -> pb.RecordCollectionsResponse:
    """A bulk upload, merged from its chunks: every bad row is named and nothing partial is
    stored; a district office records only for its own district."""
    rows = mapping.collections_from_chunks(request)
    volume = _record(call, session, request.request_id, rows, "rows")
    return pb.RecordCollectionsResponse(recorded=len(rows), volume_ml=volume)


def _validate(call: BloodCall, session: Session, rows: Sequence[domain.CollectionRow],
              prefix: str) -> None:
    """Check each row's district against the caller's scope, then every row's content."""
    for district in sorted({r.district for r in rows if is_district(r.district)}):
        call.require_district(district)
    years = {r.donation_date.year for r in rows if r.donation_date is not None}
    codes = repo.unit_codes(session, years=years,
                            districts={r.district for r in rows if r.unit_code})
    rule_sets = {year: domain.rules(version)
                 for year, version in repo.plan_rule_versions(session, years=years).items()}
    domain.validate_collections(rows, today=call.today(), rule_sets=rule_sets,
                                is_district=is_district, units=codes, prefix=prefix,
                                indexed=prefix == "rows")


def _record(call: BloodCall, session: Session, request_id: str,
            rows: Sequence[domain.CollectionRow], prefix: str) -> int:
    """Validate every row, store all of them, count them; returns the whole-blood volume in
    ml."""
    _validate(call, session, rows, prefix)
    volume = sum(r.volume_ml * r.donations for r in rows)
    repo.add_collections(session, rows=rows)
    call.audit(session, action="record", entity_type="collections", entity_id=request_id,
               detail={"rows": len(rows), "volume_ml": volume})
    for channel, count in Counter(r.channel for r in rows).items():
        call.after_commit(partial(call.deps.recorded.labels(channel).inc, count))
    return volume


@rpc(access=READ_ANY, scope=district_field("district"))
def list_collections(request: pb.ListCollectionsRequest, call: BloodCall, session: Session
                     ) -> pb.ListCollectionsResponse:
    """The year's stored rows in the order they were stored, a page at a time; a district
    office sees only its own district's rows."""
    year = year_from_proto(request.year)
    district = call.own_district(request.district)
    first = optional_date_from_proto(request, "from_date", "from_date")
    last = optional_date_from_proto(request, "to_date", "to_date")
    if first is not None and last is not None and first > last:
        raise InvalidArgument("the date range is empty", [
            FieldViolation("to_date", f"{last} is before from_date {first}")])
    size = page_size(request.page_size, default=PAGE_ROWS, maximum=PAGE_ROWS)
    after = row_id(request.page_token or "0")
    if after is None:
        raise bad_page_token()
    found = repo.list_collections(session, year=year, district=district, first=first,
                                  last=last, include_corrected=request.include_corrected,
                                  after_id=after, limit=size + 1)
    page = found[:size]
    return pb.ListCollectionsResponse(
        collections=[mapping.stored_collection_to_proto(r) for r in page],
        next_page_token=str(page[-1].id) if len(found) > size else "")


def _reason(text: str) -> str:
    reason = text.strip()
    if not reason:
        raise InvalidArgument("a correction needs a reason", [
            FieldViolation("reason", "say why the row is corrected")])
    return reason


def _in_force(call: BloodCall, session: Session, collection_id: str) -> BloodCollection:
    """The stored row, within the caller's scope as stored (PERMISSION_DENIED otherwise), and
    still in force (FAILED_PRECONDITION otherwise: correct the row that replaced it)."""
    found = row_id(collection_id)
    stored = None if found is None else repo.collection_for_correction(session,
                                                                        collection_id=found)
    if stored is None:
        raise NotFound("collection", collection_id)
    call.require_district(stored.district)
    if stored.status != repo.IN_FORCE:
        raise FailedPrecondition("the row is no longer in force", [PreconditionViolation(
            "NOT_IN_FORCE", collection_id,
            f"it was {stored.status}" + (f"; correct row {stored.amended_by_id} instead"
                                         if stored.amended_by_id is not None else ""))])
    return stored


def _snapshot(stored: BloodCollection) -> dict[str, object]:
    return {"donation_date": stored.donation_date.isoformat(), "district": stored.district,
            "unit_code": stored.unit_code, "channel": stored.channel,
            "component": stored.component, "volume_ml": stored.volume_ml,
            "therapeutic_doses": stored.therapeutic_doses, "donations": stored.donations,
            "site": stored.site}


@rpc(access=CITY_OR_DISTRICT, scope=STORED_ROWS, writes=True)
def withdraw_collection(request: pb.WithdrawCollectionRequest, call: BloodCall,
                        session: Session) -> pb.WithdrawCollectionResponse:
    """Take a row out of force with a reason; it stays stored and counts nowhere."""
    reason = _reason(request.reason)
    stored = _in_force(call, session, request.collection_id)
    repo.correct_collection(session, stored=stored, status="withdrawn", reason=reason,
                            corrected_by=call.principal.name, corrected_at=call.now())
    call.audit(session, action="withdraw", entity_type="collection",
               entity_id=request.collection_id, detail={"reason": reason,
                                                        "row": _snapshot(stored)})
    call.after_commit(call.deps.corrected.labels("withdraw").inc)
    return pb.WithdrawCollectionResponse(withdrawn=mapping.stored_collection_to_proto(stored))


@rpc(access=CITY_OR_DISTRICT, scope=STORED_ROWS, writes=True)
def amend_collection(request: pb.AmendCollectionRequest, call: BloodCall, session: Session
                     ) -> pb.AmendCollectionResponse:
    """Replace a row with the row as it should have been, with a reason: the old row stays
    stored out of force. Both rows must be within a district office's own district."""
    reason = _reason(request.reason)
    stored = _in_force(call, session, request.collection_id)
    row = mapping.collection_from_proto(request.collection)
    _validate(call, session, [row], "collection")
    replacement = repo.add_collection(session, row=row, amends=stored.id)
    repo.correct_collection(session, stored=stored, status="amended", reason=reason,
                            corrected_by=call.principal.name, corrected_at=call.now(),
                            amended_by=replacement.id)
    call.audit(session, action="amend", entity_type="collection",
               entity_id=request.collection_id,
               detail={"reason": reason, "before": _snapshot(stored),
                       "after": _snapshot(replacement), "replacement": replacement.id})
    call.after_commit(call.deps.corrected.labels("amend").inc)
    return pb.AmendCollectionResponse(amended=mapping.stored_collection_to_proto(stored),
                                      replacement=mapping.stored_collection_to_proto(replacement))


@rpc(access=READ_ANY, scope=district_field("district"))
def get_progress(request: pb.GetProgressRequest, call: BloodCall, session: Session
                 ) -> pb.GetProgressResponse:
    """Progress of every row of the district table in force (a district office's own row
    only) and of the city, with the city's channel targets, from the collections in force;
    apheresis platelets reported on each row, counted only when the plan says so."""
    year = year_from_proto(request.year)
    district = call.own_district(request.district)
    if district and not is_district(district):
        raise InvalidArgument("unknown district", [
            FieldViolation("district", f"{district!r} is not a district code")])
    as_of = domain.progress_as_of(year, call.today(),
                                  optional_date_from_proto(request, "as_of", "as_of"))
    plan, table = district_table(session, year)
    totals = queries.collections(session, year=year, as_of=as_of, district=district)
    rule_set = domain.rules(plan.rule_version)
    rules = domain.progress_rules(plan, rule_set)
    rows, city = domain.progress([(r.code, r.kind, r.units) for r in table.rows], totals, rules)
    unit_ml = rule_set.unit_ml
    elapsed, year_days = domain.elapsed_days(year, as_of)
    if district:
        rows = [r for r in rows if r.code == district]
    return pb.GetProgressResponse(
        year=year, as_of=date_to_proto(as_of), allocation_id=str(table.allocation.id),
        rows=[mapping.progress_to_proto(r, unit_ml=unit_ml, elapsed=elapsed,
                                        year_days=year_days, rules=rules) for r in rows],
        city=mapping.progress_to_proto(city, unit_ml=unit_ml, elapsed=elapsed,
                                       year_days=year_days, rules=rules,
                                       targets=domain.channel_targets(plan)),
        platelet_units_per_dose=plan.platelet_units_per_dose,
        platelet_conversion_source=plan.platelet_conversion_source,
        platelets_counted=bool(rules.platelet_ml_per_dose))
