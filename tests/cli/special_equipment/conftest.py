"""The CLI's special-equipment tests run on the service clock of 2021-01-15: the 2020 targets'
year is over."""

from __future__ import annotations

import datetime as dt

import pytest

from cityscore.core.clock import FixedClock


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(dt.datetime(2021, 1, 15, 4, 0, tzinfo=dt.UTC))
