"""``cityscore roads close-survey`` runs as an operation on the server and waits for it with a
progress bar; ``--no-wait`` hands back its name for ``cityscore operations``."""

from __future__ import annotations

import json
from typing import Any

import pytest
from integration.services.rural_roads.roads_world import worked_survey
from typer.testing import CliRunner

from cityscore.rural_roads.v1 import rural_roads_service_pb2_grpc as pb_grpc
from cityscore.services.cli.app import cli


def run(running: Any, token: str, *args: str) -> Any:
    return CliRunner().invoke(cli, ["--target", running.target, "--token", token, *args])


@pytest.fixture
def running(start_server: Any, database_url: str) -> Any:
    server = start_server(["rural_roads"], database_url=database_url,
                          max_connection_age_seconds=2)
    worked_survey(pb_grpc.RuralRoadsServiceStub(server.channel("city-token")))
    return server


def town_t1(running: Any) -> tuple[float, float]:
    report = run(running, "city-token", "-o", "json", "roads", "report", "2019",
                 "--level", "town")
    assert report.exit_code == 0, report.output
    t1 = next(r for r in json.loads(report.stdout) if r["key"] == "T1")
    return t1["pqi"], t1["good_share_%"]


def test_close_survey_waits_for_its_operation(running: Any) -> None:
    closed = run(running, "city-token", "-o", "json", "roads", "close-survey", "2019")
    assert closed.exit_code == 0, closed.output
    record = json.loads(closed.stdout)
    assert (record["year"], record["state"], record["units"]) == (2019, "closed", 7)
    # §6.5: town T1 (R1, R2) PQI 79.56, 75.95 % excellent, good or fair.
    assert town_t1(running) == (79.56, 75.95)
    again = run(running, "city-token", "roads", "close-survey", "2019")
    assert again.exit_code == 5 and "SURVEY_CLOSED" in again.stderr


def test_no_wait_prints_the_operation_to_follow(running: Any) -> None:
    started = run(running, "city-token", "roads", "close-survey", "2019", "--no-wait")
    assert started.exit_code == 0, started.output
    name = started.stdout.strip()
    assert name.startswith("operations/rural_roads/")
    waited = run(running, "city-token", "-o", "json", "operations", "wait", name)
    assert waited.exit_code == 0, waited.output
    operation = json.loads(waited.stdout)
    assert (operation["name"], operation["state"], operation["progress"]) == (name, "done",
                                                                              "3/3")
    assert operation["response"]["survey"]["units"] == "7"
    shown = json.loads(run(running, "city-token", "-o", "json", "operations", "get",
                           name).stdout)
    assert shown == operation
    listed = run(running, "operator-token", "-o", "json", "operations", "list", "rural_roads")
    assert [o["name"] for o in json.loads(listed.stdout)] == [name]
    hidden = run(running, "xuhui-token", "operations", "get", name)
    assert hidden.exit_code == 4 and "NOT_FOUND" in hidden.stderr
    assert town_t1(running) == (79.56, 75.95)
