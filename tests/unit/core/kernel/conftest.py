"""Kernel test fixtures: run under the implementation selected by CITYSCORE_KERNEL_IMPL and
give equivalence tests a way to call both implementations side by side."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from cityscore.core import kernel

HAVE_CYTHON = importlib.util.find_spec("cityscore.core.kernel._scoring") is not None
HAVE_X86_64_V3 = importlib.util.find_spec("cityscore.core.kernel._scoring_x86_64_v3") is not None


@pytest.fixture(autouse=True)
def _restore_implementation() -> Iterator[None]:
    """Tests may switch backends; put back whatever the environment selected."""
    before = kernel.implementation()
    yield
    kernel.use(before)


def run_both(call: Callable[[], Any]) -> tuple[Any, Any]:
    """``call`` under the compiled kernel and under the reference, in that order."""
    kernel.use("cython")
    compiled = call()
    kernel.use("python")
    reference = call()
    return compiled, reference


needs_cython = pytest.mark.skipif(not HAVE_CYTHON, reason="compiled kernel not built")
