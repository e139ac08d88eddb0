"""Item values of a self-check or verification (§6.2): their range rules and their scores,
computed by the kernel."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from cityscore.core.errors import ViolationCollector
from cityscore.core.kernel import api
from cityscore.services.wage_assessment.domain.scheme import IndicatorDef, SchemeDef

_NEEDS_DENOMINATOR = frozenset({"ratio_threshold", "ladder"})



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



def unreported_items(scheme: SchemeDef, items: Mapping[str, ItemInput]) -> list[str]:
    """Indicators a district left out; they score 0."""
    return [i.id for i in scheme.indicators if i.id not in items]

