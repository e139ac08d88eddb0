# The scoring kernel's overall technical condition MQI from PQI, SCI, BCI and TCI, with the
# dangerous-structure override. Part of one module: included in order by ``_scoring.pxi``,
# after ``_scoring_pavement.pxi`` (whose ``_round`` it uses).

# ---------------------------------------------------------------- MQI

cdef int _condition_chunk(const double* pqi, const double* sci, const double* bci,
                          const double* tci, const int8_t* structure, const double* c,
                          double scale, double* out, Py_ssize_t lo, Py_ssize_t hi,
                          Py_ssize_t* where) noexcept nogil:
    """Rows ``lo:hi``, each checked in the reference's order; returns the first error code
    and stores its row in ``where``."""
    cdef Py_ssize_t i
    cdef double v
    cdef int8_t s
    for i in range(lo, hi):
        if pqi[i] < 0.0 or pqi[i] > 100.0:
            where[0] = i
            return 1
        if sci[i] < 0.0 or sci[i] > 100.0:
            where[0] = i
            return 2
        if bci[i] < 0.0 or bci[i] > 100.0:
            where[0] = i
            return 3
        if tci[i] < 0.0 or tci[i] > 100.0:
            where[0] = i
            return 4
        s = structure[i]
        if s < 0 or s > c[4]:
            where[0] = i
            return 5
        v = c[0] * sci[i] + c[1] * pqi[i] + c[2] * bci[i] + c[3] * tci[i]
        out[i] = 0.0 if s == c[4] else _round(v, scale)
    return 0


def condition(const double[::1] pqi, const double[::1] sci, const double[::1] bci,
              const double[::1] tci, const int8_t[::1] structure, const double[::1] coef,
              int decimals, int threads):
    """MQI = wSCI·SCI + wPQI·PQI + wBCI·BCI + wTCI·TCI (``coef`` = the four weights and the
    dangerous structure class); NaN where an index is missing; 0 where the unit holds a
    structure of the dangerous class."""
    cdef Py_ssize_t n = pqi.shape[0], c, chunks = _n_chunks(n), lo, hi, index
    cdef int code
    cdef double cf[5]
    cdef double scale = pow(10.0, decimals) if decimals >= 0 else 0.0
    result = np.empty(n, dtype=np.float64)
    cdef double[::1] out = result
    if n == 0:
        return result
    for c in range(5):
        cf[c] = coef[c]
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
            codes[c] = _condition_chunk(&pqi[0], &sci[0], &bci[0], &tci[0], &structure[0],
                                        cf, scale, &out[0], lo, hi, &where[c])
        _first_error(codes, where, chunks, &code, &index)
    finally:
        free(codes)
        free(where)
    _errors.raise_for(_errors.CONDITION, code, index)
    return result
