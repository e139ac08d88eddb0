"""What several blood_quota RPCs share: who may call them, a district office's own district,
loading a plan and its current district table, and counting allocation runs."""

from __future__ import annotations

from sqlmodel import Session

from cityscore.core.districts import all_districts, is_district
from cityscore.core.errors import (
    FailedPrecondition,
    FieldViolation,
    InvalidArgument,
    NotFound,
    PreconditionViolation,
)
from cityscore.core.grpc.auth import Access, Role
from cityscore.core.grpc.rpc import Call
from cityscore.services.blood_quota import domain, queries
from cityscore.services.blood_quota import repository as repo
from cityscore.services.blood_quota.metrics import BloodDeps
from cityscore.services.blood_quota.models import BloodAllocation

CITY = Access.of(Role.CITY_OFFICE)
CITY_OR_DISTRICT = Access.of(Role.CITY_OFFICE, Role.DISTRICT_OFFICE)
DISTRICT_NAMES = {d.code: d.name_zh for d in all_districts()}
DISTRICT_ORDER = [d.code for d in all_districts()]

BloodCall = Call[BloodDeps]


def require_own_district(call: BloodCall, district: str, field_path: str) -> None:
    """A known district code (else INVALID_ARGUMENT), and the caller's own for a district
    office (else PERMISSION_DENIED)."""
    if not is_district(district):
        raise InvalidArgument("unknown district", [
            FieldViolation(field_path, f"{district!r} is not a district code")])
    call.require_district(district)


#: Digits of the longest row id a request may name (ids are 64-bit at most).
MAX_ID_DIGITS = 18


def row_id(text: str) -> int | None:
    """The stored id a request names, or None when the text cannot be one (never an error
    from the database for an id too large for its integers)."""
    return int(text) if text.isdigit() and len(text) <= MAX_ID_DIGITS else None


def load_plan(session: Session, year: int) -> domain.PlanFigures:
    """The year's plan, or NOT_FOUND."""
    plan = repo.plan(session, year=year)
    if plan is None:
        raise NotFound("plan", str(year))
    return plan


def district_table(session: Session, year: int
                   ) -> tuple[domain.PlanFigures, queries.DistrictTable]:
    """The year's plan (or NOT_FOUND) and district table in force (or FAILED_PRECONDITION)."""
    plan = load_plan(session, year)
    table = queries.district_table(session, plan=plan)
    if table is None:
        raise no_table_in_force(year)
    return plan, table


def no_table_in_force(year: int) -> FailedPrecondition:
    """The error of a year with no district table in force."""
    return FailedPrecondition(f"no district table is in force for {year}", [
        PreconditionViolation("NO_ALLOCATION_IN_FORCE", str(year),
                              "import the published table or apportion the districts, then "
                              "adopt it")])


def run(call: BloodCall, level: str, inputs: domain.AllocationInputs) -> domain.Result:
    """The kernel run, counting infeasible outcomes."""
    try:
        return domain.apportion(inputs)
    except FailedPrecondition:
        call.deps.runs.labels(level, "infeasible").inc()
        raise


def save(call: BloodCall, session: Session, year: int, source: str,
         inputs: domain.AllocationInputs, result: domain.Result,
         split_of: int | None = None) -> BloodAllocation:
    """Store an apportionment or split (of the table ``split_of``), count it and audit it."""
    allocation = repo.add_apportionment(session, year=year, source=source, inputs=inputs,
                                        result=result, created_at=call.now(),
                                        created_by=call.principal.name, split_of=split_of)
    call.after_commit(call.deps.runs.labels(
        "district" if source == "apportioned" else source, "saved").inc)
    call.audit(session, action=source, entity_type="allocation", entity_id=str(allocation.id),
               detail={"year": year, "district": inputs.district, "method": inputs.method,
                       "split_of": split_of,
                       "pool_units": inputs.pool_units, "digest": allocation.input_digest,
                       "ties": len(result.ties)})
    return allocation
