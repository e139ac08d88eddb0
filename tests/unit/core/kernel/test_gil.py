"""The compiled loops release the GIL: another Python thread runs while a kernel call is under way.

Whether two threads also finish sooner than one after another depends on the machine (SMT
siblings, memory bandwidth, neighbours); that ratio is a benchmark
(``tests/benchmarks/kernel/test_bench_pavement.py``), not a test. This test checks the property
itself: a second Python thread, woken a quarter of the way into a kernel call, gets the GIL and
runs before that call returns. A kernel that kept the GIL would hold it off until the very end.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import numpy as np

from cityscore.core import kernel
from cityscore.core.kernel.parameters import pavement_parameters

from .conftest import needs_cython

ROWS = 2_000_000
ATTEMPTS = 3


@needs_cython
def test_another_thread_runs_during_a_kernel_call() -> None:
    kernel.use("cython")
    before = kernel.threads()
    kernel.set_threads(1)  # the kernel's own threads must not crowd out the second Python thread
    try:
        rng = np.random.default_rng(5)
        dr = rng.uniform(0, 20, ROWS)
        iri = rng.uniform(0, 8, ROWS)
        params = pavement_parameters("rural-default/g3-g4-village/asphalt")

        def call() -> None:
            kernel.pavement_indices(params, damage_ratio=dr, iri=iri)

        call()  # warm: pages touched, code loaded
        duration_s = _timed(call)
        # A scheduler that is slow to wake the second thread can only make an attempt fail; a
        # kernel that keeps the GIL cannot make one pass.
        offsets = [_second_thread_offset(call, wake_after_s=duration_s / 4)
                   for _ in range(ATTEMPTS)]
    finally:
        kernel.set_threads(before)
    assert min(offsets) < 0.75 * duration_s, (
        f"the second thread ran {min(offsets) * 1000:.0f} ms into a "
        f"{duration_s * 1000:.0f} ms kernel call at best, i.e. only after it returned")


def _second_thread_offset(call: Callable[[], None], *, wake_after_s: float) -> float:
    """Seconds from the start of ``call()`` until a thread sleeping ``wake_after_s`` ran Python."""
    started = threading.Event()
    ran_at: list[float] = []

    def second() -> None:
        started.wait()
        time.sleep(wake_after_s)
        ran_at.append(time.perf_counter())  # bytecode: needs the GIL

    thread = threading.Thread(target=second)
    thread.start()
    start = time.perf_counter()
    started.set()
    call()
    thread.join()
    return ran_at[0] - start


def _timed(call: Callable[[], None]) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start
