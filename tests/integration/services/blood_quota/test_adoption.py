"""One district table in force per year, through a real server, on SQLite and PostgreSQL.

Storing a published table or an apportionment changes no quota; the city office adopts one
with a reason (audited), and progress, splits, the table report and the gauges use the adopted
one. A split records the table it split and is stale once another is adopted. Expected
quotas are the annex's printed rows (沪府办发〔2017〕29号) and the domain page's §10 D vector.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import grpc
import pytest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import text
from support import RunningServer, scrape_metrics

from cityscore.blood_quota.v1 import blood_quota_service_pb2 as pb
from cityscore.blood_quota.v1 import blood_quota_service_pb2_grpc as pb_grpc
from cityscore.common.v1 import common_pb2

from .test_workflow import collections_request, field_violations, stub_for

MARCH_31 = common_pb2.Date(year=2017, month=3, day=31)
#: The annex's district rows, in its order (blood_quota.md §5).
ANNEX = {"huangpu": 32650, "xuhui": 22332, "changning": 12876, "jingan": 37661,
         "putuo": 11597, "hongkou": 12548, "yangpu": 15480, "baoshan": 16317, "minhang": 32000,
         "pudong": 52878, "jiading": 18512, "jinshan": 13539, "qingpu": 15987,
         "songjiang": 20955, "fengxian": 11900, "chongming": 14822}
#: §10 D: the 342,000 pool re-apportioned over the annex rows by Webster.
D_WEBSTER_PUDONG = 52870


@pytest.fixture
def running(start_server, database_url: str):  # type: ignore[no-untyped-def]
    server = start_server(["blood_quota"], database_url=database_url)
    stub_for(server).CreatePlan(pb.CreatePlanRequest(request_id="plan", plan=pb.Plan(year=2017),
                                                     use_published=True))
    return server


def stale_gauge(running: RunningServer, district: str) -> float | None:
    for family in text_string_to_metric_families(scrape_metrics(running.server.metrics_port)):
        if family.name == "cityscore_blood_quota_split_stale":
            for sample in family.samples:
                if sample.labels == {"year": "2017", "district": district}:
                    return float(sample.value)
    return None


def pudong_row(stub: pb_grpc.BloodQuotaServiceStub) -> pb.ProgressRow:
    progress: pb.GetProgressResponse = stub.GetProgress(pb.GetProgressRequest(
        year=2017, as_of=MARCH_31))
    return next(r for r in progress.rows if r.code == "pudong")


def test_adopting_another_table_marks_splits_stale_and_only_then_changes_progress(
        running: RunningServer) -> None:
    city = stub_for(running)
    pudong = stub_for(running, "pudong-token")
    published = city.ImportPublishedAllocation(pb.ImportPublishedAllocationRequest(
        request_id="import", year=2017)).allocation
    assert not published.in_force
    # stored is not in force: nothing to report progress against, nothing to split
    unadopted: list[Callable[[], object]] = [
        lambda: city.GetProgress(pb.GetProgressRequest(year=2017)),
        lambda: city.GetAllocationTable(pb.GetAllocationTableRequest(year=2017))]
    for attempt in unadopted:
        with pytest.raises(grpc.RpcError) as raised:
            attempt()
        assert raised.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    with pytest.raises(grpc.RpcError) as raised:
        pudong.AdoptAllocation(pb.AdoptAllocationRequest(
            request_id="mine", allocation_id=published.allocation_id, reason="ours"))
    assert raised.value.code() == grpc.StatusCode.PERMISSION_DENIED
    with pytest.raises(grpc.RpcError) as raised:
        city.AdoptAllocation(pb.AdoptAllocationRequest(
            request_id="no-reason", allocation_id=published.allocation_id, reason="  "))
    assert set(field_violations(raised.value)) == {"reason"}

    adopted = city.AdoptAllocation(pb.AdoptAllocationRequest(
        request_id="adopt-annex", allocation_id=published.allocation_id,
        reason="沪府办发〔2017〕29号 annex"))
    assert adopted.allocation.in_force and not adopted.previous_allocation_id
    assert not adopted.stale_splits
    assert pudong_row(city).quota_units == ANNEX["pudong"]

    pudong.UploadUnits(iter([pb.UploadUnitsRequest(
        request_id="roster", year=2017, district="pudong", codes=["W1", "T1"],
        kinds=[pb.UNIT_KIND_WORK_UNIT, pb.UNIT_KIND_TOWN], headcounts=[1_000_000, 2_000_000])]))
    split = pudong.SplitDistrictQuota(pb.SplitDistrictQuotaRequest(
        request_id="split-1", year=2017, district="pudong")).allocation.summary
    # caps 65,000 and 50,000: the annex row less the 400 drill units is shared
    assert split.pool_units == ANNEX["pudong"] - 400
    assert split.split_of_allocation_id == published.allocation_id and not split.stale
    pudong.RecordCollections(iter([collections_request("c", [
        (20170301, "pudong", "", pb.CHANNEL_GROUP, 400, 10)])]))

    # an apportionment is saved (the §10 D scenario) and changes nothing yet
    apportioned = city.ApportionDistrictQuotas(pb.ApportionDistrictQuotasRequest(
        request_id="apportion", year=2017, basis=pb.WEIGHT_BASIS_EXPLICIT,
        inputs=[pb.DistrictInput(district=d, weight=w) for d, w in ANNEX.items()]
    )).allocation
    assert {r.code: r.units for r in apportioned.rows}["pudong"] == D_WEBSTER_PUDONG
    assert not apportioned.summary.in_force
    assert pudong_row(city).quota_units == ANNEX["pudong"]
    table = city.GetAllocationTable(pb.GetAllocationTableRequest(year=2017))
    assert (table.allocation_id, table.total_units) == (published.allocation_id, 439054)
    current = pudong.GetAllocation(pb.GetAllocationRequest(year=2017, district="pudong"))
    assert not current.allocation.summary.stale
    assert stale_gauge(running, "pudong") == 0

    switched = city.AdoptAllocation(pb.AdoptAllocationRequest(
        request_id="adopt-d", allocation_id=apportioned.summary.allocation_id,
        reason="the pool of the headline target, 342,000"))
    assert switched.previous_allocation_id == published.allocation_id
    assert [s.allocation_id for s in switched.stale_splits] == [split.allocation_id]
    assert all(s.stale for s in switched.stale_splits)
    row = pudong_row(city)
    assert row.quota_units == D_WEBSTER_PUDONG
    assert row.progress_ratio == pytest.approx(4000 / (D_WEBSTER_PUDONG * 200))
    table = city.GetAllocationTable(pb.GetAllocationTableRequest(year=2017))
    # 342,000 shared by the districts + the carve-outs 60,000, 10,000 and 27,000
    assert (table.allocation_id, table.total_units) == (apportioned.summary.allocation_id,
                                                        439000)
    current = pudong.GetAllocation(pb.GetAllocationRequest(year=2017, district="pudong"))
    assert current.allocation.summary.stale
    listed = {a.allocation_id: a for a in city.ListAllocations(
        pb.ListAllocationsRequest(year=2017)).allocations}
    assert listed[apportioned.summary.allocation_id].in_force
    assert not listed[published.allocation_id].in_force
    assert listed[split.allocation_id].stale
    assert stale_gauge(running, "pudong") == 1
    # the stale split still replays from what it stored
    assert city.ReplayAllocation(pb.ReplayAllocationRequest(
        allocation_id=split.allocation_id)).matches

    again = pudong.SplitDistrictQuota(pb.SplitDistrictQuotaRequest(
        request_id="split-2", year=2017, district="pudong")).allocation.summary
    assert again.pool_units == D_WEBSTER_PUDONG - 400 and not again.stale
    assert again.split_of_allocation_id == apportioned.summary.allocation_id
    assert stale_gauge(running, "pudong") == 0

    for allocation_id, code in ((apportioned.summary.allocation_id,
                                 grpc.StatusCode.FAILED_PRECONDITION),
                                (again.allocation_id, grpc.StatusCode.FAILED_PRECONDITION),
                                ("9999", grpc.StatusCode.NOT_FOUND),
                                ("9" * 30, grpc.StatusCode.NOT_FOUND)):
        with pytest.raises(grpc.RpcError) as raised:
            city.AdoptAllocation(pb.AdoptAllocationRequest(
                request_id=f"bad-{allocation_id}", allocation_id=allocation_id, reason="x"))
        assert raised.value.code() == code, allocation_id

    with running.engine("blood_quota").connect() as connection:
        audited = connection.execute(text(
            "SELECT principal, entity_id, detail FROM blood_quota_audit_log "
            "WHERE action = 'adopt' ORDER BY id")).all()
    assert [(p, e) for p, e, _ in audited] == [
        ("city-office", published.allocation_id),
        ("city-office", apportioned.summary.allocation_id)]
    assert json.loads(audited[1][2])["reason"] == "the pool of the headline target, 342,000"


def test_a_plan_stored_under_2017_1_keeps_its_rules(running) -> None:  # type: ignore[no-untyped-def]
    """A plan stored before the second pass (rule version 2017.1) keeps 2017.1: its splits share
    the whole quota and its group line is the group channel alone; stored results replay."""
    with running.engine("blood_quota").begin() as connection:
        connection.execute(text("UPDATE blood_quota_plan SET rule_version = '2017.1' "
                                "WHERE year = 2017"))
    city = stub_for(running)
    assert city.GetPlan(pb.GetPlanRequest(year=2017)).plan.rule_version == "2017.1"
    table = city.ImportPublishedAllocation(pb.ImportPublishedAllocationRequest(
        request_id="import", year=2017)).allocation
    assert table.rule_version == "2017.1"
    city.AdoptAllocation(pb.AdoptAllocationRequest(
        request_id="adopt", allocation_id=table.allocation_id, reason="annex"))
    city.UploadUnits(iter([pb.UploadUnitsRequest(
        request_id="roster", year=2017, district="huangpu", codes=["W1", "T1"],
        kinds=[pb.UNIT_KIND_WORK_UNIT, pb.UNIT_KIND_TOWN], headcounts=[65000, 1000000])]))
    split = city.SplitDistrictQuota(pb.SplitDistrictQuotaRequest(
        request_id="split", year=2017, district="huangpu", units_per_person="2.0"))
    assert (split.district_quota_units, split.drill_kept_units) == (32650, 0)
    assert split.allocation.summary.pool_units == 32650
    assert split.allocation.summary.rule_version == "2017.1"
    assert sum(r.units for r in split.allocation.rows) == 32650
    for allocation_id in (table.allocation_id, split.allocation.summary.allocation_id):
        replay = city.ReplayAllocation(pb.ReplayAllocationRequest(allocation_id=allocation_id))
        assert replay.matches and not replay.differences
    city.RecordCollections(iter([collections_request("c", [
        (20170301, "pudong", "", pb.CHANNEL_GROUP, 400, 10),
        (20170302, "yangpu", "", pb.CHANNEL_UNIVERSITY, 200, 5)])]))
    lines = {c.channel: (c.volume_ml, list(c.counted_channels)) for c in city.GetProgress(
        pb.GetProgressRequest(year=2017, as_of=MARCH_31)).city.channels}
    assert lines[pb.CHANNEL_GROUP] == (4000, [pb.CHANNEL_GROUP])
    assert lines[pb.CHANNEL_UNIVERSITY] == (1000, [pb.CHANNEL_UNIVERSITY])
