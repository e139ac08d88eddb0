"""Grouped length-weighted aggregation: one kernel pass vs NumPy ``bincount``."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from cityscore.core import kernel

from .conftest import ROWS


def _rows(n_groups: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(n_groups)
    values = rng.uniform(40, 100, ROWS)
    values[::37] = np.nan
    return values, rng.uniform(10, 1000, ROWS), rng.integers(0, n_groups, ROWS)


def numpy_grouped(values: np.ndarray, lengths: np.ndarray, groups: np.ndarray,
                  n_groups: int) -> tuple[np.ndarray, ...]:
    """Same outputs as the kernel (mean, share ≥ 70, totals) with ``bincount``."""
    measured = ~np.isnan(values)
    g = groups[measured]
    lm = lengths[measured]
    vm = values[measured]
    evaluated = np.bincount(g, weights=lm, minlength=n_groups)
    total = np.bincount(groups, weights=lengths, minlength=n_groups)
    wsum = np.bincount(g, weights=vm * lm, minlength=n_groups)
    above = np.bincount(g, weights=np.where(vm >= 70.0, lm, 0.0), minlength=n_groups)
    count = np.bincount(g, minlength=n_groups)
    vsum = np.bincount(g, weights=vm, minlength=n_groups)
    with np.errstate(invalid="ignore", divide="ignore"):
        return wsum / evaluated, above / evaluated, total, count, vsum


@pytest.mark.parametrize("n_groups", [16, 100_000])
@pytest.mark.benchmark(group="grouped")
def test_kernel(benchmark: Any, n_groups: int) -> None:
    values, lengths, groups = _rows(n_groups)
    r = benchmark(kernel.grouped_length_weighted, values, lengths, groups, n_groups=n_groups,
                  threshold=70.0)
    mean, share, *_ = numpy_grouped(values, lengths, groups, n_groups)
    np.testing.assert_allclose(r.mean, mean, rtol=1e-9)
    np.testing.assert_allclose(r.share_at_or_above, share, rtol=1e-9)


@pytest.mark.parametrize("n_groups", [16, 100_000])
@pytest.mark.benchmark(group="grouped")
def test_numpy(benchmark: Any, n_groups: int) -> None:
    values, lengths, groups = _rows(n_groups)
    mean, *_ = benchmark(numpy_grouped, values, lengths, groups, n_groups)
    assert mean.shape == (n_groups,)
