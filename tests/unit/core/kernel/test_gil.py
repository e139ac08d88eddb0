"""The compiled loops release the GIL: two Python threads finish faster than one after another."""

from __future__ import annotations

import os
import threading
import time

import numpy as np
import pytest

from cityscore.core import kernel
from cityscore.core.kernel.parameters import pavement_parameters

from .conftest import needs_cython


@needs_cython
@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="needs two cores")
def test_two_threads_beat_serial_calls() -> None:
    kernel.use("cython")
    before = kernel.threads()
    kernel.set_threads(1)  # one OpenMP thread per call, so only Python threads add cores
    try:
        rng = np.random.default_rng(5)
        dr = rng.uniform(0, 20, 1_500_000)
        iri = rng.uniform(0, 8, 1_500_000)
        params = pavement_parameters("rural-default/g3-g4-village/asphalt")

        def work() -> None:
            kernel.pavement_indices(params, damage_ratio=dr, iri=iri)

        work()
        start = time.perf_counter()
        work()
        work()
        serial = time.perf_counter() - start
        threads = [threading.Thread(target=work) for _ in range(2)]
        start = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        parallel = time.perf_counter() - start
    finally:
        kernel.set_threads(before)
    assert serial / parallel > 1.2, f"serial {serial:.3f}s, two threads {parallel:.3f}s"
