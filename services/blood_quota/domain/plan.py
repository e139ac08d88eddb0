"""A year's plan and its allocation tables (§5, §6): the published figures, the plan's
internal checks, and a printed table checked against its plan (discrepancies are warnings)."""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from dataclasses import dataclass

from cityscore.core.errors import (
    FailedPrecondition,
    NotFound,
    PreconditionViolation,
    ViolationCollector,
)
from cityscore.services.blood_quota.domain.rules import (
    CARVE_OUT_KINDS,
    DISTRICT,
    INCREMENT,
    SITE_MAX_LENGTH,
    data_text,
    rule_version_for_year,
)


@dataclass(frozen=True, slots=True)
class CarveOut:
    code: str
    name: str
    kind: str
    units: int


@dataclass(frozen=True, slots=True)
class PlanFigures:
    """A year's plan (blood_quota.md §6)."""

    year: int
    city_target_units: int
    group_target_units: int
    street_target_units: int
    reserve_units: int
    drill_min_city_units: int
    drill_min_per_district_units: int
    units_per_person: str
    rule_version: str
    carve_outs: tuple[CarveOut, ...] = ()
    #: Whether garrison collections also count toward the group target (§6 corrected
    #: 2026-12-03: the seed is silent, default no; the garrison keeps its own carve-out).
    garrison_counts_toward_group: bool = False
    #: New or moved street sites whose street collections feed the site-optimisation
    #: increment row (§6 corrected 2026-12-03; the opinions print no sites).
    increment_sites: tuple[str, ...] = ()
    #: Units counted per therapeutic dose of apheresis platelets, an exact decimal; "" when
    #: the plan has no conversion (§2: the opinions give none).
    platelet_units_per_dose: str = ""
    #: Where the conversion comes from; required with a conversion.
    platelet_conversion_source: str = ""
    #: Platelets count toward the whole-blood targets, converted (§2 default: no, recorded and
    #: reported only).
    platelets_count_toward_targets: bool = False

    @property
    def district_pool_units(self) -> int:
        """city target − Σ carve-outs: what the districts share (§6, [derived])."""
        return self.city_target_units - sum(c.units for c in self.carve_outs)


def published_plan(year: int) -> PlanFigures:
    """The plan shipped for ``year`` (2017: 沪府办发〔2017〕29号 一, 二(二), annex)."""
    entry = json.loads(data_text("plans.json")).get(str(year))
    if entry is None:
        raise NotFound("published plan", str(year))
    return PlanFigures(
        year=year, city_target_units=entry["city_target_units"],
        group_target_units=entry["group_target_units"],
        street_target_units=entry["street_target_units"], reserve_units=entry["reserve_units"],
        drill_min_city_units=entry["drill_min_city_units"],
        drill_min_per_district_units=entry["drill_min_per_district_units"],
        units_per_person=entry["units_per_person"], rule_version=rule_version_for_year(year),
        carve_outs=tuple(CarveOut(c["code"], c["name"], c["kind"], c["units"])
                         for c in entry["carve_outs"]),
        garrison_counts_toward_group=bool(entry.get("garrison_counts_toward_group", False)),
        increment_sites=tuple(entry.get("increment_sites", [])),
        platelet_units_per_dose=entry.get("platelet_units_per_dose", ""),
        platelet_conversion_source=entry.get("platelet_conversion_source", ""),
        platelets_count_toward_targets=bool(entry.get("platelets_count_toward_targets", False)))



def validate_plan(plan: PlanFigures, district_count: int) -> list[str]:
    """Check a plan's internal sums (§6 "Plan validation checks"); hard failures raise.

    Errors: negative figures, drill minimum above the reserve, carve-outs above the city
    target, bad carve-outs. Warnings: group + street ≠ city target, per-district drill minimum
    × districts below the citywide drill minimum.
    """
    errors = ViolationCollector()
    for name in ("city_target_units", "group_target_units", "street_target_units",
                 "reserve_units", "drill_min_city_units", "drill_min_per_district_units"):
        if getattr(plan, name) < 0:
            errors.add(f"plan.{name}", "must not be negative")
    if plan.year < 2000 or plan.year > 2100:
        errors.add("plan.year", "must be a year between 2000 and 2100")
    if plan.drill_min_city_units > plan.reserve_units:
        errors.add("plan.drill_min_city_units",
                   f"drill minimum {plan.drill_min_city_units} exceeds the reserve "
                   f"{plan.reserve_units}")
    seen: set[str] = set()
    for i, carve in enumerate(plan.carve_outs):
        if not carve.code or carve.code in seen:
            errors.add(f"plan.carve_outs[{i}].code", "needs a unique, non-empty code")
        seen.add(carve.code)
        if carve.kind not in CARVE_OUT_KINDS:
            errors.add(f"plan.carve_outs[{i}].kind", f"must be one of {', '.join(CARVE_OUT_KINDS)}")
        if carve.units < 0:
            errors.add(f"plan.carve_outs[{i}].units", "must not be negative")
    seen_sites: set[str] = set()
    for i, site in enumerate(plan.increment_sites):
        if not site or site in seen_sites or len(site) > SITE_MAX_LENGTH:
            errors.add(f"plan.increment_sites[{i}]",
                       f"needs a unique, non-empty code of at most {SITE_MAX_LENGTH} characters")
        seen_sites.add(site)
    if plan.increment_sites and not any(c.kind == INCREMENT for c in plan.carve_outs):
        errors.add("plan.increment_sites", "the plan has no increment carve-out for them to feed")
    if plan.platelet_units_per_dose and not plan.platelet_conversion_source.strip():
        errors.add("plan.platelet_conversion_source", "cite where the platelet conversion "
                                                      "comes from")
    if plan.platelets_count_toward_targets and not plan.platelet_units_per_dose:
        errors.add("plan.platelets_count_toward_targets",
                   "counting platelets needs platelet_units_per_dose")
    carved = sum(c.units for c in plan.carve_outs)
    if carved > plan.city_target_units:
        errors.add("plan.carve_outs", f"carve-outs total {carved} exceed the city target "
                                      f"{plan.city_target_units}")
    errors.raise_if_any("the plan is not valid")
    warnings = []
    split = plan.group_target_units + plan.street_target_units
    if split != plan.city_target_units:
        difference = split - plan.city_target_units
        warnings.append(f"group + street targets {split:,} ≠ city target "
                        f"{plan.city_target_units:,} (difference {difference:+,})")
    drill_total = plan.drill_min_per_district_units * district_count
    if drill_total < plan.drill_min_city_units:
        warnings.append(f"{district_count} districts × {plan.drill_min_per_district_units} = "
                        f"{drill_total:,} is below the citywide drill minimum "
                        f"{plan.drill_min_city_units:,}")
    return warnings


@dataclass(frozen=True, slots=True)
class TableRow:
    """One row of an allocation table as printed (code, name, kind, units)."""

    code: str
    name: str
    kind: str
    units: int


def published_table(year: int) -> list[TableRow]:
    """The allocation table shipped for ``year`` (2017 annex, blood_quota.md §5)."""
    try:
        text = data_text(f"allocation_{year}.csv")
    except FileNotFoundError:
        raise NotFound("published allocation table", str(year)) from None
    return [TableRow(r["row_code"], r["name_zh"], r["kind"], int(r["units"]))
            for r in csv.DictReader(text.splitlines())]


def check_published_table(plan: PlanFigures, rows: Sequence[TableRow],
                          district_codes: Sequence[str]) -> list[str]:
    """Validate a published table against its plan; discrepancies are warnings (§6 decision).

    Malformed rows (unknown district, duplicate, negative units, missing district) are
    INVALID_ARGUMENT; a district row below its drill minimum (annex footnote: every district
    includes 400 drill units) is FAILED_PRECONDITION naming every such row.
    """
    errors = ViolationCollector()
    known = set(district_codes)
    carve_codes = {c.code for c in plan.carve_outs}
    seen: set[str] = set()
    for i, row in enumerate(rows):
        if row.code in seen:
            errors.add(f"rows[{i}].code", f"{row.code!r} appears twice")
        seen.add(row.code)
        if row.kind == DISTRICT and row.code not in known:
            errors.add(f"rows[{i}].code", f"{row.code!r} is not a district code")
        elif row.kind != DISTRICT and row.kind not in CARVE_OUT_KINDS:
            errors.add(f"rows[{i}].kind", "must be a district or a carve-out kind")
        elif row.kind != DISTRICT and row.code not in carve_codes:
            errors.add(f"rows[{i}].code", f"{row.code!r} is not a carve-out of the "
                                          f"{plan.year} plan")
        if row.units < 0:
            errors.add(f"rows[{i}].units", "must not be negative")
    for code in sorted(known - seen, key=list(district_codes).index):
        errors.add("rows", f"district {code!r} has no row")
    errors.raise_if_any("the allocation table is not valid")
    low = [PreconditionViolation(
        "BELOW_DRILL_MINIMUM", row.code,
        f"{row.units} units is below the drill minimum {plan.drill_min_per_district_units}")
        for row in rows
        if row.kind == DISTRICT and row.units < plan.drill_min_per_district_units]
    if low:
        raise FailedPrecondition("district rows below their drill minimum", low)
    total = sum(r.units for r in rows)
    district_sum = sum(r.units for r in rows if r.kind == DISTRICT)
    warnings = []
    if total != plan.city_target_units:
        warnings.append(
            f"allocation total {total:,} ≠ city target {plan.city_target_units:,} "
            f"(difference {total - plan.city_target_units:+,}); district rows sum to "
            f"{district_sum:,}, target minus carve-outs is {plan.district_pool_units:,}")
    by_code = {c.code: c.units for c in plan.carve_outs}
    for row in rows:
        if row.kind != DISTRICT and by_code.get(row.code) != row.units:
            warnings.append(f"carve-out {row.code} printed as {row.units:,}, plan says "
                            f"{by_code.get(row.code, 0):,}")
    return warnings



def district_table(plan: PlanFigures, source: str, rows: Sequence[TableRow]) -> list[TableRow]:
    """A stored district table's rows, with the plan's carve-outs when it was apportioned (a
    published table prints its carve-outs itself)."""
    found = list(rows)
    if source != "published":
        found += [TableRow(c.code, c.name, c.kind, c.units) for c in plan.carve_outs]
    return found
