"""Assessment schemes (wage_assessment.md §6.1): points as exact hundredths, the canonical stored
form and its digest, and every problem a scheme can have."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from functools import cache
from types import MappingProxyType
from typing import Any

from cityscore.core.errors import FieldViolation, NotFound, ViolationCollector
from cityscore.core.kernel.types import IndicatorRule, RuleType

CALENDAR_YEARS = range(2000, 2101)
"""The assessment years a scheme or a version of grade rules may name: no date arithmetic
(31 May of the year after, Art. 7) can leave the calendar from them."""

RULE_TYPES = ("binary", "sum_of_subpoints", "deduct_per_occurrence", "ratio_threshold", "ladder")

_KERNEL_RULE = {"binary": RuleType.ALL_OR_NOTHING, "sum_of_subpoints": RuleType.POINTS_AWARDED,
                "deduct_per_occurrence": RuleType.DEDUCT_PER_FINDING,
                "ratio_threshold": RuleType.RATE_THRESHOLD, "ladder": RuleType.LADDER}


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


def scheme_problems(scheme: SchemeDef, base_cents: int) -> list[FieldViolation]:
    """Every problem of a scheme (§6.1): category maxima sum to the base of the year's grade
    rules (Art. 8, 基准分为100分 in the 2018 measures), each
    category's indicators sum to its maximum, and each rule's parameters fit its type (§6.2)."""
    found = ViolationCollector()
    if not scheme.version.strip():
        found.add("scheme.version", "a version key is required")
    if scheme.year not in CALENDAR_YEARS:
        found.add("scheme.year", f"must lie between {CALENDAR_YEARS[0]} and "
                  f"{CALENDAR_YEARS[-1]}")
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
        if total != base_cents:
            found.add("scheme.categories", f"category maxima sum to {format_points(total)}, "
                      f"not the base of {format_points(base_cents)}")
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
