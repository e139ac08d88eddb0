"""A year's target report can be held to: the register is effective-dated, a report of year
Y reads it as it stood for Y (T12 on the mileage of 1 January, rural_roads.md §2.4; T1/T6 on
the villages of the year), and a closed year's stored report and its replay stay as they were
after the register changed."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

import grpc
import pytest
from integration.services.rural_roads.roads_world import network, road
from sqlalchemy import text
from support import error_details

from cityscore.common.v1.common_pb2 import Date
from cityscore.core.clock import FixedClock
from cityscore.rural_roads.v1 import rural_roads_service_pb2 as pb
from cityscore.rural_roads.v1 import rural_roads_service_pb2_grpc as pb_grpc
from cityscore.services.rural_roads.domain import rules


@pytest.fixture
def clock() -> FixedClock:
    """Early 2023: the years up to 2022 have ended and can be closed."""
    return FixedClock(dt.datetime(2023, 3, 1, 4, 0, tzinfo=dt.UTC))


@pytest.fixture
def running(start_server: Any, database_url: str) -> Any:
    return start_server(["rural_roads"], database_url=database_url)


def stub_of(running: Any, token: str = "city-token") -> Any:
    return pb_grpc.RuralRoadsServiceStub(running.channel(token))


def day(year: int, month: int, date: int) -> Date:
    return Date(year=year, month=month, day=date)


def village(code: str, two_lane: bool, bus: bool) -> pb.Village:
    return pb.Village(code=code, town="T1", name=code, has_two_lane_road=two_lane,
                      has_bus_service=bus)


def targets(answer: pb.GetTargetReportResponse) -> dict[str, pb.TargetResult]:
    return {t.code: t for t in answer.targets}


def the_year_2021(stub: Any) -> None:
    """pudong: 5.95 km of village roads from the start, 2 km more from 1 July 2021; two
    villages, one with a two-lane road and bus service, the other given a bus from 2022;
    0.6 km of major and medium maintenance in each of 2021 and 2022."""
    network(stub)
    stub.ImportNetwork(pb.ImportNetworkRequest(request_id="villages", villages=[
        village("V1", True, True), village("V2", False, False)]))
    stub.ImportNetwork(pb.ImportNetworkRequest(request_id="new-road", roads=[
        road("R9", "T1", 2000)], effective_from=day(2021, 7, 1)))
    stub.ImportNetwork(pb.ImportNetworkRequest(request_id="bus", villages=[
        village("V2", False, True)], effective_from=day(2022, 1, 1)))
    stub.RecordWorks(pb.RecordWorksRequest(request_id="works", district_years=[
        pb.DistrictYear(district="pudong", year=2021, major_medium_maintenance_km=0.6),
        pb.DistrictYear(district="pudong", year=2022, major_medium_maintenance_km=0.6)]))


def test_a_report_reads_the_register_as_it_stood_for_its_year(running: Any) -> None:
    stub = stub_of(running)
    the_year_2021(stub)
    y2021 = targets(stub.GetTargetReport(pb.GetTargetReportRequest(year=2021,
                                                                   district="pudong")))
    # 四(三) ¶3 "年度大中修里程不低于8%", on the mileage of 1 January (§2.4): 0.6 / 5.95 km;
    # the road that opened on 1 July counts from 2022's base: 0.6 / 7.95 km.
    assert (y2021["T12"].display_value, y2021["T12"].status) == ("10.08 %",
                                                                 pb.TARGET_STATUS_PASS)
    assert "5.950 km of the register on 2021-01-01" in y2021["T12"].note
    y2022 = targets(stub.GetTargetReport(pb.GetTargetReportRequest(year=2022,
                                                                   district="pudong")))
    assert (y2022["T12"].display_value, y2022["T12"].status) == ("7.55 %",
                                                                 pb.TARGET_STATUS_FAIL)
    # 三(五) 建制村通公交 100 %: the villages of each year.
    assert (y2021["T6"].display_value, y2022["T6"].display_value) == ("1 of 2", "2 of 2")
    # The register as listed today (2023) and as it stood in 2021.
    now = stub.ListVillages(pb.ListVillagesRequest(district="pudong"))
    then = stub.ListVillages(pb.ListVillagesRequest(district="pudong", as_of=day(2021, 6, 30)))
    assert [v.has_bus_service for v in now.villages] == [True, True]
    assert [v.has_bus_service for v in then.villages] == [True, False]
    roads_then = stub.ListRoads(pb.ListRoadsRequest(district="pudong", as_of=day(2021, 6, 30)))
    assert "R9" not in {r.code for r in roads_then.roads}
    # The register sent again as it is writes nothing, dated or not; a change dated before
    # the record's latest version is refused, naming the row.
    again = stub.ImportNetwork(pb.ImportNetworkRequest(request_id="again", roads=[
        road("R9", "T1", 2000)]))
    assert (again.roads.created, again.roads.updated) == (0, 0)
    with pytest.raises(grpc.RpcError) as caught:
        stub.ImportNetwork(pb.ImportNetworkRequest(request_id="earlier", roads=[
            road("R9", "T1", 2500)], effective_from=day(2021, 1, 1)))
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "2021-07-01" in error_details(caught.value)["BadRequest"].field_violations[0] \
        .description


def test_a_closed_year_and_its_replay_stay_after_the_register_changed(running: Any) -> None:
    stub = stub_of(running)
    the_year_2021(stub)
    before = {d: stub.GetTargetReport(pb.GetTargetReportRequest(year=2021, district=d))
              for d in ("", "pudong")}
    with pytest.raises(grpc.RpcError) as early:
        stub.CloseTargetYear(pb.CloseTargetYearRequest(request_id="close-2023", year=2023))
    assert early.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    closed = stub.CloseTargetYear(pb.CloseTargetYearRequest(request_id="close", year=2021))
    assert closed.reports[0].district == "" and len(closed.reports) == 17  # city + 16

    # The register changes after the close: from 2022 on by default, never within 2021.
    changed = stub.ImportNetwork(pb.ImportNetworkRequest(
        request_id="change", villages=[village("V2", True, True)],
        roads=[road("R1", "T1", 3350)]))
    assert (changed.villages.updated, changed.roads.updated) == (1, 1)
    refused: list[tuple[Any, Any]] = [
        (stub.ImportNetwork, pb.ImportNetworkRequest(
            request_id="backdated", roads=[road("R2", "T1", 100)],
            effective_from=day(2021, 12, 31))),
        (stub.RecordWorks, pb.RecordWorksRequest(
            request_id="late-figures", district_years=[pb.DistrictYear(
                district="pudong", year=2021, major_medium_maintenance_km=5)]))]
    for method, request in refused:
        with pytest.raises(grpc.RpcError) as caught:
            method(request)
        assert caught.value.code() == grpc.StatusCode.FAILED_PRECONDITION
        violation = error_details(caught.value)["PreconditionFailure"].violations[0]
        assert violation.type == "YEAR_CLOSED"

    for district, answer in before.items():
        stored = stub.GetTargetReport(pb.GetTargetReportRequest(year=2021, district=district))
        assert stored.closed and len(stored.input_digest) == 64
        stored.closed, stored.input_digest = False, ""
        assert stored.SerializeToString(deterministic=True) == answer.SerializeToString(
            deterministic=True)
        replay = stub.ReplayTargets(pb.ReplayTargetsRequest(year=2021, district=district))
        assert replay.matches, list(replay.differences)
        assert replay.recomputed_input_digest == replay.stored_input_digest
    # The next year sees the change: both villages have a two-lane road from 2022.
    y2022 = targets(stub.GetTargetReport(pb.GetTargetReportRequest(year=2022,
                                                                   district="pudong")))
    assert y2022["T1"].display_value == "2 of 2"
    assert stub_of(running, "pudong-token").ReplayTargets(pb.ReplayTargetsRequest(
        year=2021, district="pudong")).matches

    # Nothing was overwritten: V2's first version, the bus from 2022 (replaced on the day
    # it began, kept holding on no day) and the two-lane road from 2022.
    versions = stub.ShowRegisterRecord(pb.ShowRegisterRecordRequest(
        kind=pb.REGISTER_KIND_VILLAGE, code="V2")).versions
    assert [(v.valid_from.year, v.valid_to.year if v.HasField("valid_to") else None,
             v.village.has_bus_service, v.village.has_two_lane_road) for v in versions] == [
        (1, 2022, False, False), (2022, 2022, True, False), (2022, None, True, True)]

    # A replay recomputes: the register of 2021 altered behind the service's back shows.
    with running.engine("rural_roads").begin() as connection:
        connection.execute(text("UPDATE rural_roads_road SET length_m = 1000 "
                                "WHERE code = 'R2' AND valid_from = '0001-01-01'"))
    replay = stub.ReplayTargets(pb.ReplayTargetsRequest(year=2021, district="pudong"))
    assert not replay.matches
    assert replay.recomputed_input_digest != replay.stored_input_digest
    assert any(d.startswith("T12 value") for d in replay.differences), list(
        replay.differences)


def test_a_closed_year_replays_under_its_own_policy_after_the_years_table_moves(
        running: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """A target policy is one immutable file per version: a report closed under 2026.2
    replays under 2026.2 after the years table gives its year a later version whose 四(三)
    ¶3 maintenance share (here 12 % instead of "不低于8%") would fail it."""
    stub = stub_of(running)
    the_year_2021(stub)
    closed = stub.CloseTargetYear(pb.CloseTargetYearRequest(request_id="close", year=2021))
    assert closed.rule_version == "rural_roads-targets-2026.2"
    stored = targets(stub.GetTargetReport(pb.GetTargetReportRequest(year=2021,
                                                                    district="pudong")))
    assert stored["T12"].status == pb.TARGET_STATUS_PASS  # 0.6 / 5.95 km = 10.08 % ≥ 8 %

    shipped = rules.policy_index(rules._data("target_policies.json"))
    issued = shipped.versions["rural_roads-targets-2026.2"]
    later = rules._data(issued.file).replace(
        '"rural_roads-targets-2026.2"', '"rural_roads-targets-test"').replace(
        '"major_medium_maintenance_share": 0.08', '"major_medium_maintenance_share": 0.12')
    assert '"major_medium_maintenance_share": 0.12' in later
    moved = rules.PolicyIndex(
        {**shipped.versions, "rural_roads-targets-test": rules.PolicyFile(
            "targets-test.json", hashlib.sha256(later.encode("utf-8")).hexdigest())},
        ((2018, "rural_roads-targets-test"),))
    shipped_data = rules._data
    monkeypatch.setattr(rules, "_policies", lambda: moved)
    monkeypatch.setattr(rules, "_data", lambda name: later if name == "targets-test.json"
                        else shipped_data(name))

    # The years table now judges 2021 (and 2022) by the later version ...
    assert stub.GetTargetReport(pb.GetTargetReportRequest(
        year=2022, district="pudong")).rule_version == "rural_roads-targets-test"
    # ... and the closed year replays unchanged under the version it was stored with.
    for district in ("", "pudong"):
        replay = stub.ReplayTargets(pb.ReplayTargetsRequest(year=2021, district=district))
        assert replay.matches, list(replay.differences)
        assert replay.rule_version == "rural_roads-targets-2026.2"
        assert replay.recomputed_input_digest == replay.stored_input_digest
