"""The versioned rules of the service, loaded from ``data/``: parameter-set choice, physical
ranges, distress weights, grade bands and target thresholds.

``data/rural_road_grade_bands.csv`` is the one copy of the pavement grade bands: scoring,
aggregation and the kernel's tests all read it as ``load_rules().bands``.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import hashlib
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from cityscore.core.effective import in_force_on
from cityscore.core.kernel.parameters import pavement_parameters
from cityscore.core.kernel.types import ConditionWeights, GradeBands


@dataclass(frozen=True, slots=True)
class DistressRow:
    """One row of ``pavement_distress_weights.csv`` (JTG 5210-2018 §5 tables; gravel H20-2007)."""

    surface: str
    code: str
    severity: str
    weight: float
    unit: str
    conversion_width_m: float | None

    @property
    def factor(self) -> float:
        """m² per recorded amount: 1 for areas, the conversion width for linear distresses."""
        return 1.0 if self.unit == "m2" else float(self.conversion_width_m or math.nan)


@dataclass(frozen=True, slots=True)
class DistrictShare:
    """A district's share of the city commitments T10/T11, as issued by the city."""

    upgrade_km: float
    hazard_sites: int


@dataclass(frozen=True, slots=True)
class TargetPolicy:
    """Thresholds of targets T1-T17 (rural_roads.md §2.1, §2.2, §2.4), one version of
    ``data/target_policies.json``."""

    version: str
    two_lane_coverage: float
    excellent_good_fair_share: float
    greening_rate: float
    safety_works_remediation: float
    bus_service: float
    upgrade_km_cumulative: float
    hazard_sites_cumulative: int
    cumulative_from_year: int
    cumulative_deadline_year: int
    major_medium_maintenance_share: float
    first_handover_pass_rate: float
    specialist_km_minimum: int
    specialist_km_comfortable: int
    inspection_coverage: float
    plan_approval_deadline: dt.date
    upgrade_project_kinds: tuple[str, ...] = ("upgrade",)
    first_handover_project_kinds: tuple[str, ...] = ("new_build",)
    district_shares: Mapping[str, DistrictShare] = field(default_factory=dict)
    inspection_coverage_tolerance: float = 0.0
    # The register a year's report reads: the day of year (month, day) of the mileage base of
    # T12 and of everything else (villages, roads, bridges, sites, projects).
    maintenance_base_day: tuple[int, int] = (1, 1)
    register_day: tuple[int, int] = (12, 31)
    digest: str = ""

    def maintenance_base(self, year: int) -> dt.date:
        """The day whose register mileage is T12's base (rural_roads.md §2.4: 1 January)."""
        return dt.date(year, *self.maintenance_base_day)

    def register_date(self, year: int) -> dt.date:
        """The day whose register a report of ``year`` reads (the year as it ended)."""
        return dt.date(year, *self.register_day)


@dataclass(frozen=True)
class Rules:
    """One version of the service's rules, loaded from ``data/``."""

    version: str
    family_by_grade: Mapping[str, str]
    suffix_by_surface: Mapping[str, str]
    gravel_family: str
    max_unit_length_m: float
    chainage_tolerance_m: float
    iri_range: tuple[float, float]
    rut_range: tuple[float, float]
    max_units_per_chunk: int
    distress: tuple[DistressRow, ...]
    bands: GradeBands
    digest: str
    missing_distress_not_measured: bool = False
    # MQI weights and the dangerous structure class (rural_roads.md §4.1); None before 2026.2.
    condition: ConditionWeights | None = None

    def parameter_set_id(self, technical_grade: str, surface: str) -> str:
        """The parameter set of a road (rural_roads.md §3 decision: keyed by grade and surface;
        grade 2 and above JTG 5210-2018, grade 3-4 and village roads the rural default, unpaved
        roads the gravel set)."""
        suffix = self.suffix_by_surface[surface]
        family = self.gravel_family if suffix == "gravel" else self.family_by_grade[technical_grade]
        return f"{family}/{suffix}"

    @property
    def good_threshold(self) -> float:
        """Lowest index counted as excellent/good/fair (rural_roads.md §6.3: 70)."""
        return min(lo for lo, good in zip(self.bands.lower_bounds, self.bands.counts_as_good,
                                          strict=True) if good)

    def distress_lookup(self) -> dict[tuple[str, str, str], int]:
        return {(r.surface, r.code, r.severity): i for i, r in enumerate(self.distress)}


def _data(name: str) -> str:
    return resources.files("cityscore.services.rural_roads.data").joinpath(name).read_text("utf-8")


def _bands(text: str) -> GradeBands:
    """The bands of ``rural_road_grade_bands.csv``, best first."""
    rows = sorted(csv.DictReader(text.splitlines()), key=lambda r: int(r["order"]))
    return GradeBands(codes=tuple(r["grade_code"] for r in rows),
                      lower_bounds=tuple(float(r["lower_inclusive"]) for r in rows),
                      counts_as_good=tuple(r["counts_as_excellent_good_fair"] == "yes"
                                           for r in rows))


@dataclass(frozen=True)
class RuleVersions:
    """Which rules file is which version (``data/rule_versions.json``)."""

    current: str
    unpinned: str
    files: Mapping[str, str]


@cache
def rule_versions() -> RuleVersions:
    doc = json.loads(_data("rule_versions.json"))
    return RuleVersions(doc["current"], doc["unpinned"], dict(doc["files"]))


def rules_for(version: str) -> Rules:
    """The rules a survey is scored and replayed with: its own version, or the version in
    force before surveys recorded one (``""``)."""
    return load_rules(version or rule_versions().unpinned)


def _condition(section: Mapping[str, Any] | None) -> ConditionWeights | None:
    """The MQI weights of a rules file (§4.1), if it has them."""
    if section is None:
        return None
    w = section["weights"]
    return ConditionWeights(sci=float(w["sci"]), pqi=float(w["pqi"]), bci=float(w["bci"]),
                            tci=float(w["tci"]),
                            dangerous_class=int(section["dangerous_structure_class"]))


@cache
def load_rules(version: str = "") -> Rules:
    """The shipped rules of ``version`` (the current one by default); their digest covers the
    version's file, the CSVs and every kernel parameter set used, as it always has."""
    raw = _data(rule_versions().files[version or rule_versions().current])
    doc = json.loads(raw)
    weights_text, bands_text = _data(doc["distress_weights"]), _data(doc["grade_bands"])
    distress = tuple(
        DistressRow(r["surface"], r["distress_code"], r["severity"], float(r["weight"]), r["unit"],
                    float(r["conversion_width_m"]) if r["conversion_width_m"] else None)
        for r in csv.DictReader(weights_text.splitlines()))
    bands = _bands(bands_text)
    ps, units = doc["parameter_sets"], doc["units"]
    digest = hashlib.sha256()
    for part in (raw, weights_text, bands_text):
        digest.update(part.encode("utf-8"))
    rules = Rules(
        version=doc["version"], family_by_grade=ps["family_by_grade"],
        suffix_by_surface=ps["suffix_by_surface"], gravel_family=ps["gravel_family"],
        max_unit_length_m=float(units["max_length_m"]),
        chainage_tolerance_m=float(units["chainage_tolerance_m"]),
        iri_range=(float(units["iri_range_m_per_km"][0]), float(units["iri_range_m_per_km"][1])),
        rut_range=(float(units["rut_depth_range_mm"][0]), float(units["rut_depth_range_mm"][1])),
        max_units_per_chunk=int(units["max_units_per_chunk"]), distress=distress, bands=bands,
        digest="",
        missing_distress_not_measured=doc.get("scoring", {}).get("missing_distress")
        == "not_measured", condition=_condition(doc.get("condition")))
    for set_id in sorted(all_parameter_sets(rules)):
        digest.update(set_id.encode())
        digest.update(pavement_parameters(set_id).coefficients().tobytes())
    return Rules(**{**rules.__dict__, "digest": digest.hexdigest()})


@dataclass(frozen=True, slots=True)
class PolicyFile:
    """One version of ``data/target_policies.json``: its file and the sha256 the file had
    when the version was issued (a file edited in place is refused, not read)."""

    file: str
    sha256: str


@dataclass(frozen=True, slots=True)
class PolicyIndex:
    """The target policies (``data/target_policies.json``): each version's immutable file,
    and which version judges the years from each first year on, earliest first."""

    versions: Mapping[str, PolicyFile]
    years: tuple[tuple[int, str], ...]


def policy_index(text: str) -> PolicyIndex:
    """The target policy index: its versions and its year table."""
    doc = json.loads(text)
    versions = {v: PolicyFile(e["file"], e["sha256"]) for v, e in doc["versions"].items()}
    # By year only: of two versions listed from one year, the one listed later rules.
    years = tuple(sorted(((int(e["from_year"]), e["version"]) for e in doc["years"]),
                         key=lambda entry: entry[0]))
    unknown = sorted({v for _, v in years} - set(versions))
    if unknown:
        raise ValueError(f"target policy years name unknown versions {unknown}")
    return PolicyIndex(versions, years)


def version_for_year(index: PolicyIndex, year: int) -> str | None:
    """The version in force for ``year``: the latest taking effect by then. A version judges
    the years from its first year on, so it takes effect on that year's 1 January, and the
    version in force on 1 January of ``year`` judges all of it."""
    return in_force_on([(dt.date(from_year, 1, 1), version) for from_year, version in index.years],
                       dt.date(year, 1, 1))


def target_policy(text: str) -> TargetPolicy:
    """A target policy file's thresholds, scope, district shares and tolerances."""
    doc = json.loads(text)
    numbers = {k: v for k, v in doc["targets"].items() if k != "comment"}
    numbers["plan_approval_deadline"] = dt.date.fromisoformat(numbers["plan_approval_deadline"])
    scope, shares = doc["scope"], doc["city_totals"]["district_shares"]
    days = doc.get("register_days")

    def month_day(text: str) -> tuple[int, int]:
        month, day = text.split("-")
        return int(month), int(day)

    policy = TargetPolicy(
        version=doc["version"], **numbers,
        upgrade_project_kinds=tuple(scope["upgrade_project_kinds"]),
        first_handover_project_kinds=tuple(scope["first_handover_project_kinds"]),
        district_shares={d: DistrictShare(float(v["upgrade_km"]), int(v["hazard_sites"]))
                         for d, v in shares.items()},
        inspection_coverage_tolerance=float(doc["tolerances"]["inspection_coverage"]),
        digest=hashlib.sha256(text.encode("utf-8")).hexdigest())
    if days is None:
        # Policy 2026.1 predates register days in the file: it reads the register on the
        # days the dated register was introduced with (TargetPolicy's defaults).
        return policy
    return dataclasses.replace(policy, maintenance_base_day=month_day(days["maintenance_base"]),
                               register_day=month_day(days["register"]))


def _policies() -> PolicyIndex:
    return policy_index(_data("target_policies.json"))


@cache
def _issued_policy(file: str, sha256: str) -> TargetPolicy:
    text = _data(file)
    if hashlib.sha256(text.encode("utf-8")).hexdigest() != sha256:
        raise ValueError(f"target policy file {file} was edited after its version was issued")
    return target_policy(text)


def policy_version(version: str) -> TargetPolicy | None:
    """Target policy ``version`` as issued (the one a stored report was judged by), or None
    when no such version is listed."""
    entry = _policies().versions.get(version)
    if entry is None:
        return None
    policy = _issued_policy(entry.file, entry.sha256)
    if policy.version != version:
        raise ValueError(f"target policy file {entry.file} holds {policy.version}, not {version}")
    return policy


def policy_for_year(year: int) -> TargetPolicy | None:
    """The target policy that judges ``year`` (``data/target_policies.json``): a new policy
    is a new file listed with the years it judges, never a code change nor an edit of an
    issued file. Targets are computed from the register and stored when a year closes, so
    the policy is outside the scoring digest; the ``targets`` section left in ``rules.json``
    (policy 2018.1) keeps stored surveys' digests. None before the first policy's year."""
    version = version_for_year(_policies(), year)
    return None if version is None else policy_version(version)


def all_parameter_sets(rules: Rules) -> set[str]:
    return {rules.parameter_set_id(g, s) for g in rules.family_by_grade
            for s in rules.suffix_by_surface}

