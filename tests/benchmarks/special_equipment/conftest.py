"""The benchmarks run on the service clock of 2021-01-15, as the service's tests do."""

from __future__ import annotations

import datetime as dt

import pytest

from cityscore.core.clock import FixedClock


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(dt.datetime(2021, 1, 15, 4, 0, tzinfo=dt.UTC))
