"""Compiled scoring kernel, built for any CPU of its architecture (the portable build).

The source is ``_scoring.pxi``, which includes the ``_scoring_<topic>.pxi`` files;
``_scoring_x86_64_v3`` is the same source built for AVX2 CPUs, which ``_backend`` prefers where
the CPU has it.
"""

include "_scoring.pxi"
