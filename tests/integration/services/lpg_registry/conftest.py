"""The ``registry`` fixture: a real server with one day's setup seeded."""

from __future__ import annotations

from typing import Any

import pytest
from integration.services.lpg_registry.lpg_world import Registry, connect


@pytest.fixture
def registry(start_server: Any, database_url: str) -> Registry:
    return connect(start_server(["lpg_registry"], database_url=database_url))
