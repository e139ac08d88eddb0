"""Plain-Python twin of ``_scoring``: same functions, same arguments, same results.

It is the oracle of the property tests and the baseline of the benchmarks, so it favours the
obvious formulation (textbook greedy apportionment, ``datetime.date`` calendar arithmetic) over
speed. Floating-point steps follow the Cython loops operation by operation, so results agree to
the last bit; the grouped sums use the same fixed chunking for the same reason.
"""

from __future__ import annotations

import heapq
import math
from datetime import date
from fractions import Fraction

import numpy as np

from . import _errors
from .types import NO_DATE, FloatArray, Int8Array, Int32Array, IntArray

NAN = math.nan
EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
ROUND_SLACK = 1e-7
"""Absorbs binary representation error before half-up rounding (92.665 is 92.66499… in binary)."""

MAX_DAY = 2**30
MAX_YEARS = 200
_METHOD_CODES = {"webster": 0, "dhondt": 1, "adams": 2, "huntington_hill": 3}


def chunk_bounds(n: int) -> list[tuple[int, int]]:
    """The fixed chunking of the grouped sums: 4 chunks from 65,536 rows, else one."""
    chunks = 4 if n >= 65536 else 1
    return [(c * n // chunks, (c + 1) * n // chunks) for c in range(chunks)]


def _round(x: float, scale: float) -> float:
    if scale <= 0.0 or math.isnan(x):
        return x
    return math.floor(x * scale + 0.5 + ROUND_SLACK) / scale


def _clamp100(x: float) -> float:
    return 0.0 if x < 0.0 else (100.0 if x > 100.0 else x)


def damage_ratio(distress: FloatArray, weights: FloatArray, area: FloatArray,
                 threads: int) -> FloatArray:
    """DR = 100·Σ wᵢAᵢ / A, capped at 100; NaN when any area of the row is NaN."""
    del threads
    rows, w, a = distress.tolist(), weights.tolist(), area.tolist()
    out: list[float] = []
    for i, row in enumerate(rows):
        out.append(_dr_row(i, row, w, a[i]))
    return np.array(out, dtype=np.float64)


def _dr_row(i: int, row: list[float], w: list[float], area: float) -> float:
    s = 0.0
    for j, x in enumerate(row):
        if x < 0.0:
            _errors.raise_for(_errors.PAVEMENT, 2, i)
        s += w[j] * x
    if area <= 0.0:
        _errors.raise_for(_errors.PAVEMENT, 3, i)
    if math.isnan(s) or math.isnan(area):
        return NAN
    dr = 100.0 * s / area
    return 100.0 if dr > 100.0 else dr


def pavement(n: int, dr_in: FloatArray, distress: FloatArray, weights: FloatArray,
             area: FloatArray, iri: FloatArray, rut: FloatArray, bumps: FloatArray,
             wear: FloatArray, coef: FloatArray, decimals: int,
             threads: int) -> tuple[FloatArray, ...]:
    """Fused pavement pass; an empty input array means "not measured for any unit".

    Indices without inputs come back empty, as from the compiled kernel.
    """
    del threads
    c = coef.tolist()
    scale = 10.0 ** decimals if decimals >= 0 else 0.0
    dr_l, dist_l, w_l, area_l = dr_in.tolist(), distress.tolist(), weights.tolist(), area.tolist()
    iri_l, rut_l, bumps_l, wear_l = iri.tolist(), rut.tolist(), bumps.tolist(), wear.tolist()
    cols: list[list[float]] = [[] for _ in range(7)]
    for i in range(n):
        if dr_l:
            dr = dr_l[i]
            if dr < 0.0:
                _errors.raise_for(_errors.PAVEMENT, 1, i)
            dr = 100.0 if dr > 100.0 else dr
        elif dist_l:
            dr = _dr_row(i, dist_l[i], w_l, area_l[i])
        else:
            dr = NAN
        x_iri = iri_l[i] if iri_l else NAN
        if x_iri < 0.0:
            _errors.raise_for(_errors.PAVEMENT, 4, i)
        x_rut = rut_l[i] if rut_l else NAN
        if x_rut < 0.0:
            _errors.raise_for(_errors.PAVEMENT, 5, i)
        b = bumps_l[i] if bumps_l else [NAN, NAN, NAN]
        if b[0] < 0.0 or b[1] < 0.0 or b[2] < 0.0:
            _errors.raise_for(_errors.PAVEMENT, 6, i)
        x_wear = wear_l[i] if wear_l else NAN
        if x_wear < 0.0:
            _errors.raise_for(_errors.PAVEMENT, 7, i)

        pci = (_round(_clamp100(100.0 - c[0] * math.pow(dr, c[1])), scale)
               if not math.isnan(dr) else NAN)
        rqi = (_round(100.0 / (1.0 + c[2] * math.exp(c[3] * x_iri)), scale)
               if not math.isnan(x_iri) else NAN)
        if math.isnan(x_rut):
            rdi = NAN
        elif x_rut <= c[6]:
            rdi = _round(_clamp100(100.0 - c[4] * x_rut), scale)
        elif x_rut <= c[7]:
            rdi = _round(_clamp100(c[8] - c[5] * (x_rut - c[6])), scale)
        else:
            rdi = 0.0
        pbi_raw = 100.0 - (c[9] * b[0] + c[10] * b[1] + c[11] * b[2])
        pbi = (_round(0.0 if pbi_raw < 0.0 else pbi_raw, scale)
               if not math.isnan(pbi_raw) else NAN)
        if not math.isnan(x_wear):
            wr = 100.0 if x_wear > 100.0 else x_wear
            pwi = _round(_clamp100(100.0 - c[12] * math.pow(wr, c[13])), scale)
        else:
            pwi = NAN
        num = 0.0
        den = 0.0
        for weight, x in ((c[14], pci), (c[15], rqi), (c[16], rdi), (c[17], pbi), (c[18], pwi)):
            if weight > 0.0 and not math.isnan(x):
                num += weight * x
                den += weight
        pqi = _round(num / den, scale) if den > 0.0 else NAN
        for col, value in zip(cols, (dr, pci, rqi, rdi, pbi, pwi, pqi), strict=True):
            col.append(value)
    present = (bool(dr_l or dist_l),) * 2 + (bool(iri_l), bool(rut_l), bool(bumps_l),
                                              bool(wear_l), True)
    return tuple(np.array(col if keep else [], dtype=np.float64)
                 for col, keep in zip(cols, present, strict=True))


def condition(pqi: FloatArray, sci: FloatArray, bci: FloatArray, tci: FloatArray,
              structure: Int8Array, coef: FloatArray, decimals: int,
              threads: int) -> FloatArray:
    """MQI = wSCI·SCI + wPQI·PQI + wBCI·BCI + wTCI·TCI (``coef`` = the four weights and the
    dangerous structure class); NaN where an index is missing; 0 where the unit holds a
    structure of the dangerous class."""
    del threads
    c = coef.tolist()
    scale = 10.0 ** decimals if decimals >= 0 else 0.0
    out = []
    for i, (p, s, b, t, k) in enumerate(zip(pqi.tolist(), sci.tolist(), bci.tolist(),
                                            tci.tolist(), structure.tolist(), strict=True)):
        for code, x in ((1, p), (2, s), (3, b), (4, t)):
            if x < 0.0 or x > 100.0:
                _errors.raise_for(_errors.CONDITION, code, i)
        if k < 0 or k > c[4]:
            _errors.raise_for(_errors.CONDITION, 5, i)
        v = c[0] * s + c[1] * p + c[2] * b + c[3] * t
        out.append(0.0 if k == c[4] else _round(v, scale))
    return np.array(out, dtype=np.float64)


def grouped(values: FloatArray, lengths: FloatArray, groups: IntArray, n_groups: int,
            threshold: float, threads: int) -> tuple[FloatArray, ...]:
    """Per group: evaluated length, total length, Σv·L, Σv, length with v ≥ threshold, count."""
    del threads
    v_l, l_l, g_l = values.tolist(), lengths.tolist(), groups.tolist()
    totals = [[0.0] * n_groups for _ in range(6)]
    for start, stop in chunk_bounds(len(v_l)):
        acc = [[0.0] * n_groups for _ in range(6)]
        for i in range(start, stop):
            length, g, v = l_l[i], g_l[i], v_l[i]
            if not length >= 0.0:
                _errors.raise_for(_errors.GROUPED, 1, i)
            if g < 0 or g >= n_groups:
                _errors.raise_for(_errors.GROUPED, 2, i)
            acc[1][g] += length
            if not math.isnan(v):
                acc[0][g] += length
                acc[2][g] += v * length
                acc[3][g] += v
                if v >= threshold:
                    acc[4][g] += length
                acc[5][g] += 1.0
        for k in range(6):
            for g in range(n_groups):
                totals[k][g] += acc[k][g]
    return tuple(np.array(t, dtype=np.float64) for t in totals)


def band(scores: FloatArray, lowers: FloatArray, threads: int) -> Int8Array:
    """Index of the first band whose lower bound the score reaches; -1 for NaN."""
    del threads
    bounds = lowers.tolist()
    out: list[int] = []
    for i, s in enumerate(scores.tolist()):
        if math.isnan(s):
            out.append(-1)
            continue
        for k, lower in enumerate(bounds):
            if s >= lower:
                out.append(k)
                break
        else:
            _errors.raise_for(_errors.BANDING, 1, i)
    return np.array(out, dtype=np.int8)


def _reaches(num: int, den: int, t_num: int, t_den: int) -> bool:
    return num * t_den >= den * t_num


def score_indicators(rule_type: Int8Array, max_cents: IntArray, step_cents: IntArray,
                     t_num: IntArray, t_den: IntArray, proportional: Int8Array,
                     vacuous: Int8Array, ladder_offsets: IntArray, ladder_num: IntArray,
                     ladder_den: IntArray, ladder_points: IntArray, values: IntArray,
                     denominators: IntArray) -> tuple[IntArray, IntArray]:
    """Item scores in hundredths of a point, exact; see ``api.score_indicators``."""
    rt, mx, st = rule_type.tolist(), max_cents.tolist(), step_cents.tolist()
    tn, td, prop, vac = t_num.tolist(), t_den.tolist(), proportional.tolist(), vacuous.tolist()
    lo, ln, ld, lp = (ladder_offsets.tolist(), ladder_num.tolist(), ladder_den.tolist(),
                      ladder_points.tolist())
    items: list[list[int]] = []
    for u, (row, dens) in enumerate(zip(values.tolist(), denominators.tolist(), strict=True)):
        out: list[int] = []
        for j, (v, d) in enumerate(zip(row, dens, strict=True)):
            out.append(_score_item(u, j, rt[j], mx[j], st[j], tn[j], td[j], prop[j], vac[j],
                                   list(zip(ln[lo[j]:lo[j + 1]], ld[lo[j]:lo[j + 1]],
                                            lp[lo[j]:lo[j + 1]], strict=True)), v, d))
        items.append(out)
    item_arr = np.array(items, dtype=np.int64).reshape(values.shape)
    return item_arr, item_arr.sum(axis=1, dtype=np.int64)


def _score_item(u: int, j: int, rt: int, mx: int, step: int, tn: int, td: int, prop: int,
                vac: int, ladder: list[tuple[int, int, int]], v: int, d: int) -> int:
    where = (u, j)
    if v < 0:
        _errors.raise_for(_errors.INDICATORS, 1, where)
    if d < 0:
        _errors.raise_for(_errors.INDICATORS, 6, where)
    if vac and d == 0:
        return mx
    if rt == 0:
        if v > mx:
            _errors.raise_for(_errors.INDICATORS, 2, where)
        return v
    if rt == 1:
        return max(0, mx - step * v)
    if rt == 2:
        if v > 1:
            _errors.raise_for(_errors.INDICATORS, 3, where)
        return mx if v == 1 else 0
    if d == 0:
        _errors.raise_for(_errors.INDICATORS, 5, where)
    if v > d:
        _errors.raise_for(_errors.INDICATORS, 4, where)
    if rt == 3:
        if _reaches(v, d, tn, td):
            return mx
        if prop:
            num, den = mx * v * td, d * tn
            return (2 * num + den) // (2 * den)
        return 0
    return max([p for sn, sd, p in ladder if _reaches(v, d, sn, sd)], default=0)


def competition_rank(scores: FloatArray | IntArray, order: IntArray) -> IntArray:
    """Rank = 1 + number of strictly higher scores ("1224"); ``order`` sorts scores ascending."""
    del order
    s = scores.tolist()
    ranks = [1 + sum(1 for x in s if x > mine) for mine in s]
    return np.array(ranks, dtype=np.int64)


def _priority(method: int, w: int, k: int) -> tuple[int, int]:
    """Priority of entity weight ``w`` for its (k+1)-th unit, as (numerator, denominator)."""
    if method == 0:
        return 2 * w, 2 * k + 1
    if method == 1:
        return w, k + 1
    if method == 2:
        return w, k
    return w * w, k * (k + 1)


def _as_fraction(p: tuple[int, int]) -> Fraction | None:
    """None stands for an infinite priority (divisor 0)."""
    return None if p[1] == 0 else Fraction(p[0], p[1])


class _NextUnit:
    """Heap entry: entity ``idx`` asking for its next unit; ``a < b`` means a is served first."""

    __slots__ = ("den", "idx", "num", "rank")

    def __init__(self, p: tuple[int, int], rank: int, idx: int) -> None:
        self.num, self.den = p
        self.rank = rank
        self.idx = idx

    def __lt__(self, other: _NextUnit) -> bool:
        if self.den == 0 or other.den == 0:
            if self.den == other.den:
                return self.rank < other.rank
            return self.den == 0
        a, b = self.num * other.den, other.num * self.den
        return a > b or (a == b and self.rank < other.rank)


def divisor_apportion(weights: IntArray, house: int, lo: IntArray, hi: IntArray,
                      rank: IntArray, method: str) -> tuple[IntArray, IntArray, IntArray]:
    """Textbook greedy (blood_quota.md §8.1): from the lower bounds, one unit at a time."""
    code = _METHOD_CODES[method]
    w, s, h, r = weights.tolist(), lo.tolist(), hi.tolist(), rank.tolist()
    heap = [_NextUnit(_priority(code, w[i], s[i]), r[i], i)
            for i in range(len(w)) if w[i] > 0 and s[i] < h[i]]
    heapq.heapify(heap)
    for _ in range(house - sum(s)):
        i = heapq.heappop(heap).idx
        s[i] += 1
        if s[i] < h[i]:
            heapq.heappush(heap, _NextUnit(_priority(code, w[i], s[i]), r[i], i))
    winners, losers = _divisor_ties(code, w, s, lo.tolist(), h)
    return (np.array(s, dtype=np.int64), np.array(winners, dtype=np.int64),
            np.array(losers, dtype=np.int64))


def _divisor_ties(code: int, w: list[int], s: list[int], lo: list[int],
                  hi: list[int]) -> tuple[list[int], list[int]]:
    """Entities whose last unit and whose next unit have the same priority, when that decided."""
    last = {i: _as_fraction(_priority(code, w[i], s[i] - 1))
            for i in range(len(w)) if s[i] > lo[i]}
    nxt = {j: _as_fraction(_priority(code, w[j], s[j]))
           for j in range(len(w)) if w[j] > 0 and s[j] < hi[j]}
    if not last or not nxt:
        return [], []
    inf_last = [i for i, f in last.items() if f is None]
    worst_last = (None if len(inf_last) == len(last)
                  else min(f for f in last.values() if f is not None))
    best_next = None if any(f is None for f in nxt.values()) else max(
        f for f in nxt.values() if f is not None)
    if worst_last != best_next:
        return [], []
    return ([i for i, f in last.items() if f == worst_last],
            [j for j, f in nxt.items() if f == best_next])


def hamilton_apportion(weights: IntArray, house: int, lo: IntArray, hi: IntArray,
                       rank: IntArray) -> tuple[IntArray, IntArray, IntArray]:
    """Capped largest remainder by exact water-filling (blood_quota.md §8.2)."""
    w, lo_l, hi_l, r = weights.tolist(), lo.tolist(), hi.tolist(), rank.tolist()
    lam = _water_level(w, house, lo_l, hi_l)
    t = [min(max(lam * wi, Fraction(lo_l[i])), Fraction(hi_l[i])) if wi > 0 else Fraction(lo_l[i])
         for i, wi in enumerate(w)]
    s = [math.floor(x) for x in t]
    frac = [x - si for x, si in zip(t, s, strict=True)]
    left = house - sum(s)
    order = sorted((i for i in range(len(w)) if frac[i] > 0), key=lambda i: (-frac[i], r[i]))
    for i in order[:left]:
        s[i] += 1
    winners: list[int] = []
    losers: list[int] = []
    if 0 < left < len(order) and frac[order[left - 1]] == frac[order[left]]:
        boundary = frac[order[left]]
        winners = [i for i in order[:left] if frac[i] == boundary]
        losers = [i for i in order[left:] if frac[i] == boundary]
    return (np.array(s, dtype=np.int64), np.array(sorted(winners), dtype=np.int64),
            np.array(sorted(losers), dtype=np.int64))


def _water_level(w: list[int], house: int, lo: list[int], hi: list[int]) -> Fraction:
    """λ with Σ clamp(λ·wᵢ, loᵢ, hiᵢ) = house, solved exactly on its linear segment."""
    events: list[tuple[Fraction, int, int]] = []
    for i, wi in enumerate(w):
        if wi > 0:
            events.append((Fraction(lo[i], wi), 0, i))
            events.append((Fraction(hi[i], wi), 1, i))
    events.sort()
    fixed, free = sum(lo), 0
    if fixed >= house:
        return Fraction(0)
    for lam, kind, i in events:
        if fixed + lam * free >= house:
            return Fraction(house - fixed, free)
        if kind == 0:
            fixed -= lo[i]
            free += w[i]
        else:
            fixed += hi[i]
            free -= w[i]
    return Fraction(house - fixed, free) if free else Fraction(0)


def _add_years(day: int, years: int) -> int:
    d = date.fromordinal(day + EPOCH_ORDINAL)
    try:
        moved = d.replace(year=d.year + years)
    except ValueError:
        moved = d.replace(year=d.year + years, day=28)
    return moved.toordinal() - EPOCH_ORDINAL


def compliance(manufacture: Int32Array, last_inspection: Int32Array, passed: Int8Array,
               design_life: Int32Array, extended_life: Int32Array, today: int,
               interval_years: int, warning_days: int,
               threads: int) -> tuple[Int8Array, Int32Array, Int32Array, Int32Array]:
    """Inspection and service-life status by lpg_registry.md §4 (dates as days since
    1970-01-01); a design life of 0 years sets no service limit (``NO_DATE``)."""
    del threads
    status: list[int] = []
    days_left: list[int] = []
    nexts: list[int] = []
    limits: list[int] = []
    rows = zip(manufacture.tolist(), last_inspection.tolist(), passed.tolist(),
               design_life.tolist(), extended_life.tolist(), strict=True)
    for i, (made, last, ok, life, ext) in enumerate(rows):
        if not -MAX_DAY <= made <= MAX_DAY:
            _errors.raise_for(_errors.COMPLIANCE, 1, i)
        if last != NO_DATE and not made <= last <= MAX_DAY:
            _errors.raise_for(_errors.COMPLIANCE, 2, i)
        if not 0 <= life <= MAX_YEARS:
            _errors.raise_for(_errors.COMPLIANCE, 3, i)
        if ext != 0 and (life == 0 or not life <= ext <= MAX_YEARS):
            _errors.raise_for(_errors.COMPLIANCE, 4, i)
        inspected = last != NO_DATE
        nxt = _add_years(last if inspected else made, interval_years)
        extended = ext > 0 and inspected and ok != 0
        limit = NO_DATE if life == 0 else _add_years(made, ext if extended else life)
        due = nxt if limit == NO_DATE else min(nxt, limit)
        if limit != NO_DATE and today >= limit:
            code = 3
        elif today >= nxt:
            code = 2
        elif today >= due - warning_days:
            code = 1
        else:
            code = 0
        status.append(code)
        days_left.append(due - today)
        nexts.append(nxt)
        limits.append(limit)
    return (np.array(status, dtype=np.int8), np.array(days_left, dtype=np.int32),
            np.array(nexts, dtype=np.int32), np.array(limits, dtype=np.int32))


def pow_exp_floor(dr: FloatArray, iri: FloatArray, pci_a1: float, rqi_a1: float,
                  threads: int, arrays: int = 1) -> FloatArray:
    """Only the libm calls of the pavement pass: the benchmark floor (``arrays`` only changes
    how much memory the compiled twin writes, not the returned values)."""
    del threads
    if arrays not in (1, 4):
        raise ValueError(f"arrays must be 1 or 4, got {arrays}")
    return np.array([math.pow(d, pci_a1) + math.exp(rqi_a1 * x)
                     for d, x in zip(dr.tolist(), iri.tolist(), strict=True)], dtype=np.float64)
