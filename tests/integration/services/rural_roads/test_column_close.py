"""Closing a survey a batch of units at a time gives the aggregates, to the bit, of the
kernel's one-pass grouped aggregation over all units at once (the way surveys were closed
before), whatever the batch size: stored reports keep replaying bit for bit.

The reference below is the one-pass aggregation as it was, written against the kernel's
``grouped_length_weighted`` (rural_roads.md §6.2 length weighting, §6.3 share, §5 rounding).
"""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from cityscore.core.kernel import api
from cityscore.core.kernel.types import GroupedAggregate
from cityscore.services.rural_roads.domain import (
    AggregateRow,
    Aggregation,
    Rules,
    UnitColumns,
    round_half_up,
    rules_for,
)


def one_pass(units: UnitColumns, rules: Rules) -> list[AggregateRow]:
    """Every level's rows from one kernel call per sum over all units."""
    district_of: dict[tuple[str, str], str] = {}
    for r, t, d in zip(units.road, units.town, units.district, strict=True):
        district_of[("road", r)] = district_of[("town", t)] = district_of[("district", d)] = d
    rows, n_bands = [], len(rules.bands.codes)
    for level, keys in (("road", units.road), ("town", units.town),
                        ("district", units.district), ("city", [""] * len(units.road))):
        names = sorted(set(keys))
        position = {k: i for i, k in enumerate(names)}
        groups = np.array([position[k] for k in keys], dtype=np.int64)
        g = len(names)

        def grouped(values: np.ndarray, ids: np.ndarray = groups, n: int = g,
                    threshold: float | None = None) -> GroupedAggregate:
            return api.grouped_length_weighted(values, units.length_m, ids, n_groups=n,
                                               threshold=threshold)

        pqi = grouped(units.pqi, threshold=rules.good_threshold)
        pci, rqi = grouped(units.pci), grouped(units.rqi)
        banded = api.band_scores(units.pqi, rules.bands).astype(np.int64)
        by_grade = grouped(units.pqi, np.where(banded < 0, g * n_bands,
                                               groups * n_bands + banded),
                           g * n_bands + 1).evaluated_length
        means = [round_half_up(float(v)) for v in pqi.mean]
        grades = api.band_scores(np.array(means), rules.bands)
        mqi = grouped(units.mqi, threshold=rules.good_threshold)
        lacking = np.bincount(groups, weights=~np.isnan(units.pqi) & np.isnan(units.mqi),
                              minlength=g)
        for i, name in enumerate(names):
            on_mqi = rules.condition is not None and lacking[i] == 0 and mqi.count[i] > 0
            share = mqi.share_at_or_above[i] if on_mqi else pqi.share_at_or_above[i]
            rows.append(AggregateRow(
                level=level, key=name, district=district_of.get((level, name), ""),
                pqi=means[i], pci=round_half_up(float(pci.mean[i])),
                rqi=round_half_up(float(rqi.mean[i])),
                mqi=round_half_up(float(mqi.mean[i]) if rules.condition else math.nan),
                share_index="mqi" if on_mqi else "pqi", share=round_half_up(float(share), 4),
                evaluated_km=round_half_up(float(pqi.evaluated_length[i]) / 1000, 3),
                units=int(pqi.count[i]), grade=int(grades[i]),
                km_by_grade=tuple(round_half_up(float(v) / 1000, 3)
                                  for v in by_grade[i * n_bands:(i + 1) * n_bands])))
    return rows


def survey(n: int, roads: int) -> UnitColumns:
    """``n`` units in (road, start) order with lengths to a decimetre and some indices not
    measured."""
    rng = np.random.default_rng(n)
    road_ids = np.sort(rng.integers(0, roads, n))

    def index(missing: float) -> np.ndarray:
        values = rng.uniform(40, 100, n).round(2)
        values[rng.random(n) < missing] = np.nan
        return values

    return UnitColumns(road=[f"R{r:06d}" for r in road_ids.tolist()],
                       town=[f"T{r % 37}" for r in road_ids.tolist()],
                       district=[f"D{r % 7}" for r in road_ids.tolist()],
                       length_m=rng.uniform(1, 1000, n).round(1), pci=index(0.2),
                       rqi=index(0.05), pqi=index(0.1), mqi=index(0.3))


def batch(units: UnitColumns, lo: int, hi: int) -> UnitColumns:
    return UnitColumns(road=units.road[lo:hi], town=units.town[lo:hi],
                       district=units.district[lo:hi], length_m=units.length_m[lo:hi],
                       pci=units.pci[lo:hi], rqi=units.rqi[lo:hi], pqi=units.pqi[lo:hi],
                       mqi=units.mqi[lo:hi])


@pytest.mark.parametrize("version", ["rural_roads-2026.2", "rural_roads-2018.1"])
@pytest.mark.parametrize(("n", "roads", "size"), [
    (1_000, 50, 1_000), (70_000, 9_000, 7_777), (200_003, 30_000, 65_536),
    (65_536, 3, 10_000)])
def test_batches_give_the_one_pass_aggregates_to_the_bit(version: str, n: int, roads: int,
                                                         size: int) -> None:
    rules = rules_for(version)
    units = survey(n, roads)
    aggregation = Aggregation(rules, n)
    rows = [row for lo in range(0, n, size)
            for row in aggregation.add(batch(units, lo, min(n, lo + size)))]
    rows += aggregation.finish()
    expected = one_pass(units, rules)
    assert [r.district for r in rows] == [r.district for r in expected]
    # By their JSON, as the result digest reads them (NaN equal to NaN).
    assert (json.dumps([r.digest_fields() for r in rows])
            == json.dumps([r.digest_fields() for r in expected]))


def test_a_batch_past_the_announced_count_is_refused() -> None:
    units = survey(10, 3)
    aggregation = Aggregation(rules_for("rural_roads-2026.2"), 5)
    with pytest.raises(ValueError, match="more units"):
        aggregation.add(units)
