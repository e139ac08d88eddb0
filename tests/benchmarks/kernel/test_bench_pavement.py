"""Pavement indices: fused kernel vs NumPy, the pure-Python reference and a pow/exp-only loop.

The kernel and the floor run from the build in use (x86-64-v3 where the CPU has it); the
portable build is measured too, for CPUs without AVX2.
"""

from __future__ import annotations

import threading
from typing import Any

import numpy as np
import pytest

from cityscore.core import kernel
from cityscore.core.kernel import _backend, _reference, _scoring
from cityscore.core.kernel.parameters import pavement_parameters

from .conftest import REFERENCE_ROWS, ROWS

PARAMS = pavement_parameters("rural-default/g3-g4-village/asphalt")


@pytest.fixture(scope="module")
def units() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(1)
    dr = rng.uniform(0, 20, ROWS)
    iri = rng.uniform(0.5, 8, ROWS)
    iri[::50] = np.nan  # rural grade 4: roughness not sampled everywhere
    return dr, iri


def _round(x: np.ndarray) -> np.ndarray:
    np.multiply(x, 100.0, out=x)
    np.add(x, 0.5 + 1e-7, out=x)
    np.floor(x, out=x)
    np.divide(x, 100.0, out=x)
    return x


def numpy_pavement(dr: np.ndarray, iri: np.ndarray) -> tuple[np.ndarray, ...]:
    """The best vectorised formulation: in-place ufuncs, no Python loop."""
    pci = np.minimum(dr, 100.0)
    np.power(pci, PARAMS.pci_a1, out=pci)
    np.multiply(pci, -PARAMS.pci_a0, out=pci)
    np.add(pci, 100.0, out=pci)
    np.clip(pci, 0.0, 100.0, out=pci)
    _round(pci)
    rqi = np.multiply(iri, PARAMS.rqi_a1)
    np.exp(rqi, out=rqi)
    np.multiply(rqi, PARAMS.rqi_a0, out=rqi)
    np.add(rqi, 1.0, out=rqi)
    np.divide(100.0, rqi, out=rqi)
    _round(rqi)
    measured = ~np.isnan(rqi)
    pqi = np.where(measured, PARAMS.weight_pci * pci + PARAMS.weight_rqi * rqi, pci)
    return pci, rqi, _round(pqi)


def _check(result: Any, dr: np.ndarray, iri: np.ndarray) -> None:
    pci, _, pqi = numpy_pavement(dr[:1000], iri[:1000])
    np.testing.assert_allclose(result.pci[:1000], pci, atol=0.011)
    np.testing.assert_allclose(result.pqi[:1000], pqi, atol=0.011)


@pytest.mark.benchmark(group="pavement")
def test_kernel(benchmark: Any, units: tuple[np.ndarray, np.ndarray]) -> None:
    dr, iri = units
    result = benchmark(kernel.pavement_indices, PARAMS, damage_ratio=dr, iri=iri)
    _check(result, dr, iri)


@pytest.mark.benchmark(group="pavement")
def test_kernel_one_thread(benchmark: Any, units: tuple[np.ndarray, np.ndarray]) -> None:
    dr, iri = units
    before = kernel.threads()
    kernel.set_threads(1)
    try:
        result = benchmark(kernel.pavement_indices, PARAMS, damage_ratio=dr, iri=iri)
    finally:
        kernel.set_threads(before)
    _check(result, dr, iri)


@pytest.mark.benchmark(group="pavement")
def test_kernel_two_python_threads(benchmark: Any, units: tuple[np.ndarray, np.ndarray]) -> None:
    """Each half of the units on its own Python thread, one kernel thread each: against
    ``test_kernel_one_thread``, what releasing the GIL gives a multi-threaded caller."""
    dr, iri = units
    half = ROWS // 2
    results: dict[int, Any] = {}

    def score(part: slice) -> None:
        results[part.start] = kernel.pavement_indices(PARAMS, damage_ratio=dr[part],
                                                      iri=iri[part])

    def both_halves() -> None:
        threads = [threading.Thread(target=score, args=(part,))
                   for part in (slice(0, half), slice(half, ROWS))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    before = kernel.threads()
    kernel.set_threads(1)
    try:
        benchmark(both_halves)
    finally:
        kernel.set_threads(before)
    _check(results[0], dr, iri)
    assert results[half].pqi.shape == (ROWS - half,)


@pytest.mark.benchmark(group="pavement")
def test_kernel_portable_build(benchmark: Any, units: tuple[np.ndarray, np.ndarray]) -> None:
    """The baseline build (SSE2), as on a CPU without AVX2."""
    dr, iri = units
    result = benchmark(_scoring.pavement, ROWS, dr, np.empty((0, 0)), np.empty(0), np.empty(0),
                       iri, np.empty(0), np.empty((0, 3)), np.empty(0), PARAMS.coefficients(),
                       2, kernel.threads())
    np.testing.assert_array_equal(result[6], kernel.pavement_indices(
        PARAMS, damage_ratio=dr, iri=iri).pqi)


@pytest.mark.benchmark(group="pavement")
def test_numpy(benchmark: Any, units: tuple[np.ndarray, np.ndarray]) -> None:
    dr, iri = units
    pci, _, pqi = benchmark(numpy_pavement, dr, iri)
    assert pci.shape == (ROWS,) and not np.isnan(pqi).any()


@pytest.mark.benchmark(group="pavement")
def test_pow_exp_floor(benchmark: Any, units: tuple[np.ndarray, np.ndarray]) -> None:
    dr, iri = units
    out = benchmark(_backend.module().pow_exp_floor, dr, iri, PARAMS.pci_a1, PARAMS.rqi_a1,
                    kernel.threads())
    assert out.shape == (ROWS,)


@pytest.mark.benchmark(group="pavement")
def test_pow_exp_floor_with_results(benchmark: Any,
                                    units: tuple[np.ndarray, np.ndarray]) -> None:
    """The floor plus storing the four result arrays the kernel returns (DR, PCI, RQI, PQI):
    what the libm calls and the fresh output memory cost together, before any other work."""
    dr, iri = units
    floor = _backend.module().pow_exp_floor
    out = benchmark(floor, dr, iri, PARAMS.pci_a1, PARAMS.rqi_a1, kernel.threads(), 4)
    np.testing.assert_array_equal(out[:1000], floor(
        dr[:1000], iri[:1000], PARAMS.pci_a1, PARAMS.rqi_a1, 1))


@pytest.mark.benchmark(group="pavement")
def test_reference_small(benchmark: Any, units: tuple[np.ndarray, np.ndarray]) -> None:
    """Pure Python on REFERENCE_ROWS units; scale by ROWS / REFERENCE_ROWS to compare."""
    dr, iri = (a[:REFERENCE_ROWS] for a in units)
    out = benchmark.pedantic(
        _reference.pavement, args=(REFERENCE_ROWS, dr, np.empty((0, 0)), np.empty(0),
                                   np.empty(0), iri, np.empty(0), np.empty((0, 3)), np.empty(0),
                                   PARAMS.coefficients(), 2, 1), rounds=1, iterations=1)
    np.testing.assert_array_equal(out[6], kernel.pavement_indices(
        PARAMS, damage_ratio=dr, iri=iri).pqi)
