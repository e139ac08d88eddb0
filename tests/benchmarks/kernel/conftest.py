"""Kernel benchmark sizes: small by default, the issue's sizes with CITYSCORE_BENCH_FULL=1."""

from __future__ import annotations

import os

import pytest

from cityscore.core import kernel

FULL = os.environ.get("CITYSCORE_BENCH_FULL") == "1"
ROWS = 10_000_000 if FULL else 200_000
REFERENCE_ROWS = 100_000 if FULL else 20_000


@pytest.fixture(autouse=True)
def _compiled_kernel() -> None:
    """Benchmarks measure the compiled kernel; skip where it is not built."""
    try:
        kernel.use("cython")
    except ImportError:
        pytest.skip("compiled kernel not built")
