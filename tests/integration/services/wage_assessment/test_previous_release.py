"""Years graded by the previous release replay bit for bit after an upgrade (ADR 0010): a
stored result keeps its rule version and input digest, and replaying it under this release
shows no difference — grades, input digests and explanations alike.

``data/previous_release.{sqlite,postgresql}.sql`` are databases the previous release wrote
(``data/README.md``): 2018 is the §12.2 grading case of wage_assessment.md, published; 2019 is
three districts in comprehensive review. The server upgrades them with this release's
migrations when it starts. The grades expected are the domain page's, not the code's.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from integration.services.wage_assessment.wage_world import (
    GRADES_2018,
    Stub,
    grades_of,
    ranking,
    rid,
)
from sqlalchemy import create_engine
from support import RunningServer, ServerFactory

from cityscore.wage_assessment.v1 import wage_assessment_service_pb2 as pb

DATA = Path(__file__).parent / "data"

#: 2019 by §9.1/§9.3: A1 set on all three; xuhui also C1 and jingan C4, and C > A > B.
GRADES_2019 = {
    "pudong": ("95.50", 1, pb.GRADE_A, "A1+A2"), "xuhui": ("94.00", 2, pb.GRADE_C, "C1"),
    "jingan": ("92.50", 3, pb.GRADE_C, "C4"),
}


def load_previous_release(database_url: str) -> None:
    """Write the previous release's database into the empty one at ``database_url``."""
    engine = create_engine(database_url)
    dump = (DATA / f"previous_release.{engine.dialect.name}.sql").read_text("utf-8")
    raw = engine.raw_connection()
    try:
        if engine.dialect.name == "sqlite":
            raw.driver_connection.executescript(dump)  # type: ignore[union-attr]
        else:
            raw.driver_connection.execute(dump)  # type: ignore[union-attr]
            raw.commit()
    finally:
        raw.close()
        engine.dispose()


@pytest.fixture
def upgraded(start_server: ServerFactory, database_url: str) -> RunningServer:
    load_previous_release(database_url)
    return start_server(["wage_assessment"], database_url=database_url)


def replay(stub: Stub, year: int, run: int) -> pb.ReplayGradesResponse:
    response: pb.ReplayGradesResponse = stub.ReplayGrades(pb.ReplayGradesRequest(
        year=year, run=run))
    return response


def test_a_published_year_of_the_previous_release_replays_with_no_difference(
        upgraded: RunningServer) -> None:
    office = Stub(upgraded.channel("city-token"))
    team = Stub(upgraded.channel("assessor-token"))
    stored = ranking(office, 2018)
    assert grades_of(stored) == GRADES_2018
    ties = office.GetRanking(pb.GetRankingRequest(year=2018)).tie_reports
    assert len(ties) == 1 and "huangpu, songjiang share rank 5" in ties[0] \
        and "6 districts have rank <= 5" in ties[0]
    # The run names no rules digest and its explanations have the wording of then.
    assert stored["pudong"].rules_version.endswith("+hfb-2018-30")
    a1 = next(r for r in stored["pudong"].rules if r.rule == "A1")
    assert dict(a1.inputs) == {"flag": "true", "reason": "targets met",
                               "set_by": "assessment-team-1"} and a1.text == ""

    replayed = replay(team, 2018, 1)
    assert list(replayed.differences) == []
    assert replayed.matches and replayed.run == 1
    assert replayed.recomputed_digest == replayed.stored_digest
    assert replayed.rules_version == stored["pudong"].rules_version


def test_a_year_in_review_replays_and_regrades_to_the_same_grades(
        upgraded: RunningServer) -> None:
    office = Stub(upgraded.channel("city-token"))
    team = Stub(upgraded.channel("assessor-token"))
    before = ranking(office, 2019)
    assert grades_of(before) == GRADES_2019
    assert "C overrides A (precedence C > A > B)" in before["xuhui"].notes
    first = replay(team, 2019, 1)
    assert first.matches and list(first.differences) == []

    regraded = office.GradeCycle(pb.GradeCycleRequest(request_id=rid(), year=2019))
    assert regraded.run == 2
    after = ranking(office, 2019)
    assert grades_of(after) == GRADES_2019
    # The new run is graded by the rules as data and names their digest.
    assert after["pudong"].rules_version.startswith(
        before["pudong"].rules_version + "@")
    assert {r.input_digest for r in after.values()} == {r.input_digest for r in before.values()}
    assert regraded.input_digest != first.stored_digest
    for run in (1, 2):
        again = replay(team, 2019, run)
        assert again.matches and list(again.differences) == [], run
