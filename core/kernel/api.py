"""Public entry points of the scoring kernel; they validate, then call the selected backend.

Shapes, dtypes and bounds are checked here before any loop runs; value checks (negative IRI,
group ids out of range, …) happen inside the single pass of the loop and surface as the same
``ValueError`` naming the argument and the first bad index. Both backends (``_scoring`` and
``_reference``) return identical results.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from datetime import date
from types import ModuleType
from typing import Any

import numpy as np
import numpy.typing as npt

from cityscore.core.tracing import traced

from . import _backend
from .types import (
    APPORTIONMENT_METHODS,
    Apportionment,
    ApportionmentMethod,
    ApportionmentTie,
    CompliancePolicy,
    ComplianceResult,
    ConditionWeights,
    FloatArray,
    GradeBands,
    GroupedAggregate,
    IndicatorRule,
    IndicatorScores,
    InfeasibleBoundsError,
    Int8Array,
    IntArray,
    PavementIndices,
    PavementParameters,
    Ranking,
    RuleType,
)

ArrayLike = npt.ArrayLike
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_FAST_LIMIT = 2**31
"""Weights and house below this use the compiled 128-bit path; larger go to exact Python ints."""
_INT64_MAX = 2**63 - 1


def _floats(name: str, x: ArrayLike, *, ndim: int = 1) -> FloatArray:
    arr = np.asarray(x)
    if arr.dtype.kind not in "fiub":
        raise ValueError(f"{name} must be numeric, got dtype {arr.dtype}")
    arr = np.ascontiguousarray(arr, dtype=np.float64)
    if arr.ndim != ndim:
        raise ValueError(f"{name} must be {ndim}-dimensional, got shape {arr.shape}")
    return arr


def _ints(name: str, x: ArrayLike, dtype: npt.DTypeLike = np.int64,
          *, ndim: int = 1) -> npt.NDArray[Any]:
    arr = np.asarray(x)
    if arr.size and arr.dtype.kind not in "iub":
        raise ValueError(f"{name} must hold integers, got dtype {arr.dtype}")
    if arr.size and arr.dtype.kind == "u" and arr.max() > np.iinfo(dtype).max:
        raise ValueError(f"{name} holds values beyond {np.dtype(dtype).name}")
    out = np.ascontiguousarray(arr, dtype=dtype)
    if out.ndim != ndim:
        raise ValueError(f"{name} must be {ndim}-dimensional, got shape {out.shape}")
    return out


def _same_length(n: int, **arrays: np.ndarray) -> None:
    for name, arr in arrays.items():
        if arr.shape[0] != n:
            raise ValueError(f"{name} has {arr.shape[0]} rows, expected {n}")


def _absent(n: int) -> FloatArray:
    """An all-NaN read-only column for an index whose input was not given (no copy made)."""
    return np.broadcast_to(np.float64(np.nan), (n,))


def round_half_up(values: ArrayLike, decimals: int = 2) -> FloatArray:
    """Round half-up to ``decimals`` as the indices are (rural_roads.md §5: 75.625 → 75.63).

    A slack of 1e-7 in the last kept digit absorbs binary representation error, the same rule
    the kernel applies to unit indices; NaN stays NaN.
    """
    scale = 10.0 ** decimals
    rounded: FloatArray = np.floor(_floats("values", values) * scale + 0.5 + 1e-7) / scale
    return rounded


@traced("kernel.damage_ratio")
def damage_ratio(distress_area: ArrayLike, distress_weights: ArrayLike,
                 surveyed_area: ArrayLike) -> FloatArray:
    """DR (%) per unit = 100·Σᵢ wᵢ·Aᵢ / A, capped at 100 (JTG 5210-2018 §5; rural_roads.md §4.3).

    ``distress_area`` is units × distress types in m² (linear distresses already × their
    conversion width), ``distress_weights`` one weight per column, ``surveyed_area`` A in m².
    A NaN area marks a unit not surveyed (DR NaN).
    """
    dist = _floats("distress_area", distress_area, ndim=2)
    weights = _floats("distress_weights", distress_weights)
    area = _floats("surveyed_area", surveyed_area)
    if dist.shape[1] != weights.shape[0] or weights.shape[0] == 0:
        raise ValueError(f"distress_weights has {weights.shape[0]} entries, "
                         f"distress_area has {dist.shape[1]} columns (need ≥ 1, equal)")
    _same_length(dist.shape[0], surveyed_area=area)
    result: FloatArray = _backend.module().damage_ratio(dist, weights, area,
                                                        _backend.threads_for(dist.shape[0]))
    return result


@traced("kernel.pavement_indices")
def pavement_indices(
    params: PavementParameters,
    *,
    damage_ratio: ArrayLike | None = None,
    distress_area: ArrayLike | None = None,
    distress_weights: ArrayLike | None = None,
    surveyed_area: ArrayLike | None = None,
    iri: ArrayLike | None = None,
    rut_depth: ArrayLike | None = None,
    bumps: ArrayLike | None = None,
    wear_ratio: ArrayLike | None = None,
) -> PavementIndices:
    """PCI, RQI, RDI, PBI, PWI and PQI of every unit in one fused pass (rural_roads.md §4).

    Formulas of JTG 5210-2018 (PCI = 100 − a0·DR^a1; RQI = 100/(1 + a0·e^(a1·IRI)); RDI
    piecewise in rut depth mm; PBI = 100 − Σ aᵢ·PBᵢ over light/medium/heavy bump counts
    (``bumps`` is units × 3); PWI = 100 − a0·WR^a1) with ``params``. Give either
    ``damage_ratio`` (DR %) or the distress matrix with weights and surveyed area. NaN (or an
    argument left out) means "not measured": that index is NaN and PQI = Σ wₖ·xₖ / Σ wₖ over the
    indices present (§4.2 decision). Every index is rounded half-up to ``params.decimals`` and
    PQI is formed from the rounded sub-indices (§5). Left-out indices come back as read-only
    all-NaN views.
    """
    if damage_ratio is not None and distress_area is not None:
        raise ValueError("give damage_ratio or distress_area, not both")
    given: dict[str, FloatArray] = {}
    if damage_ratio is not None:
        given["damage_ratio"] = _floats("damage_ratio", damage_ratio)
    dist = np.empty((0, 0))
    weights = np.empty(0)
    area = np.empty(0)
    if distress_area is not None:
        if distress_weights is None or surveyed_area is None:
            raise ValueError("distress_area needs distress_weights and surveyed_area")
        dist = _floats("distress_area", distress_area, ndim=2)
        weights = _floats("distress_weights", distress_weights)
        area = _floats("surveyed_area", surveyed_area)
        if dist.shape[1] != weights.shape[0] or weights.shape[0] == 0:
            raise ValueError(f"distress_weights has {weights.shape[0]} entries, "
                             f"distress_area has {dist.shape[1]} columns (need ≥ 1, equal)")
        given["distress_area"] = dist
        given["surveyed_area"] = area
    for name, value in (("iri", iri), ("rut_depth", rut_depth), ("wear_ratio", wear_ratio)):
        if value is not None:
            given[name] = _floats(name, value)
    bump_arr = np.empty((0, 3))
    if bumps is not None:
        bump_arr = _floats("bumps", bumps, ndim=2)
        if bump_arr.shape[1] != 3:
            raise ValueError(f"bumps must have 3 columns (light, medium, heavy), "
                             f"got shape {bump_arr.shape}")
        given["bumps"] = bump_arr
    if not given:
        raise ValueError("pavement_indices needs at least one measured input")
    n = next(iter(given.values())).shape[0]
    _same_length(n, **given)
    empty = np.empty(0)
    outs = _backend.module().pavement(
        n, given.get("damage_ratio", empty), dist, weights, area, given.get("iri", empty),
        given.get("rut_depth", empty), bump_arr, given.get("wear_ratio", empty),
        params.coefficients(), -1 if params.decimals is None else params.decimals,
        _backend.threads_for(n))
    cols = [col if col.shape[0] == n else _absent(n) for col in outs]
    return PavementIndices(*cols)


@traced("kernel.condition_index")
def condition_index(weights: ConditionWeights, *, pqi: ArrayLike, sci: ArrayLike,
                    bci: ArrayLike, tci: ArrayLike,
                    structure_class: ArrayLike | None = None) -> FloatArray:
    """MQI of every unit, one pass (rural_roads.md §4.1): ``wSCI·SCI + wPQI·PQI + wBCI·BCI +
    wTCI·TCI`` from the unit's rounded indices, rounded half-up to ``weights.decimals``. A
    unit missing any of the four indices (NaN) has no MQI (NaN); a unit whose worst bridge,
    tunnel or culvert is of ``weights.dangerous_class`` has MQI 0 whatever its indices
    (``structure_class`` 0 = none recorded). Indices outside [0, 100] are a ValueError.
    """
    p = _floats("pqi", pqi)
    n = p.shape[0]
    columns = {"sci": _floats("sci", sci), "bci": _floats("bci", bci),
               "tci": _floats("tci", tci)}
    wide = (np.zeros(n, dtype=np.int64) if structure_class is None
            else _ints("structure_class", structure_class))
    if wide.size and (wide.min() < 0 or wide.max() > np.iinfo(np.int8).max):
        raise ValueError("structure_class holds values outside [0, 127]")
    classes = wide.astype(np.int8)
    _same_length(n, structure_class=classes, **columns)
    result: FloatArray = _backend.module().condition(
        p, columns["sci"], columns["bci"], columns["tci"], classes, weights.coefficients(),
        -1 if weights.decimals is None else weights.decimals, _backend.threads_for(n))
    return result


@traced("kernel.grouped_length_weighted")
def grouped_length_weighted(values: ArrayLike, lengths: ArrayLike, groups: ArrayLike, *,
                            n_groups: int, threshold: float | None = None) -> GroupedAggregate:
    """Length-weighted mean, share at or above ``threshold`` and totals per group, one pass.

    X̄ = Σ Xᵢ·Lᵢ / Σ Lᵢ over measured rows, never an average of averages; the share is the
    excellent/good/fair rate Σ L(X ≥ 70) / Σ L evaluated (rural_roads.md §6.2-6.3). ``groups``
    are ids in [0, n_groups) (road, town or district codes mapped by the caller); NaN values are
    "not evaluated" and add only to ``total_length``.
    """
    v = _floats("values", values)
    length = _floats("lengths", lengths)
    g = _ints("groups", groups)
    _same_length(v.shape[0], lengths=length, groups=g)
    if n_groups < 0:
        raise ValueError(f"n_groups must be ≥ 0, got {n_groups}")
    if threshold is not None and math.isnan(threshold):
        raise ValueError("threshold must not be NaN")
    t = math.inf if threshold is None else float(threshold)
    evaluated, total, wsum, vsum, above, count = _backend.module().grouped(
        v, length, g, n_groups, t, _backend.threads_for(v.shape[0]))
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(evaluated > 0, wsum / evaluated, np.nan)
        share = (np.where(evaluated > 0, above / evaluated, np.nan) if threshold is not None
                 else np.full(n_groups, np.nan))
    return GroupedAggregate(evaluated, total, wsum, vsum, above, count.astype(np.int64),
                            mean, share)


@traced("kernel.band_scores")
def band_scores(scores: ArrayLike, bands: GradeBands | Sequence[float]) -> Int8Array:
    """Grade index per score: the first band (best first) whose lower bound it reaches.

    With the JTG 5210-2018 bands 90/80/70/60/0 (rural_roads.md §5) 0 is 优 and 4 is 差; map the
    index through ``bands.codes``. NaN scores give -1. Grade rounded scores (§5 rounding).
    """
    lowers = _floats("bands", bands.lower_bounds if isinstance(bands, GradeBands) else bands)
    if lowers.shape[0] == 0 or lowers.shape[0] > 127:
        raise ValueError("bands needs between 1 and 127 lower bounds")
    if np.isnan(lowers).any() or (lowers[1:] >= lowers[:-1]).any():
        raise ValueError("band lower bounds must be strictly decreasing, best grade first")
    values = _floats("scores", scores)
    result: Int8Array = _backend.module().band(values, lowers,
                                               _backend.threads_for(values.shape[0]))
    return result


@traced("kernel.score_indicators")
def score_indicators(rules: Sequence[IndicatorRule], values: ArrayLike,
                     denominators: ArrayLike | None = None) -> IndicatorScores:
    """Score units × indicators under their rules, in exact hundredths of a point.

    Rule types (wage_assessment.md §6.2): points awarded (value = awarded cents ≤ max, e.g. the
    achieved sub-points), deduction per finding (max − step × findings, floor 0, "扣完为止"),
    all or nothing (value 1 or 0), rate threshold (value/denominator ≥ threshold gives max; the
    proportional mode gives max × ratio / threshold rounded half-up to 0.01) and ladder (points of
    the highest step reached). ``vacuous_full`` gives max when the denominator is 0.
    """
    m = len(rules)
    vals = _ints("values", values, ndim=2)
    if vals.shape[1] != m:
        raise ValueError(f"values has {vals.shape[1]} columns for {m} rules")
    dens = (np.zeros_like(vals) if denominators is None
            else _ints("denominators", denominators, ndim=2))
    if dens.shape != vals.shape:
        raise ValueError(f"denominators has shape {dens.shape}, values {vals.shape}")
    for j, rule in enumerate(rules):
        _check_rule(j, rule)
    offsets = np.cumsum([0] + [len(r.ladder) for r in rules], dtype=np.int64)
    steps = [step for r in rules for step in r.ladder]
    item, total = _backend.module().score_indicators(
        np.array([int(r.rule_type) for r in rules], dtype=np.int8),
        np.array([r.max_cents for r in rules], dtype=np.int64),
        np.array([r.step_cents for r in rules], dtype=np.int64),
        np.array([r.threshold[0] for r in rules], dtype=np.int64),
        np.array([r.threshold[1] for r in rules], dtype=np.int64),
        np.array([r.proportional for r in rules], dtype=np.int8),
        np.array([r.vacuous_full for r in rules], dtype=np.int8),
        offsets,
        np.array([s[0] for s in steps], dtype=np.int64),
        np.array([s[1] for s in steps], dtype=np.int64),
        np.array([s[2] for s in steps], dtype=np.int64),
        vals, dens)
    return IndicatorScores(item, total)


def _check_rule(j: int, rule: IndicatorRule) -> None:
    if rule.max_cents < 0 or rule.step_cents < 0:
        raise ValueError(f"rules[{j}]: max_cents and step_cents must be ≥ 0")
    num, den = rule.threshold
    if num <= 0 or den <= 0:
        raise ValueError(f"rules[{j}]: threshold must be a positive fraction, got {num}/{den}")
    if rule.rule_type is RuleType.LADDER and not rule.ladder:
        raise ValueError(f"rules[{j}]: a ladder rule needs at least one step")
    for s_num, s_den, points in rule.ladder:
        if s_num < 0 or s_den <= 0 or not 0 <= points <= rule.max_cents:
            raise ValueError(f"rules[{j}]: ladder step ({s_num}/{s_den}, {points}) is invalid")
    if max(rule.max_cents, rule.step_cents, num, den) >= 2**40:
        raise ValueError(f"rules[{j}]: point values and thresholds must be below 2**40")


@traced("kernel.competition_rank")
def competition_rank(scores: ArrayLike) -> Ranking:
    """Standard competition ranks, highest score first: equal scores share a rank, the next is
    skipped ("1224"; wage_assessment.md §8). Scores compare exactly, so pass integer cents or
    already-rounded values. ``order`` lists entities by rank, ties in input order.
    """
    arr = np.asarray(scores)
    s = (_ints("scores", arr) if arr.dtype.kind in "iub" else _floats("scores", arr))
    if s.dtype == np.float64 and np.isnan(s).any():
        raise ValueError(f"scores[{int(np.argmax(np.isnan(s)))}] is NaN")
    order = np.argsort(s, kind="stable").astype(np.int64)
    ranks: IntArray = _backend.module().competition_rank(s, order)
    display = np.lexsort((np.arange(ranks.shape[0]), ranks)).astype(np.int64)
    return Ranking(ranks, display)


@traced("kernel.apportion")
def apportion(weights: Sequence[int] | ArrayLike, house: int, *,
              method: ApportionmentMethod = "webster",
              lower: Sequence[int] | ArrayLike | None = None,
              upper: Sequence[int] | ArrayLike | None = None,
              tie_keys: Sequence[str] | None = None) -> Apportionment:
    """Share ``house`` integer units over entities in proportion to ``weights``, within bounds.

    Methods (blood_quota.md §8): bounded Webster/Sainte-Laguë (default), D'Hondt/Jefferson,
    Adams, Huntington-Hill, and capped Hamilton (largest remainder after exact water-filling).
    Arithmetic is exact: divisor priorities are compared by cross-multiplication, Hamilton uses
    a rational level. Ties go to the smaller ``tie_keys`` entry (byte order; default input order)
    and every tie that decided a unit is reported (§8.4). Entities of weight 0 stay at their
    lower bound. Raises ``InfeasibleBoundsError`` naming the shortfall (§7).

    Weights and bounds given as NumPy integer arrays are checked by whole-array comparisons
    (no Python object per entity): the path for large inputs. Sequences of Python ints are
    checked item by item, which also admits integers beyond 64 bits; both give the same result.
    """
    if method not in APPORTIONMENT_METHODS:
        raise ValueError(f"unknown method {method!r}; expected one of {APPORTIONMENT_METHODS}")
    w = _exact_array("weights", weights)
    n = w.shape[0]
    if isinstance(house, bool) or not isinstance(house, int | np.integer) or house < 0:
        raise ValueError(f"house must be a non-negative integer, got {house!r}")
    house = int(house)
    lo = _constant(n, 0) if lower is None else _exact_array("lower", lower)
    hi = (np.broadcast_to(np.array(house, dtype=np.int64 if house <= _INT64_MAX else object), n)
          if upper is None else _exact_array("upper", upper))
    if lo.shape[0] != n or hi.shape[0] != n:
        raise ValueError(f"lower and upper need {n} entries, got {lo.shape[0]} and {hi.shape[0]}")
    if house > _INT64_MAX:
        w, lo, hi = w.astype(object), lo.astype(object), hi.astype(object)
    rank = _tie_ranks(n, tie_keys)
    effective_hi = (_constant(n, house) if upper is None and hi.dtype == np.int64
                    and (n == 0 or w.min() > 0)
                    else np.where(w > 0, hi if upper is None else np.minimum(hi, house), lo))
    _check_feasible(house, lo, hi, effective_hi, tie_keys)

    # Feasible bounds put every lower and effective upper bound at or below the house.
    fast = (_backend.implementation() == "cython" and w.dtype == np.int64
            and (n == 0 or int(w.max()) < _FAST_LIMIT) and house < _FAST_LIMIT)
    backend = _backend.module() if fast else _reference_module()
    dtype: type = np.int64 if fast else object
    # The compiled passes take C-contiguous arrays; a strided view (a column of a table) is
    # copied once here.
    args: tuple[Any, ...] = (np.ascontiguousarray(w, dtype=dtype), house,
                             np.ascontiguousarray(lo, dtype=dtype),
                             np.ascontiguousarray(effective_hi, dtype=dtype), rank)
    if method == "hamilton":
        seats, winners, losers = backend.hamilton_apportion(*args)
    else:
        seats, winners, losers = backend.divisor_apportion(*args, method)
    seats = np.asarray(seats, dtype=np.int64)
    ties: tuple[ApportionmentTie, ...] = ()
    if len(winners):
        win = tuple(int(i) for i in winners)
        lose = tuple(int(i) for i in losers)
        ties = (ApportionmentTie(tuple(sorted(win + lose)), win, lose, len(win)),)
    at_lower = () if lower is None else _indices(seats == lo)
    at_upper = () if upper is None else _indices(seats == hi)
    return Apportionment(method, seats, ties, at_lower, at_upper)


def _reference_module() -> ModuleType:
    from . import _reference

    return _reference


def _indices(mask: npt.NDArray[np.bool_]) -> tuple[int, ...]:
    return tuple(np.flatnonzero(mask).tolist())


@functools.lru_cache(maxsize=8)
def _constant(n: int, value: int) -> IntArray:
    """A read-only int64 column of ``value`` (a default bound), kept for the next call of the
    same size: fresh memory for a large default column costs more than the kernel's pass."""
    column = np.full(n, value, dtype=np.int64)
    column.flags.writeable = False
    return column


@functools.lru_cache(maxsize=8)
def _identity(n: int) -> IntArray:
    """0 … n-1, read-only: the tie ranks of input order (kept as ``_constant`` is)."""
    column = np.arange(n, dtype=np.int64)
    column.flags.writeable = False
    return column


def _exact_array(name: str, x: Sequence[int] | ArrayLike) -> npt.NDArray[Any]:
    """Non-negative integers, refusing floats and bools so that no rounding can creep in.

    A NumPy integer array is checked by whole-array comparisons and comes back as int64; other
    input is checked item by item and comes back as int64 when it fits, else as an array of
    Python ints.
    """
    if isinstance(x, np.ndarray) and x.dtype.kind in "iu":
        if x.ndim != 1:
            raise ValueError(f"{name} must be 1-dimensional, got shape {x.shape}")
        if x.dtype.kind == "u" and x.size and int(x.max()) > _INT64_MAX:
            return np.array(x.tolist(), dtype=object)
        arr = x.astype(np.int64, copy=False)
        negative = np.flatnonzero(arr < 0)
        if negative.size:
            raise ValueError(f"{name}[{int(negative[0])}] is negative")
        return arr
    values = list(np.asarray(x, dtype=object).ravel())
    if not set(map(type, values)) <= {int}:
        for i, v in enumerate(values):
            if isinstance(v, bool) or not isinstance(v, int | np.integer):
                raise ValueError(f"{name}[{i}] must be an integer, got {v!r}")
        values = [int(v) for v in values]
    if min(values, default=0) < 0:
        raise ValueError(f"{name}[{next(i for i, v in enumerate(values) if v < 0)}] is negative")
    return np.array(values, dtype=np.int64 if max(values, default=0) <= _INT64_MAX else object)


def _tie_ranks(n: int, tie_keys: Sequence[str] | None) -> IntArray:
    """Each entity's place in the tie-break order: ``tie_keys`` in byte order, else input
    order."""
    if tie_keys is None:
        return _identity(n)
    labels = list(tie_keys)
    if len(labels) != n or len(set(labels)) != n:
        raise ValueError("tie_keys must name every entity once")
    keys = [label.encode() for label in labels]
    rank = np.empty(n, dtype=np.int64)
    rank[sorted(range(n), key=keys.__getitem__)] = np.arange(n, dtype=np.int64)
    return rank


def _total(values: npt.NDArray[Any]) -> int:
    """The exact sum (int64 sums that could overflow are done in Python ints)."""
    if values.dtype == object or (values.size and int(values.max())
                                  > _INT64_MAX // values.shape[0]):
        return int(sum(values.tolist()))
    return int(values.sum())


def _check_feasible(house: int, lo: npt.NDArray[Any], hi: npt.NDArray[Any],
                    effective_hi: npt.NDArray[Any], tie_keys: Sequence[str] | None) -> None:
    def label(i: int) -> str:
        return f"entity {i}" if tie_keys is None else tie_keys[i]

    bad = np.flatnonzero(lo > hi)
    if bad.size:
        i = int(bad[0])
        short = int(lo[i]) - int(hi[i])
        raise InfeasibleBoundsError(
            f"{label(i)}: lower bound {lo[i]} exceeds upper bound {hi[i]} (short by {short})",
            shortfall=short, rows=_indices(lo > hi))
    total_lo = _total(lo)
    if total_lo > house:
        raise InfeasibleBoundsError(
            f"sum of lower bounds {total_lo} exceeds pool {house} (excess {total_lo - house})",
            shortfall=total_lo - house, rows=_indices(lo > 0))
    total_hi = _total(effective_hi)
    if total_hi < house:
        raise InfeasibleBoundsError(
            f"sum of upper bounds {total_hi} is below pool {house} (shortfall {house - total_hi})",
            shortfall=house - total_hi, rows=tuple(range(lo.shape[0])))


def day_number(day: date) -> int:
    """Days since 1970-01-01, the date unit of ``compliance_sweep``."""
    return day.toordinal() - _EPOCH_ORDINAL


def from_day_number(days: int) -> date:
    """Inverse of ``day_number``."""
    return date.fromordinal(days + _EPOCH_ORDINAL)


@traced("kernel.compliance_sweep")
def compliance_sweep(*, today: int, manufacture_day: ArrayLike, last_inspection_day: ArrayLike,
                     last_inspection_passed: ArrayLike, design_life_years: ArrayLike,
                     extended_life_years: ArrayLike,
                     policy: CompliancePolicy) -> ComplianceResult:
    """Inspection and service-life status of every item: an LPG cylinder (lpg_registry.md §4,
    §7), an elevator (other_systems.md §1), anything inspected at an interval.

    Dates are day numbers (``day_number``); ``NO_DATE`` marks an item never inspected. A design
    life of 0 years sets no service limit (an elevator has none): its ``service_limit`` is
    ``NO_DATE`` and it is never past its service life.
    ``policy`` is the caller's: interval and warning days are a service's policy, not the
    kernel's. next inspection = (last inspection, else manufacture) + interval years; service
    limit = manufacture + extended life when the last periodic inspection passed and an
    extension applies (GB 5842-2006: 8 → 12 years; 0 = no extension), else + design life.
    "+ n years" keeps month and day, 29 Feb → 28 Feb. Status: past service life (today ≥ limit) >
    inspection overdue (today ≥ next) > due soon (within ``warning_days`` of the earlier date)
    > ok; ``days_left`` counts to that earlier date.
    """
    made = _ints("manufacture_day", manufacture_day, np.int32)
    last = _ints("last_inspection_day", last_inspection_day, np.int32)
    passed = _ints("last_inspection_passed", last_inspection_passed, np.int8)
    life = _ints("design_life_years", design_life_years, np.int32)
    ext = _ints("extended_life_years", extended_life_years, np.int32)
    _same_length(made.shape[0], last_inspection_day=last, last_inspection_passed=passed,
                 design_life_years=life, extended_life_years=ext)
    if not 0 < policy.inspection_interval_years <= 100 or not 0 <= policy.warning_days <= 3660:
        raise ValueError(f"implausible compliance policy {policy}")
    if not -(2**30) <= today <= 2**30:
        raise ValueError(f"today {today} is outside the supported day range")
    status, days_left, nxt, limit = _backend.module().compliance(
        made, last, passed, life, ext, int(today), policy.inspection_interval_years,
        policy.warning_days, _backend.threads_for(made.shape[0]))
    return ComplianceResult(status, days_left, nxt, limit)
