"""``cityscore roads close-year`` runs as an operation on the server and waits for it with a
progress bar; ``--no-wait`` hands back its name for ``cityscore operations``."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from integration.services.rural_roads.test_held_years import the_year_2021
from typer.testing import CliRunner

from cityscore.core.clock import FixedClock
from cityscore.rural_roads.v1 import rural_roads_service_pb2_grpc as pb_grpc
from cityscore.services.cli.app import cli


def run(running: Any, token: str, *args: str) -> Any:
    return CliRunner().invoke(cli, ["--target", running.target, "--token", token, *args])


@pytest.fixture
def clock() -> FixedClock:
    """Early 2023: 2021 has ended and can be closed."""
    return FixedClock(dt.datetime(2023, 3, 1, 4, 0, tzinfo=dt.UTC))


@pytest.fixture
def running(start_server: Any, database_url: str) -> Any:
    server = start_server(["rural_roads"], database_url=database_url,
                          max_connection_age_seconds=2)
    the_year_2021(pb_grpc.RuralRoadsServiceStub(server.channel("city-token")))
    return server


def pudong_t6(running: Any) -> float:
    """三(五) 建制村通公交 of pudong's 2021 report: one of its two villages."""
    shown = run(running, "pudong-token", "-o", "json", "roads", "targets", "2021",
                "--district", "pudong")
    assert shown.exit_code == 0, shown.output
    return float({t["target"]: t for t in json.loads(shown.stdout)}["T6"]["value"])


def test_close_year_waits_for_its_operation(running: Any) -> None:
    closed = run(running, "city-token", "-o", "json", "roads", "close-year", "2021")
    assert closed.exit_code == 0, closed.output
    rows = json.loads(closed.stdout)
    assert len(rows) == 17 and rows[0]["district"] == "city"
    assert "pudong" in {r["district"] for r in rows}
    assert pudong_t6(running) == 0.5
    again = run(running, "city-token", "roads", "close-year", "2021")
    assert again.exit_code == 5 and "YEAR_CLOSED" in again.stderr


def test_no_wait_prints_the_operation_to_follow(running: Any) -> None:
    started = run(running, "city-token", "roads", "close-year", "2021", "--no-wait")
    assert started.exit_code == 0, started.output
    name = started.stdout.strip()
    assert name.startswith("operations/rural_roads/")
    waited = run(running, "city-token", "-o", "json", "operations", "wait", name)
    assert waited.exit_code == 0, waited.output
    operation = json.loads(waited.stdout)
    assert (operation["name"], operation["state"], operation["progress"]) == (name, "done",
                                                                              "18/18")
    assert operation["response"]["year"] == 2021
    assert len(operation["response"]["reports"]) == 17
    assert pudong_t6(running) == 0.5
