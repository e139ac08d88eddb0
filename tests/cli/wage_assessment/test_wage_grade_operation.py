"""``cityscore wage grade`` runs as an operation on the server and waits for it with a progress
bar; ``--no-wait`` hands back its name for ``cityscore operations``. The grades expected are
those of wage_assessment.md §12.2."""

from __future__ import annotations

import json
from typing import Any

import pytest
from integration.services.wage_assessment.wage_world import (
    GRADES_2018,
    Stub,
    grades_of,
    ranking,
    reviewed_year,
)
from support import RunningServer, ServerFactory
from typer.testing import CliRunner

from cityscore.services.cli.app import cli


def run(running: RunningServer, token: str, *args: str) -> Any:
    return CliRunner().invoke(cli, ["--target", running.target, "--token", token, *args])


@pytest.fixture
def running(start_server: ServerFactory, sqlite_url: str) -> RunningServer:
    """The §12.2 year in review, on a server whose connections live 2 s."""
    server = start_server(["wage_assessment"], database_url=sqlite_url,
                          max_connection_age_seconds=2)
    reviewed_year(Stub(server.channel("city-token")), Stub(server.channel("assessor-token")))
    return server


def test_wage_grade_waits_for_its_operation(running: RunningServer) -> None:
    graded = run(running, "city-token", "-o", "json", "wage", "grade", "2018")
    assert graded.exit_code == 0, graded.output
    record = json.loads(graded.stdout)["grading"]
    assert (record["run"], record["A"], record["B"], record["C"]) == (1, 4, 8, 4)
    assert grades_of(ranking(Stub(running.channel("city-token")), 2018)) == GRADES_2018
    district = run(running, "pudong-token", "wage", "grade", "2018")
    assert district.exit_code == 6 and "PERMISSION_DENIED" in district.stderr


def test_no_wait_prints_the_grading_to_follow(running: RunningServer) -> None:
    started = run(running, "city-token", "wage", "grade", "2018", "--no-wait")
    assert started.exit_code == 0, started.output
    name = started.stdout.strip()
    assert name.startswith("operations/wage_assessment/")
    waited = run(running, "city-token", "-o", "json", "operations", "wait", name)
    assert waited.exit_code == 0, waited.output
    operation = json.loads(waited.stdout)
    # Three steps per district: read, scored, graded.
    assert (operation["name"], operation["state"], operation["progress"]) == (name, "done",
                                                                              "48/48")
    assert operation["response"]["run"] == 1
    assert operation["response"]["distribution"] == {"a": 4, "b": 8, "c": 4}
    listed = run(running, "operator-token", "-o", "json", "operations", "list",
                 "wage_assessment")
    assert [o["name"] for o in json.loads(listed.stdout)] == [name]
    assert grades_of(ranking(Stub(running.channel("city-token")), 2018)) == GRADES_2018
