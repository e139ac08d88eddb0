"""The service's versioned rule and policy data (``data/*.json``): each file holds versions with
an effective date; a version is never edited in place, a new one is added and made current."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from importlib import resources
from typing import Any

from cityscore.core.effective import in_force_on
from cityscore.core.errors import FailedPrecondition, PreconditionViolation
from cityscore.core.kernel.types import CompliancePolicy

DATA_PACKAGE = "cityscore.services.special_equipment.data"


class UnknownVersion(FailedPrecondition):
    """A version name no data file holds (a stored result names one that was removed): the
    result cannot be read under its own rules (FAILED_PRECONDITION, not INTERNAL)."""

    def __init__(self, name: str, version: str) -> None:
        super().__init__(f"{name}: no version {version!r} in the rule data", [
            PreconditionViolation("RULE_VERSION", f"{name}/{version}",
                                  "the stored result names a rule version no longer held")])


@cache
def _document(name: str) -> Mapping[str, Any]:
    text = resources.files(DATA_PACKAGE).joinpath(f"{name}.json").read_text("utf-8")
    loaded: Mapping[str, Any] = json.loads(text)
    return loaded


def _version(name: str, version: str | None) -> tuple[str, Mapping[str, Any]]:
    document = _document(name)
    chosen = version or str(document["current"])
    try:
        return chosen, document["versions"][chosen]
    except KeyError:
        raise UnknownVersion(name, chosen) from None


@cache
def _schedule(name: str) -> tuple[tuple[dt.date, str], ...]:
    """The versions of data file ``name`` by the day each takes effect, earliest first (those
    of one day in the file's order)."""
    return tuple(sorted(((dt.date.fromisoformat(str(raw["effective_from"])), str(version))
                         for version, raw in _document(name)["versions"].items()),
                        key=lambda entry: entry[0]))


def version_on(name: str, day: dt.date) -> str:
    """The version of data file ``name`` in force on ``day``: the latest effective by then
    (the earliest version when ``day`` precedes them all)."""
    schedule = _schedule(name)
    found = in_force_on(schedule, day)
    return schedule[0][1] if found is None else found


def version_covering(name: str, day: dt.date) -> str | None:
    """The version of data file ``name`` in force on ``day``; None before the first takes
    effect."""
    return in_force_on(_schedule(name), day)


def exact(text: str) -> Fraction:
    """A decimal written in the rule data or a source ("0.42"), as an exact fraction."""
    return Fraction(text)


@dataclass(frozen=True, slots=True)
class Target:
    code: str
    population: str
    measure: str
    target_percent: str | None
    description: str


@dataclass(frozen=True, slots=True)
class TargetRules:
    """One version of the plan's 2020 targets (``data/targets.json``)."""

    version: str
    deadline_year: int
    #: The day of its year (month, day) a year's report reads the register as it stood.
    register_day: tuple[int, int]
    groups: Mapping[str, frozenset[str]]
    assessment_age_years: int
    targets: tuple[Target, ...]


@cache
def target_rules(version: str | None = None) -> TargetRules:
    name, raw = _version("targets", version)
    return TargetRules(
        version=name, deadline_year=int(raw["deadline_year"]),
        register_day=(int(raw["register_day"][:2]), int(raw["register_day"][3:])),
        groups={key: frozenset(raw[key]) for key in ("public_places", "key_locations",
                                                      "residential")},
        assessment_age_years=int(raw["assessment_age_years"]),
        targets=tuple(Target(t["code"], t["population"], t["measure"], t.get("target_percent"),
                             t["description"]) for t in raw["targets"]))


@dataclass(frozen=True, slots=True)
class InspectionPolicy:
    """One version of the periodic-inspection policy (``data/policy.json``)."""

    version: str
    inspection_interval_years: int
    warning_days: int
    #: An elevator whose last periodic inspection failed may not be used until it passes one.
    failed_inspection_stops_use: bool

    @property
    def kernel_policy(self) -> CompliancePolicy:
        return CompliancePolicy(self.inspection_interval_years, self.warning_days)


@cache
def inspection_policy(version: str | None = None) -> InspectionPolicy:
    name, raw = _version("policy", version)
    return InspectionPolicy(name, int(raw["inspection_interval_years"]),
                            int(raw["warning_days"]), bool(raw["failed_inspection_stops_use"]))


@dataclass(frozen=True, slots=True)
class Ceiling:
    ceiling: str
    source: str


@dataclass(frozen=True, slots=True)
class SafetyRules:
    """One version of the death-rate rules (``data/safety.json``)."""

    version: str
    per_units: int
    decimals: int
    display_decimals: int
    assessed_on: str
    ceilings: Mapping[int, Ceiling]


@cache
def safety_rules(version: str | None = None) -> SafetyRules:
    name, raw = _version("safety", version)
    return SafetyRules(
        version=name, per_units=int(raw["per_units"]), decimals=int(raw["decimals"]),
        display_decimals=int(raw["display_decimals"]), assessed_on=str(raw["assessed_on"]),
        ceilings={int(year): Ceiling(str(c["ceiling"]), str(c["source"]))
                  for year, c in raw["ceilings"].items()})


@dataclass(frozen=True, slots=True)
class Indicator:
    code: str
    weight_points: int
    higher_is_better: bool
    description: str


@dataclass(frozen=True, slots=True)
class RankingRules:
    """One version of the maintenance companies' quality and credit indicators."""

    version: str
    indicators: tuple[Indicator, ...]


@cache
def ranking_rules(version: str | None = None) -> RankingRules:
    name, raw = _version("ranking", version)
    return RankingRules(name, tuple(
        Indicator(i["code"], int(i["weight_points"]), i["better"] == "higher",
                  i["description"]) for i in raw["indicators"]))


@dataclass(frozen=True, slots=True)
class AnnexTaskText:
    """One row of the annex as printed, and where its wording differs from the plan's body."""

    number: int
    task: str
    timeline: str
    deadline_year: int
    lead_units: tuple[str, ...]
    co_lead_units: tuple[str, ...]
    delivering_units: tuple[str, ...]
    variants: tuple[str, ...]


@cache
def annex(version: str | None = None) -> tuple[str, tuple[AnnexTaskText, ...]]:
    name, raw = _version("annex", version)
    return name, tuple(AnnexTaskText(
        int(t["number"]), t["task"], t["timeline"], int(t["deadline_year"]),
        tuple(t["lead_units"]), tuple(t["co_lead_units"]), tuple(t["delivering_units"]),
        tuple(t["variants"])) for t in raw["tasks"])
