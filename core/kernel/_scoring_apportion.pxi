# The scoring kernel's apportionment: divisor methods and capped Hamilton. Part of one module:
# included in order by ``_scoring.pxi``, after ``_scoring_common.pxi`` (the cimports, constants
# and chunk helpers used here).

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
