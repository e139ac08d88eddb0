"""``cityscore roads close-year`` runs as an operation on the server and waits for it with a
progress bar; ``--no-wait`` hands back its name for ``cityscore operations``."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from cli.core.client import Run, followed_by_name, json_of, runner_for
from integration.services.rural_roads.test_held_years import the_year_2021

from cityscore.core.clock import FixedClock
from cityscore.rural_roads.v1 import rural_roads_service_pb2_grpc as pb_grpc
from cityscore.services.cli.app import cli


@pytest.fixture
def clock() -> FixedClock:
    """Early 2023: 2021 has ended and can be closed."""
    return FixedClock(dt.datetime(2023, 3, 1, 4, 0, tzinfo=dt.UTC))


@pytest.fixture
def run(start_server: Any, database_url: str) -> Run:
    server = start_server(["rural_roads"], database_url=database_url,
                          max_connection_age_seconds=2)
    the_year_2021(pb_grpc.RuralRoadsServiceStub(server.channel("city-token")))
    return runner_for(cli, server.target)


def pudong_t6(run: Run) -> float:
    """三(五) 建制村通公交 of pudong's 2021 report: one of its two villages."""
    shown = json_of(run("-o", "json", "roads", "targets", "2021", "--district", "pudong",
                        token="pudong-token"))
    return float({t["target"]: t for t in shown}["T6"]["value"])


def test_close_year_waits_for_its_operation(run: Run) -> None:
    rows = json_of(run("-o", "json", "roads", "close-year", "2021"))
    assert len(rows) == 17 and rows[0]["district"] == "city"
    assert "pudong" in {r["district"] for r in rows}
    assert pudong_t6(run) == 0.5
    again = run("roads", "close-year", "2021")
    assert again.exit_code == 5 and "YEAR_CLOSED" in again.stderr


def test_no_wait_prints_the_operation_to_follow(run: Run) -> None:
    operation = followed_by_name(run, "rural_roads", "roads", "close-year", "2021")
    assert operation["progress"] == "18/18"
    assert operation["response"]["year"] == 2021
    assert len(operation["response"]["reports"]) == 17
    assert pudong_t6(run) == 0.5
