"""Kernel benchmark sizes (small by default, the issue's sizes with CITYSCORE_BENCH_FULL=1) and
the CPU-seconds record every kernel benchmark keeps next to its wall time."""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from typing import Any, TypeVar

import pytest
from pytest_benchmark.fixture import BenchmarkFixture

from cityscore.core import kernel

FULL = os.environ.get("CITYSCORE_BENCH_FULL") == "1"
ROWS = 10_000_000 if FULL else 200_000
REFERENCE_ROWS = 100_000 if FULL else 20_000

T = TypeVar("T")


@pytest.fixture(autouse=True)
def _compiled_kernel() -> None:
    """Benchmarks measure the compiled kernel; skip where it is not built."""
    try:
        kernel.use("cython")
    except ImportError:
        pytest.skip("compiled kernel not built")


def measure(benchmark: BenchmarkFixture, function: Callable[..., T], *args: Any,
            rounds: int | None = None, **kwargs: Any) -> T:
    """``benchmark(function, *args, **kwargs)`` that also records the process CPU seconds of
    each call (every thread's, so an OpenMP kernel on two cores counts both) in
    ``extra_info``: ``cpu_s_min`` and ``cpu_s_median``, to set beside the wall times for a
    per-core comparison. ``rounds`` runs that many single calls (for slow baselines)."""
    cpu: list[float] = []

    def call() -> T:
        start = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            cpu.append(time.process_time() - start)

    result: T = (benchmark(call) if rounds is None
                 else benchmark.pedantic(call, rounds=rounds, iterations=1))
    benchmark.extra_info["cpu_s_min"] = min(cpu)
    benchmark.extra_info["cpu_s_median"] = statistics.median(cpu)
    return result
