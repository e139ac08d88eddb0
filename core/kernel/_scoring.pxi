# The compiled scoring kernel: the loops behind ``cityscore.core.kernel.api``, included by
# ``_scoring.pyx`` (any x86-64 or other CPU) and ``_scoring_x86_64_v3.pyx`` (the same source
# built for AVX2 CPUs; see docs/decisions/0021-kernel-instruction-sets.md).
#
# Every function has the signature of its twin in ``_reference.py`` and returns the same values.
# Loops run without the GIL; the embarrassingly parallel ones are split into chunks over
# ``prange`` (a serial loop when the build has no OpenMP). Values are checked inside the single
# pass and reported as ``(code, index)`` through ``_errors`` so a bad row costs no extra pass.
#
# The source is split by topic into the ``_scoring_<topic>.pxi`` files beside this one, included
# here, the only place, in this order: it is one module, and every topic uses what
# ``_scoring_common.pxi`` declares. The two .pyx files include this file and nothing else, so
# both builds compile the same source.

include "_scoring_common.pxi"
include "_scoring_pavement.pxi"
include "_scoring_condition.pxi"
include "_scoring_grouped.pxi"
include "_scoring_banding.pxi"
include "_scoring_indicators.pxi"
include "_scoring_apportion.pxi"
include "_scoring_compliance.pxi"
