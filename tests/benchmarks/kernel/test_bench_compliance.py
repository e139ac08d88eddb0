"""Cylinder compliance sweep: kernel vs the best NumPy ``datetime64`` formulation."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from cityscore.core import kernel
from cityscore.services.lpg_registry.domain import load_policy

from .conftest import ROWS

TODAY = 20_000  # 2024-10-04


@pytest.fixture(scope="module")
def fleet() -> dict[str, np.ndarray]:
    rng = np.random.default_rng(4)
    made = rng.integers(12_000, 19_900, ROWS).astype(np.int32)
    last = (made + rng.integers(0, 3_000, ROWS)).astype(np.int32)
    last[::3] = kernel.NO_DATE
    return {"manufacture_day": made, "last_inspection_day": last,
            "last_inspection_passed": (rng.random(ROWS) < 0.9).astype(np.int8),
            "design_life_years": np.full(ROWS, 8, np.int32),
            "extended_life_years": np.where(made < 19_700, 12, 0).astype(np.int32)}


def _add_years(days: np.ndarray, years: np.ndarray | int) -> np.ndarray:
    d = days.astype("datetime64[D]")
    y = d.astype("datetime64[Y]")
    month_start = d.astype("datetime64[M]")
    month = month_start - y.astype("datetime64[M]")
    day = d - month_start
    target_y = y + np.asarray(years).astype("timedelta64[Y]")
    target_m = target_y.astype("datetime64[M]") + month
    length = (target_m + 1).astype("datetime64[D]") - target_m.astype("datetime64[D]")
    day = np.minimum(day, length - 1)  # 29 Feb → 28 Feb
    result: np.ndarray = (target_m.astype("datetime64[D]") + day).astype(np.int64)
    return result


def numpy_sweep(f: dict[str, np.ndarray], today: int) -> tuple[np.ndarray, np.ndarray]:
    made = f["manufacture_day"]
    last = f["last_inspection_day"]
    inspected = last != kernel.NO_DATE
    nxt = _add_years(np.where(inspected, last, made), 4)
    extended = inspected & (f["last_inspection_passed"] != 0) & (f["extended_life_years"] > 0)
    limit = _add_years(made, np.where(extended, f["extended_life_years"],
                                      f["design_life_years"]))
    due = np.minimum(nxt, limit)
    status = np.select([today >= limit, today >= nxt, today >= due - 30], [3, 2, 1], 0)
    return status.astype(np.int8), (due - today).astype(np.int32)


@pytest.mark.benchmark(group="compliance")
def test_kernel(benchmark: Any, fleet: dict[str, np.ndarray]) -> None:
    r = benchmark(kernel.compliance_sweep, today=TODAY, policy=load_policy().kernel_policy,
                  **fleet)
    part = {k: v[:5000] for k, v in fleet.items()}
    status, days = numpy_sweep(part, TODAY)
    np.testing.assert_array_equal(r.status[:5000], status)
    np.testing.assert_array_equal(r.days_left[:5000], days)


@pytest.mark.benchmark(group="compliance")
def test_numpy(benchmark: Any, fleet: dict[str, np.ndarray]) -> None:
    status, _ = benchmark(numpy_sweep, fleet, TODAY)
    assert status.shape == (ROWS,)
