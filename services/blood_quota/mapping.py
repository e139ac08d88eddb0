"""Conversions between the blood_quota protobuf messages and the domain's values."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from cityscore.blood_quota.v1 import blood_quota_service_pb2 as pb
from cityscore.core.errors import FieldViolation, InvalidArgument, ViolationCollector
from cityscore.core.kernel.types import ApportionmentMethod
from cityscore.services.blood_quota import domain

METHODS: dict[pb.ApportionmentMethod, ApportionmentMethod] = {
    pb.APPORTIONMENT_METHOD_UNSPECIFIED: "webster",
    pb.APPORTIONMENT_METHOD_WEBSTER: "webster",
    pb.APPORTIONMENT_METHOD_HAMILTON: "hamilton",
    pb.APPORTIONMENT_METHOD_HUNTINGTON_HILL: "huntington_hill",
    pb.APPORTIONMENT_METHOD_DHONDT: "dhondt",
    pb.APPORTIONMENT_METHOD_ADAMS: "adams",
}
METHOD_TO_PROTO: dict[str, pb.ApportionmentMethod] = {
    name: value for value, name in METHODS.items()
    if value != pb.APPORTIONMENT_METHOD_UNSPECIFIED}
KINDS = {pb.ROW_KIND_DISTRICT: domain.DISTRICT, pb.ROW_KIND_UNIVERSITY: "university",
         pb.ROW_KIND_GARRISON: "garrison", pb.ROW_KIND_INCREMENT: "increment",
         pb.ROW_KIND_WORK_UNIT: "work_unit", pb.ROW_KIND_TOWN: "town"}
KIND_TO_PROTO = {name: value for value, name in KINDS.items()}
UNIT_KINDS = {pb.UNIT_KIND_WORK_UNIT: "work_unit", pb.UNIT_KIND_TOWN: "town"}
CHANNELS = {pb.CHANNEL_GROUP: "group", pb.CHANNEL_STREET: "street", pb.CHANNEL_DRILL: "drill",
            pb.CHANNEL_UNIVERSITY: "university", pb.CHANNEL_GARRISON: "garrison"}
CHANNEL_TO_PROTO = {name: value for value, name in CHANNELS.items()}
SOURCE_TO_PROTO: dict[str, pb.AllocationSource] = {
    "published": pb.ALLOCATION_SOURCE_PUBLISHED, "apportioned": pb.ALLOCATION_SOURCE_APPORTIONED,
    "split": pb.ALLOCATION_SOURCE_SPLIT}


def method_from_proto(value: pb.ApportionmentMethod) -> ApportionmentMethod:
    method = METHODS.get(value)
    if method is None:
        raise InvalidArgument("unknown apportionment method",
                              [FieldViolation("method", f"{value} is not a known method")])
    return method


def method_named(name: str) -> ApportionmentMethod:
    """The kernel's name of a stored method."""
    return METHODS[METHOD_TO_PROTO[name]]


def plan_from_proto(plan: pb.Plan, rule_version: str) -> domain.PlanFigures:
    """Kinds of carve-outs that are unknown become "" and fail validation by field."""
    return domain.PlanFigures(
        year=plan.year, city_target_units=plan.city_target_units,
        group_target_units=plan.group_target_units,
        street_target_units=plan.street_target_units, reserve_units=plan.reserve_units,
        drill_min_city_units=plan.drill_min_city_units,
        drill_min_per_district_units=plan.drill_min_per_district_units,
        units_per_person=plan.units_per_person, rule_version=rule_version,
        carve_outs=tuple(domain.CarveOut(c.code, c.name, KINDS.get(c.kind, ""), c.units)
                         for c in plan.carve_outs))


def plan_to_proto(plan: domain.PlanFigures) -> pb.Plan:
    return pb.Plan(
        year=plan.year, city_target_units=plan.city_target_units,
        group_target_units=plan.group_target_units,
        street_target_units=plan.street_target_units, reserve_units=plan.reserve_units,
        drill_min_city_units=plan.drill_min_city_units,
        drill_min_per_district_units=plan.drill_min_per_district_units,
        units_per_person=plan.units_per_person, rule_version=plan.rule_version,
        district_pool_units=plan.district_pool_units,
        carve_outs=[pb.CarveOut(code=c.code, name=c.name, kind=KIND_TO_PROTO[c.kind],
                                units=c.units) for c in plan.carve_outs])


def table_rows_from_proto(rows: Iterable[pb.AllocationTableRow]) -> list[domain.TableRow]:
    return [domain.TableRow(r.code, r.name, KINDS.get(r.kind, ""), r.units) for r in rows]


def table_row_to_proto(row: domain.TableRow) -> pb.AllocationTableRow:
    return pb.AllocationTableRow(code=row.code, name=row.name, kind=KIND_TO_PROTO[row.kind],
                                 units=row.units)


def district_inputs(inputs: Sequence[pb.DistrictInput]) -> list[dict[str, Any]]:
    """Plain rows for ``domain.district_entities``; unset bounds are None."""
    return [{"district": i.district, "employees": i.employees,
             "residents": i.residents_without_work_unit, "weight": i.weight,
             "lower": i.lower_units if i.HasField("lower_units") else None,
             "upper": i.upper_units if i.HasField("upper_units") else None} for i in inputs]


def ties_to_json(ties: Sequence[domain.Tie]) -> str:
    return json.dumps([{"codes": list(t.codes), "winners": list(t.winners),
                        "contested": t.contested} for t in ties], ensure_ascii=False)


def ties_from_json(text: str) -> tuple[domain.Tie, ...]:
    return tuple(domain.Tie(tuple(t["codes"]), tuple(t["winners"]), int(t["contested"]))
                 for t in json.loads(text or "[]"))


def allocation_to_proto(summary: pb.AllocationSummary, entities: Sequence[domain.Entity],
                        units: Sequence[int], ties: Sequence[domain.Tie]) -> pb.Allocation:
    """Rows with the bounds they reached; published rows have no bounds to reach."""
    bounded = summary.source != pb.ALLOCATION_SOURCE_PUBLISHED
    return pb.Allocation(
        summary=summary,
        rows=[pb.AllocationRow(code=e.code, name=e.name, kind=KIND_TO_PROTO[e.kind],
                               weight=e.weight, lower_units=e.lower, upper_units=e.upper,
                               units=u, at_lower_bound=bounded and u == e.lower,
                               at_upper_bound=bounded and u == e.upper)
              for e, u in zip(entities, units, strict=True)],
        ties=[pb.Tie(codes=t.codes, winners=t.winners, contested_units=t.contested)
              for t in ties])


def collection_from_proto(collection: pb.Collection) -> domain.CollectionRow:
    """One collection row; an impossible date is left None for validation to name."""
    day = collection.donation_date
    return domain.CollectionRow(domain.calendar_date(day.year, day.month, day.day),
                                collection.district, collection.unit_code,
                                CHANNELS.get(collection.channel, ""), collection.volume_ml,
                                collection.donations)


def collections_from_chunks(merged: pb.RecordCollectionsRequest) -> list[domain.CollectionRow]:
    """Rows of a merged bulk request; the lists must have one entry per row."""
    n = len(merged.donation_dates)
    errors = ViolationCollector()
    for name in ("districts", "unit_codes", "channels", "volumes_ml", "donations"):
        size = len(getattr(merged, name))
        if size != n and not (name == "unit_codes" and size == 0):
            errors.add(name, f"has {size} entries for {n} donation dates")
    errors.raise_if_any("the bulk request's lists differ in length")
    unit_codes = list(merged.unit_codes) or [""] * n
    return [domain.CollectionRow(domain.date_from_number(d), district, unit,
                                 CHANNELS.get(channel, ""), volume, count)
            for d, district, unit, channel, volume, count in zip(
                merged.donation_dates, merged.districts, unit_codes, merged.channels,
                merged.volumes_ml, merged.donations, strict=True)]


def progress_to_proto(row: domain.Progress, *, unit_ml: int, elapsed: int, year_days: int,
                      targets: Mapping[str, int] | None = None) -> pb.ProgressRow:
    """One progress row; with ``targets`` every targeted channel is listed, even if empty."""
    targets = targets or {}
    channels = sorted(set(row.by_channel) | set(targets), key=CHANNEL_TO_PROTO.__getitem__)
    return pb.ProgressRow(
        code=row.code, kind=KIND_TO_PROTO.get(row.kind, pb.ROW_KIND_UNSPECIFIED),
        quota_units=row.quota_units, collected_ml=row.collected_ml,
        collected_units=row.collected_ml / unit_ml, progress_ratio=row.ratio(unit_ml),
        share_400ml=row.share_400ml(), drill_ml=row.drill_ml,
        drill_min_units=row.drill_min_units, drill_min_met=row.drill_met(unit_ml),
        projected_units=row.projected_units(elapsed, year_days, unit_ml),
        channels=[pb.ChannelProgress(channel=CHANNEL_TO_PROTO[c],
                                     volume_ml=row.by_channel.get(c, (0, 0))[0],
                                     donations=row.by_channel.get(c, (0, 0))[1],
                                     target_units=targets.get(c, 0)) for c in channels])
