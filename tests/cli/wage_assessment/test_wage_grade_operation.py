"""``cityscore wage grade`` runs as an operation on the server and waits for it with a progress
bar; ``--no-wait`` hands back its name for ``cityscore operations``. The grades expected are
those of wage_assessment.md §12.2."""

from __future__ import annotations

import pytest
from cli.core.client import Run, followed_by_name, json_of, runner_for
from integration.services.wage_assessment.wage_world import (
    GRADES_2018,
    Stub,
    grades_of,
    ranking,
    reviewed_year,
)
from support import RunningServer, ServerFactory

from cityscore.services.cli.app import cli


@pytest.fixture
def running(start_server: ServerFactory, sqlite_url: str) -> RunningServer:
    """The §12.2 year in review, on a server whose connections live 2 s."""
    server = start_server(["wage_assessment"], database_url=sqlite_url,
                          max_connection_age_seconds=2)
    reviewed_year(Stub(server.channel("city-token")), Stub(server.channel("assessor-token")))
    return server


@pytest.fixture
def run(running: RunningServer) -> Run:
    return runner_for(cli, running.target)


def test_wage_grade_waits_for_its_operation(running: RunningServer, run: Run) -> None:
    record = json_of(run("-o", "json", "wage", "grade", "2018"))["grading"]
    assert (record["run"], record["A"], record["B"], record["C"]) == (1, 4, 8, 4)
    assert grades_of(ranking(Stub(running.channel("city-token")), 2018)) == GRADES_2018
    district = run("wage", "grade", "2018", token="pudong-token")
    assert district.exit_code == 6 and "PERMISSION_DENIED" in district.stderr


def test_no_wait_prints_the_grading_to_follow(running: RunningServer, run: Run) -> None:
    operation = followed_by_name(run, "wage_assessment", "wage", "grade", "2018")
    # Three steps per district: read, scored, graded.
    assert operation["progress"] == "48/48"
    assert operation["response"]["run"] == 1
    assert operation["response"]["distribution"] == {"a": 4, "b": 8, "c": 4}
    listed = json_of(run("-o", "json", "operations", "list", "wage_assessment",
                         token="operator-token"))
    assert [o["name"] for o in listed] == [operation["name"]]
    assert grades_of(ranking(Stub(running.channel("city-token")), 2018)) == GRADES_2018
