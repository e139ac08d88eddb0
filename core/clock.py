"""Time as a dependency, so tests and replays can fix "today"."""

from __future__ import annotations

import datetime as dt
from typing import Protocol


class Clock(Protocol):
    """Something that tells the current time (UTC) and the city's calendar date."""

    def now(self) -> dt.datetime: ...

    def today(self) -> dt.date: ...


CITY_TIMEZONE = dt.timezone(dt.timedelta(hours=8), "Asia/Shanghai")


class SystemClock:
    """The wall clock; dates are taken in the city's time zone (UTC+8)."""

    def now(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC)

    def today(self) -> dt.date:
        return dt.datetime.now(CITY_TIMEZONE).date()


class FixedClock:
    """A clock stopped at one instant, for tests and what-if runs."""

    def __init__(self, instant: dt.datetime) -> None:
        if instant.tzinfo is None:
            raise ValueError("FixedClock needs an aware datetime")
        self._instant = instant

    def now(self) -> dt.datetime:
        return self._instant

    def today(self) -> dt.date:
        return self._instant.astimezone(CITY_TIMEZONE).date()

    def advance(self, delta: dt.timedelta) -> None:
        self._instant += delta
