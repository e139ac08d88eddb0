"""Cylinder compliance sweep: kernel vs NumPy with a day table (dates as day numbers; "the same
month and day n years later" looked up in a table built once for the fleet's days), and a
one-cylinder and a 1,000-cylinder check on one OpenMP thread (as the API runs them) against
the same calls forced onto two."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from cityscore.core import kernel
from cityscore.core.kernel import _backend
from cityscore.services.lpg_registry.domain import load_policy

from .conftest import ROWS, measure

TODAY = 20_000  # 2024-10-04
POLICY = load_policy().kernel_policy
CALLS = 1_000


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


class DayTable:
    """``later[y, d - first]``: day ``d`` moved ``y`` years on (same month and day; 29 Feb →
    28 Feb), for every day from ``first`` to ``last`` and 0 … ``max_years`` years, computed
    with ``datetime64`` once."""

    def __init__(self, first: int, last: int, max_years: int) -> None:
        days = np.arange(first, last + 1).astype("datetime64[D]")
        year = days.astype("datetime64[Y]")
        month_start = days.astype("datetime64[M]")
        month = month_start - year.astype("datetime64[M]")
        day = days - month_start
        rows = []
        for years in range(max_years + 1):
            target = (year + np.timedelta64(years, "Y")).astype("datetime64[M]") + month
            length = (target + 1).astype("datetime64[D]") - target.astype("datetime64[D]")
            moved = target.astype("datetime64[D]") + np.minimum(day, length - 1)
            rows.append(moved.astype(np.int64))
        self.first = first
        self.span = last - first + 1
        self.later = np.stack(rows).astype(np.int32).ravel()


def day_table(f: dict[str, np.ndarray]) -> DayTable:
    """The table covering the fleet's days and years."""
    made, last = f["manufacture_day"], f["last_inspection_day"]
    inspected = last[last != kernel.NO_DATE]
    years = max(int(f["design_life_years"].max()), int(f["extended_life_years"].max()),
                POLICY.inspection_interval_years)
    return DayTable(int(made.min()), max(int(made.max()), int(inspected.max())), years)


def numpy_sweep(f: dict[str, np.ndarray], today: int,
                table: DayTable) -> tuple[np.ndarray, ...]:
    """Status, days left, next inspection and service limit: two table lookups and a few
    whole-column comparisons. No input checks (the kernel refuses bad rows in its pass), and no
    design life of 0 years (no service limit; the fleet has none)."""
    made = f["manufacture_day"]
    last = f["last_inspection_day"]
    inspected = last != kernel.NO_DATE
    start = np.where(inspected, last, made)
    start -= table.first
    start += POLICY.inspection_interval_years * table.span
    nxt = table.later.take(start)
    extended = inspected & (f["last_inspection_passed"] != 0) & (f["extended_life_years"] > 0)
    years = np.where(extended, f["extended_life_years"], f["design_life_years"])
    years *= table.span
    years += made
    years -= table.first
    limit = table.later.take(years)
    due = np.minimum(nxt, limit)
    status = (due <= today + POLICY.warning_days).view(np.int8)
    status[nxt <= today] = 2
    status[limit <= today] = 3
    due -= today
    return status, due, nxt, limit


@pytest.mark.benchmark(group="compliance")
def test_kernel(benchmark: Any, fleet: dict[str, np.ndarray]) -> None:
    def sweep() -> kernel.ComplianceResult:
        return kernel.compliance_sweep(today=TODAY, policy=POLICY, **fleet)

    r = measure(benchmark, sweep)
    status, days, nxt, limit = numpy_sweep(fleet, TODAY, day_table(fleet))
    np.testing.assert_array_equal(r.status, status)
    np.testing.assert_array_equal(r.days_left, days)
    np.testing.assert_array_equal(r.next_inspection, nxt)
    np.testing.assert_array_equal(r.service_limit, limit)


@pytest.mark.benchmark(group="compliance")
def test_kernel_one_thread(benchmark: Any, fleet: dict[str, np.ndarray]) -> None:
    """The kernel on one OpenMP thread: the per-core comparison with NumPy."""
    def sweep() -> kernel.ComplianceResult:
        return kernel.compliance_sweep(today=TODAY, policy=POLICY, **fleet)

    before = kernel.threads()
    kernel.set_threads(1)
    try:
        r = measure(benchmark, sweep)
    finally:
        kernel.set_threads(before)
    np.testing.assert_array_equal(r.status, numpy_sweep(fleet, TODAY, day_table(fleet))[0])


@pytest.mark.benchmark(group="compliance")
def test_numpy_day_table(benchmark: Any, fleet: dict[str, np.ndarray]) -> None:
    table = day_table(fleet)
    status, *_ = measure(benchmark, numpy_sweep, fleet, TODAY, table)
    assert status.shape == (ROWS,) and set(np.unique(status).tolist()) <= {0, 1, 2, 3}


@pytest.mark.benchmark(group="compliance")
def test_numpy_building_the_day_table(benchmark: Any, fleet: dict[str, np.ndarray]) -> None:
    """What the table costs to build, paid once per sweep (or per day range)."""
    table = measure(benchmark, day_table, fleet)
    assert table.later.shape == (table.span * 13,)


def _checks(rows: int, threads: int) -> Any:
    """``CALLS`` compliance checks of ``rows`` cylinders each, straight to the compiled build
    with ``threads`` OpenMP threads (the API would pick one for calls this small)."""
    rng = np.random.default_rng(rows)
    made = rng.integers(12_000, 19_900, rows).astype(np.int32)
    columns = (made, made + 400, np.ones(rows, np.int8), np.full(rows, 8, np.int32),
               np.full(rows, 12, np.int32))
    compliance = _backend.module().compliance

    def run() -> Any:
        for _ in range(CALLS):
            result = compliance(*columns, TODAY, POLICY.inspection_interval_years,
                                POLICY.warning_days, threads)
        return result

    return run, columns


@pytest.mark.parametrize("rows", [1, 1_000])
@pytest.mark.parametrize("threads", [1, 2])
@pytest.mark.benchmark(group="compliance-small-calls")
def test_small_checks(benchmark: Any, rows: int, threads: int) -> None:
    """A thousand calls of ``rows`` cylinders on ``threads`` OpenMP threads; the API runs calls
    below ``PARALLEL_MIN_ROWS`` on one (``threads_for``)."""
    assert _backend.threads_for(rows) == 1
    run, (made, *_) = _checks(rows, threads)
    status, _, nxt, _ = measure(benchmark, run)
    expected = kernel.compliance_sweep(
        today=TODAY, manufacture_day=made, last_inspection_day=made + 400,
        last_inspection_passed=np.ones(rows, np.int8),
        design_life_years=np.full(rows, 8, np.int32),
        extended_life_years=np.full(rows, 12, np.int32), policy=POLICY)
    np.testing.assert_array_equal(status, expected.status)
    np.testing.assert_array_equal(nxt, expected.next_inspection)
