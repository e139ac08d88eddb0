"""Pavement indices: fused kernel vs NumPy, the pure-Python reference and a pow/exp-only loop.

The kernel and the floor run from the build in use (x86-64-v3 where the CPU has it); the
portable build is measured too, for CPUs without AVX2.
"""

from __future__ import annotations

import math
import threading
from typing import Any

import numpy as np
import pytest

from cityscore.core import kernel
from cityscore.core.kernel import _backend, _reference, _scoring
from cityscore.core.kernel.parameters import pavement_parameters

from .conftest import REFERENCE_ROWS, ROWS, measure

PARAMS = pavement_parameters("rural-default/g3-g4-village/asphalt")


@pytest.fixture(scope="module")
def units() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(1)
    dr = rng.uniform(0, 20, ROWS)
    iri = rng.uniform(0.5, 8, ROWS)
    iri[::50] = np.nan  # rural grade 4: roughness not sampled everywhere
    return dr, iri


def _round(x: np.ndarray) -> np.ndarray:
    """Half-up to 0.01 as the kernel rounds: floor(x·100 + 0.5 + 1e-7) / 100, the two additions
    in the kernel's order."""
    np.multiply(x, 100.0, out=x)
    np.add(x, 0.5, out=x)
    np.add(x, 1e-7, out=x)
    np.floor(x, out=x)
    np.divide(x, 100.0, out=x)
    return x


def numpy_buffers(n: int) -> tuple[np.ndarray, ...]:
    """PCI, RQI, PQI and a scratch column, allocated once outside the timed calls."""
    return tuple(np.empty(n) for _ in range(4))


def numpy_pavement(dr: np.ndarray, iri: np.ndarray,
                   out: tuple[np.ndarray, ...]) -> tuple[np.ndarray, ...]:
    """The best NumPy formulation: float64 in-place ufuncs into preallocated ``out`` (NumPy's
    SIMD ``power`` and ``exp`` where the CPU has them), no Python loop over units, the kernel's
    operations in the kernel's order. No input checks (the kernel refuses negative DR or IRI
    inside its pass)."""
    pci, rqi, pqi, scratch = out
    np.minimum(dr, 100.0, out=pci)
    np.power(pci, PARAMS.pci_a1, out=pci)
    np.multiply(pci, PARAMS.pci_a0, out=pci)
    np.subtract(100.0, pci, out=pci)
    np.clip(pci, 0.0, 100.0, out=pci)
    _round(pci)
    np.multiply(iri, PARAMS.rqi_a1, out=rqi)
    np.exp(rqi, out=rqi)
    np.multiply(rqi, PARAMS.rqi_a0, out=rqi)
    np.add(rqi, 1.0, out=rqi)
    np.divide(100.0, rqi, out=rqi)
    _round(rqi)
    # PQI = Σ w·x / Σ w over the indices present: PCI and RQI, or PCI alone where IRI is NaN
    np.multiply(pci, PARAMS.weight_pci, out=pqi)
    np.multiply(rqi, PARAMS.weight_rqi, out=scratch)
    np.add(pqi, scratch, out=pqi)
    np.divide(pqi, PARAMS.weight_pci + PARAMS.weight_rqi, out=pqi)
    alone = np.flatnonzero(np.isnan(rqi))
    pqi[alone] = pci[alone] * PARAMS.weight_pci / PARAMS.weight_pci
    return pci, rqi, _round(pqi)


def _check(result: Any, dr: np.ndarray, iri: np.ndarray) -> None:
    """The kernel against NumPy on the first units: equal except where NumPy's SIMD
    ``power``/``exp`` differ from libm in the last bit and that moves a rounded index by 0.01."""
    n = 10_000
    pci, _, pqi = numpy_pavement(dr[:n], iri[:n], numpy_buffers(n))
    for ours, theirs in ((result.pci[:n], pci), (result.pqi[:n], pqi)):
        differ = ours != theirs
        assert differ.sum() <= n // 100
        np.testing.assert_allclose(ours[differ], theirs[differ], atol=0.0100001, rtol=0)


@pytest.mark.benchmark(group="pavement")
def test_kernel(benchmark: Any, units: tuple[np.ndarray, np.ndarray]) -> None:
    dr, iri = units
    result = measure(benchmark, kernel.pavement_indices, PARAMS, damage_ratio=dr,
                         iri=iri)
    _check(result, dr, iri)


@pytest.mark.benchmark(group="pavement")
def test_kernel_one_thread(benchmark: Any, units: tuple[np.ndarray, np.ndarray]) -> None:
    dr, iri = units
    before = kernel.threads()
    kernel.set_threads(1)
    try:
        result = measure(benchmark, kernel.pavement_indices, PARAMS, damage_ratio=dr,
                         iri=iri)
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
        measure(benchmark, both_halves)
    finally:
        kernel.set_threads(before)
    _check(results[0], dr, iri)
    assert results[half].pqi.shape == (ROWS - half,)


@pytest.mark.benchmark(group="pavement")
def test_kernel_portable_build(benchmark: Any, units: tuple[np.ndarray, np.ndarray]) -> None:
    """The baseline build (SSE2), as on a CPU without AVX2."""
    dr, iri = units
    result = measure(benchmark, _scoring.pavement, ROWS, dr, np.empty((0, 0)), np.empty(0),
                     np.empty(0), iri, np.empty(0), np.empty((0, 3)), np.empty(0),
                     PARAMS.coefficients(), 2, kernel.threads())
    np.testing.assert_array_equal(result[6], kernel.pavement_indices(
        PARAMS, damage_ratio=dr, iri=iri).pqi)


@pytest.mark.benchmark(group="pavement")
def test_numpy(benchmark: Any, units: tuple[np.ndarray, np.ndarray]) -> None:
    dr, iri = units
    pci, _, pqi = measure(benchmark, numpy_pavement, dr, iri, numpy_buffers(ROWS))
    assert pci.shape == (ROWS,) and not np.isnan(pqi).any()
    ours = kernel.pavement_indices(PARAMS, damage_ratio=dr, iri=iri)
    _check(ours, dr, iri)
    benchmark.extra_info.update(_simd_differences(dr[:REFERENCE_ROWS], iri[:REFERENCE_ROWS]))
    benchmark.extra_info["all_units_rounded_pqi_differing"] = int((pqi != ours.pqi).sum())


def _simd_differences(dr: np.ndarray, iri: np.ndarray) -> dict[str, int]:
    """Why the kernel keeps libm: how many of NumPy's SIMD ``power``/``exp`` values differ
    from libm's (the Python twin's ``math.pow``/``math.exp``, the calls the kernel makes), and
    how many rounded indices that moves; the kernel itself equals the twin bit for bit."""
    measured = ~np.isnan(iri)
    libm_pow = np.array([math.pow(x, PARAMS.pci_a1) for x in dr.tolist()])
    libm_exp = np.array([math.exp(x * PARAMS.rqi_a1) for x in iri[measured].tolist()])
    ours = kernel.pavement_indices(PARAMS, damage_ratio=dr, iri=iri)
    twin = _reference.pavement(dr.shape[0], dr, np.empty((0, 0)), np.empty(0), np.empty(0), iri,
                               np.empty(0), np.empty((0, 3)), np.empty(0), PARAMS.coefficients(),
                               2, 1)
    for column, twin_column in zip((ours.pci, ours.rqi, ours.pqi), (twin[1], twin[2], twin[6]),
                                   strict=True):
        np.testing.assert_array_equal(column, twin_column)
    pci, rqi, pqi = numpy_pavement(dr, iri, numpy_buffers(dr.shape[0]))
    return {"units_compared": int(dr.shape[0]),
            "numpy_pow_values_not_libm": int((np.power(dr, PARAMS.pci_a1) != libm_pow).sum()),
            "numpy_exp_values_not_libm": int((np.exp(iri[measured] * PARAMS.rqi_a1)
                                              != libm_exp).sum()),
            "numpy_rounded_pci_differing": int((pci != ours.pci).sum()),
            "numpy_rounded_rqi_differing": int((rqi[measured] != ours.rqi[measured]).sum()),
            "numpy_rounded_pqi_differing": int((pqi != ours.pqi).sum())}


@pytest.mark.benchmark(group="pavement")
def test_pow_exp_floor(benchmark: Any, units: tuple[np.ndarray, np.ndarray]) -> None:
    dr, iri = units
    out = measure(benchmark, _backend.module().pow_exp_floor, dr, iri, PARAMS.pci_a1,
                  PARAMS.rqi_a1, kernel.threads())
    assert out.shape == (ROWS,)


@pytest.mark.benchmark(group="pavement")
def test_pow_exp_floor_with_results(benchmark: Any,
                                    units: tuple[np.ndarray, np.ndarray]) -> None:
    """The floor plus storing the four result arrays the kernel returns (DR, PCI, RQI, PQI):
    what the libm calls and the fresh output memory cost together, before any other work."""
    dr, iri = units
    floor = _backend.module().pow_exp_floor
    out = measure(benchmark, floor, dr, iri, PARAMS.pci_a1, PARAMS.rqi_a1, kernel.threads(), 4)
    np.testing.assert_array_equal(out[:1000], floor(
        dr[:1000], iri[:1000], PARAMS.pci_a1, PARAMS.rqi_a1, 1))


@pytest.mark.benchmark(group="pavement")
def test_reference_small(benchmark: Any, units: tuple[np.ndarray, np.ndarray]) -> None:
    """Pure Python on REFERENCE_ROWS units; scale by ROWS / REFERENCE_ROWS to compare."""
    dr, iri = (a[:REFERENCE_ROWS] for a in units)
    out = measure(benchmark, _reference.pavement, REFERENCE_ROWS, dr, np.empty((0, 0)),
                  np.empty(0), np.empty(0), iri, np.empty(0), np.empty((0, 3)), np.empty(0),
                  PARAMS.coefficients(), 2, 1, rounds=1)
    np.testing.assert_array_equal(out[6], kernel.pavement_indices(
        PARAMS, damage_ratio=dr, iri=iri).pqi)
