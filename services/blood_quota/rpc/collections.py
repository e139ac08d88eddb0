"""Collections as reported by the city and district offices (one row, or a bulk upload whose
chunks are checked and stored whole), and progress against the current district table."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from functools import partial

from sqlmodel import Session

from cityscore.blood_quota.v1 import blood_quota_service_pb2 as pb
from cityscore.core.districts import is_district
from cityscore.core.errors import FieldViolation, InvalidArgument
from cityscore.core.grpc.auth import READ_ANY
from cityscore.core.grpc.convert import (
    date_to_proto,
    optional_date_from_proto,
    year_from_proto,
)
from cityscore.core.grpc.rpc import STORED_ROWS, district_field, rpc
from cityscore.services.blood_quota import domain, mapping, queries
from cityscore.services.blood_quota import repository as repo
from cityscore.services.blood_quota.rpc.common import CITY_OR_DISTRICT, BloodCall, district_table


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


def _record(call: BloodCall, session: Session, request_id: str,
            rows: Sequence[domain.CollectionRow], prefix: str) -> int:
    """Check each row's district against the caller's scope, validate every row, store all
    of them, count them; returns the volume in ml."""
    for district in sorted({r.district for r in rows if is_district(r.district)}):
        call.require_district(district)
    volume = sum(r.volume_ml * r.donations for r in rows)
    years = {r.donation_date.year for r in rows if r.donation_date is not None}
    codes = repo.unit_codes(session, years=years,
                            districts={r.district for r in rows if r.unit_code})
    rule_sets = {year: domain.rules(version)
                 for year, version in repo.plan_rule_versions(session).items()}
    domain.validate_collections(rows, today=call.today(), rule_sets=rule_sets,
                                is_district=is_district, units=codes, prefix=prefix,
                                indexed=prefix == "rows")
    repo.add_collections(session, rows=rows)
    call.audit(session, action="record", entity_type="collections", entity_id=request_id,
               detail={"rows": len(rows), "volume_ml": volume})
    for channel, count in Counter(r.channel for r in rows).items():
        call.after_commit(partial(call.deps.recorded.labels(channel).inc, count))
    return volume


@rpc(access=READ_ANY, scope=district_field("district"))
def get_progress(request: pb.GetProgressRequest, call: BloodCall, session: Session
                 ) -> pb.GetProgressResponse:
    """Progress of every row of the current district table (a district office's own row
    only) and of the city, with the city's channel targets."""
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
    rows, city = domain.progress([(r.code, r.kind, r.units) for r in table.rows], totals,
                                 domain.progress_rules(plan, rule_set))
    unit_ml = rule_set.unit_ml
    elapsed, year_days = domain.elapsed_days(year, as_of)
    if district:
        rows = [r for r in rows if r.code == district]
    return pb.GetProgressResponse(
        year=year, as_of=date_to_proto(as_of), allocation_id=str(table.allocation.id),
        rows=[mapping.progress_to_proto(r, unit_ml=unit_ml, elapsed=elapsed,
                                        year_days=year_days) for r in rows],
        city=mapping.progress_to_proto(city, unit_ml=unit_ml, elapsed=elapsed,
                                       year_days=year_days,
                                       targets=domain.channel_targets(plan)))
