"""MQI: the kernel's one pass against the best NumPy formulation of the same arithmetic."""

from __future__ import annotations

import numpy as np
import pytest
from pytest_benchmark.fixture import BenchmarkFixture

from cityscore.core import kernel

from .conftest import ROWS, measure

WEIGHTS = kernel.ConditionWeights(sci=0.08, pqi=0.70, bci=0.12, tci=0.10)


@pytest.fixture(scope="module")
def indices() -> dict[str, np.ndarray]:
    rng = np.random.default_rng(7)
    found: dict[str, np.ndarray] = {name: np.round(rng.uniform(40, 100, ROWS), 2)
                                    for name in ("pqi", "sci", "bci", "tci")}
    found["sci"][::40] = np.nan  # a survey that did not rate every unit's subgrade
    found["structure_class"] = rng.integers(0, 6, ROWS)
    return found


def numpy_condition(x: dict[str, np.ndarray]) -> np.ndarray:
    """wSCI·SCI + wPQI·PQI + wBCI·BCI + wTCI·TCI in the kernel's order, rounded half-up to
    0.01, 0 for a dangerous structure: in-place ufuncs, no Python loop."""
    out: np.ndarray = np.multiply(x["sci"], WEIGHTS.sci)
    out += np.multiply(x["pqi"], WEIGHTS.pqi)
    out += np.multiply(x["bci"], WEIGHTS.bci)
    out += np.multiply(x["tci"], WEIGHTS.tci)
    np.multiply(out, 100.0, out=out)
    np.add(out, 0.5 + 1e-7, out=out)
    np.floor(out, out=out)
    np.divide(out, 100.0, out=out)
    out[x["structure_class"] == WEIGHTS.dangerous_class] = 0.0
    return out


@pytest.mark.benchmark(group="condition")
def test_kernel(benchmark: BenchmarkFixture, indices: dict[str, np.ndarray]) -> None:
    got = measure(benchmark, lambda: kernel.condition_index(WEIGHTS, **indices))
    np.testing.assert_array_equal(got, numpy_condition(indices))


@pytest.mark.benchmark(group="condition")
def test_numpy(benchmark: BenchmarkFixture, indices: dict[str, np.ndarray]) -> None:
    measure(benchmark, numpy_condition, indices)
