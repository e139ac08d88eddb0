"""Apportionment: 10,000,000 units over 100,000 bounded entities, and the PyPI package.

The package builds an entities × house matrix, so it is compared on the same unbounded case at
a size it can hold (``PACKAGE_N`` × ``PACKAGE_HOUSE``); results must be identical.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from apportionment import methods as package

from cityscore.core import kernel

from .conftest import FULL

ENTITIES = 100_000 if FULL else 10_000
HOUSE = 10_000_000 if FULL else 1_000_000
PACKAGE_N = 1_000
PACKAGE_HOUSE = 10_000
PARTIES = [f"e{i}" for i in range(PACKAGE_N)]


@pytest.fixture(scope="module")
def population() -> np.ndarray:
    return np.random.default_rng(8).integers(1_000, 2_000_000, ENTITIES)


@pytest.mark.benchmark(group="apportionment")
def test_kernel_bounded(benchmark: Any, population: np.ndarray) -> None:
    lower = np.full(ENTITIES, 20)
    quota = population * HOUSE // int(population.sum())
    largest = population >= np.quantile(population, 0.9)
    upper = np.where(largest, quota * 9 // 10, HOUSE).astype(np.int64)
    r = benchmark(kernel.apportion, population, HOUSE, lower=lower, upper=upper)
    assert int(r.seats.sum()) == HOUSE and (r.seats >= lower).all() and (r.seats <= upper).all()
    assert len(r.at_upper_bound) > 0


def _weights() -> list[int]:
    weights: list[int] = np.random.default_rng(9).integers(1_000, 2_000_000, PACKAGE_N).tolist()
    return weights


@pytest.mark.benchmark(group="apportionment-package")
def test_kernel_unbounded_package_size(benchmark: Any) -> None:
    weights = _weights()
    r = benchmark(kernel.apportion, weights, PACKAGE_HOUSE)
    assert r.ties == ()
    assert r.seats.tolist() == package.compute("saintelague", weights, PACKAGE_HOUSE,
                                               parties=PARTIES, tiesallowed=False)


@pytest.mark.benchmark(group="apportionment-package")
def test_package_unbounded(benchmark: Any) -> None:
    weights = _weights()
    seats = benchmark.pedantic(package.compute, args=("saintelague", weights, PACKAGE_HOUSE),
                               kwargs={"parties": PARTIES, "tiesallowed": False}, rounds=3,
                               iterations=1)
    assert sum(seats) == PACKAGE_HOUSE


@pytest.mark.benchmark(group="apportionment-package")
def test_reference_unbounded(benchmark: Any) -> None:
    weights = _weights()
    kernel.use("python")
    r = benchmark.pedantic(kernel.apportion, args=(weights, PACKAGE_HOUSE), rounds=1,
                           iterations=1)
    kernel.use("cython")
    assert r.seats.tolist() == kernel.apportion(weights, PACKAGE_HOUSE).seats.tolist()
