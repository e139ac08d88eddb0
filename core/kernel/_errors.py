"""Error texts shared by both implementations, so a bad input reads the same either way.

The Cython loops check values inside their single pass (a second validation pass would cost as
much as the work for the memory-bound kernels) and report ``(code, index)``; these tables turn
that into the ``ValueError`` the API promises.
"""

from __future__ import annotations

PAVEMENT: dict[int, tuple[str, str]] = {
    1: ("damage_ratio", "is negative"),
    2: ("distress_area", "has a negative area"),
    3: ("surveyed_area", "is not positive"),
    4: ("iri", "is negative"),
    5: ("rut_depth", "is negative"),
    6: ("bumps", "has a negative count"),
    7: ("wear_ratio", "is negative"),
}
CONDITION: dict[int, tuple[str, str]] = {
    1: ("pqi", "is outside [0, 100]"),
    2: ("sci", "is outside [0, 100]"),
    3: ("bci", "is outside [0, 100]"),
    4: ("tci", "is outside [0, 100]"),
    5: ("structure_class", "is outside [0, the dangerous class]"),
}
GROUPED: dict[int, tuple[str, str]] = {
    1: ("lengths", "is negative or NaN"),
    2: ("groups", "is outside [0, n_groups)"),
}
BANDING: dict[int, tuple[str, str]] = {
    1: ("scores", "is below the lowest band bound"),
}
INDICATORS: dict[int, tuple[str, str]] = {
    1: ("values", "is negative"),
    2: ("values", "awards more than the item's max points"),
    3: ("values", "must be 0 or 1 for an all-or-nothing item"),
    4: ("values", "exceeds its denominator"),
    5: ("denominators", "is 0 on an item without the vacuous-full rule"),
    6: ("denominators", "is negative"),
}
COMPLIANCE: dict[int, tuple[str, str]] = {
    1: ("manufacture_day", "is missing or outside ±2**30 days"),
    2: ("last_inspection_day", "is before the manufacture day or beyond 2**30 days"),
    3: ("design_life_years", "is not between 0 (no service limit) and 200"),
    4: ("extended_life_years", "is neither 0 nor between a design life of 1 or more and 200"),
}


def raise_for(table: dict[int, tuple[str, str]], code: int, index: int | tuple[int, int]) -> None:
    """Raise the ``ValueError`` for error ``code`` at ``index``; ``code`` 0 means no error."""
    if code == 0:
        return
    argument, reason = table[code]
    where = ", ".join(map(str, index)) if isinstance(index, tuple) else str(index)
    raise ValueError(f"{argument}[{where}] {reason}")
