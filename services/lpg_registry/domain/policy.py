"""The registry's vocabulary and its versioned rule numbers (``data/policy.json``)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from cityscore.core.effective import in_force_on
from cityscore.core.kernel.types import CompliancePolicy

STANDARD_2006 = "GB5842_2006"
STANDARD_2023 = "GB5842_2023"
STANDARD_LEGACY = "LEGACY"
PHASES = ("GAS", "LIQUID", "TWO_PHASE_LEGACY")
IN_SERVICE, SCRAPPED, LOST = "IN_SERVICE", "SCRAPPED", "LOST"
AT_STATION, ON_VEHICLE, AT_USER = "STATION", "VEHICLE", "USER"
RESIDENTIAL, CATERING, COMMERCIAL = "RESIDENTIAL", "CATERING", "COMMERCIAL"
RESELLER = "RESELLER"
REVIEWED = "REVIEWED"
STOP_SUPPLY, DO_NOT_CONNECT, WARN = "STOP_SUPPLY", "DO_NOT_CONNECT", "WARN"
HASH_KEY_VERSION = "k1"


@dataclass(frozen=True, slots=True)
class StandardLife:
    """Design life and extended life of one cylinder standard, and the manufacture dates it
    applies to (domain page §4): ``made_from`` ≤ manufacture < ``made_before``.

    ``governs_by_date``: every cylinder made in the range follows this regime whatever
    standard is stated (the old regime of cylinders made before 2007-02-01).
    """

    design_life_years: int | None
    extended_life_years: int
    made_from: dt.date | None = None
    made_before: dt.date | None = None
    governs_by_date: bool = False

    def covers(self, made: dt.date) -> bool:
        """Whether a cylinder made on ``made`` falls in this standard's manufacture dates."""
        return ((self.made_from is None or self.made_from <= made)
                and (self.made_before is None or made < self.made_before))


def _date_or_none(raw: Mapping[str, object], key: str) -> dt.date | None:
    value = raw.get(key)
    return dt.date.fromisoformat(str(value)) if value else None


@dataclass(frozen=True, slots=True)
class Policy:
    """One version of the registry's rule numbers, from ``data/policy.json``."""

    version: str
    #: The date from which this version is the one applied (None: since the first version).
    effective_from: dt.date | None
    inspection_interval_years: int
    warning_days: int
    standards: Mapping[str, StandardLife]
    max_fill_g: Mapping[str, int]
    underfill_tolerance_g: int
    reweigh_tolerance_g: int
    registration_deadline: dt.date
    #: Default rectification deadline of a hazard, in days after the inspection (§8.1, warn).
    hazard_rectify_days: int
    #: A fill or delivery may be uploaded at most this many days after it happened, and its
    #: stated time may be at most ``clock_skew_seconds`` ahead of the server's clock (a
    #: device's clock drifts). 0 in versions older than ``lpg-2026.2``, which had neither.
    upload_window_days: int = 0
    clock_skew_seconds: int = 0
    #: The version of the safety-condition catalogue findings are checked against.
    safety_catalogue: str = ""

    def standard_for(self, made: dt.date) -> str | None:
        """The standard in force on manufacture date ``made`` (domain page §4), if dated."""
        for name, rule in self.standards.items():
            if (rule.made_from or rule.made_before) and rule.covers(made):
                return name
        return None

    def governing_standard(self, standard: str, made: dt.date) -> str:
        """The standard whose lives apply: a regime that governs by date (legacy cylinders
        made before 2007-02-01, §4) whatever was stated, else the stated standard."""
        for name, rule in self.standards.items():
            if rule.governs_by_date and rule.covers(made):
                return name
        return standard

    @property
    def kernel_policy(self) -> CompliancePolicy:
        return CompliancePolicy(self.inspection_interval_years, self.warning_days)


def _document(name: str) -> dict[str, Any]:
    text = resources.files("cityscore.services.lpg_registry.data").joinpath(name).read_text(
        "utf-8")
    document: dict[str, Any] = json.loads(text)
    return document


@dataclass(frozen=True, slots=True)
class PolicySchedule:
    """Which policy version applies on which day: each entry from its ``effective_from`` until
    the next.

    The versions themselves are never edited: a stored result names its version and replays
    with it (``load_policy``); the schedule says which one rules a new fill, delivery,
    inspection, registration or sweep, by the day it is for.
    """

    entries: tuple[tuple[dt.date, str], ...]

    def version_for(self, day: dt.date) -> str:
        """The version in force on ``day``; before the first entry, the first (the registry
        starts with the notice of 2018-09-18 and judges older facts by its first rules)."""
        found = in_force_on(self.entries, day)
        return self.entries[0][1] if found is None else found

    def for_day(self, day: dt.date) -> Policy:
        return load_policy(self.version_for(day))


@cache
def load_schedule() -> PolicySchedule:
    """The versions ``data/policy.json`` puts in force, each from its ``effective_from``; a
    version in force must have that day and name the numbers new records need (upload window,
    clock skew, catalogue), checked here when the service loads it."""
    entries = []
    for version in _document("policy.json")["in_force"]:
        policy = load_policy(version)
        if policy.effective_from is None or not (policy.upload_window_days
                                                 and policy.safety_catalogue):
            raise ValueError(f"policy {version} is in force without an effective_from day, "
                             "an upload window or a safety catalogue")
        entries.append((policy.effective_from, version))
    # By day only: of two versions in force from one day, the one listed later rules.
    return PolicySchedule(tuple(sorted(entries, key=lambda entry: entry[0])))


@cache
def load_policy(version: str | None = None) -> Policy:
    """The policy ``version`` (default: the latest scheduled one); versions are never edited
    in place."""
    name = version or load_schedule().entries[-1][1]
    raw = _document("policy.json")["versions"][name]
    return Policy(
        version=name,
        effective_from=_date_or_none(raw, "effective_from"),
        inspection_interval_years=int(raw["inspection_interval_years"]),
        warning_days=int(raw["warning_days"]),
        standards={k: StandardLife(v["design_life_years"], int(v["extended_life_years"]),
                                   _date_or_none(v, "made_from"), _date_or_none(v, "made_before"),
                                   bool(v.get("governs_by_date", False)))
                   for k, v in raw["standards"].items()},
        max_fill_g={k: int(v) for k, v in raw["models_max_fill_g"].items()},
        underfill_tolerance_g=int(raw["underfill_tolerance_g"]),
        reweigh_tolerance_g=int(raw["reweigh_tolerance_g"]),
        registration_deadline=dt.date.fromisoformat(raw["registration_deadline"]),
        hazard_rectify_days=int(raw["hazard_rectify_days"]),
        upload_window_days=int(raw.get("upload_window_days", 0)),
        clock_skew_seconds=int(raw.get("clock_skew_seconds", 0)),
        safety_catalogue=str(raw.get("safety_catalogue", "")),
    )
