# The scoring kernel's pavement indices (DR, PCI, RQI, RDI, PBI, PWI, PQI in one fused pass) and
# the benchmark floor of their libm calls. Part of one module: included in order by
# ``_scoring.pxi``, after ``_scoring_common.pxi`` (the cimports, constants and chunk helpers used
# here).

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
