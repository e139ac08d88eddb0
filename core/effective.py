"""Which version of versioned data is in force on a day.

Rules, policies and registers are versioned data with effective dates: a change is a new
version that takes effect on a day, and the older versions stay, since a stored result names
the version it was computed under and replays with it. Every service answers "which version
rules this day" by the one rule here, so none can drift into its own reading of a boundary.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Sequence
from itertools import pairwise
from typing import TypeVar

T = TypeVar("T")


def in_force_on(entries: Sequence[tuple[dt.date, T]], day: dt.date) -> T | None:
    """The entry in force on ``day``: of ``entries``, each ``(effective from, entry)`` and
    listed earliest first, the last one taking effect on or before ``day``. An entry is in
    force from its effective day itself; of entries taking effect on the same day, the one
    listed last rules. None when ``day`` precedes every entry: what a day before the first
    version means is the caller's rule to state (its first version, or none at all).

    Raises ``ValueError`` if ``entries`` are not earliest first: a schedule out of order has
    no single answer, and would otherwise be given a wrong one silently.
    """
    if any(later[0] < earlier[0] for earlier, later in pairwise(entries)):
        raise ValueError("versions must be listed earliest effective day first")
    position = bisect_right(entries, day, key=lambda entry: entry[0])
    return entries[position - 1][1] if position else None
