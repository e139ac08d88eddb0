"""Apportionment: 10,000,000 units over 100,000 entities, bounded and unbounded, against a
NumPy Webster; and the PyPI package.

The package builds an entities × house matrix, so it is compared on the same unbounded case at
a size it can hold (``PACKAGE_N`` × ``PACKAGE_HOUSE``); results must be identical.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from apportionment import methods as package

from cityscore.core import kernel

from .conftest import FULL, measure

ENTITIES = 100_000 if FULL else 10_000
HOUSE = 10_000_000 if FULL else 1_000_000
PACKAGE_N = 1_000
PACKAGE_HOUSE = 10_000
PARTIES = [f"e{i}" for i in range(PACKAGE_N)]


@pytest.fixture(scope="module")
def population() -> np.ndarray:
    return np.random.default_rng(8).integers(1_000, 2_000_000, ENTITIES)


def numpy_webster(weights: np.ndarray, house: int) -> np.ndarray:
    """Unbounded Webster in NumPy: round at the divisor W/H, then move units by float
    priorities w/(s ± ½) until every unit given outranks every unit not given."""
    w = weights.astype(np.float64)
    seats: np.ndarray = np.floor(w * (house / w.sum()) + 0.5).astype(np.int64)
    while True:
        short = house - int(seats.sum())
        next_unit = w / (seats + 0.5)
        last_unit = np.where(seats > 0, w / (seats - 0.5), np.inf)
        if short > 0:
            seats[np.argpartition(next_unit, -short)[-short:]] += 1
        elif short < 0:
            seats[np.argpartition(last_unit, -short - 1)[:-short]] -= 1
        elif last_unit.min() < next_unit.max():
            seats[np.argmin(last_unit)] -= 1
            seats[np.argmax(next_unit)] += 1
        else:
            return seats


@pytest.mark.benchmark(group="apportionment")
def test_kernel_unbounded(benchmark: Any, population: np.ndarray) -> None:
    """The API on an int64 array: whole-array checks, then the compiled divisor method."""
    r = measure(benchmark, kernel.apportion, population, HOUSE)
    assert r.ties == ()
    np.testing.assert_array_equal(r.seats, numpy_webster(population, HOUSE))


@pytest.mark.benchmark(group="apportionment")
def test_numpy_webster(benchmark: Any, population: np.ndarray) -> None:
    seats = measure(benchmark, numpy_webster, population, HOUSE)
    assert int(seats.sum()) == HOUSE


@pytest.mark.benchmark(group="apportionment")
def test_kernel_unbounded_from_a_list(benchmark: Any, population: np.ndarray) -> None:
    """The same call given a list of Python ints, checked item by item."""
    weights = population.tolist()
    r = measure(benchmark, kernel.apportion, weights, HOUSE)
    np.testing.assert_array_equal(r.seats, numpy_webster(population, HOUSE))


@pytest.mark.benchmark(group="apportionment")
def test_kernel_bounded(benchmark: Any, population: np.ndarray) -> None:
    lower = np.full(ENTITIES, 20)
    quota = population * HOUSE // int(population.sum())
    largest = population >= np.quantile(population, 0.9)
    upper = np.where(largest, quota * 9 // 10, HOUSE).astype(np.int64)
    r = measure(benchmark, kernel.apportion, population, HOUSE, lower=lower, upper=upper)
    assert int(r.seats.sum()) == HOUSE and (r.seats >= lower).all() and (r.seats <= upper).all()
    assert len(r.at_upper_bound) > 0


def _weights() -> list[int]:
    weights: list[int] = np.random.default_rng(9).integers(1_000, 2_000_000, PACKAGE_N).tolist()
    return weights


@pytest.mark.benchmark(group="apportionment-package")
def test_kernel_unbounded_package_size(benchmark: Any) -> None:
    weights = _weights()
    r = measure(benchmark, kernel.apportion, weights, PACKAGE_HOUSE)
    assert r.ties == ()
    assert r.seats.tolist() == package.compute("saintelague", weights, PACKAGE_HOUSE,
                                               parties=PARTIES, tiesallowed=False)


@pytest.mark.benchmark(group="apportionment-package")
def test_package_unbounded(benchmark: Any) -> None:
    weights = _weights()
    seats = measure(benchmark, package.compute, "saintelague", weights, PACKAGE_HOUSE,
                    parties=PARTIES, tiesallowed=False, rounds=3)
    assert sum(seats) == PACKAGE_HOUSE


@pytest.mark.benchmark(group="apportionment-package")
def test_reference_unbounded(benchmark: Any) -> None:
    weights = _weights()
    kernel.use("python")
    r = measure(benchmark, kernel.apportion, weights, PACKAGE_HOUSE, rounds=1)
    kernel.use("cython")
    assert r.seats.tolist() == kernel.apportion(weights, PACKAGE_HOUSE).seats.tolist()
