# The scoring kernel's compliance sweep. Part of one module: included in order by
# ``_scoring.pxi``, after ``_scoring_common.pxi`` (the cimports, constants and chunk helpers used
# here).

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


cdef enum:
    # at most this many days × years in a day table (16 MB), and a fleet of at least four rows
    # per entry, so that building the table costs a fraction of the sweep
    DAY_TABLE_MAX = 1 << 22
    DAY_TABLE_ROWS_PER_ENTRY = 4


cdef int32_t* _day_table(const int32_t[::1] manufacture, const int32_t[::1] last_inspection,
                         const int32_t[::1] design_life, const int32_t[::1] extended_life,
                         int64_t interval_years, int threads, int64_t* first,
                         int64_t* span) noexcept nogil:
    """``table[y·span + d − first]`` = ``_add_years(d, y)`` for every day ``d`` the fleet's
    dates cover and every ``y`` up to its longest life or interval, when that table is small
    against the fleet; else NULL (and rows out of range, which the sweep refuses, leave it
    NULL too). Entries come from ``_add_years`` itself, so a lookup gives the same day."""
    cdef Py_ssize_t n = manufacture.shape[0], i
    cdef int64_t lo = MAX_DAY + 1, hi = -MAX_DAY - 1, years = interval_years, y, d, entries
    cdef int64_t least_years = 0
    cdef int32_t* table
    for i in range(n):
        if manufacture[i] < lo:
            lo = manufacture[i]
        if manufacture[i] > hi:
            hi = manufacture[i]
        if last_inspection[i] != NO_DATE and last_inspection[i] > hi:
            hi = last_inspection[i]
        if design_life[i] > years:
            years = design_life[i]
        if extended_life[i] > years:
            years = extended_life[i]
        if design_life[i] < least_years:
            least_years = design_life[i]
        if extended_life[i] < least_years:
            least_years = extended_life[i]
    if lo < -MAX_DAY or hi > MAX_DAY or years > MAX_YEARS or least_years < 0:
        return NULL
    span[0] = hi - lo + 1
    first[0] = lo
    entries = span[0] * (years + 1)
    if entries > DAY_TABLE_MAX or entries * DAY_TABLE_ROWS_PER_ENTRY > n:
        return NULL
    table = <int32_t*> malloc(entries * sizeof(int32_t))
    if table == NULL:
        return NULL
    for y in prange(years + 1, schedule="static", num_threads=threads):
        for d in range(span[0]):
            table[y * span[0] + d] = <int32_t> _add_years(lo + d, y)
    return table


def compliance(const int32_t[::1] manufacture, const int32_t[::1] last_inspection,
               const int8_t[::1] passed, const int32_t[::1] design_life,
               const int32_t[::1] extended_life, int64_t today, int64_t interval_years,
               int64_t warning_days, int threads):
    """Inspection and service-life status by lpg_registry.md §4 (dates as days since
    1970-01-01); a design life of 0 years sets no service limit (``NO_DATE``)."""
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
    cdef int32_t* table = NULL
    cdef int64_t first = 0, span = 0
    if codes == NULL or where == NULL:
        free(codes)
        free(where)
        raise MemoryError()
    with nogil:
        table = _day_table(manufacture, last_inspection, design_life, extended_life,
                           interval_years, threads, &first, &span)
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
                elif life < 0 or life > MAX_YEARS:
                    codes[c] = 3
                elif ext != 0 and (life == 0 or ext < life or ext > MAX_YEARS):
                    codes[c] = 4
                if codes[c] != 0:
                    where[c] = i
                    break
                if last != NO_DATE:
                    nxt = (table[interval_years * span + last - first] if table != NULL
                           else _add_years(last, interval_years))
                    if ext > 0 and passed[i] != 0:
                        life = ext
                else:
                    nxt = (table[interval_years * span + made - first] if table != NULL
                           else _add_years(made, interval_years))
                if life == 0:
                    limit = NO_DATE
                    due = nxt
                else:
                    limit = (table[life * span + made - first] if table != NULL
                             else _add_years(made, life))
                    due = nxt if nxt < limit else limit
                if limit != NO_DATE and today >= limit:
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
        free(table)
    _errors.raise_for(_errors.COMPLIANCE, code, index)
    return status, days, nexts, limits
