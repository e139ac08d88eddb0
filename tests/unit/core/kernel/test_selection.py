"""Choosing the implementation and the thread count."""

from __future__ import annotations

import pytest

from cityscore.core import kernel

from .conftest import HAVE_CYTHON, HAVE_X86_64_V3


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


def test_instruction_set_follows_the_cpu_and_the_override(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """``auto`` takes the x86-64-v3 build exactly where it is installed and the CPU runs it;
    CITYSCORE_KERNEL_ISA=baseline keeps the portable build; an unknown value is refused."""
    if not HAVE_CYTHON:
        pytest.skip("compiled kernel not built")
    from cityscore.core.kernel import _scoring

    monkeypatch.delenv("CITYSCORE_KERNEL_ISA", raising=False)
    kernel.use("cython")
    wide = HAVE_X86_64_V3 and _scoring.cpu_has_x86_64_v3()
    assert kernel.instruction_set() == ("x86-64-v3" if wide else "baseline")
    monkeypatch.setenv("CITYSCORE_KERNEL_ISA", "baseline")
    kernel.use("cython")
    assert kernel.instruction_set() == "baseline"
    monkeypatch.setenv("CITYSCORE_KERNEL_ISA", "avx512")
    with pytest.raises(ValueError, match="CITYSCORE_KERNEL_ISA"):
        kernel.use("cython")
    kernel.use("python")
    assert kernel.instruction_set() == "none"
