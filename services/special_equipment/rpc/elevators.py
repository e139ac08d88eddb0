"""The elevator register: a district's bulk import (all or nothing), pages, one elevator, and
its periodic inspections."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from functools import partial

from sqlmodel import Session

from cityscore.core.errors import (
    FieldViolation,
    InvalidArgument,
    PermissionDenied,
    ViolationCollector,
)
from cityscore.core.grpc.convert import date_field
from cityscore.core.grpc.paging import page_size
from cityscore.core.grpc.rpc import STORED_ROWS, district_field, rpc
from cityscore.services.special_equipment import domain, mapping, models, repository
from cityscore.services.special_equipment.rpc import EquipmentCall
from cityscore.services.special_equipment.rpc.common import (
    AUTHORITY,
    READERS,
    scoped_elevator,
)
from cityscore.special_equipment.v1 import special_equipment_service_pb2 as pb


def _optional_date(e: pb.Elevator, name: str, prefix: str, collector: ViolationCollector
                   ) -> dt.date | None:
    """An optional date of a row; one never set is not read (reading an unset date message
    costs more than the rest of the row)."""
    if not e.HasField(name):
        return None
    return date_field(getattr(e, name), f"{prefix}{name}", collector, required=False)


def _spec(e: pb.Elevator, district: str, collector: ViolationCollector, prefix: str
          ) -> domain.ElevatorSpec | None:
    """The row as the domain reads it, or None with its violations collected."""
    in_use = date_field(e.in_use_date, f"{prefix}in_use_date", collector)
    assessed = _optional_date(e, "assessed_on", prefix, collector)
    renovated = _optional_date(e, "renovated_on", prefix, collector)
    inspected = _optional_date(e, "last_inspection_date", prefix, collector)
    category = mapping.LOCATION_CATEGORY.collect(e.location_category,
                                                 f"{prefix}location_category", collector)
    result = (mapping.ASSESSMENT_RESULT.collect(e.assessment_result,
                                                f"{prefix}assessment_result", collector)
              if e.assessment_result else "")
    if in_use is None or category is None or result is None:
        return None
    return domain.ElevatorSpec(
        registration_code=e.registration_code, district=e.district or district,
        location_category=category, address=e.address.strip(), in_use_date=in_use,
        maintenance_company_id=e.maintenance_company_id.strip(),
        remote_monitoring=e.remote_monitoring, liability_insurance=e.liability_insurance,
        geolocation=e.geolocation, assessed_on=assessed, assessment_result=result,
        renovated_on=renovated, last_inspection_date=inspected,
        last_inspection_failed=e.last_inspection_failed)


def _stored_spec(row: models.Elevator) -> domain.ElevatorSpec:
    return domain.ElevatorSpec(
        row.registration_code, row.district, row.location_category, row.address,
        row.in_use_date, row.maintenance_company_id, row.remote_monitoring,
        row.liability_insurance, row.geolocation, row.assessed_on, row.assessment_result,
        row.renovated_on, row.last_inspection_date,
        row.last_inspection_date is not None and not row.last_inspection_passed)


def _checked(request: pb.ImportElevatorsRequest, call: EquipmentCall
             ) -> tuple[dt.date | None, list[domain.ElevatorSpec]]:
    """``effective_from`` (if given; not after today) and every row, checked before anything
    is stored; one answer names every problem."""
    collector = ViolationCollector()
    collector.require_text("district", request.district)
    effective = date_field(request.effective_from, "effective_from", collector, required=False)
    if effective is not None and effective > call.today():
        collector.add("effective_from", "is after today")
    specs: list[domain.ElevatorSpec] = []
    first: dict[str, int] = {}
    today = call.today()
    for i, e in enumerate(request.elevators):
        prefix = f"elevators[{i}]."
        spec = _spec(e, request.district, collector, prefix)
        if spec is None:
            continue
        for path, problem in domain.elevator_problems(spec, request.district, today, prefix):
            collector.add(path, problem)
        seen = first.setdefault(spec.registration_code, i)
        if seen != i:
            collector.add(f"{prefix}registration_code", f"repeats elevators[{seen}]")
        specs.append(spec)
    collector.raise_if_any(f"{len(collector.violations)} problem(s) in the import")
    return effective, specs


def _recorded(call: EquipmentCall, reason: str) -> repository.Recorded:
    """Who records new latest versions, when and why."""
    return repository.Recorded(call.today(), call.principal.name, reason)


@rpc(access=AUTHORITY, scope=district_field("district"), writes=True)
def import_elevators(request: pb.ImportElevatorsRequest, call: EquipmentCall, session: Session
                     ) -> pb.ImportElevatorsResponse:
    """New codes are registered, known ones of the district amended (with ``reason``), in one
    transaction. Each change is a new version holding from ``effective_from`` (default today;
    a new elevator without it holds as it has always stood) and the version it follows is
    kept, ending there; a change never reaches back before the elevator's latest version.
    A code stored in a district outside the caller's scope is PERMISSION_DENIED, one of
    another district in the city office's import is refused, so an import never moves another
    district's elevator (other_systems.md §1)."""
    effective, specs = _checked(request, call)
    stored = repository.elevators_by_code(session, codes=[s.registration_code for s in specs],
                                          lock=True)
    if any(not call.principal.may_act_for_district(r.district) for r in stored.values()):
        raise PermissionDenied(f"{call.principal.name} may not amend elevators of another "
                               "district; they stay where they are registered",
                               reason="OUT_OF_SCOPE")
    companies = repository.companies(session, ids=sorted(
        {s.maintenance_company_id for s in specs if s.maintenance_company_id}))
    changed_from = effective or call.today()
    recorded = _recorded(call, request.reason.strip())
    collector = ViolationCollector()
    new: list[tuple[domain.ElevatorSpec, int, dt.date]] = []
    ended: list[int] = []
    successors: list[tuple[domain.ElevatorSpec, int, dt.date]] = []
    for i, spec in enumerate(specs):
        if spec.maintenance_company_id and spec.maintenance_company_id not in companies:
            collector.add(f"elevators[{i}].maintenance_company_id",
                          "is not a registered maintenance company")
        row = stored.get(spec.registration_code)
        if row is None:
            new.append((spec, 1, effective or models.BEGINNING))
        elif row.district != request.district:
            collector.add(f"elevators[{i}].registration_code",
                          f"is registered in {row.district}; amend it there")
        elif _stored_spec(row).same_as(spec):
            continue
        elif row.valid_from > changed_from:
            collector.add(f"elevators[{i}]", "its latest version holds from "
                          f"{row.valid_from.isoformat()}; a change cannot begin before it")
        else:
            assert row.id is not None
            ended.append(row.id)
            successors.append((spec, row.version + 1, changed_from))
    if successors and not request.reason.strip():
        collector.add("reason", f"is required: the import amends {len(successors)} "
                                "registered elevator(s)")
    collector.raise_if_any(f"{len(collector.violations)} problem(s) in the import")
    repository.insert_elevators(session, versions=new, recorded=recorded)
    repository.supersede_elevators(session, ids=ended, valid_to=changed_from,
                                   successors=successors, recorded=recorded)
    call.audit(session, action="import", entity_type="elevator", entity_id=request.district,
               detail={"registered": len(new), "amended": len(successors),
                       "effective_from": changed_from.isoformat(),
                       "reason": request.reason.strip()})
    counter = call.deps.metrics.elevators
    call.after_commit(partial(counter.labels("registered").inc, len(new)))
    call.after_commit(partial(counter.labels("amended").inc, len(successors)))
    return pb.ImportElevatorsResponse(registered=len(new), amended=len(successors),
                                      unchanged=len(specs) - len(new) - len(successors))


def _with_status(row: models.Elevator, today: dt.date) -> pb.Elevator:
    """The elevator with its next periodic inspection and status on ``today``."""
    due, status = domain.elevator_status(
        today, row.in_use_date, row.last_inspection_date,
        row.last_inspection_date is not None and not row.last_inspection_passed)
    return mapping.elevator_to_proto(row, due, status)


@rpc(access=READERS, scope=district_field("district"))
def list_elevators(request: pb.ListElevatorsRequest, call: EquipmentCall, session: Session
                   ) -> pb.ListElevatorsResponse:
    """A page of the register in registration-code order; a district office reads its own."""
    size = page_size(request.page_size)
    district = call.own_district(request.district)
    rows = repository.elevators(session, district=district, after_code=request.page_token,
                                limit=size + 1)
    today = call.today()
    return pb.ListElevatorsResponse(
        elevators=[_with_status(r, today) for r in rows[:size]],
        next_page_token=rows[size - 1].registration_code if len(rows) > size else "")


@rpc(access=READERS, scope=STORED_ROWS)
def get_elevator(request: pb.GetElevatorRequest, call: EquipmentCall, session: Session
                 ) -> pb.GetElevatorResponse:
    row = scoped_elevator(session, call, request.registration_code)
    return pb.GetElevatorResponse(elevator=_with_status(row, call.today()))


@rpc(access=AUTHORITY, scope=STORED_ROWS, writes=True)
def record_inspection(request: pb.RecordInspectionRequest, call: EquipmentCall,
                      session: Session) -> pb.RecordInspectionResponse:
    """A passed periodic inspection restarts the interval from its date; after a failed one
    the elevator is overdue until it passes (the inspection policy, 特种设备安全法 Art. 40)."""
    collector = ViolationCollector()
    inspected_on = date_field(request.inspected_on, "inspected_on", collector)
    collector.raise_if_any()
    assert inspected_on is not None
    row = scoped_elevator(session, call, request.registration_code)
    floor = row.last_inspection_date or row.in_use_date
    if not floor <= inspected_on <= call.today():
        raise InvalidArgument("inspected_on is out of range", [FieldViolation(
            "inspected_on", f"between {floor.isoformat()} and today")])
    assert row.id is not None
    inspected = replace(_stored_spec(row), last_inspection_date=inspected_on,
                        last_inspection_failed=not request.passed)
    repository.supersede_elevators(
        session, ids=[row.id], valid_to=call.today(),
        successors=[(inspected, row.version + 1, call.today())],
        recorded=_recorded(call, "periodic inspection"))
    row = scoped_elevator(session, call, request.registration_code)
    call.audit(session, action="inspect", entity_type="elevator",
               entity_id=row.registration_code,
               detail={"inspected_on": inspected_on.isoformat(), "passed": request.passed})
    return pb.RecordInspectionResponse(elevator=_with_status(row, call.today()))
