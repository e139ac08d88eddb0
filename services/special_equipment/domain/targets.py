"""The plan's 2020 targets as rates against targets, per district and for the city
(沪府办规〔2018〕22号 一(二) targets 2-4; other_systems.md §1).

A report counts, for every target, the elevators of its population (numerator: those that
have what the target measures) in the register as it stood on the report's reference date.
The counts are stored with the report and its input digest; a replay reads the register as
it stood that day again and compares the digest, the counts and the rates.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from .elevators import HAZARDOUS
from .numbers import half_up
from .rules import Target, TargetRules, exact, target_rules

Counts = dict[str, dict[str, list[int]]]
"""district → target code → [numerator, denominator]."""


@dataclass(frozen=True, slots=True)
class TargetFacts:
    """What the targets read of one elevator."""

    registration_code: str
    district: str
    location_category: str
    in_use_date: dt.date
    remote_monitoring: bool
    liability_insurance: bool
    geolocation: bool
    assessed_on: dt.date | None
    assessment_result: str
    renovated_on: dt.date | None


def reference_date(rules: TargetRules, year: int, today: dt.date) -> dt.date:
    """The day a year's report reads the register as it stood: the rules' register day of
    the year (31 December), or today within the year."""
    month, day = rules.register_day
    return min(dt.date(year, month, day), today)


def years_after(day: dt.date, years: int) -> dt.date:
    """Same month and day ``years`` later; 29 February becomes 28 February off leap years."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _on_or_before(day: dt.date | None, reference: dt.date) -> bool:
    return day is not None and day <= reference


def _in_population(rules: TargetRules, population: str, e: TargetFacts,
                   reference: dt.date) -> bool:
    if population in ("key_locations", "public_places"):
        return e.location_category in rules.groups[population]
    residential = e.location_category in rules.groups["residential"]
    if population == "residential_aged":
        return residential and years_after(e.in_use_date,
                                           rules.assessment_age_years) <= reference
    if population == "residential_hazardous":
        return residential and _on_or_before(e.assessed_on, reference) \
            and e.assessment_result == HAZARDOUS
    raise ValueError(f"unknown population {population!r} in the target rules")


def _measured(measure: str, e: TargetFacts, reference: dt.date) -> bool:
    if measure == "assessed":
        return _on_or_before(e.assessed_on, reference)
    if measure == "renovated":
        return _on_or_before(e.renovated_on, reference)
    value: bool = getattr(e, measure)
    return value


def count(rules: TargetRules, reference: dt.date, elevators: Iterable[TargetFacts]) -> Counts:
    """Numerator and denominator of every target per district, over the elevators in use on
    ``reference``."""
    counts: Counts = {}
    for e in elevators:
        if e.in_use_date > reference:
            continue
        row = counts.setdefault(e.district, {t.code: [0, 0] for t in rules.targets})
        for target in rules.targets:
            if _in_population(rules, target.population, e, reference):
                pair = row[target.code]
                pair[1] += 1
                pair[0] += _measured(target.measure, e, reference)
    return dict(sorted(counts.items()))


def facts_digest(elevators: Sequence[TargetFacts]) -> str:
    """A digest of the elevators read (in registration-code order)."""
    digest = hashlib.sha256()
    for e in elevators:
        digest.update(json.dumps([e.registration_code, e.district, e.location_category,
                                  e.in_use_date.isoformat(), e.remote_monitoring,
                                  e.liability_insurance, e.geolocation,
                                  e.assessed_on and e.assessed_on.isoformat(),
                                  e.assessment_result,
                                  e.renovated_on and e.renovated_on.isoformat()]).encode())
    return digest.hexdigest()


@dataclass(frozen=True, slots=True)
class Rate:
    target: Target
    numerator: int
    denominator: int

    @property
    def rate_percent(self) -> str:
        """Exact percent rounded half-up to 2 decimals; empty with no units to count."""
        if not self.denominator:
            return ""
        return half_up(Fraction(self.numerator * 100, self.denominator), 2)

    @property
    def met(self) -> bool | None:
        """Whether the exact rate reaches the target (None: no units, or no numeric target)."""
        if not self.denominator or self.target.target_percent is None:
            return None
        return Fraction(self.numerator * 100, self.denominator) >= exact(
            self.target.target_percent)


def rates(rules: TargetRules, pairs: Mapping[str, Sequence[int]]) -> list[Rate]:
    return [Rate(t, int(pairs.get(t.code, (0, 0))[0]), int(pairs.get(t.code, (0, 0))[1]))
            for t in rules.targets]


def total(rules: TargetRules, counts: Counts) -> dict[str, list[int]]:
    """The city's counts: the districts' summed (never an average of their rates)."""
    summed = {t.code: [0, 0] for t in rules.targets}
    for row in counts.values():
        for code, (numerator, denominator) in row.items():
            summed[code][0] += numerator
            summed[code][1] += denominator
    return summed


@dataclass(frozen=True)
class Outcome:
    """A report's rates: its scope's, and each district's for a city report."""

    rates: list[Rate]
    by_district: dict[str, list[Rate]]
    result_digest: str


def evaluate(rule_version: str, district: str, counts: Counts) -> Outcome:
    """The rates of a district (``district``) or the city ("") from the stored counts."""
    rules = target_rules(rule_version)
    own = counts.get(district, {}) if district else total(rules, counts)
    by_district = {} if district else {d: rates(rules, row) for d, row in counts.items()}
    scope_rates = rates(rules, own)
    digest = hashlib.sha256(json.dumps(
        [[r.target.code, r.numerator, r.denominator, r.rate_percent, r.met]
         for r in scope_rates]
        + [[d, [[r.target.code, r.numerator, r.denominator, r.rate_percent, r.met]
                 for r in row]] for d, row in by_district.items()]).encode()).hexdigest()
    return Outcome(scope_rates, by_district, digest)
