"""The rules of the yearly blood-donation targets (blood_quota.md), as pure functions.

Policy numbers (caps, volumes, the published 2017 plan and table) are versioned data in
``data/``; this module reads them and applies them. Quantities are integers: units of 200 ml for
quotas, millilitres for collections, per-mille rates for caps, so nothing rounds by accident.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from cityscore.core.errors import (
    FailedPrecondition,
    FieldViolation,
    InvalidArgument,
    NotFound,
    PreconditionViolation,
    ViolationCollector,
)
from cityscore.core.kernel import api as kernel
from cityscore.core.kernel.types import ApportionmentMethod, InfeasibleBoundsError

DISTRICT = "district"
CARVE_OUT_KINDS = ("university", "garrison", "increment")
UNIT_KINDS = ("work_unit", "town")
CHANNELS = ("group", "street", "drill", "university", "garrison")
#: Channels credited to a district's quota; the others go to their carve-out row.
DISTRICT_CHANNELS = ("group", "street", "drill")
CARVE_OUT_CHANNEL = {"university": "university", "garrison": "garrison"}


@dataclass(frozen=True, slots=True)
class RuleSet:
    """One version of the rule parameters (``data/rules.json``)."""

    version: str
    work_unit_cap_per_mille: int
    town_cap_per_mille: int
    unit_ml: int
    volumes_ml: tuple[int, ...]
    default_units_per_person: str
    max_units_per_person: Fraction


def _data(name: str) -> str:
    return resources.files("cityscore.services.blood_quota.data").joinpath(name).read_text("utf-8")


@cache
def _rules_document() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(_data("rules.json"))
    return document


def rule_version_for_year(year: int) -> str:
    """The rule version a new plan of ``year`` applies (the newest one when none is pinned)."""
    document = _rules_document()
    return str(document["years"].get(str(year), document["default_version"]))


@cache
def rules(version: str) -> RuleSet:
    """The rule set stored under ``version``; versions are never edited in place."""
    entry = _rules_document()["versions"].get(version)
    if entry is None:
        raise NotFound("rule version", version)
    return RuleSet(version=version, work_unit_cap_per_mille=int(entry["work_unit_cap_per_mille"]),
                   town_cap_per_mille=int(entry["town_cap_per_mille"]),
                   unit_ml=int(entry["unit_ml"]),
                   volumes_ml=tuple(int(v) for v in entry["volumes_ml"]),
                   default_units_per_person=str(entry["default_units_per_person"]),
                   max_units_per_person=Fraction(Decimal(entry["max_units_per_person"])))


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

    @property
    def district_pool_units(self) -> int:
        """city target − Σ carve-outs: what the districts share (§6, [derived])."""
        return self.city_target_units - sum(c.units for c in self.carve_outs)


def published_plan(year: int) -> PlanFigures:
    """The plan shipped for ``year`` (2017: 沪府办发〔2017〕29号 一, 二(二), annex)."""
    entry = json.loads(_data("plans.json")).get(str(year))
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
                         for c in entry["carve_outs"]))


def parse_units_per_person(text: str, rule_set: RuleSet, field_path: str) -> Fraction:
    """Units per mobilised person as an exact decimal in (0, max] (§7: 1.0 = all give 200 ml)."""
    try:
        value = Fraction(Decimal(text))
    except (InvalidOperation, ValueError):
        raise InvalidArgument("units per person must be a decimal number", [
            FieldViolation(field_path, f"{text!r} is not a decimal number")]) from None
    if not 0 < value <= rule_set.max_units_per_person:
        raise InvalidArgument("units per person is out of range", [FieldViolation(
            field_path, f"must be above 0 and at most {float(rule_set.max_units_per_person)}")])
    return value


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
        text = _data(f"allocation_{year}.csv")
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


def mobilisable_persons(employees: int, residents_without_work_unit: int,
                        rule_set: RuleSet) -> int:
    """employees × 65 // 1000 + residents × 25 // 1000 (§7; caps of 沪府办发〔2017〕29号 二(二) ¶1).

    Integer per-mille rates and floor division: never binary floating point.
    """
    return (employees * rule_set.work_unit_cap_per_mille // 1000
            + residents_without_work_unit * rule_set.town_cap_per_mille // 1000)


def unit_weight(kind: str, headcount: int, rule_set: RuleSet) -> int:
    """A unit's mobilisable persons (§9): work units 6.5 % of employees, towns 2.5 % of
    residents without a work unit (沪府办发〔2017〕29号 二(二) ¶1)."""
    rate = rule_set.work_unit_cap_per_mille if kind == "work_unit" else rule_set.town_cap_per_mille
    return headcount * rate // 1000


def cap_units(persons: int, units_per_person: Fraction) -> int:
    """Upper bound ⌊persons × units_per_person⌋, exact (§7)."""
    return persons * units_per_person.numerator // units_per_person.denominator


@dataclass(frozen=True, slots=True)
class Entity:
    """One row to apportion over: its code, bounds and weight."""

    code: str
    name: str
    kind: str
    weight: int
    lower: int
    upper: int


@dataclass(frozen=True, slots=True)
class Tie:
    codes: tuple[str, ...]
    winners: tuple[str, ...]
    contested: int


@dataclass(frozen=True, slots=True)
class Result:
    """Units per entity (input order) and the ties that decided units."""

    units: tuple[int, ...]
    ties: tuple[Tie, ...]


@dataclass(frozen=True, slots=True)
class AllocationInputs:
    """Everything an apportionment depends on; its digest is the provenance key (arch. §6)."""

    rule_version: str
    method: ApportionmentMethod
    pool_units: int
    entities: tuple[Entity, ...]
    district: str = ""

    def digest(self) -> str:
        """sha256 of the canonical JSON of the inputs (byte-stable across databases)."""
        payload = {"rule_version": self.rule_version, "method": self.method,
                   "pool_units": self.pool_units, "district": self.district,
                   "entities": [[e.code, e.kind, e.weight, e.lower, e.upper]
                                for e in self.entities]}
        return _sha256(payload)


def _sha256(payload: object) -> str:
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def table_digest(rule_version: str, rows: Iterable[TableRow]) -> str:
    """Digest of a published table's printed rows, so a later edit shows on replay."""
    return _sha256({"rule_version": rule_version, "published": [[r.code, r.kind, r.units]
                                                               for r in rows]})


def apportion(inputs: AllocationInputs) -> Result:
    """Apportion the pool over the entities with the kernel (§8): exact, ties by code (§8.4).

    Infeasible bounds (§7 "Feasibility") become FAILED_PRECONDITION naming the shortfall and
    each binding row.
    """
    entities = inputs.entities
    codes = [e.code for e in entities]
    try:
        result = kernel.apportion([e.weight for e in entities], inputs.pool_units,
                                  method=inputs.method, lower=[e.lower for e in entities],
                                  upper=[e.upper for e in entities], tie_keys=codes)
    except InfeasibleBoundsError as error:
        violations = [PreconditionViolation("INFEASIBLE_BOUNDS", "pool", str(error))]
        violations += [PreconditionViolation(
            "BINDING_ROW", codes[i],
            f"weight {entities[i].weight}, lower bound {entities[i].lower}, "
            f"upper bound {entities[i].upper}") for i in error.rows]
        raise FailedPrecondition(str(error), violations, reason="INFEASIBLE_BOUNDS",
                                 metadata={"shortfall": str(error.shortfall)}) from None
    ties = tuple(Tie(tuple(codes[i] for i in t.entities), tuple(codes[i] for i in t.winners),
                     t.contested) for t in result.ties)
    return Result(tuple(int(s) for s in result.seats), ties)


def district_entities(rows: Sequence[Mapping[str, Any]], *, explicit: bool, plan: PlanFigures,
                      units_per_person: Fraction, pool_units: int, rule_set: RuleSet,
                      names: Mapping[str, str]) -> tuple[Entity, ...]:
    """District entities for an apportionment (§7): weight = mobilisable persons or the given
    weight; lower = the plan's drill minimum; upper = ⌊mobilisable × u⌋ when cap bases are
    given, else the pool. Explicit bounds in a row override both."""
    entities = []
    for row in rows:
        persons = mobilisable_persons(row["employees"], row["residents"], rule_set)
        has_caps = row["employees"] > 0 or row["residents"] > 0
        upper = cap_units(persons, units_per_person) if has_caps else pool_units
        lower = plan.drill_min_per_district_units
        entities.append(Entity(
            code=row["district"], name=names.get(row["district"], row["district"]),
            kind=DISTRICT, weight=row["weight"] if explicit else persons,
            lower=lower if row["lower"] is None else row["lower"],
            upper=upper if row["upper"] is None else row["upper"]))
    return tuple(entities)


def unit_entities(units: Sequence[tuple[str, str, str, int]], units_per_person: Fraction,
                  rule_set: RuleSet) -> tuple[Entity, ...]:
    """Work units and towns of a district as entities (§9): lower 0, upper ⌊weight × u⌋."""
    out = []
    for code, name, kind, headcount in units:
        weight = unit_weight(kind, headcount, rule_set)
        out.append(Entity(code, name, kind, weight, 0, cap_units(weight, units_per_person)))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class CollectionRow:
    donation_date: dt.date | None
    district: str
    unit_code: str
    channel: str
    volume_ml: int
    donations: int


def calendar_date(year: int, month: int, day: int) -> dt.date | None:
    """The date, or None when it is not a calendar date (reported by validation)."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


@lru_cache(maxsize=4096)
def date_from_number(value: int) -> dt.date | None:
    """A yyyymmdd number as a date, or None when it is not a calendar date (a bulk upload has
    few distinct dates, hence the cache)."""
    return calendar_date(value // 10000, value // 100 % 100, value % 100)


def validate_collections(rows: Sequence[CollectionRow], *, today: dt.date,
                         rule_sets: Mapping[int, RuleSet], is_district: Any,
                         units: Mapping[tuple[int, str], set[str]], prefix: str = "rows",
                         indexed: bool = True) -> None:
    """Every bad row of a collection batch, in one INVALID_ARGUMENT (issue "Bad input").

    ``rule_sets`` holds the rules of each planned year: a row's year must have a plan, and its
    volume must be one of that year's volumes (200/300/400 ml, GB 18467-2011). Donations ≥ 1,
    dates not after today, districts known, unit codes registered for (year, district). Fields
    are named ``rows[i].field`` (or ``prefix.field`` for one row when ``indexed`` is False).
    """
    errors = ViolationCollector()
    fallback = next(iter(rule_sets.values()), None)
    for i, row in enumerate(rows):
        where = f"{prefix}[{i}]" if indexed else prefix
        year = row.donation_date.year if row.donation_date is not None else 0
        if row.donation_date is None:
            errors.add(f"{where}.donation_date", "is not a calendar date")
        elif row.donation_date > today:
            errors.add(f"{where}.donation_date", f"{row.donation_date} is after today")
        elif year not in rule_sets:
            errors.add(f"{where}.donation_date", f"no plan for {year}")
        if not is_district(row.district):
            errors.add(f"{where}.district", f"{row.district!r} is not a district code")
        elif row.unit_code and row.unit_code not in units.get((year, row.district), set()):
            errors.add(f"{where}.unit_code",
                       f"{row.unit_code!r} is not a registered unit of {row.district} in {year}")
        if row.channel not in CHANNELS:
            errors.add(f"{where}.channel", f"must be one of {', '.join(CHANNELS)}")
        rule_set = rule_sets.get(year, fallback)
        if rule_set is not None and row.volume_ml not in rule_set.volumes_ml:
            errors.add(f"{where}.volume_ml", f"{row.volume_ml} ml is not one of "
                                             f"{'/'.join(map(str, rule_set.volumes_ml))} ml")
        if row.donations < 1:
            errors.add(f"{where}.donations", "must be at least 1")
    errors.raise_if_any("collection rows are not valid")


@dataclass(frozen=True, slots=True)
class Aggregate:
    """Summed collections of one district, channel and volume up to the as-of date."""

    district: str
    channel: str
    volume_ml: int
    donations: int


@dataclass
class Progress:
    """Progress of one allocation row (§2: achievement compared in ml)."""

    code: str
    kind: str
    quota_units: int
    collected_ml: int = 0
    donations: int = 0
    donations_400ml: int = 0
    drill_ml: int = 0
    drill_min_units: int = 0
    by_channel: dict[str, tuple[int, int]] = field(default_factory=dict)

    def add(self, aggregate: Aggregate) -> None:
        ml = aggregate.volume_ml * aggregate.donations
        self.collected_ml += ml
        self.donations += aggregate.donations
        if aggregate.volume_ml == 400:
            self.donations_400ml += aggregate.donations
        if aggregate.channel == "drill":
            self.drill_ml += ml
        volume, count = self.by_channel.get(aggregate.channel, (0, 0))
        self.by_channel[aggregate.channel] = (volume + ml, count + aggregate.donations)

    def ratio(self, unit_ml: int) -> float:
        quota_ml = self.quota_units * unit_ml
        return self.collected_ml / quota_ml if quota_ml else 0.0

    def share_400ml(self) -> float:
        """Share of single 400 ml donations among whole-blood donations (seed 二(二) ¶3)."""
        return self.donations_400ml / self.donations if self.donations else 0.0

    def drill_met(self, unit_ml: int) -> bool:
        return self.drill_ml >= self.drill_min_units * unit_ml

    def projected_units(self, elapsed_days: int, year_days: int, unit_ml: int) -> float:
        """Year-end projection at the run rate so far: collected × days in year / days elapsed."""
        return self.collected_ml * year_days / elapsed_days / unit_ml if elapsed_days else 0.0


def channel_targets(plan: PlanFigures) -> dict[str, int]:
    """City targets per channel: group 265,800 and street 173,200 (seed 二(二) ¶1-2), the drill
    minimum 6,400 (¶4), and the university and garrison carve-outs (annex)."""
    targets = {"group": plan.group_target_units, "street": plan.street_target_units,
               "drill": plan.drill_min_city_units}
    for carve in plan.carve_outs:
        if carve.kind in CARVE_OUT_CHANNEL:
            targets[carve.kind] = targets.get(carve.kind, 0) + carve.units
    return targets


def progress_as_of(year: int, today: dt.date, requested: dt.date | None) -> dt.date:
    """Default as-of date: today within the year, the year's last day for a past year."""
    if requested is not None:
        return requested
    if today.year > year:
        return dt.date(year, 12, 31)
    return max(min(today, dt.date(year, 12, 31)), dt.date(year, 1, 1))


def elapsed_days(year: int, as_of: dt.date) -> tuple[int, int]:
    """(days elapsed including ``as_of``, days in the year), clamped to the year."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    year_days = (end - start).days + 1
    clamped = min(max(as_of, start - dt.timedelta(days=1)), end)
    return (clamped - start).days + 1, year_days


def progress(quotas: Sequence[tuple[str, str, int]], aggregates: Iterable[Aggregate],
             drill_min_per_district: int) -> tuple[list[Progress], Progress]:
    """Progress per allocation row and for the city: district rows take the group, street and
    drill channels of their district; carve-out rows the university and garrison channels
    (§4: universities and the garrison organise their own donors)."""
    rows = {code: Progress(code, kind, units,
                           drill_min_units=drill_min_per_district if kind == DISTRICT else 0)
            for code, kind, units in quotas}
    by_kind = {row.kind: row for row in rows.values() if row.kind in CARVE_OUT_KINDS}
    city = Progress("city", "city", sum(units for _, _, units in quotas),
                    drill_min_units=drill_min_per_district * sum(
                        1 for _, kind, _ in quotas if kind == DISTRICT))
    for aggregate in aggregates:
        city.add(aggregate)
        if aggregate.channel in DISTRICT_CHANNELS:
            target = rows.get(aggregate.district)
        else:
            target = by_kind.get(CARVE_OUT_CHANNEL[aggregate.channel])
        if target is not None:
            target.add(aggregate)
    return list(rows.values()), city
