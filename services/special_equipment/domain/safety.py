"""Deaths per 10,000 registered units against the assigned ceiling (other_systems.md §2).

The official figure and the one computed from the recorded units and deaths are kept side by
side, each with its numerator, denominator, period and source; both are compared with the
ceiling, and the one the target-setter uses (the official one by default) decides.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from .numbers import half_up
from .rules import Ceiling, SafetyRules, exact


@dataclass(frozen=True, slots=True)
class Figures:
    """A year's recorded figures."""

    year: int
    registered_units: int
    accidents: int
    deaths: int
    injuries: int
    period: str
    source: str
    official_rate: str
    official_source: str
    official_denominator: int
    official_period: str


@dataclass(frozen=True, slots=True)
class Figure:
    value: Fraction
    numerator: int
    denominator: int
    period: str
    source: str


@dataclass(frozen=True, slots=True)
class RateAssessment:
    official: Figure
    computed: Figure
    rate_text: tuple[str, str]
    display_text: tuple[str, str]
    difference: str
    ceiling: Ceiling | None
    within: tuple[bool, bool]
    met: bool
    implied_units: int


def figure_problems(f: Figures) -> list[tuple[str, str]]:
    problems = []
    if f.registered_units <= 0:
        problems.append(("figures.registered_units", "must be positive"))
    for name in ("accidents", "deaths", "injuries"):
        if getattr(f, name) < 0:
            problems.append((f"figures.{name}", "must not be negative"))
    try:
        if exact(f.official_rate) < 0:
            problems.append(("figures.official_rate", "must not be negative"))
    except (ValueError, ZeroDivisionError):
        problems.append(("figures.official_rate", "a decimal number such as 0.40"))
    if not f.source.strip():
        problems.append(("figures.source", "is required"))
    if f.official_denominator < 0:
        problems.append(("figures.official_denominator", "must not be negative"))
    return problems


def assess(rules: SafetyRules, f: Figures) -> RateAssessment:
    """Computed = deaths × 10,000 / units, exact; compared with the year's ceiling inclusively
    ("以下" and "范围内" both include the ceiling: other_systems.md §2), the official figure
    deciding unless the rules say ``assessed_on: computed``."""
    per = rules.per_units
    computed = Fraction(f.deaths * per, f.registered_units)
    official = exact(f.official_rate)
    ceiling = rules.ceilings.get(f.year)
    limit = exact(ceiling.ceiling) if ceiling else None
    within = (limit is not None and official <= limit, limit is not None and computed <= limit)
    implied = (f.deaths * per) / official if official else Fraction(0)
    return RateAssessment(
        official=Figure(official, f.deaths, f.official_denominator,
                        f.official_period or f.period, f.official_source or f.source),
        computed=Figure(computed, f.deaths, f.registered_units, f.period, f.source),
        rate_text=(half_up(official, rules.decimals), half_up(computed, rules.decimals)),
        display_text=(half_up(official, rules.display_decimals),
                      half_up(computed, rules.display_decimals)),
        difference=half_up(official - computed, rules.decimals),
        ceiling=ceiling, within=within,
        met=within[0] if rules.assessed_on == "official" else within[1],
        implied_units=int(half_up(implied, 0)))
