"""The ``equipment`` fixture: a real server, its clock in January 2021 so that the 2020
targets' year is over."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from integration.services.special_equipment.equipment_world import Equipment, connect

from cityscore.core.clock import FixedClock


@pytest.fixture
def clock() -> FixedClock:
    """Noon in the city on 2021-01-15."""
    return FixedClock(dt.datetime(2021, 1, 15, 4, 0, tzinfo=dt.UTC))


@pytest.fixture
def equipment(start_server: Any, database_url: str) -> Equipment:
    return connect(start_server(["special_equipment"], database_url=database_url))
