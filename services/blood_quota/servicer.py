"""``cityscore.blood_quota.v1.BloodQuotaService``: transport for the yearly blood targets.

Each RPC maps its request, opens one unit of work, calls the domain rules and the repository,
and maps back. Mutations run through ``ServiceRuntime.mutate`` (idempotent, audited, all or
nothing); what-if runs compute in a read-only unit of work and store nothing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import TypeVar

import grpc
from prometheus_client import Counter as CounterMetric
from prometheus_client.core import GaugeMetricFamily
from sqlmodel import Session

from cityscore.blood_quota.v1 import blood_quota_service_pb2 as pb
from cityscore.blood_quota.v1 import blood_quota_service_pb2_grpc as pb_grpc
from cityscore.core.districts import all_districts, is_district
from cityscore.core.errors import (
    AlreadyExists,
    FailedPrecondition,
    FieldViolation,
    InvalidArgument,
    NotFound,
    PreconditionViolation,
    ViolationCollector,
)
from cityscore.core.grpc.auth import (
    READ_ANY,
    Access,
    Principal,
    Role,
    current_principal,
    require_district,
)
from cityscore.core.grpc.convert import date_from_proto, date_to_proto
from cityscore.core.service import ServiceRuntime, ServiceSpec
from cityscore.services.blood_quota import domain, mapping, repository
from cityscore.services.blood_quota.models import (
    BloodAllocation,
    BloodAllocationRow,
    BloodCarveOut,
    BloodPlan,
)

ChunkT = TypeVar("ChunkT", pb.UploadUnitsRequest, pb.RecordCollectionsRequest)
DISTRICT_NAMES = {d.code: d.name_zh for d in all_districts()}
DISTRICT_ORDER = [d.code for d in all_districts()]
#: Collection rows per multi-row insert: bounds memory for million-row uploads.
INSERT_BATCH_ROWS = 50_000


class BloodQuotaMetrics:
    """Domain counters (issue 5 "Metrics"); the quota gauges are read at scrape time."""

    def __init__(self, runtime: ServiceRuntime) -> None:
        registry = runtime.registry
        self.recorded = CounterMetric("cityscore_blood_quota_collections_recorded",
                                "Collection rows recorded, by channel.", ("channel",),
                                registry=registry)
        self.runs = CounterMetric("cityscore_blood_quota_allocation_runs",
                            "Apportionment and split runs, by level and result.",
                            ("level", "result"), registry=registry)
        runtime.export_stored_state(functools.partial(_progress_gauges,
                                                      today=runtime.clock.today))


def _progress_gauges(session: Session, *, today: Callable[[], dt.date]
                     ) -> list[GaugeMetricFamily]:
    """Quota, collected units and progress of every row of each planned year's current table,
    collections counted up to today, in five queries whatever the number of years."""
    labels = ["year", "row"]
    quota = GaugeMetricFamily("cityscore_blood_quota_quota_units",
                              "Quota of an allocation row (district or carve-out), units of "
                              "200 ml.", labels=labels)
    collected = GaugeMetricFamily("cityscore_blood_quota_collected_units",
                                  "Collected units (ml / 200) credited to an allocation row.",
                                  labels=labels)
    ratio = GaugeMetricFamily("cityscore_blood_quota_progress_ratio",
                              "Collected ml over quota ml of an allocation row.", labels=labels)
    share_400 = GaugeMetricFamily("cityscore_blood_quota_donations_400ml_ratio",
                                  "Share of 400 ml donations among whole-blood donations, city.",
                                  labels=["year"])
    plans = {p.year: p for p in repository.plans(session)}
    carves: dict[int, list[BloodCarveOut]] = {}
    for carve in repository.carve_outs(session):
        carves.setdefault(carve.year, []).append(carve)
    tables = [t for t in repository.current_district_tables(session) if t.year in plans]
    rows = repository.rows_of_allocations(session, allocation_ids=[t.id for t in tables
                                                                   if t.id is not None])
    totals = repository.collection_totals_by_year(session, as_of=today())
    for table in tables:
        assert table.id is not None
        plan = _plan_figures(plans[table.year], carves.get(table.year, []))
        progress, city = domain.progress(
            [(r.code, r.kind, r.units) for r in _table_rows(plan, table, rows.get(table.id, []))],
            (domain.Aggregate(*t) for t in totals.get(table.year, [])),
            plan.drill_min_per_district_units)
        unit_ml = domain.rules(plan.rule_version).unit_ml
        year = str(table.year)
        for row in progress:
            quota.add_metric([year, row.code], row.quota_units)
            collected.add_metric([year, row.code], row.collected_ml / unit_ml)
            ratio.add_metric([year, row.code], row.ratio(unit_ml))
        share_400.add_metric([year], city.share_400ml())
    return [quota, collected, ratio, share_400]


def _plan_figures(plan: BloodPlan, carves: Sequence[BloodCarveOut]) -> domain.PlanFigures:
    return domain.PlanFigures(
        year=plan.year, city_target_units=plan.city_target_units,
        group_target_units=plan.group_target_units,
        street_target_units=plan.street_target_units, reserve_units=plan.reserve_units,
        drill_min_city_units=plan.drill_min_city_units,
        drill_min_per_district_units=plan.drill_min_per_district_units,
        units_per_person=plan.units_per_person, rule_version=plan.rule_version,
        carve_outs=tuple(domain.CarveOut(c.code, c.name, c.kind, c.units) for c in carves))


def _load_plan(session: Session, year: int) -> domain.PlanFigures:
    plan = repository.get_plan(session, year=year)
    if plan is None:
        raise NotFound("plan", str(year))
    return _plan_figures(plan, repository.carve_outs(session, year=year))


def _summary(allocation: BloodAllocation) -> pb.AllocationSummary:
    return pb.AllocationSummary(
        allocation_id=str(allocation.id), year=allocation.year,
        source=mapping.SOURCE_TO_PROTO[allocation.source], district=allocation.district,
        method=mapping.METHOD_TO_PROTO.get(allocation.method,
                                           pb.APPORTIONMENT_METHOD_UNSPECIFIED),
        pool_units=allocation.pool_units, rule_version=allocation.rule_version,
        input_digest=allocation.input_digest, row_count=allocation.row_count, saved=True)


def _table_rows(plan: domain.PlanFigures, table: BloodAllocation,
                rows: Sequence[BloodAllocationRow]) -> list[domain.TableRow]:
    """A district table's rows, with the plan's carve-outs when it was apportioned (a
    published table prints its carve-outs itself)."""
    found = [domain.TableRow(r.code, r.name, r.kind, r.units) for r in rows]
    if table.source != "published":
        found += [domain.TableRow(c.code, c.name, c.kind, c.units) for c in plan.carve_outs]
    return found


def _entities(rows: Sequence[BloodAllocationRow]) -> tuple[domain.Entity, ...]:
    return tuple(domain.Entity(r.code, r.name, r.kind, r.weight, r.lower_units, r.upper_units)
                 for r in rows)


def _row_dicts(entities: Sequence[domain.Entity], units: Sequence[int]) -> list[dict[str, object]]:
    return [{"position": i, "code": e.code, "name": e.name, "kind": e.kind, "weight": e.weight,
             "lower_units": e.lower, "upper_units": e.upper, "units": u}
            for i, (e, u) in enumerate(zip(entities, units, strict=True))]


def _merge(chunks: Iterable[ChunkT], merged: ChunkT) -> ChunkT:
    """One request from a client stream, so idempotency and validation see the whole batch."""
    for chunk in chunks:
        merged.MergeFrom(chunk)
    return merged


def _scope_district(principal: Principal, requested: str) -> str:
    """The district a read is limited to: a district office always reads its own."""
    if principal.role is Role.DISTRICT_OFFICE:
        require_district(principal, requested or principal.scope)
        return principal.scope
    return requested


class BloodQuotaServicer(pb_grpc.BloodQuotaServiceServicer):
    """The RPCs of issue 5; scope checks for district offices happen here."""

    def __init__(self, runtime: ServiceRuntime) -> None:
        self._runtime = runtime
        self._metrics = BloodQuotaMetrics(runtime)

    @contextmanager
    def _reading(self) -> Iterator[Session]:
        """A read-only unit of work whose loaded rows stay usable after it ends."""
        with self._runtime.read() as session:
            yield session
            session.expunge_all()

    # -- plans ---------------------------------------------------------------------------

    def CreatePlan(self, request: pb.CreatePlanRequest,  # noqa: N802
                   context: grpc.ServicerContext) -> pb.CreatePlanResponse:
        year = request.plan.year
        plan = (domain.published_plan(year) if request.use_published
                else mapping.plan_from_proto(request.plan, domain.rule_version_for_year(year)))
        rule_set = domain.rules(plan.rule_version)
        domain.parse_units_per_person(plan.units_per_person or rule_set.default_units_per_person,
                                      rule_set, "plan.units_per_person")
        if not plan.units_per_person:
            plan = dataclasses.replace(plan, units_per_person=rule_set.default_units_per_person)
        warnings = domain.validate_plan(plan, len(DISTRICT_ORDER))

        def work(session: Session) -> pb.CreatePlanResponse:
            if repository.get_plan(session, year=year) is not None:
                raise AlreadyExists("plan", str(year))
            principal = current_principal()
            repository.add_plan(session, plan=BloodPlan(
                year=year, city_target_units=plan.city_target_units,
                group_target_units=plan.group_target_units,
                street_target_units=plan.street_target_units, reserve_units=plan.reserve_units,
                drill_min_city_units=plan.drill_min_city_units,
                drill_min_per_district_units=plan.drill_min_per_district_units,
                units_per_person=plan.units_per_person, rule_version=plan.rule_version,
                created_at=self._runtime.clock.now(), created_by=principal.name),
                carves=[BloodCarveOut(year=year, position=i, code=c.code, name=c.name,
                                      kind=c.kind, units=c.units)
                        for i, c in enumerate(plan.carve_outs)])
            self._runtime.audit(session, action="create", entity_type="plan",
                                entity_id=str(year), detail={"warnings": warnings,
                                                             "published": request.use_published})
            return pb.CreatePlanResponse(plan=mapping.plan_to_proto(plan), warnings=warnings)

        return self._runtime.mutate(request, pb.CreatePlanResponse, work)

    def GetPlan(self, request: pb.GetPlanRequest,  # noqa: N802
                context: grpc.ServicerContext) -> pb.GetPlanResponse:
        with self._reading() as session:
            plan = _load_plan(session, request.year)
        return pb.GetPlanResponse(plan=mapping.plan_to_proto(plan),
                                  warnings=domain.validate_plan(plan, len(DISTRICT_ORDER)))

    # -- district allocation ---------------------------------------------------------------

    def ImportPublishedAllocation(self, request: pb.ImportPublishedAllocationRequest,  # noqa: N802
                                  context: grpc.ServicerContext
                                  ) -> pb.ImportPublishedAllocationResponse:
        rows = (mapping.table_rows_from_proto(request.rows) if request.rows
                else domain.published_table(request.year))

        def work(session: Session) -> pb.ImportPublishedAllocationResponse:
            plan = _load_plan(session, request.year)
            warnings = domain.check_published_table(plan, rows, DISTRICT_ORDER)
            digest = domain.table_digest(plan.rule_version, rows)
            allocation = BloodAllocation(
                year=plan.year, source="published", method="published",
                pool_units=sum(r.units for r in rows), rule_version=plan.rule_version,
                input_digest=digest, ties="[]", row_count=len(rows),
                created_at=self._runtime.clock.now(), created_by=current_principal().name)
            entities = [domain.Entity(r.code, r.name, r.kind, 0, 0, 0) for r in rows]
            repository.add_allocation(session, allocation=allocation,
                                      rows=_row_dicts(entities, [r.units for r in rows]))
            self._runtime.audit(session, action="import", entity_type="allocation",
                                entity_id=str(allocation.id),
                                detail={"year": plan.year, "digest": digest,
                                        "warnings": warnings})
            return pb.ImportPublishedAllocationResponse(allocation=_summary(allocation),
                                                        warnings=warnings)

        return self._runtime.mutate(request, pb.ImportPublishedAllocationResponse, work)

    def ApportionDistrictQuotas(self, request: pb.ApportionDistrictQuotasRequest,  # noqa: N802
                                context: grpc.ServicerContext
                                ) -> pb.ApportionDistrictQuotasResponse:
        method = mapping.method_from_proto(request.method)
        inputs = mapping.district_inputs(request.inputs)

        def compute(session: Session) -> tuple[domain.AllocationInputs, domain.Result]:
            plan = _load_plan(session, request.year)
            rule_set = domain.rules(plan.rule_version)
            per_person = domain.parse_units_per_person(
                request.units_per_person or plan.units_per_person, rule_set, "units_per_person")
            pool = request.pool_units if request.HasField("pool_units") \
                else plan.district_pool_units
            self._check_district_inputs(request, inputs, plan, pool)
            entities = domain.district_entities(
                inputs, explicit=request.basis == pb.WEIGHT_BASIS_EXPLICIT, plan=plan,
                units_per_person=per_person, pool_units=pool, rule_set=rule_set,
                names=DISTRICT_NAMES)
            allocation_inputs = domain.AllocationInputs(plan.rule_version, method, pool,
                                                        entities)
            return allocation_inputs, self._run("district", allocation_inputs)

        if request.what_if:
            with self._reading() as session:
                allocation_inputs, result = compute(session)
            self._metrics.runs.labels("district", "what_if").inc()
            return pb.ApportionDistrictQuotasResponse(allocation=self._unsaved(
                request.year, pb.ALLOCATION_SOURCE_APPORTIONED, allocation_inputs, result))

        def work(session: Session) -> pb.ApportionDistrictQuotasResponse:
            allocation_inputs, result = compute(session)
            allocation = self._save(session, request.year, "apportioned", allocation_inputs,
                                    result)
            return pb.ApportionDistrictQuotasResponse(allocation=mapping.allocation_to_proto(
                _summary(allocation), allocation_inputs.entities, result.units, result.ties))

        return self._runtime.mutate(request, pb.ApportionDistrictQuotasResponse, work)

    def _check_district_inputs(self, request: pb.ApportionDistrictQuotasRequest,
                               inputs: Sequence[dict[str, object]], plan: domain.PlanFigures,
                               pool: int) -> None:
        """Every bad input row at once; a saved allocation covers all districts and the pool."""
        errors = ViolationCollector()
        seen: set[str] = set()
        for i, row in enumerate(inputs):
            code = str(row["district"])
            if not is_district(code):
                errors.add(f"inputs[{i}].district", f"{code!r} is not a district code")
            elif code in seen:
                errors.add(f"inputs[{i}].district", f"{code!r} appears twice")
            seen.add(code)
            for name, key in (("employees", "employees"),
                              ("residents_without_work_unit", "residents"),
                              ("weight", "weight"), ("lower_units", "lower"),
                              ("upper_units", "upper")):
                value = row[key]
                if isinstance(value, int) and value < 0:
                    errors.add(f"inputs[{i}].{name}", "must not be negative")
        if not inputs:
            errors.add("inputs", "give at least one district")
        if pool < 0:
            errors.add("pool_units", "must not be negative")
        if not request.what_if:
            missing = [d for d in DISTRICT_ORDER if d not in seen]
            if missing:
                errors.add("inputs", f"a saved allocation needs every district; missing "
                                     f"{', '.join(missing)} (or use what_if)")
            if pool != plan.district_pool_units:
                errors.add("pool_units", f"a saved allocation shares the plan's pool "
                                         f"{plan.district_pool_units} (or use what_if)")
        errors.raise_if_any("the apportionment inputs are not valid")

    def _run(self, level: str, inputs: domain.AllocationInputs) -> domain.Result:
        """The kernel run, counting infeasible outcomes."""
        try:
            return domain.apportion(inputs)
        except FailedPrecondition:
            self._metrics.runs.labels(level, "infeasible").inc()
            raise

    def _save(self, session: Session, year: int, source: str,
              inputs: domain.AllocationInputs, result: domain.Result) -> BloodAllocation:
        allocation = BloodAllocation(
            year=year, source=source, district=inputs.district, method=inputs.method,
            pool_units=inputs.pool_units, rule_version=inputs.rule_version,
            input_digest=inputs.digest(), ties=mapping.ties_to_json(result.ties),
            row_count=len(inputs.entities), created_at=self._runtime.clock.now(),
            created_by=current_principal().name)
        repository.add_allocation(session, allocation=allocation,
                                  rows=_row_dicts(inputs.entities, result.units))
        self._metrics.runs.labels("district" if source == "apportioned" else source,
                                  "saved").inc()
        self._runtime.audit(session, action=source, entity_type="allocation",
                            entity_id=str(allocation.id),
                            detail={"year": year, "district": inputs.district,
                                    "method": inputs.method, "pool_units": inputs.pool_units,
                                    "digest": allocation.input_digest,
                                    "ties": len(result.ties)})
        return allocation

    def _unsaved(self, year: int, source: pb.AllocationSource,
                 inputs: domain.AllocationInputs, result: domain.Result) -> pb.Allocation:
        summary = pb.AllocationSummary(
            year=year, source=source, district=inputs.district,
            method=mapping.METHOD_TO_PROTO[inputs.method], pool_units=inputs.pool_units,
            rule_version=inputs.rule_version, input_digest=inputs.digest(),
            row_count=len(inputs.entities), saved=False)
        return mapping.allocation_to_proto(summary, inputs.entities, result.units, result.ties)

    # -- district split --------------------------------------------------------------------

    def UploadUnits(self, request_iterator: Iterator[pb.UploadUnitsRequest],  # noqa: N802
                    context: grpc.ServicerContext) -> pb.UploadUnitsResponse:
        request = _merge(request_iterator, pb.UploadUnitsRequest())
        self._require_own_district(request.district, "district")
        rows = self._unit_rows(request)

        def work(session: Session) -> pb.UploadUnitsResponse:
            _load_plan(session, request.year)
            repository.replace_units(session, year=request.year, district=request.district,
                                     rows=rows)
            counts = {kind: sum(1 for r in rows if r["kind"] == kind)
                      for kind in domain.UNIT_KINDS}
            self._runtime.audit(session, action="replace", entity_type="unit_roster",
                                entity_id=f"{request.year}/{request.district}", detail=counts)
            return pb.UploadUnitsResponse(work_units=counts["work_unit"], towns=counts["town"])

        return self._runtime.mutate(request, pb.UploadUnitsResponse, work)

    @staticmethod
    def _unit_rows(request: pb.UploadUnitsRequest) -> list[dict[str, object]]:
        """Roster rows, or every bad one named (issue "nothing partial is stored")."""
        n = len(request.codes)
        errors = ViolationCollector()
        for name in ("kinds", "headcounts"):
            if len(getattr(request, name)) != n:
                errors.add(name, f"has {len(getattr(request, name))} entries for {n} codes")
        if request.names and len(request.names) != n:
            errors.add("names", f"has {len(request.names)} entries for {n} codes")
        errors.raise_if_any("the unit lists differ in length")
        names = list(request.names) or [""] * n
        seen: set[str] = set()
        rows: list[dict[str, object]] = []
        for i, (code, name, kind, headcount) in enumerate(zip(
                request.codes, names, request.kinds, request.headcounts, strict=True)):
            if not code or code in seen:
                errors.add(f"units[{i}].code", f"{code!r} is empty or appears twice")
            seen.add(code)
            if kind not in mapping.UNIT_KINDS:
                errors.add(f"units[{i}].kind", "must be a work unit or a town")
            if headcount < 0:
                errors.add(f"units[{i}].headcount", "must not be negative")
            rows.append({"position": i, "code": code, "name": name or code,
                         "kind": mapping.UNIT_KINDS.get(kind, ""), "headcount": headcount})
        errors.raise_if_any("unit rows are not valid")
        return rows

    def SplitDistrictQuota(self, request: pb.SplitDistrictQuotaRequest,  # noqa: N802
                           context: grpc.ServicerContext) -> pb.SplitDistrictQuotaResponse:
        method = mapping.method_from_proto(request.method)
        self._require_own_district(request.district, "district")
        if request.HasField("quota_units") and not request.what_if:
            raise InvalidArgument("a saved split uses the district's quota", [
                FieldViolation("quota_units", "set only with what_if")])

        def compute(session: Session) -> tuple[domain.AllocationInputs, domain.Result]:
            plan = _load_plan(session, request.year)
            rule_set = domain.rules(plan.rule_version)
            per_person = domain.parse_units_per_person(
                request.units_per_person or plan.units_per_person, rule_set, "units_per_person")
            quota = request.quota_units if request.HasField("quota_units") \
                else self._district_quota(session, request.year, request.district)
            if quota < 0:
                raise InvalidArgument("the quota must not be negative", [
                    FieldViolation("quota_units", "must not be negative")])
            roster = repository.units(session, year=request.year, district=request.district)
            if not roster:
                raise FailedPrecondition("the district has no units for this year", [
                    PreconditionViolation("NO_UNITS", request.district,
                                          "upload the work units and towns first")])
            inputs = domain.AllocationInputs(
                plan.rule_version, method, quota,
                domain.unit_entities(roster, per_person, rule_set), district=request.district)
            return inputs, self._run("split", inputs)

        if request.what_if:
            with self._reading() as session:
                inputs, result = compute(session)
            self._metrics.runs.labels("split", "what_if").inc()
            return pb.SplitDistrictQuotaResponse(allocation=self._unsaved(
                request.year, pb.ALLOCATION_SOURCE_SPLIT, inputs, result))

        def work(session: Session) -> pb.SplitDistrictQuotaResponse:
            inputs, result = compute(session)
            allocation = self._save(session, request.year, "split", inputs, result)
            return pb.SplitDistrictQuotaResponse(allocation=mapping.allocation_to_proto(
                _summary(allocation), inputs.entities, result.units, result.ties))

        return self._runtime.mutate(request, pb.SplitDistrictQuotaResponse, work)

    @staticmethod
    def _district_quota(session: Session, year: int, district: str) -> int:
        current = repository.current_allocation(session, year=year)
        rows = repository.allocation_rows(session, allocation_id=current.id) \
            if current is not None and current.id is not None else []
        for row in rows:
            if row.code == district:
                return row.units
        raise FailedPrecondition("the year has no district allocation yet", [
            PreconditionViolation("NO_ALLOCATION", str(year),
                                  "import the published table or apportion the districts")])

    @staticmethod
    def _require_own_district(district: str, field_path: str) -> None:
        if not is_district(district):
            raise InvalidArgument("unknown district", [
                FieldViolation(field_path, f"{district!r} is not a district code")])
        require_district(current_principal(), district)

    # -- reading allocations ---------------------------------------------------------------

    def _find(self, session: Session, request: pb.GetAllocationRequest) -> BloodAllocation:
        if request.allocation_id:
            found = repository.get_allocation(session, allocation_id=_id(request.allocation_id))
        else:
            found = repository.current_allocation(session, year=request.year,
                                                  district=request.district)
        if found is None:
            raise NotFound("allocation", request.allocation_id or
                           f"{request.year}/{request.district or 'districts'}")
        if found.source == "split":
            require_district(current_principal(), found.district)
        return found

    def GetAllocation(self, request: pb.GetAllocationRequest,  # noqa: N802
                      context: grpc.ServicerContext) -> pb.GetAllocationResponse:
        with self._reading() as session:
            found = self._find(session, request)
            assert found.id is not None
            rows = repository.allocation_rows(session, allocation_id=found.id)
        return pb.GetAllocationResponse(allocation=mapping.allocation_to_proto(
            _summary(found), _entities(rows), [r.units for r in rows],
            mapping.ties_from_json(found.ties)))

    def ListAllocations(self, request: pb.ListAllocationsRequest,  # noqa: N802
                        context: grpc.ServicerContext) -> pb.ListAllocationsResponse:
        principal = current_principal()
        with self._reading() as session:
            found = repository.list_allocations(session, year=request.year)
        return pb.ListAllocationsResponse(allocations=[
            _summary(a) for a in found
            if a.source != "split" or principal.may_act_for_district(a.district)])

    def _table(self, session: Session, year: int
               ) -> tuple[domain.PlanFigures, BloodAllocation, list[domain.TableRow]]:
        """The year's current district table, with the plan's carve-outs when apportioned."""
        plan = _load_plan(session, year)
        current = repository.current_allocation(session, year=year)
        if current is None or current.id is None:
            raise NotFound("allocation", f"{year}/districts")
        return plan, current, _table_rows(
            plan, current, repository.allocation_rows(session, allocation_id=current.id))

    def GetAllocationTable(self, request: pb.GetAllocationTableRequest,  # noqa: N802
                           context: grpc.ServicerContext) -> pb.GetAllocationTableResponse:
        with self._reading() as session:
            plan, current, rows = self._table(session, request.year)
        warnings = domain.check_published_table(plan, rows, DISTRICT_ORDER)
        return pb.GetAllocationTableResponse(
            year=request.year, allocation_id=str(current.id),
            source=mapping.SOURCE_TO_PROTO[current.source],
            rows=[mapping.table_row_to_proto(r) for r in rows],
            total_units=sum(r.units for r in rows), warnings=warnings)

    def ReplayAllocation(self, request: pb.ReplayAllocationRequest,  # noqa: N802
                         context: grpc.ServicerContext) -> pb.ReplayAllocationResponse:
        with self._reading() as session:
            found = self._find(session, pb.GetAllocationRequest(
                allocation_id=request.allocation_id))
            assert found.id is not None
            rows = repository.allocation_rows(session, allocation_id=found.id)
        differences: list[str] = []
        if found.source == "published":
            recomputed = domain.table_digest(found.rule_version, [
                domain.TableRow(r.code, r.name, r.kind, r.units) for r in rows])
        else:
            inputs = domain.AllocationInputs(found.rule_version, mapping.method_named(found.method),
                                             found.pool_units, _entities(rows), found.district)
            recomputed = inputs.digest()
            result = domain.apportion(inputs)
            differences += [f"{r.code}: stored {r.units}, recomputed {u}"
                            for r, u in zip(rows, result.units, strict=True) if r.units != u]
            if mapping.ties_from_json(found.ties) != result.ties:
                differences.append("the reported ties differ")
        if recomputed != found.input_digest:
            differences.insert(0, f"input digest: stored {found.input_digest}, "
                                  f"recomputed {recomputed}")
        return pb.ReplayAllocationResponse(allocation_id=str(found.id), matches=not differences,
                                           stored_digest=found.input_digest,
                                           recomputed_digest=recomputed,
                                           differences=differences)

    # -- collections ---------------------------------------------------------------------

    def RecordCollection(self, request: pb.RecordCollectionRequest,  # noqa: N802
                         context: grpc.ServicerContext) -> pb.RecordCollectionResponse:
        rows = [mapping.collection_from_proto(request.collection)]
        volume = self._record(request, rows, "collection")
        return pb.RecordCollectionResponse(recorded=len(rows), volume_ml=volume)

    def RecordCollections(self, request_iterator: Iterator[pb.RecordCollectionsRequest],  # noqa: N802
                          context: grpc.ServicerContext) -> pb.RecordCollectionsResponse:
        request = _merge(request_iterator, pb.RecordCollectionsRequest())
        rows = mapping.collections_from_chunks(request)
        volume = self._record(request, rows, "rows")
        return pb.RecordCollectionsResponse(recorded=len(rows), volume_ml=volume)

    def _record(self, request: pb.RecordCollectionRequest | pb.RecordCollectionsRequest,
                rows: Sequence[domain.CollectionRow], prefix: str) -> int:
        """Validate every row, store all of them or none, and count them."""
        principal = current_principal()
        for district in sorted({r.district for r in rows if is_district(r.district)}):
            require_district(principal, district)
        volume = sum(r.volume_ml * r.donations for r in rows)

        def work(session: Session) -> pb.RecordCollectionsResponse:
            years = {r.donation_date.year for r in rows if r.donation_date is not None}
            codes = repository.unit_codes(session, years=years,
                                          districts={r.district for r in rows if r.unit_code})
            rule_sets = {year: domain.rules(version) for year, version
                         in repository.plan_rule_versions(session).items()}
            domain.validate_collections(
                rows, today=self._runtime.clock.today(), rule_sets=rule_sets,
                is_district=is_district, units=codes, prefix=prefix, indexed=prefix == "rows")
            for start in range(0, len(rows), INSERT_BATCH_ROWS):
                repository.add_collections(session, rows=[
                    (r.donation_date.year, r.donation_date, r.district, r.unit_code, r.channel,
                     r.volume_ml, r.donations)
                    for r in rows[start:start + INSERT_BATCH_ROWS] if r.donation_date is not None])
            self._runtime.audit(session, action="record", entity_type="collections",
                                entity_id=request.request_id,
                                detail={"rows": len(rows), "volume_ml": volume})
            for channel, count in Counter(r.channel for r in rows).items():
                self._metrics.recorded.labels(channel).inc(count)
            return pb.RecordCollectionsResponse(recorded=len(rows), volume_ml=volume)

        return self._runtime.mutate(request, pb.RecordCollectionsResponse, work).volume_ml

    def GetProgress(self, request: pb.GetProgressRequest,  # noqa: N802
                    context: grpc.ServicerContext) -> pb.GetProgressResponse:
        district = _scope_district(current_principal(), request.district)
        if district and not is_district(district):
            raise InvalidArgument("unknown district", [
                FieldViolation("district", f"{district!r} is not a district code")])
        as_of = domain.progress_as_of(
            request.year, self._runtime.clock.today(),
            date_from_proto(request.as_of, "as_of") if request.HasField("as_of") else None)
        with self._reading() as session:
            rows, city, current, plan = self._progress(session, request.year, as_of, district)
        unit_ml = domain.rules(plan.rule_version).unit_ml
        elapsed, year_days = domain.elapsed_days(request.year, as_of)
        if district:
            rows = [r for r in rows if r.code == district]
        return pb.GetProgressResponse(
            year=request.year, as_of=date_to_proto(as_of), allocation_id=str(current.id),
            rows=[mapping.progress_to_proto(r, unit_ml=unit_ml, elapsed=elapsed,
                                            year_days=year_days) for r in rows],
            city=mapping.progress_to_proto(city, unit_ml=unit_ml, elapsed=elapsed,
                                           year_days=year_days,
                                           targets=domain.channel_targets(plan)))

    def _progress(self, session: Session, year: int, as_of: dt.date, district: str = ""
                  ) -> tuple[list[domain.Progress], domain.Progress, BloodAllocation,
                             domain.PlanFigures]:
        plan, current, table = self._table(session, year)
        totals = repository.collection_totals(session, year=year, as_of=as_of,
                                              district=district)
        rows, city = domain.progress([(r.code, r.kind, r.units) for r in table],
                                     (domain.Aggregate(*t) for t in totals),
                                     plan.drill_min_per_district_units)
        return rows, city, current, plan


def _id(text: str) -> int:
    if not text.isdigit():
        raise NotFound("allocation", text)
    return int(text)


CITY = Access.of(Role.CITY_OFFICE)
CITY_OR_DISTRICT = Access.of(Role.CITY_OFFICE, Role.DISTRICT_OFFICE)


def _register(server: grpc.Server, runtime: ServiceRuntime | None) -> None:
    if runtime is None:
        raise ValueError("blood_quota needs a database")
    pb_grpc.add_BloodQuotaServiceServicer_to_server(BloodQuotaServicer(runtime), server)


_ACCESS: dict[str, Access] = {
    "CreatePlan": CITY, "GetPlan": READ_ANY, "ImportPublishedAllocation": CITY,
    "ApportionDistrictQuotas": CITY, "UploadUnits": CITY_OR_DISTRICT,
    "SplitDistrictQuota": CITY_OR_DISTRICT, "GetAllocation": READ_ANY,
    "ListAllocations": READ_ANY, "GetAllocationTable": READ_ANY, "ReplayAllocation": READ_ANY,
    "RecordCollection": CITY_OR_DISTRICT, "RecordCollections": CITY_OR_DISTRICT,
    "GetProgress": READ_ANY,
}

SERVICE = ServiceSpec(name="blood_quota",
                      proto_service="cityscore.blood_quota.v1.BloodQuotaService",
                      access=_ACCESS, register=_register,
                      models_module="cityscore.services.blood_quota.models")
