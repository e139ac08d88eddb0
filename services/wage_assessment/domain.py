"""The rules of the annual A/B/C wage-payment assessment (wage_assessment.md; 沪府办发〔2018〕30号).

Pure functions over small dataclasses: scheme validation, item scoring through the kernel,
grading with its explanation, the stage machine and the rectification deadline. Points are
exact hundredths ("cents"); ratios are exact fractions. Policy numbers come from the shipped
``data/grade_rules.json``, keyed by version.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any

import numpy as np

from cityscore.core.errors import (
    FailedPrecondition,
    FieldViolation,
    NotFound,
    PreconditionViolation,
    ViolationCollector,
)
from cityscore.core.kernel import api
from cityscore.core.kernel.types import IndicatorRule, RuleType

BASE_CENTS = 100_00
"""The 100-point base score (Art. 8, 分级评分法, 基准分为100分)."""

RULE_TYPES = ("binary", "sum_of_subpoints", "deduct_per_occurrence", "ratio_threshold", "ladder")
STAGES = ("draft", "self_check", "on_site_verification", "comprehensive_review", "submitted",
          "approved", "published")
FLAGS = ("a_conditions_met", "work_ineffective", "serious_adverse_impact")
INCIDENT_KINDS = ("mass", "extreme", "information")
GRADES = ("A", "B", "C")

_KERNEL_RULE = {"binary": RuleType.ALL_OR_NOTHING, "sum_of_subpoints": RuleType.POINTS_AWARDED,
                "deduct_per_occurrence": RuleType.DEDUCT_PER_FINDING,
                "ratio_threshold": RuleType.RATE_THRESHOLD, "ladder": RuleType.LADDER}
_NEEDS_DENOMINATOR = frozenset({"ratio_threshold", "ladder"})


def parse_points(text: str) -> int:
    """A decimal point value ("1.5") as exact hundredths; ValueError when not one."""
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        raise ValueError(f"{text!r} is not a decimal number") from None
    cents = value * 100
    if not value.is_finite() or cents != cents.to_integral_value():
        raise ValueError(f"{text!r} needs at most two decimals")
    return int(cents)


def parse_ratio(text: str) -> Fraction:
    """A decimal ratio ("0.95") as an exact fraction in (0, 1]."""
    try:
        value = Fraction(Decimal(text.strip()))
    except (InvalidOperation, ValueError):
        raise ValueError(f"{text!r} is not a decimal ratio") from None
    if not 0 < value <= 1:
        raise ValueError(f"{text!r} must lie in (0, 1]")
    return value


def format_points(cents: int) -> str:
    """Hundredths of a point as the two-decimal text the published tables use."""
    sign = "-" if cents < 0 else ""
    return f"{sign}{abs(cents) // 100}.{abs(cents) % 100:02d}"


def canonical_json(document: Any) -> str:
    """The one text form of a document that digests are taken of: sorted keys, no spaces."""
    return json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def text_digest(text: str) -> str:
    """sha256 of a canonical text (architecture page §6, provenance)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def canonical_digest(document: Any) -> str:
    """sha256 of the canonical JSON of ``document``."""
    return text_digest(canonical_json(document))


# --- schemes ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CategoryDef:
    code: str
    name: str
    max_points: str


@dataclass(frozen=True, slots=True)
class IndicatorDef:
    """One indicator as written in the scheme (wage_assessment.md §6.1); texts kept verbatim."""

    id: str
    category: str
    name: str
    max_points: str
    rule_type: str
    sub_points: tuple[tuple[str, str], ...] = ()
    step: str = ""
    threshold: str = ""
    proportional: bool = False
    ladder: tuple[tuple[str, str], ...] = ()
    vacuous_full: bool = False
    verified_on_site: bool = False

    @property
    def max_cents(self) -> int:
        return parse_points(self.max_points)

    def sub_point_cents(self) -> Mapping[str, int]:
        return _sub_point_cents(self.sub_points)

    def kernel_rule(self) -> IndicatorRule:
        """The kernel's form of this rule (§6.2); call only on a validated scheme."""
        threshold = parse_ratio(self.threshold) if self.rule_type == "ratio_threshold" \
            else Fraction(1)
        steps = tuple((parse_ratio(r).numerator, parse_ratio(r).denominator, parse_points(p))
                      for r, p in self.ladder)
        return IndicatorRule(
            _KERNEL_RULE[self.rule_type], self.max_cents,
            step_cents=parse_points(self.step) if self.rule_type == "deduct_per_occurrence"
            else 0,
            threshold=(threshold.numerator, threshold.denominator),
            proportional=self.proportional, vacuous_full=self.vacuous_full, ladder=steps)


@cache
def _sub_point_cents(sub_points: tuple[tuple[str, str], ...]) -> Mapping[str, int]:
    """Parsed once per scheme item, since every uploaded row of the item needs them."""
    return MappingProxyType({sub_id: parse_points(points) for sub_id, points in sub_points})


@dataclass(frozen=True, slots=True)
class SchemeDef:
    version: str
    year: int
    title: str
    categories: tuple[CategoryDef, ...]
    indicators: tuple[IndicatorDef, ...]

    def document(self) -> dict[str, Any]:
        """The canonical stored form (what the digest covers)."""
        return {"version": self.version, "year": self.year, "title": self.title,
                "categories": [[c.code, c.name, c.max_points] for c in self.categories],
                "indicators": [_indicator_document(i) for i in self.indicators]}

    @property
    def digest(self) -> str:
        return canonical_digest(self.document())

    def indicator(self, indicator_id: str) -> IndicatorDef:
        for indicator in self.indicators:
            if indicator.id == indicator_id:
                return indicator
        raise NotFound("indicator", indicator_id)


def _indicator_document(i: IndicatorDef) -> dict[str, Any]:
    return {"id": i.id, "category": i.category, "name": i.name, "max_points": i.max_points,
            "rule_type": i.rule_type, "sub_points": [list(s) for s in i.sub_points],
            "step": i.step, "threshold": i.threshold, "proportional": i.proportional,
            "ladder": [list(s) for s in i.ladder], "vacuous_full": i.vacuous_full,
            "verified_on_site": i.verified_on_site}


def scheme_from_document(document: Mapping[str, Any]) -> SchemeDef:
    return SchemeDef(
        version=document["version"], year=int(document["year"]), title=document["title"],
        categories=tuple(CategoryDef(*c) for c in document["categories"]),
        indicators=tuple(IndicatorDef(
            id=i["id"], category=i["category"], name=i["name"], max_points=i["max_points"],
            rule_type=i["rule_type"], sub_points=tuple((s, p) for s, p in i["sub_points"]),
            step=i["step"], threshold=i["threshold"], proportional=i["proportional"],
            ladder=tuple((r, p) for r, p in i["ladder"]), vacuous_full=i["vacuous_full"],
            verified_on_site=i["verified_on_site"]) for i in document["indicators"]))


def _points(collector: ViolationCollector, path: str, text: str, *, positive: bool = True
            ) -> int | None:
    try:
        cents = parse_points(text)
    except ValueError as error:
        collector.add(path, str(error))
        return None
    if cents < 0 or (positive and cents == 0):
        collector.add(path, f"must be {'positive' if positive else 'at least 0'}")
        return None
    return cents


def _ratio(collector: ViolationCollector, path: str, text: str) -> Fraction | None:
    try:
        return parse_ratio(text)
    except ValueError as error:
        collector.add(path, str(error))
        return None


def scheme_problems(scheme: SchemeDef) -> list[FieldViolation]:
    """Every problem of a scheme (§6.1): category maxima sum to the 100-point base, each
    category's indicators sum to its maximum, and each rule's parameters fit its type (§6.2)."""
    found = ViolationCollector()
    if not scheme.version.strip():
        found.add("scheme.version", "a version key is required")
    if not 2000 <= scheme.year <= 2100:
        found.add("scheme.year", "must be a calendar year")
    category_cents: dict[str, int | None] = {}
    for k, category in enumerate(scheme.categories):
        path = f"scheme.categories[{k}]"
        if category.code in category_cents:
            found.add(f"{path}.code", f"duplicate category {category.code!r}")
        category_cents[category.code] = _points(found, f"{path}.max_points", category.max_points)
    if not scheme.categories:
        found.add("scheme.categories", "at least one category is required")
    elif all(v is not None for v in category_cents.values()):
        total = sum(v for v in category_cents.values() if v is not None)
        if total != BASE_CENTS:
            found.add("scheme.categories", f"category maxima sum to {format_points(total)}, "
                      f"not the base of {format_points(BASE_CENTS)}")
    seen: set[str] = set()
    per_category: dict[str, int] = {code: 0 for code in category_cents}
    for k, indicator in enumerate(scheme.indicators):
        path = f"scheme.indicators[{k}]"
        if not indicator.id.strip() or indicator.id in seen or ";" in indicator.id:
            found.add(f"{path}.id", "ids must be present, unique and free of ';'")
        seen.add(indicator.id)
        max_cents = _points(found, f"{path}.max_points", indicator.max_points)
        if indicator.category not in category_cents:
            found.add(f"{path}.category", f"unknown category {indicator.category!r}")
        elif max_cents is not None:
            per_category[indicator.category] += max_cents
        if indicator.rule_type not in RULE_TYPES:
            found.add(f"{path}.rule_type", f"must be one of {', '.join(RULE_TYPES)}")
        elif max_cents is not None:
            _rule_problems(found, path, indicator, max_cents)
    if not scheme.indicators:
        found.add("scheme.indicators", "at least one indicator is required")
    for k, category in enumerate(scheme.categories):
        expected = category_cents.get(category.code)
        if expected is not None and per_category[category.code] != expected:
            found.add(f"scheme.categories[{k}].max_points",
                      f"indicators of {category.code} sum to "
                      f"{format_points(per_category[category.code])}, not "
                      f"{format_points(expected)}")
    return found.violations


def _rule_problems(found: ViolationCollector, path: str, indicator: IndicatorDef,
                   max_cents: int) -> None:
    kind = indicator.rule_type
    if kind == "sum_of_subpoints":
        parts = [_points(found, f"{path}.sub_points[{j}].points", p)
                 for j, (_s, p) in enumerate(indicator.sub_points)]
        ids = [s for s, _p in indicator.sub_points]
        if not ids or len(set(ids)) != len(ids) or any(";" in i or not i for i in ids):
            found.add(f"{path}.sub_points", "needs sub-points with unique ids free of ';'")
        elif None not in parts and sum(c for c in parts if c is not None) != max_cents:
            found.add(f"{path}.sub_points", "sub-points must sum to max_points")
    elif kind == "deduct_per_occurrence":
        _points(found, f"{path}.step", indicator.step)
    elif kind == "ratio_threshold":
        _ratio(found, f"{path}.threshold", indicator.threshold)
    elif kind == "ladder":
        if not indicator.ladder:
            found.add(f"{path}.ladder", "a ladder needs at least one step")
        for j, (ratio, points) in enumerate(indicator.ladder):
            _ratio(found, f"{path}.ladder[{j}].min_ratio", ratio)
            cents = _points(found, f"{path}.ladder[{j}].points", points)
            if cents is not None and cents > max_cents:
                found.add(f"{path}.ladder[{j}].points", "exceeds max_points")


def total_points(scheme: SchemeDef) -> int:
    """Sum of the category maxima that parse (shown next to validation problems)."""
    total = 0
    for category in scheme.categories:
        try:
            total += parse_points(category.max_points)
        except ValueError:
            continue
    return total


# --- item values --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ItemInput:
    """One reported item value (§6.2): ``value`` is 1/0, findings, or the ratio numerator."""

    value: int
    denominator: int | None = None
    sub_points: tuple[str, ...] = ()

    def document(self) -> list[Any]:
        return [self.value, self.denominator, list(self.sub_points)]

    @classmethod
    def from_document(cls, doc: Sequence[Any]) -> ItemInput:
        return cls(int(doc[0]), None if doc[1] is None else int(doc[1]), tuple(doc[2]))


def check_item(found: ViolationCollector, path: str, indicator: IndicatorDef,
               item: ItemInput) -> None:
    """Range rules of an item value under its rule type (§6.2); problems go to ``found``."""
    kind = indicator.rule_type
    if item.value < 0:
        found.add(f"{path}.value", "must not be negative")
    if item.denominator is not None and item.denominator < 0:
        found.add(f"{path}.denominator", "must not be negative")
    if kind == "binary" and item.value not in (0, 1):
        found.add(f"{path}.value", "a binary item takes 1 (achieved) or 0")
    if kind == "sum_of_subpoints":
        known = indicator.sub_point_cents()
        for sub in item.sub_points:
            if sub not in known:
                found.add(f"{path}.achieved_sub_points",
                          f"unknown sub-point {sub!r}; known: {', '.join(sorted(known))}")
        if len(set(item.sub_points)) != len(item.sub_points):
            found.add(f"{path}.achieved_sub_points", "lists a sub-point twice")
    if (kind in _NEEDS_DENOMINATOR or indicator.vacuous_full) and item.denominator is None:
        found.add(f"{path}.denominator", "required for this item (0 = nothing to assess)")
    if kind in _NEEDS_DENOMINATOR and item.denominator is not None:
        if item.denominator == 0 and not indicator.vacuous_full:
            found.add(f"{path}.denominator", "must be positive for this item")
        elif item.value > item.denominator >= 0:
            found.add(f"{path}.value", "exceeds the denominator")




def score_items(scheme: SchemeDef, units: Sequence[Mapping[str, ItemInput]]
                ) -> tuple[np.ndarray, np.ndarray]:
    """Item scores (units × indicators, hundredths) through the kernel; a missing item scores 0.

    The kernel applies the §6.2 rule types (binary, sub-points, deduction with floor 0,
    ratio thresholds, ladders, full marks when there is nothing to assess).
    """
    rules = [i.kernel_rule() for i in scheme.indicators]
    n, m = len(units), len(rules)
    values = np.zeros((n, m), dtype=np.int64)
    dens = np.ones((n, m), dtype=np.int64)
    present = np.zeros((n, m), dtype=bool)
    # Sub-point items carry the awarded hundredths into the kernel (points awarded).
    sub_cents = [i.sub_point_cents() if i.rule_type == "sum_of_subpoints" else None
                 for i in scheme.indicators]
    for u, items in enumerate(units):
        for j, indicator in enumerate(scheme.indicators):
            item = items.get(indicator.id)
            if item is None:
                continue
            cents = sub_cents[j]
            values[u, j] = item.value if cents is None else sum(cents[s] for s in item.sub_points)
            dens[u, j] = 1 if item.denominator is None else item.denominator
            present[u, j] = True
    scores = api.score_indicators(rules, values, dens)
    item_cents = np.where(present, scores.item_cents, 0)
    return item_cents, item_cents.sum(axis=1)


def score_one(scheme: SchemeDef, indicator_id: str, item: ItemInput) -> int:
    """The score of one item alone, in hundredths."""
    item_cents, _total = score_items(scheme, [{indicator_id: item}])
    return int(item_cents[0, [i.id for i in scheme.indicators].index(indicator_id)])


# --- policy -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GradePolicy:
    """The grade-rule parameters of one version of the measures (Art. 8, 10; §9, §9.4)."""

    version: str
    document: str
    years: tuple[int, ...]
    a_max_rank: int
    mass_incident_min_people: int
    c_mass_incidents: int
    c_government_project_incidents: int
    c_extreme_incidents: int
    rectification_report_days: int
    falsification_gap_share: str


@cache
def grade_policies() -> dict[str, GradePolicy]:
    """The shipped grade-rule versions (``data/grade_rules.json``)."""
    text = resources.files("cityscore.services.wage_assessment.data") \
        .joinpath("grade_rules.json").read_text("utf-8")
    return {name: GradePolicy(version=name, **{**body, "years": tuple(body["years"])})
            for name, body in json.loads(text)["versions"].items()}


def policy_for(year: int, version: str = "") -> GradePolicy:
    """The named grade rules, or the version whose years cover ``year`` (§3 decision)."""
    policies = grade_policies()
    if version:
        if version not in policies:
            raise NotFound("grade rules", version)
        return policies[version]
    for policy in policies.values():
        if year in policy.years:
            return policy
    raise NotFound("grade rules", f"for year {year}",
                   f"no grade rules cover {year}; name a policy_version")


def gap_exceeds(policy: GradePolicy, indicator: IndicatorDef, self_cents: int,
                verified_cents: int) -> bool:
    """Possible falsification (Art. 11): the self-check score differs from the verified score
    by more than the configured share of the item's max points."""
    limit = Fraction(Decimal(policy.falsification_gap_share)) * indicator.max_cents
    return abs(self_cents - verified_cents) > limit


def rectification_due(policy: GradePolicy, interview: dt.date) -> dt.date:
    """The written rectification report is due 14 calendar days after the interview
    (Art. 10, 被约谈后2周内提交书面报告; §9.4 decision)."""
    return interview + dt.timedelta(days=policy.rectification_report_days)


# --- stages -------------------------------------------------------------------------------


def stage_error(year: int, current: str, message: str) -> FailedPrecondition:
    """FAILED_PRECONDITION naming the cycle's current stage (§5)."""
    return FailedPrecondition(message, [PreconditionViolation(
        "STAGE", f"cycle {year}", f"current stage is {current.upper()}")],
        reason="WRONG_STAGE", metadata={"current_stage": current})


def require_stage(year: int, current: str, allowed: Sequence[str], action: str) -> None:
    """An action allowed only in some stages (§5 table)."""
    if current not in allowed:
        raise stage_error(year, current, f"{action} is possible only in stage "
                          f"{' or '.join(s.upper() for s in allowed)}")


def check_advance(year: int, current: str, target: str) -> None:
    """Stages go forward one at a time (§5: transitions go forward only)."""
    index = STAGES.index(current)
    if index + 1 >= len(STAGES) or STAGES[index + 1] != target:
        raise stage_error(year, current, f"cannot move from {current.upper()} to "
                          f"{target.upper()}; stages go forward one at a time")


# --- grading ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class IncidentInput:
    kind: str
    people: int
    government_project: bool
    serious_consequence: bool

    def document(self) -> list[Any]:
        return [self.kind, self.people, self.government_project, self.serious_consequence]


@dataclass(frozen=True, slots=True)
class FlagInput:
    value: bool
    reason: str
    set_by: str


@dataclass(frozen=True, slots=True)
class UnitInputs:
    """Everything one district's grade depends on, apart from the other districts' scores."""

    code: str
    items: Mapping[str, ItemInput]
    incidents: tuple[IncidentInput, ...] = ()
    flags: Mapping[str, FlagInput] = field(default_factory=dict)

    def document(self) -> dict[str, Any]:
        return {"code": self.code,
                "items": {k: v.document() for k, v in sorted(self.items.items())},
                "incidents": sorted(i.document() for i in self.incidents),
                "flags": {k: [f.value, f.reason, f.set_by]
                          for k, f in sorted(self.flags.items())}}

    @classmethod
    def from_document(cls, doc: Mapping[str, Any]) -> UnitInputs:
        return cls(doc["code"], {k: ItemInput.from_document(v) for k, v in doc["items"].items()},
                   tuple(IncidentInput(*i) for i in doc["incidents"]),
                   {k: FlagInput(*v) for k, v in doc["flags"].items()})


@dataclass(frozen=True, slots=True)
class GradeOutcome:
    code: str
    score_cents: int
    rank: int
    grade: str
    decided_by: str
    explanation: dict[str, Any]
    input_digest: str


@dataclass(frozen=True, slots=True)
class Grading:
    outcomes: tuple[GradeOutcome, ...]
    tie_reports: tuple[str, ...]
    inputs_json: str
    """The exact inputs of the run in canonical JSON, as stored for replay."""
    input_digest: str
    rules_version: str

    def distribution(self) -> dict[str, int]:
        counts = dict.fromkeys(GRADES, 0)
        for outcome in self.outcomes:
            counts[outcome.grade] += 1
        return counts


def run_inputs_json(scheme: SchemeDef, policy: GradePolicy, units: Sequence[UnitInputs]) -> str:
    """The exact inputs of a grading run in canonical JSON (what its digest covers)."""
    return _run_json(scheme, policy, [canonical_json(u.document()) for u in units])


def _run_json(scheme: SchemeDef, policy: GradePolicy, unit_texts: Sequence[str]) -> str:
    """``canonical_json`` of the run document, joined from the units' canonical texts so that
    a national-scale year is serialised once (keys sort before "units")."""
    head = canonical_json({"policy_version": policy.version, "scheme_digest": scheme.digest,
                           "scheme_version": scheme.version})
    return f'{head[:-1]},"units":[{",".join(unit_texts)}]}}'


def grade(scheme: SchemeDef, policy: GradePolicy, units: Sequence[UnitInputs]) -> Grading:
    """Score, rank and grade every unit (Art. 8; wage_assessment.md §9.1-9.3).

    C if any of C1 (work ineffective), C2 (≥ 5 mass incidents of ≥ 50 people, or ≥ 2 of them
    on government-invested projects), C3 (≥ 1 extreme incident with serious consequences),
    C4 (serious adverse social impact); else A if A1 (conditions met) and A2 (competition
    rank ≤ 5, ties at the boundary all included); else B. Precedence C > A > B.
    """
    _item_cents, totals = score_items(scheme, [u.items for u in units])
    ranks = api.competition_rank(totals).ranks if units else np.zeros(0, dtype=np.int64)
    rules_version = f"{scheme.version}@{scheme.digest[:12]}+{policy.version}"
    texts = [canonical_json(u.document()) for u in units]
    outcomes = tuple(_grade_one(policy, unit, int(totals[k]), int(ranks[k]), rules_version,
                                unreported_items(scheme, unit.items), text_digest(texts[k]))
                     for k, unit in enumerate(units))
    inputs_json = _run_json(scheme, policy, texts)
    return Grading(outcomes, _boundary_ties(policy, units, ranks), inputs_json,
                   text_digest(inputs_json), rules_version)


def _boundary_ties(policy: GradePolicy, units: Sequence[UnitInputs],
                   ranks: np.ndarray) -> tuple[str, ...]:
    """Districts sharing the rank that straddles the A boundary all qualify (§9.2 decision)."""
    by_rank: dict[int, list[str]] = {}
    for unit, rank in zip(units, ranks.tolist(), strict=True):
        by_rank.setdefault(int(rank), []).append(unit.code)
    reports = []
    for rank, codes in sorted(by_rank.items()):
        if len(codes) > 1 and rank <= policy.a_max_rank < rank + len(codes) - 1:
            within = sum(1 for r in ranks.tolist() if r <= policy.a_max_rank)
            reports.append(f"{', '.join(sorted(codes))} share rank {rank} at the top-"
                           f"{policy.a_max_rank} boundary; all qualify, so {within} districts "
                           f"have rank <= {policy.a_max_rank}")
    return tuple(reports)


def _grade_one(policy: GradePolicy, unit: UnitInputs, score: int, rank: int,
               rules_version: str, unreported: Sequence[str], input_digest: str
               ) -> GradeOutcome:
    counted = [i for i in unit.incidents
               if i.kind == "mass" and i.people >= policy.mass_incident_min_people]
    count_all = len(counted)
    count_gov = sum(1 for i in counted if i.government_project)
    count_ext = sum(1 for i in unit.incidents if i.kind == "extreme" and i.serious_consequence)

    def flag(name: str) -> tuple[bool, dict[str, str]]:
        found = unit.flags.get(name)
        if found is None:
            return False, {"flag": "unset"}
        return found.value, {"flag": str(found.value).lower(), "reason": found.reason,
                             "set_by": found.set_by}

    c1, c1_in = flag("work_ineffective")
    c4, c4_in = flag("serious_adverse_impact")
    a1, a1_in = flag("a_conditions_met")
    c2 = (count_all >= policy.c_mass_incidents
          or count_gov >= policy.c_government_project_incidents)
    c3 = count_ext >= policy.c_extreme_incidents
    a2 = rank <= policy.a_max_rank
    rules = [
        _rule("C1", c1_in, "work_ineffective flag", c1),
        _rule("C2", {"count_all": str(count_all), "count_gov": str(count_gov)},
              f"count_all>={policy.c_mass_incidents} or "
              f"count_gov>={policy.c_government_project_incidents} "
              f"(mass incidents of >={policy.mass_incident_min_people} people)", c2),
        _rule("C3", {"count_ext": str(count_ext)},
              f"count_ext>={policy.c_extreme_incidents}", c3),
        _rule("C4", c4_in, "serious_adverse_impact flag", c4),
        _rule("A1", a1_in, "a_conditions_met flag", a1),
        _rule("A2", {"rank": str(rank)}, f"rank<={policy.a_max_rank}", a2),
    ]
    notes: list[str] = []
    c_rules = [r["rule"] for r in rules[:4] if r["result"]]
    if c_rules:
        grade_, decided_by = "C", "+".join(c_rules)
        if a1 and a2:
            notes.append("C overrides A (precedence C > A > B)")
    elif a1 and a2:
        grade_, decided_by = "A", "A1+A2"
    else:
        grade_ = "B"
        decided_by = "not " + ("A2" if a1 else ("A1" if a2 else "A1/A2"))
        notes.append(f"B: {decided_by[4:]} not met and no C condition")
    if unreported:
        notes.append(f"not reported, scored 0: {', '.join(unreported)}")
    explanation = {"district": unit.code, "score": format_points(score), "rank": rank,
                   "grade": grade_, "decided_by": decided_by, "rules": rules, "notes": notes,
                   "rules_version": rules_version}
    return GradeOutcome(unit.code, score, rank, grade_, decided_by, explanation, input_digest)


def _rule(name: str, inputs: Mapping[str, str], threshold: str, result: bool
          ) -> dict[str, Any]:
    return {"rule": name, "inputs": dict(inputs), "threshold": threshold, "result": result}


def unreported_items(scheme: SchemeDef, items: Mapping[str, ItemInput]) -> list[str]:
    """Indicators a district left out; they score 0."""
    return [i.id for i in scheme.indicators if i.id not in items]


def check_incident(found: ViolationCollector, year: int, incident_date: dt.date, people: int,
                   kind: str) -> None:
    """Incidents count by date within the assessment year (§9.2); people are a count."""
    if not dt.date(year, 1, 1) <= incident_date <= dt.date(year, 12, 31):
        found.add("incident.incident_date", f"must fall within the assessment year {year}")
    if people < 0:
        found.add("incident.people", "must not be negative")
    if kind not in INCIDENT_KINDS:
        found.add("incident.kind", f"must be one of {', '.join(INCIDENT_KINDS)}")
