# The scoring kernel's banding. Part of one module: included in order by ``_scoring.pxi``, after
# ``_scoring_common.pxi`` (the cimports, constants and chunk helpers used here).

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
