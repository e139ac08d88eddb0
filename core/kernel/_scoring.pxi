# The compiled scoring kernel: the loops behind ``cityscore.core.kernel.api``, included by
# ``_scoring.pyx`` (any x86-64 or other CPU) and ``_scoring_x86_64_v3.pyx`` (the same source
# built for AVX2 CPUs; see docs/decisions/0021-kernel-instruction-sets.md).
#
# Every function has the signature of its twin in ``_reference.py`` and returns the same values.
# Loops run without the GIL; the embarrassingly parallel ones are split into chunks over
# ``prange`` (a serial loop when the build has no OpenMP). Values are checked inside the single
# pass and reported as ``(code, index)`` through ``_errors`` so a bad row costs no extra pass.

from cython.parallel cimport prange
from libc.math cimport copysign, exp, fabs, floor, pow, sqrt, NAN
from libc.stdint cimport int8_t, int32_t, int64_t, uint8_t
from libc.stdlib cimport calloc, free, malloc, qsort

import numpy as np

from cityscore.core.kernel import _errors

cdef extern from *:
    """
    typedef __int128 cityscore_i128;
    #if defined(__SSE4_1__) || defined(__aarch64__)
    #define CITYSCORE_FLOOR_INSTRUCTION 1
    #else
    #define CITYSCORE_FLOOR_INSTRUCTION 0
    #endif
    #define CITYSCORE_ROUND_SLACK 1e-7
    static int cityscore_cpu_has_x86_64_v3(void) {
    #if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && __GNUC__ >= 12
        __builtin_cpu_init();
        return __builtin_cpu_supports("x86-64-v3");
    #else
        return 0;
    #endif
    }
    """
    ctypedef long long i128 "cityscore_i128"
    const bint FLOOR_INSTRUCTION "CITYSCORE_FLOOR_INSTRUCTION"
    # the reference's ROUND_SLACK; a macro, so no store can alias it inside a vector loop
    const double ROUND_SLACK "CITYSCORE_ROUND_SLACK"
    int _cpu_has_x86_64_v3 "cityscore_cpu_has_x86_64_v3"() noexcept nogil

cdef enum:
    CHUNK_ROWS = 32768
    PAVEMENT_BLOCK = 256
    GROUP_FIELDS = 6
    NO_DATE = -2147483648
    MAX_DAY = 1073741824
    MAX_YEARS = 200

cdef double NAN_BLOCK[PAVEMENT_BLOCK]
for _j in range(PAVEMENT_BLOCK):
    NAN_BLOCK[_j] = NAN


def cpu_has_x86_64_v3():
    """Whether this CPU (and OS) runs x86-64-v3 code: AVX2, FMA, BMI1/2, LZCNT, MOVBE, F16C.
    Answered by the compiler's runtime check; False where the build cannot ask (not GCC ≥ 12
    on x86-64)."""
    return bool(_cpu_has_x86_64_v3())


cdef inline Py_ssize_t _n_chunks(Py_ssize_t n) noexcept nogil:
    return (n + CHUNK_ROWS - 1) // CHUNK_ROWS if n > 0 else 0


cdef void _first_error(int* codes, Py_ssize_t* where, Py_ssize_t chunks,
                       int* code, Py_ssize_t* index) noexcept nogil:
    """Chunks are contiguous and ordered, so the first failing chunk holds the first bad row."""
    cdef Py_ssize_t c
    code[0] = 0
    index[0] = 0
    for c in range(chunks):
        if codes[c] != 0:
            code[0] = codes[c]
            index[0] = where[c]
            return


# ---------------------------------------------------------------- pavement indices

cdef struct PavementIn:
    const double* dr
    const double* dist
    const double* weights
    const double* area
    Py_ssize_t k
    const double* iri
    const double* rut
    const double* bumps
    const double* wear
    double c[19]
    double scale
    double* o_dr
    double* o_pci
    double* o_rqi
    double* o_rdi
    double* o_pbi
    double* o_pwi
    double* o_pqi


cdef inline int _dr_row(const PavementIn* p, Py_ssize_t i, double* out) noexcept nogil:
    cdef double s = 0.0, x, area
    cdef Py_ssize_t j
    cdef const double* row = p.dist + i * p.k
    for j in range(p.k):
        x = row[j]
        if x < 0.0:
            return 2
        s += p.weights[j] * x
    area = p.area[i]
    if area <= 0.0:
        return 3
    if s != s or area != area:
        out[0] = NAN
        return 0
    x = 100.0 * s / area
    out[0] = 100.0 if x > 100.0 else x
    return 0


cdef inline int _check_row(const PavementIn* p, Py_ssize_t i) noexcept nogil:
    """The row's input checks in the reference's order (0 when valid). Only run on a block
    known to hold a bad row, whose results are discarded."""
    cdef double unused_dr
    cdef int err
    if p.dr != NULL:
        if p.dr[i] < 0.0:
            return 1
    elif p.dist != NULL:
        err = _dr_row(p, i, &unused_dr)
        if err:
            return err
    if p.iri != NULL and p.iri[i] < 0.0:
        return 4
    if p.rut != NULL and p.rut[i] < 0.0:
        return 5
    if p.bumps != NULL and (p.bumps[3 * i] < 0.0 or p.bumps[3 * i + 1] < 0.0
                            or p.bumps[3 * i + 2] < 0.0):
        return 6
    if p.wear != NULL and p.wear[i] < 0.0:
        return 7
    return 0


cdef inline bint _any_negative(const double* x, Py_ssize_t m) noexcept nogil:
    cdef int64_t negative = 0  # as wide as a double lane: the compare masks are not narrowed
    cdef Py_ssize_t j
    for j in range(m):
        negative = negative | (x[j] < 0.0)
    return negative


cdef inline int64_t _check_block(const PavementIn* p, Py_ssize_t b, Py_ssize_t m) noexcept nogil:
    """Nonzero when rows ``b:b+m`` hold a bad distress row, rut depth or bump height (vector
    compares, a whole column at a time); stores the DR computed from distress areas. DR, IRI
    and wear are checked in the loops that call ``pow``/``exp`` on them, where it is free."""
    cdef int64_t bad = 0
    cdef Py_ssize_t i
    if p.dr == NULL and p.dist != NULL:
        for i in range(b, b + m):
            if _dr_row(p, i, p.o_dr + i):
                return 1
    if p.rut != NULL:
        bad = bad | _any_negative(p.rut + b, m)
    if p.bumps != NULL:
        bad = bad | _any_negative(p.bumps + 3 * b, 3 * m)
    return bad


cdef int _first_bad_row(const PavementIn* p, Py_ssize_t b, Py_ssize_t m,
                        Py_ssize_t* where) noexcept nogil:
    """The block's first error, row by row in the reference's order, once a block is known to
    hold one."""
    cdef Py_ssize_t i
    cdef int err
    for i in range(b, b + m):
        err = _check_row(p, i)
        if err:
            where[0] = i
            return err
    return 0


cdef inline double _floor(double y) noexcept nogil:
    """floor(y) that vectorises: the ``floor`` instruction where the build targets one
    (SSE4.1, AArch64), else a branch-free form, since plain SSE2 has no vector floor.

    The branch-free form adds and removes 2⁵² to round |y| < 2⁵² to the nearest integer
    exactly, then steps down where that overshot. Larger values are already integers, and ±inf
    and NaN come back unchanged, so the result equals floor(y) for every double. Only selects
    remain, which the compiler turns into masks.
    """
    if FLOOR_INSTRUCTION:
        return floor(y)
    cdef double a = fabs(y)
    cdef double r = copysign((a + 4503599627370496.0) - 4503599627370496.0, y)
    cdef double step = 1.0 if r > y else 0.0
    r = r - step
    return r if a < 4503599627370496.0 else y


cdef inline double _round(double x, double scale) noexcept nogil:
    """Half-up to ``1/scale`` (the reference's ``_round``): NaN stays NaN, and ``scale`` 0
    (no rounding asked) returns ``x``."""
    return _floor(x * scale + 0.5 + ROUND_SLACK) / scale if scale > 0.0 else x


cdef inline double _clamp100(double v) noexcept nogil:
    """Clamp to [0, 100]; NaN passes through."""
    v = 0.0 if v < 0.0 else v
    return 100.0 if v > 100.0 else v


cdef inline int64_t _pow_index_block(const double* x, double* capped, double* out,
                                     Py_ssize_t m, double a0, double a1,
                                     double scale) noexcept nogil:
    """100 − a0·min(x, 100)^a1 (PCI from DR, PWI from WR), clamped to [0, 100] and rounded;
    NaN x gives NaN (``pow`` itself would give 1 for NaN^0). ``capped`` receives min(x, 100),
    the DR the kernel returns. The ``pow`` calls run back to back and carry the sign check of
    x along (nonzero return: some x < 0); then one vector loop finishes the block."""
    cdef int64_t negative = 0
    cdef Py_ssize_t j
    cdef double v
    for j in range(m):
        v = x[j]
        negative = negative | (v < 0.0)
        v = 100.0 if v > 100.0 else v
        capped[j] = v
        out[j] = pow(v, a1) if v == v else NAN
    for j in range(m):
        out[j] = _round(_clamp100(100.0 - a0 * out[j]), scale)
    return negative


cdef void _pqi_block(const PavementIn* p, Py_ssize_t b, Py_ssize_t m) noexcept nogil:
    """PQI = Σ wᵢ·indexᵢ / Σ wᵢ over the indices present, in the reference's order.

    An index not measured (or with no positive weight) is left out of the block's list; where
    two or fewer remain (PCI and RQI on most rural roads) a two-term loop runs, else a
    five-term one in which the missing indices read a block of NaN. A NaN value adds +0.0,
    which is exact: the sums start at +0.0 and so are never −0.0, and the selects let the loops
    vectorise. So both loops give the reference's sums bit for bit.
    """
    cdef double* x[5]
    cdef double w[5]
    cdef double* outs[5]
    cdef double* out = p.o_pqi + b
    cdef double scale = p.scale, num, den, v
    cdef Py_ssize_t j, k, present = 0
    outs[0], outs[1], outs[2], outs[3], outs[4] = p.o_pci, p.o_rqi, p.o_rdi, p.o_pbi, p.o_pwi
    for k in range(5):
        if outs[k] != NULL and p.c[14 + k] > 0.0:
            x[present] = outs[k] + b
            w[present] = p.c[14 + k]
            present = present + 1
    for k in range(present, 5):
        x[k] = NAN_BLOCK
        w[k] = 0.0
    cdef double* x0 = x[0]
    cdef double* x1 = x[1]
    cdef double* x2 = x[2]
    cdef double* x3 = x[3]
    cdef double* x4 = x[4]
    cdef double w0 = w[0], w1 = w[1], w2 = w[2], w3 = w[3], w4 = w[4]
    if present <= 2:
        for j in range(m):
            v = x0[j]
            num = w0 * v if v == v else 0.0
            den = w0 if v == v else 0.0
            v = x1[j]
            num = num + (w1 * v if v == v else 0.0)
            den = den + (w1 if v == v else 0.0)
            out[j] = num / den  # 0/0, so NaN, when no index is present
    else:
        for j in range(m):
            v = x0[j]
            num = w0 * v if v == v else 0.0
            den = w0 if v == v else 0.0
            v = x1[j]
            num = num + (w1 * v if v == v else 0.0)
            den = den + (w1 if v == v else 0.0)
            v = x2[j]
            num = num + (w2 * v if v == v else 0.0)
            den = den + (w2 if v == v else 0.0)
            v = x3[j]
            num = num + (w3 * v if v == v else 0.0)
            den = den + (w3 if v == v else 0.0)
            v = x4[j]
            num = num + (w4 * v if v == v else 0.0)
            den = den + (w4 if v == v else 0.0)
            out[j] = num / den
    for j in range(m):  # a loop of its own: fused with the sums above, GCC 12 won't vectorise
        out[j] = _round(out[j], scale)


cdef int _pavement_chunk(const PavementIn* p, Py_ssize_t lo, Py_ssize_t hi,
                         Py_ssize_t* where) noexcept nogil:
    """Rows ``lo:hi`` in cache-sized blocks, one index at a time: the libm calls run back to
    back, and each index's clamp and rounding, then the PQI, are one vector loop over the
    block, instead of one long scalar chain per row. Returns the first error code and stores
    its row in ``where``."""
    cdef double scale = p.scale, v, w, t, r0, r1, r2, r3, r4
    cdef Py_ssize_t b, j, m
    cdef int64_t bad
    cdef double* out
    cdef const double* x
    b = lo
    while b < hi:
        m = hi - b if hi - b < PAVEMENT_BLOCK else PAVEMENT_BLOCK
        bad = _check_block(p, b, m)
        if p.o_pci != NULL:
            x = p.dr + b if p.dr != NULL else p.o_dr + b
            bad = bad | _pow_index_block(x, p.o_dr + b, p.o_pci + b, m, p.c[0], p.c[1], scale)
        if p.o_rqi != NULL:
            out = p.o_rqi + b
            x = p.iri + b
            v, w = p.c[2], p.c[3]
            for j in range(m):
                t = x[j]
                bad = bad | (t < 0.0)
                out[j] = exp(w * t)
            for j in range(m):
                out[j] = _round(100.0 / (1.0 + v * out[j]), scale)
        if p.o_rdi != NULL:
            out = p.o_rdi + b
            x = p.rut + b
            r0, r1, r2, r3, r4 = p.c[4], p.c[5], p.c[6], p.c[7], p.c[8]
            for j in range(m):
                v = x[j]
                t = _round(_clamp100(100.0 - r0 * v if v <= r2 else r4 - r1 * (v - r2)),
                           scale)
                # beyond the last segment 0 (rounds to itself); NaN stays NaN
                out[j] = t if (v <= r2) | (v <= r3) else (0.0 if v == v else NAN)
        if p.o_pbi != NULL:
            out = p.o_pbi + b
            x = p.bumps + 3 * b
            r0, r1, r2 = p.c[9], p.c[10], p.c[11]
            for j in range(m):
                v = 100.0 - (r0 * x[3 * j] + r1 * x[3 * j + 1] + r2 * x[3 * j + 2])
                out[j] = _round(0.0 if v < 0.0 else v, scale)
        if p.o_pwi != NULL:
            out = p.o_pwi + b
            x = p.wear + b
            bad = bad | _pow_index_block(x, out, out, m, p.c[12], p.c[13], scale)
        if bad:
            return _first_bad_row(p, b, m, where)
        _pqi_block(p, b, m)
        b = b + m
    return 0


cdef const double* _ptr(const double[::1] a) noexcept:
    return &a[0] if a.shape[0] > 0 else NULL


cdef double* _out(double[::1] a) noexcept:
    return &a[0] if a.shape[0] > 0 else NULL


def pavement(Py_ssize_t n, const double[::1] dr_in, const double[:, ::1] distress,
             const double[::1] weights, const double[::1] area, const double[::1] iri,
             const double[::1] rut, const double[:, ::1] bumps, const double[::1] wear,
             const double[::1] coef, int decimals, int threads):
    """Fused pavement pass; an empty input array means "not measured for any unit".

    Only the indices whose inputs are given are written; the others come back empty and the
    API shows them as all-NaN.
    """
    cdef PavementIn p
    cdef Py_ssize_t j, c, chunks = _n_chunks(n), lo, hi
    cdef int code
    cdef Py_ssize_t index
    cdef bint has_dr = dr_in.shape[0] > 0 or distress.shape[0] > 0
    outs = [np.empty(n if flag else 0, dtype=np.float64) for flag in (
        has_dr, has_dr, iri.shape[0] > 0, rut.shape[0] > 0, bumps.shape[0] > 0,
        wear.shape[0] > 0, True)]
    cdef double[::1] o_dr = outs[0], o_pci = outs[1], o_rqi = outs[2], o_rdi = outs[3]
    cdef double[::1] o_pbi = outs[4], o_pwi = outs[5], o_pqi = outs[6]
    if n == 0:
        return tuple(outs)
    p.dr = _ptr(dr_in)
    p.dist = &distress[0, 0] if distress.shape[0] > 0 and distress.shape[1] > 0 else NULL
    p.k = distress.shape[1]
    if p.dist == NULL and distress.shape[0] > 0:
        raise ValueError("distress_area needs at least one distress column")
    p.weights = _ptr(weights)
    p.area = _ptr(area)
    p.iri = _ptr(iri)
    p.rut = _ptr(rut)
    p.bumps = &bumps[0, 0] if bumps.shape[0] > 0 else NULL
    p.wear = _ptr(wear)
    for j in range(19):
        p.c[j] = coef[j]
    p.scale = pow(10.0, decimals) if decimals >= 0 else 0.0
    p.o_dr, p.o_pci, p.o_rqi = _out(o_dr), _out(o_pci), _out(o_rqi)
    p.o_rdi, p.o_pbi, p.o_pwi, p.o_pqi = _out(o_rdi), _out(o_pbi), _out(o_pwi), _out(o_pqi)
    cdef int* codes = <int*> calloc(chunks, sizeof(int))
    cdef Py_ssize_t* where = <Py_ssize_t*> calloc(chunks, sizeof(Py_ssize_t))
    if codes == NULL or where == NULL:
        free(codes)
        free(where)
        raise MemoryError()
    try:
        for c in prange(chunks, nogil=True, schedule="dynamic", num_threads=threads):
            lo = c * CHUNK_ROWS
            hi = lo + CHUNK_ROWS
            if hi > n:
                hi = n
            codes[c] = _pavement_chunk(&p, lo, hi, &where[c])
        _first_error(codes, where, chunks, &code, &index)
    finally:
        free(codes)
        free(where)
    _errors.raise_for(_errors.PAVEMENT, code, index)
    return tuple(outs)


def damage_ratio(const double[:, ::1] distress, const double[::1] weights,
                 const double[::1] area, int threads):
    """DR = 100·Σ wᵢAᵢ / A, capped at 100; NaN when any area of the row is NaN."""
    cdef Py_ssize_t n = distress.shape[0]
    result = pavement(n, np.empty(0), distress, weights, area, np.empty(0), np.empty(0),
                      np.empty((0, 3)), np.empty(0), np.zeros(19), -1, threads)
    return result[0]


# ---------------------------------------------------------------- grouped aggregation

def grouped(const double[::1] values, const double[::1] lengths, const int64_t[::1] groups,
            Py_ssize_t n_groups, double threshold, int threads):
    """Per group: evaluated length, total length, Σv·L, Σv, length with v ≥ threshold, count.

    Rows are summed in 4 fixed chunks (one below 65,536 rows), each into its own buffer, and the
    buffers are added in chunk order: the result does not depend on the thread count.
    """
    cdef Py_ssize_t n = values.shape[0]
    cdef Py_ssize_t chunks = 4 if n >= 65536 else 1
    cdef Py_ssize_t c, i, lo, hi, g, k, width = n_groups * GROUP_FIELDS
    cdef double v, length
    cdef double* acc
    cdef int code
    cdef Py_ssize_t index
    out = np.zeros((GROUP_FIELDS, n_groups), dtype=np.float64)
    cdef double[:, ::1] o = out
    if n == 0:
        return tuple(out)
    cdef double* buf = <double*> calloc(chunks * width + 1, sizeof(double))
    cdef int* codes = <int*> calloc(chunks, sizeof(int))
    cdef Py_ssize_t* where = <Py_ssize_t*> calloc(chunks, sizeof(Py_ssize_t))
    if buf == NULL or codes == NULL or where == NULL:
        free(buf)
        free(codes)
        free(where)
        raise MemoryError()
    try:
        for c in prange(chunks, nogil=True, schedule="static", num_threads=threads):
            lo = c * n // chunks
            hi = (c + 1) * n // chunks
            acc = buf + c * width
            i = lo
            while i < hi:
                length = lengths[i]
                g = groups[i]
                if not length >= 0.0:
                    codes[c] = 1
                    where[c] = i
                    break
                if g < 0 or g >= n_groups:
                    codes[c] = 2
                    where[c] = i
                    break
                v = values[i]
                g = g * GROUP_FIELDS
                acc[g + 1] += length
                if v == v:
                    acc[g] += length
                    acc[g + 2] += v * length
                    acc[g + 3] += v
                    if v >= threshold:
                        acc[g + 4] += length
                    acc[g + 5] += 1.0
                i = i + 1
        _first_error(codes, where, chunks, &code, &index)
        if code == 0:
            with nogil:
                for c in range(chunks):
                    acc = buf + c * width
                    for g in range(n_groups):
                        for k in range(GROUP_FIELDS):
                            o[k, g] += acc[g * GROUP_FIELDS + k]
    finally:
        free(buf)
        free(codes)
        free(where)
    _errors.raise_for(_errors.GROUPED, code, index)
    return tuple(out)


# ---------------------------------------------------------------- banding

def band(const double[::1] scores, const double[::1] lowers, int threads):
    """Index of the first band whose lower bound the score reaches; -1 for NaN."""
    cdef Py_ssize_t n = scores.shape[0], m = lowers.shape[0], chunks = _n_chunks(n)
    cdef Py_ssize_t c, i, k, lo, hi
    cdef double s
    cdef int code
    cdef Py_ssize_t index
    out = np.empty(n, dtype=np.int8)
    cdef int8_t[::1] o = out
    if n == 0:
        return out
    cdef int* codes = <int*> calloc(chunks, sizeof(int))
    cdef Py_ssize_t* where = <Py_ssize_t*> calloc(chunks, sizeof(Py_ssize_t))
    if codes == NULL or where == NULL:
        free(codes)
        free(where)
        raise MemoryError()
    try:
        for c in prange(chunks, nogil=True, schedule="static", num_threads=threads):
            lo = c * CHUNK_ROWS
            hi = lo + CHUNK_ROWS
            if hi > n:
                hi = n
            i = lo
            while i < hi:
                s = scores[i]
                if s != s:
                    o[i] = -1
                else:
                    k = 0
                    while k < m and not s >= lowers[k]:
                        k = k + 1
                    if k == m:
                        codes[c] = 1
                        where[c] = i
                        break
                    o[i] = <int8_t> k
                i = i + 1
        _first_error(codes, where, chunks, &code, &index)
    finally:
        free(codes)
        free(where)
    _errors.raise_for(_errors.BANDING, code, index)
    return out


# ---------------------------------------------------------------- indicators and ranking

cdef inline bint _reaches(int64_t num, int64_t den, int64_t t_num, int64_t t_den) noexcept nogil:
    return <i128> num * t_den >= <i128> den * t_num


cdef int _score_item(int8_t rt, int64_t mx, int64_t step, int64_t tn, int64_t td, int8_t prop,
                     int8_t vac, const int64_t* l_num, const int64_t* l_den,
                     const int64_t* l_pts, Py_ssize_t steps, int64_t v, int64_t d,
                     int64_t* out) noexcept nogil:
    cdef i128 num, den
    cdef Py_ssize_t s
    cdef int64_t best
    if v < 0:
        return 1
    if d < 0:
        return 6
    if vac and d == 0:
        out[0] = mx
        return 0
    if rt == 0:
        if v > mx:
            return 2
        out[0] = v
        return 0
    if rt == 1:
        num = <i128> mx - <i128> step * v
        out[0] = <int64_t> num if num > 0 else 0
        return 0
    if rt == 2:
        if v > 1:
            return 3
        out[0] = mx if v == 1 else 0
        return 0
    if d == 0:
        return 5
    if v > d:
        return 4
    if rt == 3:
        if _reaches(v, d, tn, td):
            out[0] = mx
        elif prop:
            num = <i128> mx * v * td
            den = <i128> d * tn
            out[0] = <int64_t> ((2 * num + den) // (2 * den))
        else:
            out[0] = 0
        return 0
    best = 0
    for s in range(steps):
        if _reaches(v, d, l_num[s], l_den[s]) and l_pts[s] > best:
            best = l_pts[s]
    out[0] = best
    return 0


def score_indicators(const int8_t[::1] rule_type, const int64_t[::1] max_cents,
                     const int64_t[::1] step_cents, const int64_t[::1] t_num,
                     const int64_t[::1] t_den, const int8_t[::1] proportional,
                     const int8_t[::1] vacuous, const int64_t[::1] ladder_offsets,
                     const int64_t[::1] ladder_num, const int64_t[::1] ladder_den,
                     const int64_t[::1] ladder_points, const int64_t[:, ::1] values,
                     const int64_t[:, ::1] denominators):
    """Item scores in hundredths of a point, exact; see ``api.score_indicators``."""
    cdef Py_ssize_t n = values.shape[0], m = values.shape[1], u, j, off
    cdef int code = 0
    cdef int64_t total
    items = np.zeros((n, m), dtype=np.int64)
    totals = np.zeros(n, dtype=np.int64)
    cdef int64_t[:, ::1] it = items
    cdef int64_t[::1] tot = totals
    cdef const int64_t* empty = NULL
    with nogil:
        for u in range(n):
            total = 0
            for j in range(m):
                off = ladder_offsets[j]
                code = _score_item(
                    rule_type[j], max_cents[j], step_cents[j], t_num[j], t_den[j],
                    proportional[j], vacuous[j],
                    &ladder_num[off] if ladder_offsets[j + 1] > off else empty,
                    &ladder_den[off] if ladder_offsets[j + 1] > off else empty,
                    &ladder_points[off] if ladder_offsets[j + 1] > off else empty,
                    ladder_offsets[j + 1] - off, values[u, j], denominators[u, j], &it[u, j])
                if code != 0:
                    break
                total += it[u, j]
            if code != 0:
                break
            tot[u] = total
    if code != 0:
        _errors.raise_for(_errors.INDICATORS, code, (u, j))
    return items, totals


def competition_rank(scores, const int64_t[::1] order):
    """Rank = 1 + number of strictly higher scores ("1224"); ``order`` sorts scores ascending."""
    cdef Py_ssize_t n = order.shape[0], end, start, t
    ranks = np.empty(n, dtype=np.int64)
    cdef int64_t[::1] r = ranks
    # Equal scores sit together in ``order``; walk the runs from the top score down.
    sorted_scores = np.asarray(scores)[np.asarray(order)]
    equal_next = np.empty(n, dtype=np.uint8)
    if n > 1:
        equal_next[:n - 1] = sorted_scores[:n - 1] == sorted_scores[1:]
    cdef uint8_t[::1] same = equal_next
    with nogil:
        end = n
        while end > 0:
            start = end - 1
            while start > 0 and same[start - 1]:
                start -= 1
            for t in range(start, end):
                r[order[t]] = n - end + 1
            end = start
    return ranks


# ---------------------------------------------------------------- divisor apportionment

cdef struct Prio:
    i128 num
    i128 den


cdef inline Prio _priority(int method, int64_t w, int64_t k) noexcept nogil:
    """Priority for the (k+1)-th unit as num/den; den 0 is infinite (Adams and HH at k = 0)."""
    cdef Prio p
    if method == 0:
        p.num = 2 * <i128> w
        p.den = 2 * <i128> k + 1
    elif method == 1:
        p.num = w
        p.den = <i128> k + 1
    elif method == 2:
        p.num = w
        p.den = k
    else:
        p.num = <i128> w * w
        p.den = <i128> k * (k + 1)
    return p


cdef inline int _cmp(Prio a, Prio b) noexcept nogil:
    """-1, 0, 1 as a is below, equal to, above b; exact (cross-multiplied in 128 bits)."""
    cdef i128 x, y
    if a.den == 0 or b.den == 0:
        if a.den == 0 and b.den == 0:
            return 0
        return 1 if a.den == 0 else -1
    x = a.num * b.den
    y = b.num * a.den
    return 1 if x > y else (-1 if x < y else 0)


cdef struct Alloc:
    int method
    const int64_t* w
    const int64_t* lo
    const int64_t* hi
    const int64_t* rank
    int64_t* s
    # heap 0: entities that can take a unit, best next unit on top;
    # heap 1: entities that can give one back, worst last unit on top.
    Py_ssize_t* heap[2]
    Py_ssize_t* pos[2]
    Py_ssize_t size[2]


cdef inline bint _above(Alloc* a, int which, Py_ssize_t x, Py_ssize_t y) noexcept nogil:
    """Whether x belongs above y in heap ``which`` (ties go by the tie-break rank)."""
    cdef int c
    if which == 0:
        c = _cmp(_priority(a.method, a.w[x], a.s[x]), _priority(a.method, a.w[y], a.s[y]))
        return c > 0 or (c == 0 and a.rank[x] < a.rank[y])
    c = _cmp(_priority(a.method, a.w[x], a.s[x] - 1), _priority(a.method, a.w[y], a.s[y] - 1))
    return c < 0 or (c == 0 and a.rank[x] > a.rank[y])


cdef inline void _swap(Alloc* a, int which, Py_ssize_t i, Py_ssize_t j) noexcept nogil:
    cdef Py_ssize_t* h = a.heap[which]
    cdef Py_ssize_t t = h[i]
    h[i] = h[j]
    h[j] = t
    a.pos[which][h[i]] = i
    a.pos[which][h[j]] = j


cdef void _sift(Alloc* a, int which, Py_ssize_t i) noexcept nogil:
    cdef Py_ssize_t* h = a.heap[which]
    cdef Py_ssize_t parent, child, best
    while i > 0:
        parent = (i - 1) // 2
        if not _above(a, which, h[i], h[parent]):
            break
        _swap(a, which, i, parent)
        i = parent
    while True:
        best = i
        child = 2 * i + 1
        if child < a.size[which] and _above(a, which, h[child], h[best]):
            best = child
        if child + 1 < a.size[which] and _above(a, which, h[child + 1], h[best]):
            best = child + 1
        if best == i:
            break
        _swap(a, which, i, best)
        i = best


cdef void _heap_set(Alloc* a, int which, Py_ssize_t e, bint member) noexcept nogil:
    """Insert, re-order or remove entity e so that heap ``which`` stays exact."""
    cdef Py_ssize_t p = a.pos[which][e], last
    if member and p < 0:
        p = a.size[which]
        a.heap[which][p] = e
        a.pos[which][e] = p
        a.size[which] += 1
        _sift(a, which, p)
    elif member:
        _sift(a, which, p)
    elif p >= 0:
        last = a.size[which] - 1
        _swap(a, which, p, last)
        a.size[which] -= 1
        a.pos[which][e] = -1
        if p < last:
            _sift(a, which, p)


cdef inline void _refresh(Alloc* a, Py_ssize_t e) noexcept nogil:
    _heap_set(a, 0, e, a.w[e] > 0 and a.s[e] < a.hi[e])
    _heap_set(a, 1, e, a.s[e] > a.lo[e])


cdef int64_t _estimate(Alloc* a, Py_ssize_t n, double lam) noexcept nogil:
    """Seats at multiplier ``lam`` (float, only a starting point) clamped to the bounds."""
    cdef Py_ssize_t i
    cdef int64_t total = 0, k
    cdef double x, f
    for i in range(n):
        x = lam * <double> a.w[i]
        if x > 4e18:
            x = 4e18
        if a.w[i] == 0:
            k = 0
        elif a.method == 0:
            f = floor(x + 0.5)
            k = <int64_t> f
        elif a.method == 1:
            k = <int64_t> floor(x)
        elif a.method == 2:
            f = floor(x)
            k = <int64_t> f + (1 if x > f else 0)
        else:
            f = floor(x)
            k = <int64_t> f + (1 if sqrt(f * (f + 1.0)) < x else 0)
        if k < a.lo[i]:
            k = a.lo[i]
        if k > a.hi[i]:
            k = a.hi[i]
        a.s[i] = k
        total += k
    return total


cdef void _divisor(Alloc* a, Py_ssize_t n, int64_t house, double weight_sum) noexcept nogil:
    """Bisect a float multiplier to land near ``house``, then fix up exactly with two heaps.

    The fix-up adds the best next units, removes the worst last units, and swaps while some
    entity's next unit outranks another's last one, so the result is the greedy optimum.
    """
    cdef double lam_lo = 0.0, lam_hi = 2.0 * <double> house / weight_sum + 1.0, lam
    cdef int64_t total
    cdef int it
    cdef Py_ssize_t i, j, e
    cdef int c
    while _estimate(a, n, lam_hi) < house and lam_hi < 1e300:
        lam_hi *= 2.0
    total = 0
    for it in range(100):
        lam = 0.5 * (lam_lo + lam_hi)
        if lam <= lam_lo or lam >= lam_hi:
            break
        total = _estimate(a, n, lam)
        if total == house:
            break
        if total < house:
            lam_lo = lam
        else:
            lam_hi = lam
    if total != house:
        total = _estimate(a, n, lam_hi)
    for e in range(n):
        a.pos[0][e] = -1
        a.pos[1][e] = -1
    for e in range(n):
        _refresh(a, e)
    while total < house:
        e = a.heap[0][0]
        a.s[e] += 1
        total += 1
        _refresh(a, e)
    while total > house:
        e = a.heap[1][0]
        a.s[e] -= 1
        total -= 1
        _refresh(a, e)
    while a.size[0] > 0 and a.size[1] > 0:
        j = a.heap[0][0]
        i = a.heap[1][0]
        c = _cmp(_priority(a.method, a.w[j], a.s[j]), _priority(a.method, a.w[i], a.s[i] - 1))
        if c < 0 or (c == 0 and a.rank[j] > a.rank[i]):
            break
        a.s[i] -= 1
        a.s[j] += 1
        _refresh(a, i)
        _refresh(a, j)


_METHOD_CODES = {"webster": 0, "dhondt": 1, "adams": 2, "huntington_hill": 3}


def divisor_apportion(const int64_t[::1] weights, int64_t house, const int64_t[::1] lo,
                      const int64_t[::1] hi, const int64_t[::1] rank, str method):
    """Bounded divisor method; weights and house below 2**31 (the API routes larger ones)."""
    cdef Py_ssize_t n = weights.shape[0], e
    cdef Alloc a
    cdef double weight_sum = 0.0
    cdef Prio worst, best, p
    worst.num, worst.den, best.num, best.den = 0, 1, 0, 1
    cdef bint any_last = False, any_next = False
    seats = np.zeros(n, dtype=np.int64)
    cdef int64_t[::1] s = seats
    if n == 0:
        return seats, np.empty(0, np.int64), np.empty(0, np.int64)
    a.method = _METHOD_CODES[method]
    a.w, a.lo, a.hi, a.rank, a.s = &weights[0], &lo[0], &hi[0], &rank[0], &s[0]
    heaps = np.empty((4, n), dtype=np.intp)
    cdef Py_ssize_t[:, ::1] hv = heaps
    a.heap[0], a.heap[1], a.pos[0], a.pos[1] = &hv[0, 0], &hv[1, 0], &hv[2, 0], &hv[3, 0]
    a.size[0] = 0
    a.size[1] = 0
    for e in range(n):
        weight_sum += <double> weights[e]
    with nogil:
        _divisor(&a, n, house, weight_sum if weight_sum > 0.0 else 1.0)
        for e in range(n):
            if s[e] > lo[e]:
                p = _priority(a.method, weights[e], s[e] - 1)
                if not any_last or _cmp(p, worst) < 0:
                    worst = p
                any_last = True
            if weights[e] > 0 and s[e] < hi[e]:
                p = _priority(a.method, weights[e], s[e])
                if not any_next or _cmp(p, best) > 0:
                    best = p
                any_next = True
    if not (any_last and any_next) or _cmp(worst, best) != 0:
        return seats, np.empty(0, np.int64), np.empty(0, np.int64)
    winners = [e for e in range(n)
               if s[e] > lo[e] and _cmp(_priority(a.method, weights[e], s[e] - 1), worst) == 0]
    losers = [e for e in range(n) if weights[e] > 0 and s[e] < hi[e]
              and _cmp(_priority(a.method, weights[e], s[e]), best) == 0]
    return seats, np.array(winners, dtype=np.int64), np.array(losers, dtype=np.int64)


# ---------------------------------------------------------------- capped Hamilton

cdef struct Event:
    int64_t num
    int64_t den
    int64_t kind
    int64_t idx


cdef int _event_cmp(const void* pa, const void* pb) noexcept nogil:
    cdef const Event* a = <const Event*> pa
    cdef const Event* b = <const Event*> pb
    cdef i128 x = <i128> a.num * b.den, y = <i128> b.num * a.den
    if x != y:
        return -1 if x < y else 1
    if a.kind != b.kind:
        return -1 if a.kind < b.kind else 1
    return -1 if a.idx < b.idx else (1 if a.idx > b.idx else 0)


cdef struct Rem:
    int64_t frac
    int64_t rank
    int64_t idx


cdef int _rem_cmp(const void* pa, const void* pb) noexcept nogil:
    cdef const Rem* a = <const Rem*> pa
    cdef const Rem* b = <const Rem*> pb
    if a.frac != b.frac:
        return -1 if a.frac > b.frac else 1
    return -1 if a.rank < b.rank else (1 if a.rank > b.rank else 0)


def hamilton_apportion(const int64_t[::1] weights, int64_t house, const int64_t[::1] lo,
                       const int64_t[::1] hi, const int64_t[::1] rank):
    """Capped largest remainder by exact water-filling (blood_quota.md §8.2)."""
    cdef Py_ssize_t n = weights.shape[0], i, m = 0, cands = 0, left, t
    cdef int64_t fixed = 0, free_w = 0, lam_num = 0, lam_den = 1, total = 0
    cdef i128 x
    cdef bint found = False
    seats = np.zeros(n, dtype=np.int64)
    cdef int64_t[::1] s = seats
    cdef Event* ev = <Event*> malloc((2 * n + 1) * sizeof(Event))
    cdef Rem* rem = <Rem*> malloc((n + 1) * sizeof(Rem))
    if ev == NULL or rem == NULL:
        free(ev)
        free(rem)
        raise MemoryError()
    try:
        with nogil:
            for i in range(n):
                fixed += lo[i]
                if weights[i] > 0:
                    ev[m].num, ev[m].den, ev[m].kind, ev[m].idx = lo[i], weights[i], 0, i
                    ev[m + 1].num, ev[m + 1].den, ev[m + 1].kind, ev[m + 1].idx = hi[i], weights[i], 1, i
                    m += 2
            qsort(ev, m, sizeof(Event), _event_cmp)
            if fixed >= house:
                found = True
                lam_num, lam_den = 0, 1
            for t in range(m):
                if found:
                    break
                # f(λ_e) = fixed + λ_e·free ≥ house, with λ_e = num/den, cross-multiplied
                if <i128> fixed * ev[t].den + <i128> ev[t].num * free_w >= <i128> house * ev[t].den:
                    lam_num, lam_den = house - fixed, free_w
                    found = True
                    break
                i = ev[t].idx
                if ev[t].kind == 0:
                    fixed -= lo[i]
                    free_w += weights[i]
                else:
                    fixed += hi[i]
                    free_w -= weights[i]
            if not found:
                if free_w > 0:
                    lam_num, lam_den = house - fixed, free_w
                else:
                    lam_num, lam_den = 0, 1
            for i in range(n):
                x = <i128> lam_num * weights[i]
                if weights[i] == 0 or x <= <i128> lo[i] * lam_den:
                    s[i] = lo[i]
                elif x >= <i128> hi[i] * lam_den:
                    s[i] = hi[i]
                else:
                    s[i] = <int64_t> (x // lam_den)
                    if x % lam_den > 0:
                        rem[cands].frac = <int64_t> (x % lam_den)
                        rem[cands].rank = rank[i]
                        rem[cands].idx = i
                        cands += 1
                total += s[i]
            qsort(rem, cands, sizeof(Rem), _rem_cmp)
            left = house - total
            for t in range(left):
                s[rem[t].idx] += 1
        winners = []
        losers = []
        if 0 < left < cands and rem[left - 1].frac == rem[left].frac:
            for t in range(cands):
                if rem[t].frac == rem[left].frac:
                    (winners if t < left else losers).append(rem[t].idx)
            winners.sort()
            losers.sort()
    finally:
        free(ev)
        free(rem)
    return seats, np.array(winners, dtype=np.int64), np.array(losers, dtype=np.int64)


# ---------------------------------------------------------------- compliance sweep

cdef inline int64_t _days_from_civil(int64_t y, int64_t m, int64_t d) noexcept nogil:
    """Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm)."""
    cdef int64_t era, yoe, doy, doe
    if m <= 2:
        y -= 1
    era = (y if y >= 0 else y - 399) // 400
    yoe = y - era * 400
    doy = (153 * (m - 3 if m > 2 else m + 9) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


cdef inline int64_t _add_years(int64_t z, int64_t years) noexcept nogil:
    """Same month and day ``years`` later; 29 February becomes 28 February off leap years."""
    cdef int64_t era, doe, yoe, y, doy, mp, d, m
    z += 719468
    era = (z if z >= 0 else z - 146096) // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    y = yoe + era * 400
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = mp + 3 if mp < 10 else mp - 9
    if m <= 2:
        y += 1
    y += years
    if m == 2 and d == 29 and not (y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)):
        d = 28
    return _days_from_civil(y, m, d)


def compliance(const int32_t[::1] manufacture, const int32_t[::1] last_inspection,
               const int8_t[::1] passed, const int32_t[::1] design_life,
               const int32_t[::1] extended_life, int64_t today, int64_t interval_years,
               int64_t warning_days, int threads):
    """Cylinder status by lpg_registry.md §4 (dates as days since 1970-01-01)."""
    cdef Py_ssize_t n = manufacture.shape[0], chunks = _n_chunks(n), c, i, lo, hi
    cdef int64_t made, last, life, ext, nxt, limit, due
    cdef int8_t code_i
    cdef int code
    cdef Py_ssize_t index
    status = np.empty(n, dtype=np.int8)
    days = np.empty(n, dtype=np.int32)
    nexts = np.empty(n, dtype=np.int32)
    limits = np.empty(n, dtype=np.int32)
    cdef int8_t[::1] o_status = status
    cdef int32_t[::1] o_days = days, o_next = nexts, o_limit = limits
    if n == 0:
        return status, days, nexts, limits
    cdef int* codes = <int*> calloc(chunks, sizeof(int))
    cdef Py_ssize_t* where = <Py_ssize_t*> calloc(chunks, sizeof(Py_ssize_t))
    if codes == NULL or where == NULL:
        free(codes)
        free(where)
        raise MemoryError()
    try:
        for c in prange(chunks, nogil=True, schedule="static", num_threads=threads):
            lo = c * CHUNK_ROWS
            hi = lo + CHUNK_ROWS
            if hi > n:
                hi = n
            i = lo
            while i < hi:
                made = manufacture[i]
                last = last_inspection[i]
                life = design_life[i]
                ext = extended_life[i]
                if made < -MAX_DAY or made > MAX_DAY:
                    codes[c] = 1
                elif last != NO_DATE and (last < made or last > MAX_DAY):
                    codes[c] = 2
                elif life < 1 or life > MAX_YEARS:
                    codes[c] = 3
                elif ext != 0 and (ext < life or ext > MAX_YEARS):
                    codes[c] = 4
                if codes[c] != 0:
                    where[c] = i
                    break
                if last != NO_DATE:
                    nxt = _add_years(last, interval_years)
                    if ext > 0 and passed[i] != 0:
                        life = ext
                else:
                    nxt = _add_years(made, interval_years)
                limit = _add_years(made, life)
                due = nxt if nxt < limit else limit
                if today >= limit:
                    code_i = 3
                elif today >= nxt:
                    code_i = 2
                elif today >= due - warning_days:
                    code_i = 1
                else:
                    code_i = 0
                o_status[i] = code_i
                o_days[i] = <int32_t> (due - today)
                o_next[i] = <int32_t> nxt
                o_limit[i] = <int32_t> limit
                i = i + 1
        _first_error(codes, where, chunks, &code, &index)
    finally:
        free(codes)
        free(where)
    _errors.raise_for(_errors.COMPLIANCE, code, index)
    return status, days, nexts, limits


# ---------------------------------------------------------------- benchmark floor

def pow_exp_floor(const double[::1] dr, const double[::1] iri, double pci_a1, double rqi_a1,
                  int threads, int arrays=1):
    """Only the libm calls of the pavement pass (one ``pow``, one ``exp`` per unit): the floor
    the fused kernel is measured against in ``tests/benchmarks/kernel``.

    ``arrays=4`` also stores as many result arrays as the kernel returns for DR + IRI input
    (DR, PCI, RQI, PQI), so the benchmark shows what writing fresh output memory alone costs.
    Returns the ``pow`` + ``exp`` sums either way.
    """
    cdef Py_ssize_t n = dr.shape[0], i
    if arrays not in (1, 4):
        raise ValueError(f"arrays must be 1 or 4, got {arrays}")
    outs = [np.empty(n if k < arrays else 0, dtype=np.float64) for k in range(4)]
    cdef double[::1] o = outs[0], o_pci = outs[1], o_rqi = outs[2], o_pqi = outs[3]
    cdef double a, b
    if arrays == 1:
        for i in prange(n, nogil=True, schedule="static", num_threads=threads):
            o[i] = pow(dr[i], pci_a1) + exp(rqi_a1 * iri[i])
    else:
        for i in prange(n, nogil=True, schedule="static", num_threads=threads):
            a = pow(dr[i], pci_a1)
            b = exp(rqi_a1 * iri[i])
            o[i] = a + b
            o_pci[i] = a
            o_rqi[i] = b
            o_pqi[i] = dr[i]
    return outs[0]
