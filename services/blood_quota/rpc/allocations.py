"""District allocations: a published table imported as printed, an apportionment of the
district pool (saved, or what-if), the explicit adoption that puts one of them in force, and
reading them back: one allocation, the year's list, the table in force, and a replay that
recomputes a stored one.

Storing a table changes no quota: progress, splits and exports use the table adopted last
(blood_quota.md §6; ADR 0011 "One allocation in force")."""

from __future__ import annotations

from sqlmodel import Session

from cityscore.blood_quota.v1 import blood_quota_service_pb2 as pb
from cityscore.core.errors import (
    FailedPrecondition,
    FieldViolation,
    InvalidArgument,
    NotFound,
    PreconditionViolation,
)
from cityscore.core.grpc.auth import READ_ANY
from cityscore.core.grpc.convert import year_from_proto
from cityscore.core.grpc.rpc import STORED_ROWS, rpc
from cityscore.services.blood_quota import domain, mapping
from cityscore.services.blood_quota import repository as repo
from cityscore.services.blood_quota.models import BloodAllocation
from cityscore.services.blood_quota.rpc.common import (
    CITY,
    DISTRICT_NAMES,
    DISTRICT_ORDER,
    BloodCall,
    district_table,
    load_plan,
    no_table_in_force,
    row_id,
    run,
    save,
)


@rpc(access=CITY, writes=True)
def import_published_allocation(request: pb.ImportPublishedAllocationRequest, call: BloodCall,
                                session: Session) -> pb.ImportPublishedAllocationResponse:
    """Store a table exactly as printed (the shipped one when no rows are given); its
    discrepancies with the plan are warnings."""
    year = year_from_proto(request.year)
    rows = (mapping.table_rows_from_proto(request.rows) if request.rows
            else domain.published_table(year))
    plan = load_plan(session, year)
    warnings = domain.check_published_table(plan, rows, DISTRICT_ORDER)
    digest = domain.table_digest(plan.rule_version, rows)
    allocation = repo.add_published_table(session, plan=plan, rows=rows, digest=digest,
                                          created_at=call.now(), created_by=call.principal.name)
    call.audit(session, action="import", entity_type="allocation", entity_id=str(allocation.id),
               detail={"year": plan.year, "digest": digest, "warnings": warnings})
    return pb.ImportPublishedAllocationResponse(allocation=mapping.summary_to_proto(
        allocation, _in_force(session, year)), warnings=warnings)


def _in_force(session: Session, year: int) -> int | None:
    return repo.adopted_ids(session, year=year).get(year)


@rpc(access=CITY, writes=lambda request: not request.what_if)
def apportion_district_quotas(request: pb.ApportionDistrictQuotasRequest, call: BloodCall,
                              session: Session) -> pb.ApportionDistrictQuotasResponse:
    """Share the district pool over the districts (§7, §8); a what-if run may take any subset
    and pool, and stores nothing."""
    year = year_from_proto(request.year)
    method = mapping.method_from_proto(request.method)
    inputs = mapping.district_inputs(request.inputs)
    plan = load_plan(session, year)
    rule_set = domain.rules(plan.rule_version)
    per_person = domain.parse_units_per_person(
        request.units_per_person or plan.units_per_person, rule_set, "units_per_person")
    pool = request.pool_units if request.HasField("pool_units") else plan.district_pool_units
    domain.check_district_inputs(inputs, pool=pool,
                                 district_pool_units=plan.district_pool_units,
                                 district_codes=DISTRICT_ORDER, saved=not request.what_if)
    entities = domain.district_entities(
        inputs, explicit=request.basis == pb.WEIGHT_BASIS_EXPLICIT, plan=plan,
        units_per_person=per_person, pool_units=pool, rule_set=rule_set, names=DISTRICT_NAMES)
    allocation_inputs = domain.AllocationInputs(plan.rule_version, method, pool, entities)
    result = run(call, "district", allocation_inputs)
    if request.what_if:
        call.deps.runs.labels("district", "what_if").inc()
        return pb.ApportionDistrictQuotasResponse(allocation=mapping.unsaved_to_proto(
            year, "apportioned", allocation_inputs, result))
    allocation = save(call, session, year, "apportioned", allocation_inputs, result)
    return pb.ApportionDistrictQuotasResponse(allocation=mapping.allocation_to_proto(
        mapping.summary_to_proto(allocation, _in_force(session, year)),
        allocation_inputs.entities, result.units, result.ties))


@rpc(access=CITY, writes=True)
def adopt_allocation(request: pb.AdoptAllocationRequest, call: BloodCall, session: Session
                     ) -> pb.AdoptAllocationResponse:
    """Put a saved district table in force for its year, with the reason in the audit log.
    The splits of the table in force before are reported stale from now on."""
    reason = request.reason.strip()
    if not reason:
        raise InvalidArgument("an adoption needs a reason", [
            FieldViolation("reason", "say why this table is adopted")])
    found = repo.get_allocation(session, allocation_id=_id(request.allocation_id))
    if found is None or found.id is None:
        raise NotFound("allocation", request.allocation_id)
    if found.source not in repo.DISTRICT_SOURCES:
        raise FailedPrecondition("only a district table can be in force", [
            PreconditionViolation("NOT_A_DISTRICT_TABLE", request.allocation_id,
                                  "a split is adopted with its district table: split again")])
    previous = _in_force(session, found.year)
    if previous == found.id:
        raise FailedPrecondition("the table is already in force", [
            PreconditionViolation("ALREADY_IN_FORCE", request.allocation_id,
                                  f"it is the table in force of {found.year}")])
    load_plan(session, found.year)
    repo.add_adoption(session, allocation=found, reason=reason, adopted_at=call.now(),
                      adopted_by=call.principal.name)
    stale = [s for s in repo.newest_splits(session, year=found.year)
             if s.split_of_allocation_id != found.id]
    call.audit(session, action="adopt", entity_type="allocation", entity_id=str(found.id),
               detail={"year": found.year, "reason": reason, "previous": previous,
                       "stale_splits": [s.id for s in stale]})
    return pb.AdoptAllocationResponse(
        allocation=mapping.summary_to_proto(found, found.id),
        previous_allocation_id="" if previous is None else str(previous),
        stale_splits=[mapping.summary_to_proto(s, found.id) for s in stale])


def _find(call: BloodCall, session: Session, request: pb.GetAllocationRequest
          ) -> BloodAllocation:
    """The allocation asked for, by id, or the table in force (the newest split of a district);
    a district office sees only its own district's splits."""
    if request.allocation_id:
        found = repo.get_allocation(session, allocation_id=_id(request.allocation_id))
    else:
        found = repo.current_allocation(session, year=year_from_proto(request.year),
                                        district=request.district)
    if found is None:
        if not request.allocation_id and not request.district:
            raise no_table_in_force(request.year)
        raise NotFound("allocation", request.allocation_id or
                       f"{request.year}/{request.district}")
    if found.source == "split":
        call.require_district(found.district)
    return found


def _id(text: str) -> int:
    found = row_id(text)
    if found is None:
        raise NotFound("allocation", text)
    return found


@rpc(access=READ_ANY, scope=STORED_ROWS)
def get_allocation(request: pb.GetAllocationRequest, call: BloodCall, session: Session
                   ) -> pb.GetAllocationResponse:
    """One allocation with its rows and ties."""
    found = _find(call, session, request)
    assert found.id is not None
    entities, units = repo.allocation_rows(session, allocation_id=found.id)
    return pb.GetAllocationResponse(allocation=mapping.allocation_to_proto(
        mapping.summary_to_proto(found, _in_force(session, found.year)), entities, units,
        repo.stored_ties(found)))


@rpc(access=READ_ANY, scope=STORED_ROWS)
def list_allocations(request: pb.ListAllocationsRequest, call: BloodCall, session: Session
                     ) -> pb.ListAllocationsResponse:
    """The year's allocations, newest first, the table in force and stale splits marked; a
    district office sees only its own splits."""
    year = year_from_proto(request.year)
    in_force = _in_force(session, year)
    return pb.ListAllocationsResponse(allocations=[
        mapping.summary_to_proto(a, in_force)
        for a in repo.list_allocations(session, year=year)
        if a.source != "split" or call.principal.may_act_for_district(a.district)])


@rpc(access=READ_ANY)
def get_allocation_table(request: pb.GetAllocationTableRequest, call: BloodCall,
                         session: Session) -> pb.GetAllocationTableResponse:
    """The year's district table in force as printed, checked against its plan."""
    year = year_from_proto(request.year)
    plan, table = district_table(session, year)
    warnings = domain.check_published_table(plan, table.rows, DISTRICT_ORDER)
    return pb.GetAllocationTableResponse(
        year=year, allocation_id=str(table.allocation.id),
        source=mapping.SOURCES.label(table.allocation.source),
        rows=[mapping.table_row_to_proto(r) for r in table.rows],
        total_units=sum(r.units for r in table.rows), warnings=warnings)


@rpc(access=READ_ANY, scope=STORED_ROWS)
def replay_allocation(request: pb.ReplayAllocationRequest, call: BloodCall, session: Session
                      ) -> pb.ReplayAllocationResponse:
    """Recompute a stored allocation from what it stored and name every difference."""
    found = _find(call, session, pb.GetAllocationRequest(allocation_id=request.allocation_id))
    assert found.id is not None
    entities, units = repo.allocation_rows(session, allocation_id=found.id)
    if found.source == "published":
        replay = domain.replay_table(found.rule_version, [
            domain.TableRow(e.code, e.name, e.kind, u) for e, u in zip(entities, units,
                                                                       strict=True)],
            found.input_digest)
    else:
        inputs = domain.AllocationInputs(found.rule_version, domain.method_named(found.method),
                                         found.pool_units, entities, found.district)
        replay = domain.replay_apportionment(inputs, units, repo.stored_ties(found),
                                             found.input_digest)
    return pb.ReplayAllocationResponse(
        allocation_id=str(found.id), matches=not replay.differences,
        stored_digest=found.input_digest, recomputed_digest=replay.recomputed_digest,
        differences=replay.differences)
