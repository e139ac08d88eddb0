"""Fixtures of the client tests: a wage server whose 2018 year takes incidents (what the
test-only ``trial`` area imports)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest
from cli.core.client import runner_for
from integration.core.conftest import pki  # noqa: F401  (certificates, for mutual TLS)
from support import RunningServer, ServerFactory

from cityscore.services.cli.app import cli

SCHEME_FILE = Path(str(resources.files("cityscore.services.wage_assessment.data").joinpath(
    "schemes/sample-2018.json")))


@pytest.fixture
def wage_2018(start_server: ServerFactory, sqlite_url: str) -> RunningServer:
    """A wage server whose 2018 year, on the sample scheme, is in its self-check stage."""
    running = start_server(["wage_assessment"], database_url=sqlite_url)
    run = runner_for(cli, running.target)
    for args in (("scheme", "load", str(SCHEME_FILE), "--publish"),
                 ("year", "create", "2018", "--scheme", "sample-2018"),
                 ("year", "advance", "2018", "self_check")):
        result = run("wage", *args)
        assert result.exit_code == 0, result.output
    return running
