"""The registry's vocabulary and its versioned rule numbers (``data/policy.json``)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources

from cityscore.core.kernel.types import CompliancePolicy

STANDARD_2006 = "GB5842_2006"
STANDARD_2023 = "GB5842_2023"
PHASES = ("GAS", "LIQUID", "TWO_PHASE_LEGACY")
IN_SERVICE, SCRAPPED, LOST = "IN_SERVICE", "SCRAPPED", "LOST"
AT_STATION, ON_VEHICLE, AT_USER = "STATION", "VEHICLE", "USER"
RESIDENTIAL, CATERING, COMMERCIAL = "RESIDENTIAL", "CATERING", "COMMERCIAL"
REVIEWED = "REVIEWED"
STOP_SUPPLY, DO_NOT_CONNECT, WARN = "STOP_SUPPLY", "DO_NOT_CONNECT", "WARN"
HASH_KEY_VERSION = "k1"


@dataclass(frozen=True, slots=True)
class StandardLife:
    """Design life and extended life of one cylinder standard (domain page §4)."""

    design_life_years: int | None
    extended_life_years: int


@dataclass(frozen=True, slots=True)
class Policy:
    """One version of the registry's rule numbers, from ``data/policy.json``."""

    version: str
    inspection_interval_years: int
    warning_days: int
    standards: Mapping[str, StandardLife]
    max_fill_g: Mapping[str, int]
    underfill_tolerance_g: int
    reweigh_tolerance_g: int
    registration_deadline: dt.date
    #: Default rectification deadline of a hazard, in days after the inspection (§8.1, warn).
    hazard_rectify_days: int

    @property
    def kernel_policy(self) -> CompliancePolicy:
        return CompliancePolicy(self.inspection_interval_years, self.warning_days)


@cache
def load_policy(version: str | None = None) -> Policy:
    """The policy ``version`` (default: the current one); versions are never edited in place."""
    text = resources.files("cityscore.services.lpg_registry.data").joinpath(
        "policy.json").read_text("utf-8")
    document = json.loads(text)
    name = version or document["current"]
    raw = document["versions"][name]
    return Policy(
        version=name,
        inspection_interval_years=int(raw["inspection_interval_years"]),
        warning_days=int(raw["warning_days"]),
        standards={k: StandardLife(v["design_life_years"], int(v["extended_life_years"]))
                   for k, v in raw["standards"].items()},
        max_fill_g={k: int(v) for k, v in raw["models_max_fill_g"].items()},
        underfill_tolerance_g=int(raw["underfill_tolerance_g"]),
        reweigh_tolerance_g=int(raw["reweigh_tolerance_g"]),
        registration_deadline=dt.date.fromisoformat(raw["registration_deadline"]),
        hazard_rectify_days=int(raw["hazard_rectify_days"]),
    )
