"""Grouped length-weighted aggregation and banding (rural_roads.md §5-§6)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from cityscore.core import kernel
from cityscore.services.rural_roads.domain import load_rules

LENGTHS = [1000.0, 1000.0, 350.0, 1000.0, 600.0]
PQI = [92.00, 78.50, 65.00, 88.00, 55.00]
ROADS = [0, 0, 0, 1, 1]


def test_worked_aggregation_example() -> None:
    roads = kernel.grouped_length_weighted(PQI, LENGTHS, ROADS, n_groups=2, threshold=70)
    assert kernel.round_half_up(roads.mean).tolist() == [82.23, 75.63]
    assert kernel.round_half_up(100 * roads.share_at_or_above).tolist() == [85.11, 62.50]
    town = kernel.grouped_length_weighted(PQI, LENGTHS, [0] * 5, n_groups=1, threshold=70)
    assert kernel.round_half_up(town.mean).tolist() == [79.56]
    assert kernel.round_half_up(100 * town.share_at_or_above).tolist() == [75.95]
    assert town.weighted_sum[0] == 314_250 and town.evaluated_length[0] == 3950
    assert town.count.tolist() == [5] and town.value_sum[0] == sum(PQI)


def test_nan_rows_count_only_in_total_length_and_empty_groups_are_nan() -> None:
    r = kernel.grouped_length_weighted([90.0, math.nan], [100.0, 50.0], [0, 0], n_groups=3)
    assert r.evaluated_length.tolist() == [100.0, 0.0, 0.0]
    assert r.total_length.tolist() == [150.0, 0.0, 0.0]
    assert r.mean[0] == 90.0 and math.isnan(r.mean[1])
    assert np.isnan(r.share_at_or_above).all()  # no threshold asked for


def test_empty_input() -> None:
    r = kernel.grouped_length_weighted([], [], np.empty(0, np.int64), n_groups=2, threshold=70)
    assert r.total_length.tolist() == [0.0, 0.0] and np.isnan(r.mean).all()


@pytest.mark.parametrize(("lengths", "groups", "message"), [
    ([1.0, -1.0], [0, 0], r"lengths\[1\] is negative or NaN"),
    ([1.0, math.nan], [0, 0], r"lengths\[1\] is negative or NaN"),
    ([1.0, 1.0], [0, 2], r"groups\[1\] is outside \[0, n_groups\)"),
    ([1.0, 1.0], [-1, 0], r"groups\[0\] is outside"),
    ([1.0], [0, 0], "groups has 2 rows, expected"),
    ([1.0, 1.0], [0.0, 1.0], "groups must hold integers"),
])
def test_bad_rows(lengths: list[float], groups: list[float], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        kernel.grouped_length_weighted([1.0, 2.0][: len(lengths)], lengths, groups, n_groups=2)


def test_large_input_uses_chunks_and_matches_numpy() -> None:
    rng = np.random.default_rng(7)
    n = 200_000
    values = rng.uniform(0, 100, n)
    values[::97] = np.nan
    lengths = rng.uniform(10, 1000, n)
    groups = rng.integers(0, 16, n)
    r = kernel.grouped_length_weighted(values, lengths, groups, n_groups=16, threshold=70)
    ok = ~np.isnan(values)
    expected = np.bincount(groups[ok], weights=(values * lengths)[ok], minlength=16)
    np.testing.assert_allclose(r.weighted_sum, expected, rtol=1e-12)
    np.testing.assert_allclose(r.total_length, np.bincount(groups, lengths, 16), rtol=1e-12)


def test_banding_by_jtg_bands() -> None:
    bands = load_rules().bands
    assert bands.codes == ("excellent", "good", "fair", "poor", "very_poor")
    codes = kernel.band_scores([100, 90, 89.99, 80, 79.99, 70, 69.99, 60, 59.99, 0, math.nan],
                               bands)
    assert codes.tolist() == [0, 0, 1, 1, 2, 2, 3, 3, 4, 4, -1]
    assert kernel.band_scores([95.0, 85.0], [90.0, 0.0]).tolist() == [0, 1]


@pytest.mark.parametrize(("scores", "bands", "message"), [
    ([-1.0], [90.0, 0.0], r"scores\[0\] is below the lowest band bound"),
    ([1.0], [80.0, 90.0], "strictly decreasing"),
    ([1.0], [], "between 1 and 127"),
])
def test_banding_errors(scores: list[float], bands: list[float], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        kernel.band_scores(scores, bands)
