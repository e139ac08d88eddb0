"""Compiled scoring kernel, built for x86-64-v3 CPUs (AVX2, FMA, BMI2): the same source as
``_scoring`` with wider vectors and a floor instruction. Importable only where the build made
it; ``_backend`` loads it only on a CPU that runs it.
"""

include "_scoring.pxi"
