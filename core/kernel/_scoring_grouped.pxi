# The scoring kernel's grouped aggregation. Part of one module: included in order by
# ``_scoring.pxi``, after ``_scoring_common.pxi`` (the cimports, constants and chunk helpers used
# here).

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
