"""Exact decimals: rates are kept as fractions and rounded half-up only to be shown."""

from __future__ import annotations

from fractions import Fraction


def half_up(value: Fraction, places: int) -> str:
    """``value`` rounded half away from zero to ``places`` decimals, as text ("0.3534")."""
    scale = 10 ** places
    magnitude = (abs(value) * scale * 2 + 1) // 2
    sign = "-" if value < 0 and magnitude else ""
    whole, part = divmod(int(magnitude), scale)
    return f"{sign}{whole}.{part:0{places}d}" if places else f"{sign}{whole}"


