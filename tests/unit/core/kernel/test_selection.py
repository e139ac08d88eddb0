"""Choosing the implementation and the thread count."""

from __future__ import annotations

import pytest

from cityscore.core import kernel

from .conftest import HAVE_CYTHON


def test_use_and_implementation() -> None:
    kernel.use("python")
    assert kernel.implementation() == "python"
    kernel.use("auto")
    assert kernel.implementation() == ("cython" if HAVE_CYTHON else "python")
    with pytest.raises(ValueError, match="unknown kernel implementation"):
        kernel.use("fortran")


@pytest.mark.skipif(HAVE_CYTHON, reason="only meaningful without the compiled kernel")
def test_cython_request_without_build_is_a_clear_import_error() -> None:
    with pytest.raises(ImportError, match="not built"):
        kernel.use("cython")


def test_threads_setting() -> None:
    before = kernel.threads()
    try:
        kernel.set_threads(1)
        assert kernel.threads() == 1
        with pytest.raises(ValueError, match="at least 1"):
            kernel.set_threads(0)
        kernel.set_threads(None)
        assert kernel.threads() >= 1
    finally:
        kernel.set_threads(before)
