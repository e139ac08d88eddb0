"""Conversions between the blood_quota protobuf messages and the domain's values."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from cityscore.blood_quota.v1 import blood_quota_service_pb2 as pb
from cityscore.core.errors import FieldViolation, InvalidArgument, ViolationCollector
from cityscore.core.grpc.convert import ProtoEnum, date_field, date_to_proto
from cityscore.services.blood_quota import domain
from cityscore.services.blood_quota.models import BloodAllocation, BloodCollection

METHODS = ProtoEnum(pb.ApportionmentMethod, "APPORTIONMENT_METHOD_")
KINDS = ProtoEnum(pb.RowKind, "ROW_KIND_")
UNIT_KINDS = ProtoEnum(pb.UnitKind, "UNIT_KIND_")
CHANNELS = ProtoEnum(pb.Channel, "CHANNEL_")
SOURCES = ProtoEnum(pb.AllocationSource, "ALLOCATION_SOURCE_")
COMPONENTS = ProtoEnum(pb.Component, "COMPONENT_")
STATUSES = ProtoEnum(pb.CollectionStatus, "COLLECTION_STATUS_")


def _component(value: int) -> str:
    """Unset is whole blood; an unknown value is "" and named by validation."""
    return "whole_blood" if value == pb.COMPONENT_UNSPECIFIED else COMPONENTS.name_or(value, "")


def method_from_proto(value: pb.ApportionmentMethod) -> domain.ApportionmentMethod:
    """Unset is Webster's method (§8); an unknown value is INVALID_ARGUMENT."""
    if value == pb.APPORTIONMENT_METHOD_UNSPECIFIED:
        return "webster"
    name = METHODS.name_or(value, "")
    if not name:
        raise InvalidArgument("unknown apportionment method",
                              [FieldViolation("method", f"{value} is not a known method")])
    return domain.method_named(name)


def plan_from_proto(plan: pb.Plan, rule_version: str) -> domain.PlanFigures:
    """Kinds of carve-outs that are unknown become "" and fail validation by field."""
    return domain.PlanFigures(
        year=plan.year, city_target_units=plan.city_target_units,
        group_target_units=plan.group_target_units,
        street_target_units=plan.street_target_units, reserve_units=plan.reserve_units,
        drill_min_city_units=plan.drill_min_city_units,
        drill_min_per_district_units=plan.drill_min_per_district_units,
        units_per_person=plan.units_per_person, rule_version=rule_version,
        carve_outs=tuple(domain.CarveOut(c.code, c.name, KINDS.name_or(c.kind, ""), c.units)
                         for c in plan.carve_outs),
        garrison_counts_toward_group=plan.garrison_counts_toward_group,
        increment_sites=tuple(plan.increment_sites),
        platelet_units_per_dose=plan.platelet_units_per_dose,
        platelet_conversion_source=plan.platelet_conversion_source,
        platelets_count_toward_targets=plan.platelets_count_toward_targets)


def plan_to_proto(plan: domain.PlanFigures) -> pb.Plan:
    return pb.Plan(
        year=plan.year, city_target_units=plan.city_target_units,
        group_target_units=plan.group_target_units,
        street_target_units=plan.street_target_units, reserve_units=plan.reserve_units,
        drill_min_city_units=plan.drill_min_city_units,
        drill_min_per_district_units=plan.drill_min_per_district_units,
        units_per_person=plan.units_per_person, rule_version=plan.rule_version,
        district_pool_units=plan.district_pool_units,
        garrison_counts_toward_group=plan.garrison_counts_toward_group,
        increment_sites=list(plan.increment_sites),
        platelet_units_per_dose=plan.platelet_units_per_dose,
        platelet_conversion_source=plan.platelet_conversion_source,
        platelets_count_toward_targets=plan.platelets_count_toward_targets,
        carve_outs=[pb.CarveOut(code=c.code, name=c.name, kind=KINDS.label(c.kind),
                                units=c.units) for c in plan.carve_outs])


def table_rows_from_proto(rows: Iterable[pb.AllocationTableRow]) -> list[domain.TableRow]:
    return [domain.TableRow(r.code, r.name, KINDS.name_or(r.kind, ""), r.units) for r in rows]


def table_row_to_proto(row: domain.TableRow) -> pb.AllocationTableRow:
    return pb.AllocationTableRow(code=row.code, name=row.name, kind=KINDS.label(row.kind),
                                 units=row.units)


def district_inputs(inputs: Sequence[pb.DistrictInput]) -> list[dict[str, Any]]:
    """Plain rows for ``domain.district_entities``; unset bounds are None."""
    return [{"district": i.district, "employees": i.employees,
             "residents": i.residents_without_work_unit, "weight": i.weight,
             "lower": i.lower_units if i.HasField("lower_units") else None,
             "upper": i.upper_units if i.HasField("upper_units") else None} for i in inputs]


def units_from_proto(request: pb.UploadUnitsRequest) -> list[domain.Unit]:
    """Roster rows of a merged upload, or every bad one named (nothing partial is stored)."""
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
    units: list[domain.Unit] = []
    for i, (code, name, kind, headcount) in enumerate(zip(
            request.codes, names, request.kinds, request.headcounts, strict=True)):
        if not code or code in seen:
            errors.add(f"units[{i}].code", f"{code!r} is empty or appears twice")
        seen.add(code)
        unit_kind = UNIT_KINDS.name_or(kind, "")
        if not unit_kind:
            errors.add(f"units[{i}].kind", "must be a work unit or a town")
        if headcount < 0:
            errors.add(f"units[{i}].headcount", "must not be negative")
        units.append(domain.Unit(code, name or code, unit_kind, headcount))
    errors.raise_if_any("unit rows are not valid")
    return units


def summary_to_proto(allocation: BloodAllocation, in_force: int | None) -> pb.AllocationSummary:
    """A stored allocation's summary; a published table has no apportionment method.
    ``in_force`` is the id of the district table in force of its year (None when none is): a
    district table is in force when it is that one, a split is stale when it split another."""
    is_split = allocation.source == "split"
    split_of = allocation.split_of_allocation_id
    return pb.AllocationSummary(
        allocation_id=str(allocation.id), year=allocation.year,
        source=SOURCES.label(allocation.source), district=allocation.district,
        method=(METHODS.label(allocation.method) if allocation.method in METHODS.names
                else pb.APPORTIONMENT_METHOD_UNSPECIFIED),
        pool_units=allocation.pool_units, rule_version=allocation.rule_version,
        input_digest=allocation.input_digest, row_count=allocation.row_count, saved=True,
        in_force=not is_split and allocation.id == in_force,
        split_of_allocation_id="" if split_of is None else str(split_of),
        stale=is_split and split_of != in_force)


def unsaved_to_proto(year: int, source: str, inputs: domain.AllocationInputs,
                     result: domain.Result) -> pb.Allocation:
    """A what-if run's allocation, which has no id."""
    summary = pb.AllocationSummary(
        year=year, source=SOURCES.label(source), district=inputs.district,
        method=METHODS.label(inputs.method), pool_units=inputs.pool_units,
        rule_version=inputs.rule_version, input_digest=inputs.digest(),
        row_count=len(inputs.entities), saved=False)
    return allocation_to_proto(summary, inputs.entities, result.units, result.ties)


def allocation_to_proto(summary: pb.AllocationSummary, entities: Sequence[domain.Entity],
                        units: Sequence[int], ties: Sequence[domain.Tie]) -> pb.Allocation:
    """Rows with the bounds they reached; published rows have no bounds to reach."""
    bounded = summary.source != pb.ALLOCATION_SOURCE_PUBLISHED
    return pb.Allocation(
        summary=summary,
        rows=[pb.AllocationRow(code=e.code, name=e.name, kind=KINDS.label(e.kind),
                               weight=e.weight, lower_units=e.lower, upper_units=e.upper,
                               units=u, at_lower_bound=bounded and u == e.lower,
                               at_upper_bound=bounded and u == e.upper)
              for e, u in zip(entities, units, strict=True)],
        ties=[pb.Tie(codes=t.codes, winners=t.winners, contested_units=t.contested)
              for t in ties])


def collection_from_proto(collection: pb.Collection, field: str = "collection"
                          ) -> domain.CollectionRow:
    """One collection row; an unset or impossible date is INVALID_ARGUMENT at once."""
    errors = ViolationCollector()
    day = date_field(collection.donation_date, f"{field}.donation_date", errors)
    errors.raise_if_any(f"{field} is not valid")
    return domain.CollectionRow(day, collection.district, collection.unit_code,
                                CHANNELS.name_or(collection.channel, ""), collection.volume_ml,
                                collection.donations, collection.site,
                                _component(collection.component), collection.therapeutic_doses)


def stored_collection_to_proto(stored: BloodCollection) -> pb.StoredCollection:
    """A stored row with its status and correction history."""
    return pb.StoredCollection(
        collection_id=str(stored.id),
        collection=pb.Collection(
            donation_date=date_to_proto(stored.donation_date), district=stored.district,
            unit_code=stored.unit_code, channel=CHANNELS.label(stored.channel),
            volume_ml=stored.volume_ml, donations=stored.donations, site=stored.site,
            component=COMPONENTS.label(stored.component),
            therapeutic_doses=stored.therapeutic_doses),
        status=STATUSES.label(stored.status),
        amends_collection_id="" if stored.amends_id is None else str(stored.amends_id),
        amended_by_collection_id=("" if stored.amended_by_id is None
                                  else str(stored.amended_by_id)),
        correction_reason=stored.correction_reason or "",
        corrected_by=stored.corrected_by or "")


def collections_from_chunks(merged: pb.RecordCollectionsRequest) -> list[domain.CollectionRow]:
    """Rows of a merged bulk request; the lists must have one entry per row."""
    n = len(merged.donation_dates)
    errors = ViolationCollector()
    optional = ("unit_codes", "sites", "components", "therapeutic_doses")
    for name in ("districts", "unit_codes", "channels", "volumes_ml", "donations", *optional[1:]):
        size = len(getattr(merged, name))
        if size != n and not (name in optional and size == 0):
            errors.add(name, f"has {size} entries for {n} donation dates")
    errors.raise_if_any("the bulk request's lists differ in length")
    unit_codes = list(merged.unit_codes) or [""] * n
    sites = list(merged.sites) or [""] * n
    components = list(merged.components) or [pb.COMPONENT_UNSPECIFIED] * n
    doses = list(merged.therapeutic_doses) or [0] * n
    return [domain.CollectionRow(domain.date_from_number(d), district, unit,
                                 CHANNELS.name_or(channel, ""), volume, count, site,
                                 _component(component), dose)
            for d, district, unit, channel, volume, count, site, component, dose in zip(
                merged.donation_dates, merged.districts, unit_codes, merged.channels,
                merged.volumes_ml, merged.donations, sites, components, doses, strict=True)]


def progress_to_proto(row: domain.Progress, *, unit_ml: int, elapsed: int, year_days: int,
                      rules: domain.ProgressRules,
                      targets: Mapping[str, int] | None = None) -> pb.ProgressRow:
    """One progress row; with ``targets`` every targeted channel is listed, even if empty."""
    targets = targets or {}
    per_dose = rules.platelet_units_per_dose
    channels = sorted(set(row.by_channel) | set(targets), key=CHANNELS.number)
    return pb.ProgressRow(
        code=row.code,
        kind=KINDS.label(row.kind) if row.kind in KINDS.names else pb.ROW_KIND_UNSPECIFIED,
        quota_units=row.quota_units, collected_ml=row.collected_ml,
        collected_units=row.collected_ml / unit_ml, progress_ratio=row.ratio(unit_ml),
        share_400ml=row.share_400ml(), drill_ml=row.drill_ml,
        drill_min_units=row.drill_min_units, drill_min_met=row.drill_met(unit_ml),
        projected_units=row.projected_units(elapsed, year_days, unit_ml),
        channels=[pb.ChannelProgress(channel=CHANNELS.label(c), volume_ml=row.line(c)[0],
                                     donations=row.line(c)[1], target_units=targets.get(c, 0),
                                     counted_channels=[CHANNELS.label(k)
                                                       for k in row.line_channels(c)])
                  for c in channels],
        platelets=pb.PlateletProgress(
            donations=row.platelet_donations, therapeutic_doses=row.platelet_doses,
            units=float(row.platelet_doses * per_dose) if per_dose is not None else 0.0,
            counted=bool(rules.platelet_ml_per_dose)))
