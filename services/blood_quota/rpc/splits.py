"""A district's split of its quota: the roster of work units and towns uploaded for a year,
and the split over it (saved, or what-if with any quota)."""

from __future__ import annotations

from sqlmodel import Session

from cityscore.blood_quota.v1 import blood_quota_service_pb2 as pb
from cityscore.core.errors import (
    FailedPrecondition,
    FieldViolation,
    InvalidArgument,
    PreconditionViolation,
)
from cityscore.core.grpc.convert import year_from_proto
from cityscore.core.grpc.rpc import district_field, rpc
from cityscore.services.blood_quota import domain, mapping, queries
from cityscore.services.blood_quota import repository as repo
from cityscore.services.blood_quota.rpc.common import (
    CITY_OR_DISTRICT,
    BloodCall,
    load_plan,
    no_table_in_force,
    require_own_district,
    run,
    save,
)


@rpc(access=CITY_OR_DISTRICT, scope=district_field("district"), writes=True)
def upload_units(request: pb.UploadUnitsRequest, call: BloodCall, session: Session
                 ) -> pb.UploadUnitsResponse:
    """Replace a district's roster for a year with the whole (merged) upload."""
    year = year_from_proto(request.year)
    require_own_district(call, request.district, "district")
    units = mapping.units_from_proto(request)
    load_plan(session, year)
    repo.replace_units(session, year=year, district=request.district, units=units)
    counts = {kind: sum(1 for u in units if u.kind == kind) for kind in domain.UNIT_KINDS}
    call.audit(session, action="replace", entity_type="unit_roster",
               entity_id=f"{year}/{request.district}", detail=counts)
    return pb.UploadUnitsResponse(work_units=counts["work_unit"], towns=counts["town"])


@rpc(access=CITY_OR_DISTRICT, scope=district_field("district"),
     writes=lambda request: not request.what_if)
def split_district_quota(request: pb.SplitDistrictQuotaRequest, call: BloodCall,
                         session: Session) -> pb.SplitDistrictQuotaResponse:
    """Split the district's quota over its roster (§9); a saved split uses the quota of the
    district table in force and records that table, so it is reported stale once another is
    adopted. The drill minimum stays at district level (``split_pool``): the units share the
    quota less the drill minimum."""
    year = year_from_proto(request.year)
    method = mapping.method_from_proto(request.method)
    require_own_district(call, request.district, "district")
    if request.HasField("quota_units") and not request.what_if:
        raise InvalidArgument("a saved split uses the district's quota", [
            FieldViolation("quota_units", "set only with what_if")])
    plan = load_plan(session, year)
    rule_set = domain.rules(plan.rule_version)
    per_person = domain.parse_units_per_person(
        request.units_per_person or plan.units_per_person, rule_set, "units_per_person")
    split_of: int | None = None
    if request.HasField("quota_units"):
        quota = request.quota_units
    else:
        split_of, quota = _district_quota(session, year, request.district)
    if quota < 0:
        raise InvalidArgument("the quota must not be negative", [
            FieldViolation("quota_units", "must not be negative")])
    if request.what_if and rule_set.split_keeps_drill_minimum \
            and quota < plan.drill_min_per_district_units:
        raise InvalidArgument("the quota is below the drill minimum", [FieldViolation(
            "quota_units", f"must be at least the drill minimum "
                           f"{plan.drill_min_per_district_units} kept at district level")])
    pool, drill = domain.split_pool(quota, plan, rule_set)
    roster = repo.units(session, year=year, district=request.district)
    if not roster:
        raise FailedPrecondition("the district has no units for this year", [
            PreconditionViolation("NO_UNITS", request.district,
                                  "upload the work units and towns first")])
    inputs = domain.AllocationInputs(
        plan.rule_version, method, pool, domain.unit_entities(roster, per_person, rule_set),
        district=request.district)
    result = run(call, "split", inputs)
    if request.what_if:
        call.deps.runs.labels("split", "what_if").inc()
        return pb.SplitDistrictQuotaResponse(allocation=mapping.unsaved_to_proto(
            year, "split", inputs, result), district_quota_units=quota,
            drill_kept_units=drill)
    allocation = save(call, session, year, "split", inputs, result, split_of=split_of)
    return pb.SplitDistrictQuotaResponse(allocation=mapping.allocation_to_proto(
        mapping.summary_to_proto(allocation, split_of), inputs.entities, result.units,
        result.ties), district_quota_units=quota, drill_kept_units=drill)


def _district_quota(session: Session, year: int, district: str) -> tuple[int, int]:
    """(id of the district table in force, the district's row in it), or
    FAILED_PRECONDITION when no table is in force."""
    found = queries.district_quota(session, year=year, district=district)
    if found is None:
        raise no_table_in_force(year)
    return found
