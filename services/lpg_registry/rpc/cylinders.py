"""Cylinders: registration (one or a columnar import), history, periodic inspection, scrapping."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from functools import partial
from typing import Any

from sqlmodel import Session

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
from cityscore.core.grpc.rpc import STORED_ROWS, enterprise_field, rpc
from cityscore.lpg_registry.v1 import lpg_registry_service_pb2 as pb
from cityscore.services.lpg_registry import domain, mapping, models, repository
from cityscore.services.lpg_registry.rpc import LpgCall
from cityscore.services.lpg_registry.rpc.common import (
    ENTERPRISE,
    collect,
    policy_today,
    scoped_cylinder,
    scoped_enterprise,
)

_IMPORT_COLUMNS = ("serials", "models", "standard_versions", "phase_types", "manufacture_days",
                   "design_life_years", "tare_g", "last_inspection_days",
                   "last_inspection_passed")


def _spec(call: LpgCall, c: pb.Cylinder, collector: ViolationCollector, prefix: str
          ) -> domain.CylinderSpec | None:
    made = date_field(c.manufacture_date, f"{prefix}manufacture_date", collector)
    last = date_field(c.last_inspection_date, f"{prefix}last_inspection_date", collector,
                      required=False)
    if made is None:
        return None
    spec = domain.CylinderSpec(
        trace_code=c.trace_code.strip(), model=c.model.strip(),
        standard=mapping.STANDARD_VERSION.name_or(c.standard_version, mapping.UNSPECIFIED),
        phase=mapping.PHASE_TYPE.name_or(c.phase_type, mapping.UNSPECIFIED),
        manufacture_date=made, design_life_years=c.design_life_years, tare_g=c.tare_g,
        last_inspection_date=last, last_inspection_passed=c.last_inspection_passed,
        standard_mismatch_confirmed=c.standard_mismatch_confirmed)
    collect(domain.cylinder_problems(policy_today(call), spec, call.today(), prefix), collector)
    return spec


def _rows(session: Session, call: LpgCall, specs: Sequence[domain.CylinderSpec], owner: str,
          station_id: str, serials: Sequence[str]) -> list[dict[str, Any]]:
    """Rows of new cylinders kept at ``station_id``; trace codes are never reused (§4)."""
    enterprise = scoped_enterprise(session, call, owner)
    station = repository.get(session, model=models.Station, key=station_id)
    if station is not None:
        call.require_enterprise(station.enterprise_id)
    if station is None or station.enterprise_id != enterprise.enterprise_id:
        raise NotFound("station", station_id)
    codes = [s.trace_code for s in specs]
    taken = repository.existing_trace_codes(session, codes=codes)
    repeated = {c for c, n in Counter(codes).items() if n > 1}
    if taken or repeated:
        clash = sorted(taken | repeated)
        raise AlreadyExists("cylinder", clash[0], f"{len(clash)} trace code(s) already "
                            "registered or repeated (trace codes are never reused)")
    policy = policy_today(call)
    return [{"trace_code": s.trace_code, "serial": serial, "model": s.model,
             "standard": s.standard, "phase": s.phase, "manufacture_date": s.manufacture_date,
             "design_life_years": domain.life_years(policy, s.standard, s.design_life_years,
                                                    s.manufacture_date)[0],
             "tare_g": s.tare_g, "last_inspection_date": s.last_inspection_date,
             "last_inspection_passed": s.last_inspection_passed and
             s.last_inspection_date is not None,
             "owner_enterprise_id": owner, "status": domain.IN_SERVICE,
             "location_kind": domain.AT_STATION, "location_id": station_id,
             "filled": False, "version": 1}
            for s, serial in zip(specs, serials, strict=True)]


def _message(call: LpgCall, row: models.Cylinder) -> pb.Cylinder:
    """The cylinder with its compliance on the service clock's today; a scrapped or lost one
    shows as out of service, never as OK (§4)."""
    if not domain.in_service(row.status):
        return mapping.cylinder_to_proto(row, None)
    state = domain.compliance(policy_today(call), [repository.cylinder_state(row)],
                              call.today())[0]
    return mapping.cylinder_to_proto(row, state)


def _confirmed_mismatches(session: Session, call: LpgCall,
                          specs: Sequence[domain.CylinderSpec]) -> list[str]:
    """Record each confirmed standard/manufacture-date mismatch in the cylinder's history."""
    confirmed = []
    policy = policy_today(call)
    for s in specs:
        expected = domain.standard_mismatch(policy, s.standard, s.manufacture_date)
        if expected is not None and s.standard_mismatch_confirmed:
            repository.add_events(session, trace_codes=[s.trace_code], on=call.today(),
                                  event="standard_confirmed",
                                  detail=f"stated {s.standard}, made "
                                         f"{s.manufacture_date.isoformat()} ({expected} "
                                         f"by date), confirmed by {call.principal.name}")
            confirmed.append(s.trace_code)
    return confirmed


@rpc(access=ENTERPRISE, scope=enterprise_field("cylinder.owner_enterprise_id"), writes=True)
def register_cylinder(request: pb.RegisterCylinderRequest, call: LpgCall, session: Session
                      ) -> pb.RegisterCylinderResponse:
    collector = ViolationCollector()
    spec = _spec(call, request.cylinder, collector, "cylinder.")
    collector.require_text("cylinder.owner_enterprise_id", request.cylinder.owner_enterprise_id)
    collector.require_text("station_id", request.station_id)
    collector.raise_if_any()
    assert spec is not None
    [row] = _rows(session, call, [spec], request.cylinder.owner_enterprise_id,
                  request.station_id, [request.cylinder.serial])
    cylinder = repository.add_unique(session, row=models.Cylinder(**row), kind="cylinder",
                                     name=spec.trace_code)
    repository.add_events(session, trace_codes=[spec.trace_code], on=call.today(),
                          event="registered", detail=f"at station {request.station_id}")
    confirmed = _confirmed_mismatches(session, call, [spec])
    call.audit(session, action="register", entity_type="cylinder", entity_id=spec.trace_code,
               detail={"standard_mismatch_confirmed": bool(confirmed)})
    call.after_commit(call.deps.metrics.registrations.labels("cylinder", "registered").inc)
    return pb.RegisterCylinderResponse(cylinder=_message(call, cylinder))


@rpc(access=ENTERPRISE, scope=enterprise_field("owner_enterprise_id"), writes=True)
def import_cylinders(request: pb.ImportCylindersRequest, call: LpgCall, session: Session
                     ) -> pb.ImportCylindersResponse:
    """Columnar rows: the chunks' columns are concatenated, every column as long as the codes."""
    n = len(request.trace_codes)
    collector = ViolationCollector()
    for name in _IMPORT_COLUMNS:
        if len(getattr(request, name)) != n:
            collector.add(name, f"has {len(getattr(request, name))} entries for {n} cylinders")
    confirmations = list(request.standard_mismatch_confirmed)
    if confirmations and len(confirmations) != n:
        collector.add("standard_mismatch_confirmed",
                      f"has {len(confirmations)} entries for {n} cylinders (or leave it empty)")
    collector.raise_if_any("the columns of the import differ in length")
    specs: list[domain.CylinderSpec] = []
    policy, today = policy_today(call), call.today()
    for i in range(n):
        made = domain.date_of_day(request.manufacture_days[i])
        last_day = request.last_inspection_days[i]
        last = domain.date_of_day(last_day) if last_day else None
        if made is None:
            collector.add(f"rows[{i}].manufacture_days", "is not the day number of a date")
        if last_day and last is None:
            collector.add(f"rows[{i}].last_inspection_days", "is not the day number of a date")
        if made is None or (last_day and last is None):
            continue
        spec = domain.CylinderSpec(
            trace_code=request.trace_codes[i].strip(), model=request.models[i].strip(),
            standard=mapping.STANDARD_VERSION.name_or(request.standard_versions[i],
                                                      mapping.UNSPECIFIED),
            phase=mapping.PHASE_TYPE.name_or(request.phase_types[i], mapping.UNSPECIFIED),
            manufacture_date=made,
            design_life_years=request.design_life_years[i], tare_g=request.tare_g[i],
            last_inspection_date=last,
            last_inspection_passed=request.last_inspection_passed[i],
            standard_mismatch_confirmed=bool(confirmations) and confirmations[i])
        collect(domain.cylinder_problems(policy, spec, today, f"rows[{i}]."), collector)
        specs.append(spec)
    collector.raise_if_any(f"{len(collector.violations)} problem(s) in the import")
    rows = _rows(session, call, specs, request.owner_enterprise_id, request.station_id,
                 list(request.serials))
    repository.insert_many(session, model=models.Cylinder, rows=rows)
    repository.add_events(session, trace_codes=[r["trace_code"] for r in rows],
                          on=call.today(), event="registered",
                          detail=f"imported at station {request.station_id}")
    confirmed = _confirmed_mismatches(session, call, specs)
    call.audit(session, action="import", entity_type="cylinder", entity_id="*",
               detail={"registered": len(rows), "standard_mismatch_confirmed": confirmed})
    call.after_commit(partial(
        call.deps.metrics.registrations.labels("cylinder", "registered").inc, len(rows)))
    return pb.ImportCylindersResponse(registered=len(rows))


@rpc(access=READ_ANY, scope=STORED_ROWS)
def get_cylinder(request: pb.GetCylinderRequest, call: LpgCall, session: Session
                 ) -> pb.GetCylinderResponse:
    row = scoped_cylinder(session, call, request.trace_code)
    events = repository.cylinder_events(session, trace_code=row.trace_code)
    return pb.GetCylinderResponse(cylinder=_message(call, row),
                                  history=[mapping.history_to_proto(e) for e in events])


@rpc(access=ENTERPRISE, scope=STORED_ROWS, writes=True)
def record_cylinder_inspection(request: pb.RecordCylinderInspectionRequest, call: LpgCall,
                               session: Session) -> pb.RecordCylinderInspectionResponse:
    """A failed periodic inspection scraps the cylinder (domain page §4)."""
    collector = ViolationCollector()
    inspected_on = date_field(request.inspected_on, "inspected_on", collector)
    collector.raise_if_any()
    assert inspected_on is not None
    row = scoped_cylinder(session, call, request.trace_code)
    floor = row.last_inspection_date or row.manufacture_date
    if not floor <= inspected_on <= call.today():
        raise InvalidArgument("inspected_on is out of range", [FieldViolation(
            "inspected_on", f"between {floor.isoformat()} and today")])
    if row.status != domain.IN_SERVICE:
        raise FailedPrecondition("the cylinder is out of service", [
            PreconditionViolation("CYL_SCRAPPED", row.trace_code,
                                  f"the cylinder is {row.status.lower()}")])
    row.last_inspection_date = inspected_on
    row.last_inspection_passed = request.passed
    if not request.passed:
        row.status = domain.SCRAPPED
    row.version += 1
    repository.add(session, row=row)
    repository.add_events(session, trace_codes=[row.trace_code], on=inspected_on,
                          event="inspected",
                          detail="passed" if request.passed else "failed: scrapped")
    call.audit(session, action="inspect", entity_type="cylinder", entity_id=row.trace_code,
               detail={"passed": request.passed})
    return pb.RecordCylinderInspectionResponse(cylinder=_message(call, row))


@rpc(access=ENTERPRISE, scope=STORED_ROWS, writes=True)
def scrap_cylinder(request: pb.ScrapCylinderRequest, call: LpgCall, session: Session
                   ) -> pb.ScrapCylinderResponse:
    """Scrapped trace codes stay in the registry and are never reused (§4)."""
    row = scoped_cylinder(session, call, request.trace_code)
    status = domain.LOST if request.lost else domain.SCRAPPED
    row.status, row.filled = status, False
    row.version += 1
    repository.add(session, row=row)
    repository.add_events(session, trace_codes=[row.trace_code], on=call.today(),
                          event=status.lower())
    call.audit(session, action=status.lower(), entity_type="cylinder", entity_id=row.trace_code)
    return pb.ScrapCylinderResponse(cylinder=_message(call, row))
