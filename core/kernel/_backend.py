"""Which implementation the API dispatches to, and how many threads the Cython loops may use.

Selection honours ``CITYSCORE_KERNEL_IMPL`` (``auto``, ``cython``, ``python``) at import; ``auto``
falls back to the Python twin with a logged warning so a missing extension is visible.

The compiled kernel comes in two builds of one source: ``_scoring`` for any CPU, and
``_scoring_x86_64_v3`` for CPUs with AVX2 and FMA, taken where the CPU runs it (ADR 0021).
``CITYSCORE_KERNEL_ISA=baseline`` keeps the portable build (to compare the two, or on a CPU
that misreports its features).
"""

from __future__ import annotations

import importlib
import logging
import os
from types import ModuleType

log = logging.getLogger("cityscore.core.kernel")

CHOICES = ("auto", "cython", "python")
INSTRUCTION_SETS = ("auto", "baseline")


class KernelUnavailableError(ImportError):
    """The compiled kernel was asked for but is not built for this interpreter."""


class _State:
    module: ModuleType
    name: str
    instruction_set: str
    threads: int


_state = _State()


def _load_cython() -> tuple[ModuleType, str]:
    """The fastest compiled build this CPU runs, and its instruction set."""
    try:
        portable = importlib.import_module("cityscore.core.kernel._scoring")
    except ImportError as exc:
        raise KernelUnavailableError(
            "the Cython kernel cityscore.core.kernel._scoring is not built; run "
            "`pip install --no-build-isolation -e .` or `python setup.py build_ext --inplace`"
        ) from exc
    wanted = os.environ.get("CITYSCORE_KERNEL_ISA", "auto") or "auto"
    if wanted not in INSTRUCTION_SETS:
        raise ValueError(f"CITYSCORE_KERNEL_ISA must be one of {INSTRUCTION_SETS}, got {wanted!r}")
    if wanted == "auto" and portable.cpu_has_x86_64_v3():
        try:
            return importlib.import_module("cityscore.core.kernel._scoring_x86_64_v3"), "x86-64-v3"
        except ImportError:
            log.info("the x86-64-v3 build of the kernel is not installed; using the portable one")
    return portable, "baseline"


def use(name: str) -> None:
    """Select ``"auto"``, ``"cython"`` or ``"python"`` for every later API call."""
    if name not in CHOICES:
        raise ValueError(f"unknown kernel implementation {name!r}; expected one of {CHOICES}")
    if name == "python":
        _state.module, _state.name = importlib.import_module(
            "cityscore.core.kernel._reference"), "python"
        _state.instruction_set = "none"
        return
    try:
        (_state.module, _state.instruction_set), _state.name = _load_cython(), "cython"
    except KernelUnavailableError:
        if name == "cython":
            raise
        log.warning("Cython scoring kernel not built; using the pure-Python reference kernel")
        use("python")


def implementation() -> str:
    """``"cython"`` or ``"python"``: what the API runs now (exported as a metric label)."""
    return _state.name


def instruction_set() -> str:
    """The compiled build in use: ``"x86-64-v3"`` (AVX2), ``"baseline"`` (any CPU), or
    ``"none"`` under the Python twin (exported as a metric label)."""
    return _state.instruction_set


def module() -> ModuleType:
    """The backend module the API calls."""
    return _state.module


def set_threads(count: int | None) -> None:
    """Cap the OpenMP threads of one kernel call; ``None`` means one per CPU."""
    if count is not None and count < 1:
        raise ValueError(f"threads must be at least 1, got {count}")
    _state.threads = count if count is not None else (os.cpu_count() or 1)


#: Below this many rows a call runs on one thread: the rows fit one of the compiled kernel's
#: chunks (32,768 rows), so a second thread has nothing to do, and starting an OpenMP team
#: cost a one-cylinder check twelve times its work.
PARALLEL_MIN_ROWS = 32_768


def threads() -> int:
    """Threads one kernel call may use (the cap ``set_threads`` sets)."""
    return _state.threads


def threads_for(rows: int) -> int:
    """Threads one kernel call over ``rows`` rows uses."""
    return 1 if rows < PARALLEL_MIN_ROWS else _state.threads


set_threads(int(os.environ["CITYSCORE_KERNEL_THREADS"])
            if os.environ.get("CITYSCORE_KERNEL_THREADS") else None)
use(os.environ.get("CITYSCORE_KERNEL_IMPL", "auto") or "auto")
