# The scoring kernel's indicator scoring and competition ranking. Part of one module: included in
# order by ``_scoring.pxi``, after ``_scoring_common.pxi`` (the cimports, constants and chunk
# helpers used here).

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
