"""Grouped length-weighted aggregation: one kernel pass vs NumPy ``bincount`` on the same dense
group codes, no compaction (rows not evaluated weigh 0 instead of being filtered out)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from cityscore.core import kernel

from .conftest import ROWS, measure

THRESHOLD = 70.0


def _rows(n_groups: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(n_groups)
    values = rng.uniform(40, 100, ROWS)
    values[::37] = np.nan
    return values, rng.uniform(10, 1000, ROWS), rng.integers(0, n_groups, ROWS)


def numpy_grouped(values: np.ndarray, lengths: np.ndarray, groups: np.ndarray,
                  n_groups: int) -> tuple[np.ndarray, ...]:
    """The kernel's six sums per group (evaluated length, total length, Σ X·L, Σ X, length at
    or above the threshold, rows evaluated) as ``bincount`` over the whole columns: a NaN value
    contributes 0, so no row is filtered out and no column copied by a mask."""
    measured = ~np.isnan(values)
    evaluated_length = lengths * measured
    value = np.where(measured, values, 0.0)
    sums = (np.bincount(groups, weights=evaluated_length, minlength=n_groups),
            np.bincount(groups, weights=lengths, minlength=n_groups),
            np.bincount(groups, weights=value * evaluated_length, minlength=n_groups),
            np.bincount(groups, weights=value, minlength=n_groups),
            np.bincount(groups, weights=evaluated_length * (value >= THRESHOLD),
                        minlength=n_groups),
            np.bincount(groups, weights=measured, minlength=n_groups))
    return sums


@pytest.mark.parametrize("threads", [None, 1])
@pytest.mark.parametrize("n_groups", [16, 100_000])
@pytest.mark.benchmark(group="grouped")
def test_kernel(benchmark: Any, n_groups: int, threads: int | None) -> None:
    """On every CPU (``None``) and on one OpenMP thread (the per-core comparison)."""
    values, lengths, groups = _rows(n_groups)
    before = kernel.threads()
    kernel.set_threads(threads)
    try:
        r = measure(benchmark, kernel.grouped_length_weighted, values, lengths, groups,
                    n_groups=n_groups, threshold=THRESHOLD)
    finally:
        kernel.set_threads(before)
    evaluated, total, wsum, vsum, above, count = numpy_grouped(values, lengths, groups, n_groups)
    np.testing.assert_array_equal(r.count, count.astype(np.int64))
    # the kernel adds its fixed chunks' partial sums in order, bincount row by row: the last
    # bits may differ, nothing more
    for ours, theirs in ((r.evaluated_length, evaluated), (r.total_length, total),
                         (r.weighted_sum, wsum), (r.value_sum, vsum),
                         (r.length_at_or_above, above)):
        np.testing.assert_allclose(ours, theirs, rtol=1e-12)


@pytest.mark.parametrize("n_groups", [16, 100_000])
@pytest.mark.benchmark(group="grouped")
def test_numpy(benchmark: Any, n_groups: int) -> None:
    values, lengths, groups = _rows(n_groups)
    sums = measure(benchmark, numpy_grouped, values, lengths, groups, n_groups)
    assert all(s.shape == (n_groups,) for s in sums)
    assert int(sums[5].sum()) == ROWS - len(range(0, ROWS, 37))
