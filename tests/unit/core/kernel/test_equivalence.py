"""Hypothesis: the compiled kernel and the Python reference give the same answers.

Floats are compared exactly: the two follow the same operations in the same order on the same
libm, so any difference is a bug, not rounding noise. Errors must match too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from cityscore.core import kernel
from cityscore.core.kernel import IndicatorRule, RuleType
from cityscore.core.kernel.parameters import pavement_parameters, pavement_set_ids
from cityscore.services.lpg_registry.domain import load_policy
from cityscore.services.rural_roads.domain import load_rules

from .conftest import needs_cython, run_both

pytestmark = needs_cython
FAST = settings(max_examples=60, deadline=None)


def _outcome(call: Callable[[], Any]) -> Any:
    try:
        return ("ok", call())
    except ValueError as exc:
        return ("error", type(exc), str(exc))


def _same(call: Callable[[], Any]) -> None:
    compiled, reference = run_both(lambda: _outcome(call))
    assert compiled[0] == reference[0], (compiled, reference)
    if compiled[0] == "error":
        assert compiled == reference
        return
    a, b = compiled[1], reference[1]
    if isinstance(a, tuple):
        assert a == b
        return
    if isinstance(a, np.ndarray):
        np.testing.assert_array_equal(a, b)
        assert a.dtype == b.dtype
        return
    for name in a.__slots__:
        x, y = getattr(a, name), getattr(b, name)
        np.testing.assert_array_equal(x, y, err_msg=name)
        assert np.asarray(x).dtype == np.asarray(y).dtype, name


def _column(n: int, lo: float, hi: float) -> st.SearchStrategy[np.ndarray]:
    element = st.one_of(st.floats(lo, hi), st.just(float("nan")))
    return hnp.arrays(np.float64, n, elements=element)


@st.composite
def pavement_inputs(draw: st.DrawFn) -> dict[str, Any]:
    n = draw(st.integers(0, 40))
    kwargs: dict[str, Any] = {}
    if draw(st.booleans()):
        k = draw(st.integers(1, 4))
        kwargs["distress_area"] = draw(hnp.arrays(np.float64, (n, k), elements=st.one_of(
            st.floats(-1, 500), st.just(float("nan")))))
        kwargs["distress_weights"] = draw(hnp.arrays(np.float64, k, elements=st.floats(0, 1)))
        kwargs["surveyed_area"] = draw(_column(n, -10, 8000))
    elif draw(st.booleans()):
        kwargs["damage_ratio"] = draw(_column(n, -0.01, 150))
    for name, hi in (("iri", 20.0), ("rut_depth", 60.0), ("wear_ratio", 120.0)):
        if draw(st.booleans()):
            kwargs[name] = draw(_column(n, -0.01, hi))
    if draw(st.booleans()):
        kwargs["bumps"] = draw(hnp.arrays(np.float64, (n, 3), elements=st.one_of(
            st.integers(-1, 5).map(float), st.just(float("nan")))))
    if not kwargs:
        kwargs["iri"] = draw(_column(n, 0, 10))
    return kwargs


@FAST
@given(pavement_inputs(), st.sampled_from(pavement_set_ids()))
def test_pavement(inputs: dict[str, Any], set_id: str) -> None:
    params = pavement_parameters(set_id)
    _same(lambda: kernel.pavement_indices(params, **inputs))


@FAST
@given(st.integers(0, 50).flatmap(lambda n: st.tuples(*(
    [_column(n, -0.01, 100.01) for _ in range(4)]
    + [hnp.arrays(np.int64, n, elements=st.integers(0, 6))]))),
    st.sampled_from([(0.08, 0.70, 0.12, 0.10), (0.16, 0.60, 0.12, 0.12)]))
def test_condition(data: tuple[np.ndarray, ...],
                   weights: tuple[float, float, float, float]) -> None:
    pqi, sci, bci, tci, structure = data
    w = kernel.ConditionWeights(*weights)
    _same(lambda: kernel.condition_index(w, pqi=pqi, sci=sci, bci=bci, tci=tci,
                                         structure_class=structure))


def test_condition_large_chunks_agree_bit_for_bit() -> None:
    rng = np.random.default_rng(5)
    n = 70_000
    columns = [rng.uniform(0, 100, n) for _ in range(4)]
    structure = rng.integers(0, 6, n)
    w = kernel.ConditionWeights(0.08, 0.70, 0.12, 0.10)
    _same(lambda: kernel.condition_index(w, pqi=columns[0], sci=columns[1], bci=columns[2],
                                         tci=columns[3], structure_class=structure))


@FAST
@given(st.integers(0, 60).flatmap(lambda n: st.tuples(
    _column(n, -50, 150), hnp.arrays(np.float64, n, elements=st.floats(-1, 2000)),
    hnp.arrays(np.int64, n, elements=st.integers(-1, 6)))), st.integers(0, 6),
    st.one_of(st.none(), st.floats(0, 100)))
def test_grouped(data: tuple[np.ndarray, np.ndarray, np.ndarray], n_groups: int,
                 threshold: float | None) -> None:
    values, lengths, groups = data
    _same(lambda: kernel.grouped_length_weighted(values, lengths, groups, n_groups=n_groups,
                                                 threshold=threshold))


def test_grouped_large_chunks_agree_bit_for_bit() -> None:
    rng = np.random.default_rng(3)
    n = 70_000
    values = rng.uniform(0, 100, n)
    lengths = rng.uniform(0, 1000, n)
    groups = rng.integers(0, 50, n)
    _same(lambda: kernel.grouped_length_weighted(values, lengths, groups, n_groups=50,
                                                 threshold=70.0))


@FAST
@given(_column(30, -5, 105))
def test_banding(scores: np.ndarray) -> None:
    _same(lambda: kernel.band_scores(scores, load_rules().bands))


@st.composite
def indicator_tables(draw: st.DrawFn) -> tuple[list[IndicatorRule], np.ndarray, np.ndarray]:
    m = draw(st.integers(1, 6))
    rules = []
    for _ in range(m):
        kind = draw(st.sampled_from(list(RuleType)))
        mx = draw(st.integers(0, 1500))
        ladder = tuple(draw(st.lists(st.tuples(st.integers(0, 100), st.just(100),
                                               st.integers(0, mx)), min_size=1, max_size=3)))
        rules.append(IndicatorRule(kind, mx, step_cents=draw(st.integers(0, 200)),
                                   threshold=(draw(st.integers(1, 100)), 100),
                                   proportional=draw(st.booleans()),
                                   vacuous_full=draw(st.booleans()),
                                   ladder=ladder if kind is RuleType.LADDER else ()))
    n = draw(st.integers(0, 5))
    values = draw(hnp.arrays(np.int64, (n, m), elements=st.integers(-1, 1600)))
    dens = draw(hnp.arrays(np.int64, (n, m), elements=st.integers(-1, 1600)))
    return rules, values, dens


@FAST
@given(indicator_tables())
def test_indicators(table: tuple[list[IndicatorRule], np.ndarray, np.ndarray]) -> None:
    rules, values, dens = table
    _same(lambda: kernel.score_indicators(rules, values, dens))


@FAST
@given(st.lists(st.integers(0, 6), max_size=30))
def test_ranking(scores: list[int]) -> None:
    _same(lambda: kernel.competition_rank(scores))


@st.composite
def apportionment_cases(draw: st.DrawFn) -> dict[str, Any]:
    n = draw(st.integers(1, 12))
    weights = draw(st.lists(st.integers(0, 60), min_size=n, max_size=n))
    lower = draw(st.lists(st.integers(0, 5), min_size=n, max_size=n))
    upper = [lo + draw(st.integers(0, 40)) for lo in lower]
    house = draw(st.integers(0, 120))
    return {"weights": weights, "house": house, "lower": lower, "upper": upper,
            "method": draw(st.sampled_from(("hamilton", "dhondt", "webster", "huntington_hill",
                                            "adams")))}


@settings(max_examples=150, deadline=None)
@given(apportionment_cases())
def test_apportionment(case: dict[str, Any]) -> None:
    _same(lambda: _tuple(kernel.apportion(**case)))


def _tuple(result: kernel.Apportionment) -> tuple[Any, ...]:
    return (result.seats.tolist(), result.ties, result.at_lower_bound, result.at_upper_bound)


@pytest.mark.parametrize("method", ["webster", "dhondt", "huntington_hill", "adams"])
def test_apportionment_large_random_against_reference(method: str) -> None:
    rng = np.random.default_rng(11)
    weights = rng.integers(1, 1_000_000, 300).tolist()
    upper = rng.integers(50, 2_000, 300).tolist()
    _same(lambda: _tuple(kernel.apportion(weights, 100_000, method=method,  # type: ignore[arg-type]
                                          lower=[20] * 300, upper=upper)))


@pytest.mark.parametrize("method", ["webster", "dhondt", "huntington_hill", "adams"])
def test_apportionment_many_equal_weights_against_reference(method: str) -> None:
    """Thousands of entities on a few weights: the units between the compiled path's two float
    estimates tie in priority and are ordered by tie rank alone, as the greedy reference does."""
    rng = np.random.default_rng(12)
    weights = rng.choice([0, 7, 14, 21, 1_000_003], 3_000)
    upper = rng.integers(0, 40, 3_000)
    keys = [f"k{int(i)}" for i in rng.permutation(3_000)]
    for house in (1_234, 25_000):
        def run(house: int = house) -> tuple[Any, ...]:
            return _tuple(kernel.apportion(weights, house, method=method,  # type: ignore[arg-type]
                                           upper=upper, tie_keys=keys))

        _same(run)


def test_compliance_fleet_through_a_day_table_agrees_with_reference() -> None:
    """A fleet large against the days it spans takes the compiled path's day table (about 700
    days × 13 lives = 9,100 entries, at least four rows each): 29 February, uninspected and
    failed rows, no-limit (life 0) and extended lives included."""
    rng = np.random.default_rng(6)
    n = 60_000
    made = rng.integers(10_990, 11_100, n).astype(np.int32)  # 2000-02-03 … 2000-05-23
    made[:500] = 11_016  # 2000-02-29
    last = (made + rng.integers(0, 600, n)).astype(np.int32)
    last[::4] = kernel.NO_DATE
    life = rng.choice([0, 8, 10], n).astype(np.int32)
    ext = np.where((life == 8) & (rng.random(n) < 0.5), 12, 0).astype(np.int32)
    passed = (rng.random(n) < 0.8).astype(np.int8)
    for today in (11_016, 13_000, 16_000):
        def sweep(today: int = today) -> kernel.ComplianceResult:
            return kernel.compliance_sweep(
                today=today, manufacture_day=made, last_inspection_day=last,
                last_inspection_passed=passed, design_life_years=life,
                extended_life_years=ext, policy=load_policy().kernel_policy)

        _same(sweep)


@FAST
@given(st.integers(1, 30).flatmap(lambda n: st.tuples(
    hnp.arrays(np.int32, n, elements=st.integers(-30000, 30000)),
    hnp.arrays(np.int32, n, elements=st.one_of(st.integers(-30000, 40000),
                                               st.just(kernel.NO_DATE))),
    hnp.arrays(np.int8, n, elements=st.integers(0, 1)),
    hnp.arrays(np.int32, n, elements=st.integers(0, 20)),
    hnp.arrays(np.int32, n, elements=st.integers(0, 25)))), st.integers(-30000, 60000))
def test_compliance(columns: tuple[np.ndarray, ...], today: int) -> None:
    made, last, passed, life, ext = columns
    _same(lambda: kernel.compliance_sweep(
        today=today, manufacture_day=made, last_inspection_day=last,
        last_inspection_passed=passed, design_life_years=life, extended_life_years=ext,
        policy=load_policy().kernel_policy))
