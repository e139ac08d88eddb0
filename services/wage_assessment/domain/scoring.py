"""Item values of a self-check or verification (§6.2): their range rules and their scores,
computed by the kernel."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from cityscore.core.errors import ViolationCollector
from cityscore.core.kernel import api
from cityscore.services.wage_assessment.domain.scheme import IndicatorDef, SchemeDef

_NEEDS_DENOMINATOR = frozenset({"ratio_threshold", "ladder"})



def join_ids(ids: Sequence[str]) -> str:
    """Sub-point or indicator ids as stored in one text (ids never contain ";")."""
    return ";".join(ids)


def split_ids(text: str) -> tuple[str, ...]:
    return tuple(text.split(";")) if text else ()


@dataclass(frozen=True, slots=True)
class ItemInput:
    """One reported item value (§6.2): ``value`` is 1/0, findings, or the ratio numerator."""

    value: int
    denominator: int | None = None
    sub_points: tuple[str, ...] = ()


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




@dataclass(frozen=True)
class ItemColumns:
    """Reported item values as columns, one row per value (§6.2): the unit's position, the
    indicator as a code into ``indicators`` (sorted), the value, the denominator (none where
    ``has_denominator`` is false) and the achieved sub-points as a code into ``sub_points``
    (each as stored: ids joined by ";")."""

    units: int
    indicators: tuple[str, ...]
    sub_points: tuple[str, ...]
    unit: np.ndarray
    indicator: np.ndarray
    value: np.ndarray
    denominator: np.ndarray
    has_denominator: np.ndarray
    sub_point: np.ndarray

    @classmethod
    def of(cls, units: Sequence[Mapping[str, ItemInput]]) -> ItemColumns:
        """The columns of item values given unit by unit."""
        rows = [(u, indicator_id, item) for u, items in enumerate(units)
                for indicator_id, item in items.items()]
        return cls.of_rows(len(units), [r[0] for r in rows], [r[1] for r in rows],
                           [r[2].value for r in rows], [r[2].denominator for r in rows],
                           [join_ids(r[2].sub_points) for r in rows])

    @classmethod
    def of_rows(cls, units: int, unit: Sequence[int], indicator_ids: Sequence[str],
                values: Sequence[int], denominators: Sequence[int | None],
                sub_points: Sequence[str]) -> ItemColumns:
        """Columns of rows given as sequences (a denominator of None: none)."""
        indicators, indicator = _codes(indicator_ids)
        texts, sub_point = _codes(sub_points)
        has = np.fromiter((d is not None for d in denominators), dtype=bool,
                          count=len(denominators))
        return cls(units, indicators, texts, np.asarray(unit, dtype=np.int64), indicator,
                   np.asarray(values, dtype=np.int64),
                   np.fromiter((0 if d is None else d for d in denominators), dtype=np.int64,
                               count=len(denominators)), has, sub_point)


def _codes(texts: Sequence[str]) -> tuple[tuple[str, ...], np.ndarray]:
    """The distinct ``texts`` in sorted order and each text's code into them."""
    if not texts:
        return (), np.zeros(0, dtype=np.int64)
    distinct, codes = np.unique(np.asarray(texts, dtype=str), return_inverse=True)
    return tuple(str(t) for t in distinct.tolist()), codes.astype(np.int64).reshape(-1)


def score_columns(scheme: SchemeDef, items: ItemColumns
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Item scores (units × indicators of the scheme, hundredths) through the kernel, the
    units' totals, and which items were reported; a missing item scores 0.

    The kernel applies the §6.2 rule types (binary, sub-points, deduction with floor 0,
    ratio thresholds, ladders, full marks when there is nothing to assess). The matrix is
    filled from the columns with NumPy; only the distinct (indicator, sub-points) pairs are
    summed one by one. Values of indicators the scheme does not have are not read.
    """
    rules = [i.kernel_rule() for i in scheme.indicators]
    n, m = items.units, len(rules)
    position = {indicator.id: j for j, indicator in enumerate(scheme.indicators)}
    column_of = np.array([position.get(i, -1) for i in items.indicators] or [-1],
                         dtype=np.int64)
    column = column_of[items.indicator] if len(items.indicator) else items.indicator
    read = column >= 0
    unit, column = items.unit[read], column[read]
    values = items.value[read].copy()
    # Sub-point items carry the awarded hundredths into the kernel (points awarded).
    by_sub_points = np.array([i.rule_type == "sum_of_subpoints" for i in scheme.indicators]
                             or [False], dtype=bool)[column]
    if by_sub_points.any():
        width = len(items.sub_points)
        pairs, which = np.unique(column[by_sub_points] * width
                                 + items.sub_point[read][by_sub_points], return_inverse=True)
        awarded = [sum(scheme.indicators[int(p) // width].sub_point_cents()[s]
                       for s in split_ids(items.sub_points[int(p) % width]))
                   for p in pairs.tolist()]
        values[by_sub_points] = np.asarray(awarded, dtype=np.int64)[which.reshape(-1)]
    matrix = np.zeros((n, m), dtype=np.int64)
    dens = np.ones((n, m), dtype=np.int64)
    present = np.zeros((n, m), dtype=bool)
    matrix[unit, column] = values
    dens[unit, column] = np.where(items.has_denominator[read], items.denominator[read], 1)
    present[unit, column] = True
    scores = api.score_indicators(rules, matrix, dens)
    item_cents = np.where(present, scores.item_cents, 0)
    return item_cents, item_cents.sum(axis=1), present


def score_items(scheme: SchemeDef, units: Sequence[Mapping[str, ItemInput]]
                ) -> tuple[np.ndarray, np.ndarray]:
    """Item scores (units × indicators, hundredths) of values given unit by unit, and the
    units' totals (see :func:`score_columns`)."""
    item_cents, totals, _present = score_columns(scheme, ItemColumns.of(units))
    return item_cents, totals


def score_one(scheme: SchemeDef, indicator_id: str, item: ItemInput) -> int:
    """The score of one item alone, in hundredths."""
    item_cents, _total = score_items(scheme, [{indicator_id: item}])
    return int(item_cents[0, [i.id for i in scheme.indicators].index(indicator_id)])
