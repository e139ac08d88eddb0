"""``cityscore roads close-survey`` runs as an operation on the server and waits for it with a
progress bar; ``--no-wait`` hands back its name for ``cityscore operations``."""

from __future__ import annotations

from typing import Any

import pytest
from cli.core.client import Run, followed_by_name, json_of, runner_for
from integration.services.rural_roads.roads_world import worked_survey

from cityscore.rural_roads.v1 import rural_roads_service_pb2_grpc as pb_grpc
from cityscore.services.cli.app import cli


@pytest.fixture
def run(start_server: Any, database_url: str) -> Run:
    server = start_server(["rural_roads"], database_url=database_url,
                          max_connection_age_seconds=2)
    worked_survey(pb_grpc.RuralRoadsServiceStub(server.channel("city-token")))
    return runner_for(cli, server.target)


def town_t1(run: Run) -> tuple[float, float]:
    report = json_of(run("-o", "json", "roads", "report", "2019", "--level", "town"))
    t1 = next(r for r in report if r["key"] == "T1")
    return t1["pqi"], t1["good_share_%"]


def test_close_survey_waits_for_its_operation(run: Run) -> None:
    record = json_of(run("-o", "json", "roads", "close-survey", "2019"))
    assert (record["year"], record["state"], record["units"]) == (2019, "closed", 7)
    # §6.5: town T1 (R1, R2) PQI 79.56, 75.95 % excellent, good or fair.
    assert town_t1(run) == (79.56, 75.95)
    again = run("roads", "close-survey", "2019")
    assert again.exit_code == 5 and "SURVEY_CLOSED" in again.stderr


def test_no_wait_prints_the_operation_to_follow(run: Run) -> None:
    operation = followed_by_name(run, "rural_roads", "roads", "close-survey", "2019")
    name = operation["name"]
    assert operation["progress"] == "3/3"
    assert operation["response"]["survey"]["units"] == "7"
    assert json_of(run("-o", "json", "operations", "get", name)) == operation
    listed = json_of(run("-o", "json", "operations", "list", "rural_roads",
                         token="operator-token"))
    assert [o["name"] for o in listed] == [name]
    hidden = run("operations", "get", name, token="xuhui-token")
    assert hidden.exit_code == 4 and "NOT_FOUND" in hidden.stderr
    assert town_t1(run) == (79.56, 75.95)
