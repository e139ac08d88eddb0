"""MQI, the overall technical condition (rural_roads.md §4.1), against the page's values."""

from __future__ import annotations

import math

import numpy as np
import pytest

from cityscore.core import kernel

JTG_5210 = kernel.ConditionWeights(sci=0.08, pqi=0.70, bci=0.12, tci=0.10)


def test_worked_values_of_the_domain_page() -> None:
    # §7.2: PQI 85.32 and SCI = BCI = TCI = 100 → 89.72 with the JTG 5210 weights.
    # §7.1 Gansu row: PQI 83, SCI = BCI = TCI = 100: 88.10 with JTG 5210, 89.80 with the
    # rural wPQI 0.60 (the other 0.40 split any way, all three being 100).
    got = kernel.condition_index(JTG_5210, pqi=[85.32, 83.0], sci=[100, 100], bci=[100, 100],
                                 tci=[100, 100])
    assert got.tolist() == [89.72, 88.10]
    rural = kernel.ConditionWeights(sci=0.16, pqi=0.60, bci=0.12, tci=0.12)
    assert kernel.condition_index(rural, pqi=[83.0], sci=[100], bci=[100],
                                  tci=[100]).tolist() == [89.80]


def test_a_dangerous_structure_sets_mqi_to_zero_and_a_missing_index_leaves_none() -> None:
    got = kernel.condition_index(JTG_5210, pqi=[95, 95, math.nan, 95], sci=[100] * 4,
                                 bci=[100, 100, 100, math.nan], tci=[100] * 4,
                                 structure_class=[4, 5, 5, 0])
    assert got[:3].tolist() == [96.5, 0.0, 0.0]  # class 4 is no override; 5 is
    assert math.isnan(got[3])


@pytest.mark.parametrize(("name", "kwargs", "message"), [
    ("pqi", {"pqi": [100.5]}, r"pqi\[0\] is outside \[0, 100\]"),
    ("tci", {"tci": [-1.0]}, r"tci\[0\] is outside \[0, 100\]"),
    ("structure", {"structure_class": [6]}, r"structure_class\[0\] is outside"),
    ("wide", {"structure_class": [261]}, r"structure_class holds values outside"),
])
def test_bad_inputs_are_named(name: str, kwargs: dict[str, list[float]], message: str) -> None:
    base: dict[str, list[float]] = {"pqi": [90.0], "sci": [90.0], "bci": [90.0], "tci": [90.0]}
    with pytest.raises(ValueError, match=message):
        kernel.condition_index(JTG_5210, **{**base, **kwargs})


def test_no_units_give_no_values() -> None:
    assert kernel.condition_index(JTG_5210, pqi=np.empty(0), sci=[], bci=[], tci=[]).shape == (0,)
