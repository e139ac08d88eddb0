# The scoring kernel's apportionment: divisor methods and capped Hamilton. Part of one module:
# included in order by ``_scoring.pxi``, after ``_scoring_common.pxi`` (the cimports, constants
# and chunk helpers used here).

# ---------------------------------------------------------------- divisor apportionment

from libc.string cimport memcpy


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


cdef int64_t _estimate(Alloc* a, Py_ssize_t n, double lam, int64_t* out) noexcept nogil:
    """Seats at multiplier ``lam`` (float, only a starting point) clamped to the bounds, written
    to ``out``; returns their total. Monotone in ``lam`` entity by entity."""
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
        out[i] = k
        total += k
    return total


cdef bint _bracket(Alloc* a, Py_ssize_t n, int64_t house, double weight_sum, int64_t* s_hi,
                   int64_t* total_lo) noexcept nogil:
    """Float multipliers λ_lo ≤ λ_hi whose estimates total at most and at least ``house``,
    found by interpolation (the total is nearly linear in λ) with bisection as the safeguard,
    until the two are at most ``n/64 + 64`` units apart. Leaves the estimate at λ_lo in
    ``a.s`` (at λ_hi when that one totals ``house``) and its total in ``total_lo``, the one at
    λ_hi in ``s_hi``; False when there is nothing to bracket (the lower bounds fill the house)
    or no λ_hi was found, with an estimate in ``a.s`` all the same."""
    cdef double lam_lo = 0.0, lam_hi, lam
    cdef int64_t t_lo = 0, t_hi, t, gap, near = n // 64 + 64
    cdef int it
    cdef bint bisect = False, hi_held = True  # whether s_hi holds the estimate at λ_hi
    cdef Py_ssize_t e
    for e in range(n):
        t_lo += a.lo[e]
    if t_lo >= house:
        # at λ = 0 every entity sits at its lower bound
        total_lo[0] = _estimate(a, n, 0.0, a.s)
        return False
    lam_hi = <double> house / weight_sum
    t_hi = _estimate(a, n, lam_hi, s_hi)
    while t_hi < house:
        if lam_hi > 1e300:
            total_lo[0] = _estimate(a, n, lam_hi, a.s)
            return False
        lam_lo, t_lo = lam_hi, t_hi
        lam_hi *= 2.0
        t_hi = _estimate(a, n, lam_hi, s_hi)
    for it in range(200):
        gap = t_hi - t_lo
        if t_hi == house or gap <= near:
            break
        if bisect:
            lam = 0.5 * (lam_lo + lam_hi)
        else:
            lam = lam_lo + (lam_hi - lam_lo) * (<double> (house - t_lo) / <double> gap)
        if not (lam_lo < lam < lam_hi):
            lam = 0.5 * (lam_lo + lam_hi)
            if not (lam_lo < lam < lam_hi):
                break
        t = _estimate(a, n, lam, s_hi)
        hi_held = t >= house
        if hi_held:
            lam_hi, t_hi = lam, t
        else:
            lam_lo, t_lo = lam, t
        # interpolation that did not halve the gap is followed by a bisection step
        bisect = not bisect and 2 * (t_hi - t_lo) > gap
    if t_hi == house:
        if hi_held:
            memcpy(a.s, s_hi, n * sizeof(int64_t))
            total_lo[0] = house
        else:
            total_lo[0] = _estimate(a, n, lam_hi, a.s)
        return True
    total_lo[0] = _estimate(a, n, lam_lo, a.s)
    if not hi_held:
        _estimate(a, n, lam_hi, s_hi)
    return True


cdef struct Unit:
    i128 num
    i128 den
    int64_t rank
    Py_ssize_t e


cdef int _unit_cmp(const void* pa, const void* pb) noexcept nogil:
    """Best unit first: higher priority (den 0 is infinite), then smaller tie rank."""
    cdef const Unit* x = <const Unit*> pa
    cdef const Unit* y = <const Unit*> pb
    cdef Prio p, q
    cdef int c
    p.num, p.den, q.num, q.den = x.num, x.den, y.num, y.den
    c = _cmp(p, q)
    if c != 0:
        return -c
    return -1 if x.rank < y.rank else (1 if x.rank > y.rank else 0)


cdef bint _select(Alloc* a, Py_ssize_t n, int64_t house, int64_t total_lo,
                  const int64_t* s_hi) noexcept nogil:
    """Give the ``house - total_lo`` best of the units between the two estimates, ordered
    exactly; each entity's units come in falling priority, so the best ones are its first."""
    cdef Py_ssize_t e, m = 0, t
    cdef int64_t k, units = 0
    cdef Prio p
    for e in range(n):
        units += s_hi[e] - a.s[e]
    if units > 4 * <int64_t> n + 1024:
        return False
    cdef Unit* cand = <Unit*> malloc((units + 1) * sizeof(Unit))
    if cand == NULL:
        return False
    for e in range(n):
        k = a.s[e]
        while k < s_hi[e]:
            p = _priority(a.method, a.w[e], k)
            cand[m].num, cand[m].den, cand[m].rank, cand[m].e = p.num, p.den, a.rank[e], e
            m += 1
            k += 1
    qsort(cand, m, sizeof(Unit), _unit_cmp)
    for t in range(house - total_lo):
        a.s[cand[t].e] += 1
    free(cand)
    return True


cdef struct Boundary:
    # the least unit given (lowest priority, then largest tie rank) and the best one not given
    Prio worst
    Prio best
    int64_t worst_rank
    int64_t best_rank
    bint any_last
    bint any_next


cdef Boundary _boundary(Alloc* a, Py_ssize_t n) noexcept nogil:
    """One pass; a priority clearly on the far side of the current worst (best) in double
    precision skips the exact comparison (numerators and denominators fit 63 bits here, so
    the double products are within a few ulps, far inside the 1e-9 margin)."""
    cdef Boundary b
    cdef Py_ssize_t e
    cdef Prio p
    cdef int c
    cdef double worst_num = 0.0, worst_den = 1.0, best_num = 0.0, best_den = 1.0
    b.worst.num, b.worst.den, b.best.num, b.best.den = 0, 1, 0, 1
    b.worst_rank, b.best_rank, b.any_last, b.any_next = 0, 0, False, False
    for e in range(n):
        if a.s[e] > a.lo[e]:
            p = _priority(a.method, a.w[e], a.s[e] - 1)
            if b.any_last and (<double> <int64_t> p.num * worst_den
                               > worst_num * <double> <int64_t> p.den * (1.0 + 1e-9)):
                c = 1
            else:
                c = _cmp(p, b.worst) if b.any_last else -1
            if c < 0 or (c == 0 and a.rank[e] > b.worst_rank):
                b.worst, b.worst_rank = p, a.rank[e]
                worst_num, worst_den = <double> <int64_t> p.num, <double> <int64_t> p.den
            b.any_last = True
        if a.w[e] > 0 and a.s[e] < a.hi[e]:
            p = _priority(a.method, a.w[e], a.s[e])
            if b.any_next and (<double> <int64_t> p.num * best_den
                               < best_num * <double> <int64_t> p.den * (1.0 - 1e-9)):
                c = -1
            else:
                c = _cmp(p, b.best) if b.any_next else 1
            if c > 0 or (c == 0 and a.rank[e] < b.best_rank):
                b.best, b.best_rank = p, a.rank[e]
                best_num, best_den = <double> <int64_t> p.num, <double> <int64_t> p.den
            b.any_next = True
    return b


cdef inline bint _optimal(Boundary* b) noexcept nogil:
    """Whether every unit given outranks every unit not given: then the seats are the greedy
    optimum (the ``house`` best units under the order priority, tie rank)."""
    cdef int c
    if not (b.any_last and b.any_next):
        return True
    c = _cmp(b.best, b.worst)
    return c < 0 or (c == 0 and b.best_rank > b.worst_rank)


cdef void _fix_up(Alloc* a, Py_ssize_t n, int64_t house, int64_t total) noexcept nogil:
    """From any seats within the bounds, reach the greedy optimum exactly with two heaps: add
    the best next units, remove the worst last units, and swap while some entity's next unit
    outranks another's last one."""
    cdef Py_ssize_t i, j, e
    cdef int c
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


cdef bint _settle(Alloc* a, Py_ssize_t n, int64_t house, double weight_sum, int64_t* s_hi,
                  int64_t* total, Boundary* b) noexcept nogil:
    """Seats of the divisor method from float estimates: they bracket the answer, the units
    between them are ordered exactly, and an exact check that every unit given outranks every
    unit not given confirms the result (then ``b`` holds the boundary, for the tie report).
    False when the floats misled: ``_fix_up`` goes on from ``total`` seats."""
    if _bracket(a, n, house, weight_sum, s_hi, total) and total[0] < house:
        if _select(a, n, house, total[0], s_hi):
            total[0] = house
    if total[0] != house:
        return False
    b[0] = _boundary(a, n)
    return _optimal(b)


_METHOD_CODES = {"webster": 0, "dhondt": 1, "adams": 2, "huntington_hill": 3}


def divisor_apportion(const int64_t[::1] weights, int64_t house, const int64_t[::1] lo,
                      const int64_t[::1] hi, const int64_t[::1] rank, str method):
    """Bounded divisor method; weights and house below 2**31 (the API routes larger ones)."""
    cdef Py_ssize_t n = weights.shape[0], e
    cdef Alloc a
    cdef double weight_sum = 0.0
    cdef Boundary b
    cdef int64_t total
    cdef bint settled
    seats = np.zeros(n, dtype=np.int64)
    cdef int64_t[::1] s = seats
    if n == 0:
        return seats, np.empty(0, np.int64), np.empty(0, np.int64)
    a.method = _METHOD_CODES[method]
    a.w, a.lo, a.hi, a.rank, a.s = &weights[0], &lo[0], &hi[0], &rank[0], &s[0]
    cdef int64_t[::1] s_hi = np.empty(n, dtype=np.int64)
    with nogil:
        for e in range(n):
            weight_sum += <double> weights[e]
        settled = _settle(&a, n, house, weight_sum if weight_sum > 0.0 else 1.0, &s_hi[0],
                          &total, &b)
    cdef Py_ssize_t[:, ::1] hv
    if not settled:
        heaps = np.empty((4, n), dtype=np.intp)
        hv = heaps
        a.heap[0], a.heap[1], a.pos[0], a.pos[1] = &hv[0, 0], &hv[1, 0], &hv[2, 0], &hv[3, 0]
        a.size[0] = 0
        a.size[1] = 0
        with nogil:
            _fix_up(&a, n, house, total)
            b = _boundary(&a, n)
    if not (b.any_last and b.any_next) or _cmp(b.worst, b.best) != 0:
        return seats, np.empty(0, np.int64), np.empty(0, np.int64)
    winners = [e for e in range(n)
               if s[e] > lo[e] and _cmp(_priority(a.method, weights[e], s[e] - 1), b.worst) == 0]
    losers = [e for e in range(n) if weights[e] > 0 and s[e] < hi[e]
              and _cmp(_priority(a.method, weights[e], s[e]), b.best) == 0]
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
