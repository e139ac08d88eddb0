# The scoring kernel's common part: the cimports and imports, the C declarations, the constants
# and the chunk helpers every other topic uses. Included first by ``_scoring.pxi``.

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
