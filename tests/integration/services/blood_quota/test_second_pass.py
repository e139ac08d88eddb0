"""The corrected rules of the second pass, through a real server, on SQLite and PostgreSQL.

Expected values come from 沪府办发〔2017〕29号 and the domain page (blood_quota.md §6, §9,
corrected 2026-12-03), worked out by hand in the comments, never from the code under test.
"""

from __future__ import annotations

from collections.abc import Callable

import grpc
import pytest

from cityscore.blood_quota.v1 import blood_quota_service_pb2 as pb
from cityscore.common.v1 import common_pb2

from .test_workflow import collections_request, field_violations, import_and_adopt, stub_for

MARCH_31 = common_pb2.Date(year=2017, month=3, day=31)
DISTRICTS = ["huangpu", "xuhui", "changning", "jingan", "putuo", "hongkou", "yangpu", "baoshan",
             "minhang", "pudong", "jiading", "jinshan", "qingpu", "songjiang", "fengxian",
             "chongming"]


@pytest.fixture
def running(start_server, database_url: str):  # type: ignore[no-untyped-def]
    server = start_server(["blood_quota"], database_url=database_url)
    stub = stub_for(server)
    stub.CreatePlan(pb.CreatePlanRequest(request_id="plan-2017", plan=pb.Plan(year=2017),
                                         use_published=True))
    import_and_adopt(stub, "table")
    return server


def lines(row: pb.ProgressRow) -> dict[int, tuple[int, int, list[int]]]:
    return {c.channel: (c.volume_ml, c.target_units, list(c.counted_channels))
            for c in row.channels}


def test_a_university_donation_moves_the_group_line(running) -> None:  # type: ignore[no-untyped-def]
    """二(二) ¶1: "以社区、企事业单位和高校为主的团体自愿无偿献血模式" — university collections
    count toward the 265,800 group target and stay visible against the universities' 60,000."""
    stub = stub_for(running)
    plan = stub.GetPlan(pb.GetPlanRequest(year=2017)).plan
    assert plan.rule_version == "2017.2" and not plan.garrison_counts_toward_group
    stub.RecordCollections(iter([collections_request("before", [
        (20170301, "pudong", "", pb.CHANNEL_GROUP, 400, 10)])]))
    before = lines(stub.GetProgress(pb.GetProgressRequest(year=2017, as_of=MARCH_31)).city)
    assert before[pb.CHANNEL_GROUP][:2] == (4000, 265800)

    stub.RecordCollections(iter([collections_request("university", [
        (20170302, "yangpu", "", pb.CHANNEL_UNIVERSITY, 200, 5),
        (20170303, "xuhui", "", pb.CHANNEL_GARRISON, 400, 2)])]))
    after = stub.GetProgress(pb.GetProgressRequest(year=2017, as_of=MARCH_31))
    city = lines(after.city)
    # group line: 10 × 400 ml + 5 × 200 ml of university donations; the garrison stays out
    assert city[pb.CHANNEL_GROUP] == (5000, 265800, [pb.CHANNEL_GROUP, pb.CHANNEL_UNIVERSITY])
    assert city[pb.CHANNEL_UNIVERSITY] == (1000, 60000, [pb.CHANNEL_UNIVERSITY])
    assert city[pb.CHANNEL_GARRISON] == (800, 10000, [pb.CHANNEL_GARRISON])
    rows = {r.code: r for r in after.rows}
    assert rows["universities"].collected_ml == 1000 and rows["garrison_troops"].collected_ml == 800
    # the district row keeps only its own channels
    assert rows["yangpu"].collected_ml == 0
    donations = {c.channel: c.donations for c in after.city.channels}
    assert donations[pb.CHANNEL_GROUP] == 15


def test_a_plan_may_count_the_garrison_toward_the_group_target(running) -> None:  # type: ignore[no-untyped-def]
    """The seed is silent on the garrison (§6): a per-plan setting, here switched on."""
    stub = stub_for(running)
    created = stub.CreatePlan(pb.CreatePlanRequest(request_id="plan-2018", plan=pb.Plan(
        year=2018, city_target_units=2000, group_target_units=1200, street_target_units=800,
        reserve_units=100, drill_min_city_units=80, drill_min_per_district_units=5,
        garrison_counts_toward_group=True,
        carve_outs=[pb.CarveOut(code="garrison_troops", name="驻沪部队",
                                kind=pb.ROW_KIND_GARRISON, units=400)])))
    assert created.plan.garrison_counts_toward_group
    assert stub.GetPlan(pb.GetPlanRequest(year=2018)).plan.garrison_counts_toward_group
    rows = [pb.AllocationTableRow(code=d, kind=pb.ROW_KIND_DISTRICT, units=100)
            for d in DISTRICTS]
    rows.append(pb.AllocationTableRow(code="garrison_troops", kind=pb.ROW_KIND_GARRISON,
                                      units=400))
    import_and_adopt(stub, "table-2018", 2018, rows)
    stub.RecordCollections(iter([collections_request("c-2018", [
        (20180301, "pudong", "", pb.CHANNEL_GROUP, 200, 1),
        (20180302, "xuhui", "", pb.CHANNEL_GARRISON, 400, 2),
        (20180303, "yangpu", "", pb.CHANNEL_UNIVERSITY, 300, 2)])]))
    city = lines(stub.GetProgress(pb.GetProgressRequest(year=2018)).city)
    # 200 + 2 × 400 (garrison) + 2 × 300 (university)
    assert city[pb.CHANNEL_GROUP] == (1600, 1200, [pb.CHANNEL_GROUP, pb.CHANNEL_UNIVERSITY,
                                                   pb.CHANNEL_GARRISON])
    assert city[pb.CHANNEL_GARRISON] == (800, 400, [pb.CHANNEL_GARRISON])


def test_street_collections_at_new_or_moved_sites_feed_the_increment(start_server,  # type: ignore[no-untyped-def]
                                                                      database_url: str) -> None:
    """Annex row "采血点位优化调整后增量" 27,000 and 二(二) ¶2 "点位调整优化": street collections
    at the sites the plan lists as new or moved feed the increment row (§6 corrected)."""
    server = start_server(["blood_quota"], database_url=database_url)
    stub = stub_for(server)
    created = stub.CreatePlan(pb.CreatePlanRequest(request_id="plan", use_published=True,
                                                   plan=pb.Plan(year=2017, increment_sites=[
                                                       "pudong-new-house", "xuhui-moved-van"])))
    assert list(created.plan.increment_sites) == ["pudong-new-house", "xuhui-moved-van"]
    import_and_adopt(stub, "t")
    with pytest.raises(grpc.RpcError) as raised:
        stub.RecordCollections(iter([collections_request("bad", [
            (20170301, "pudong", "", pb.CHANNEL_GROUP, 200, 1)], sites=["pudong-new-house"])]))
    assert raised.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert set(field_violations(raised.value)) == {"rows[0].site"}

    stub.RecordCollections(iter([collections_request("good", [
        (20170301, "pudong", "", pb.CHANNEL_STREET, 400, 3),
        (20170302, "pudong", "", pb.CHANNEL_STREET, 200, 2),
        (20170303, "pudong", "", pb.CHANNEL_GROUP, 200, 1)],
        sites=["pudong-new-house", "pudong-old-van", ""])]))
    stub.RecordCollection(pb.RecordCollectionRequest(request_id="one", collection=pb.Collection(
        donation_date=common_pb2.Date(year=2017, month=3, day=4), district="xuhui",
        channel=pb.CHANNEL_STREET, volume_ml=300, donations=2, site="xuhui-moved-van")))
    progress = stub.GetProgress(pb.GetProgressRequest(year=2017, as_of=MARCH_31))
    rows = {r.code: r for r in progress.rows}
    increment = rows["site_optimization_increment"]
    # 3 × 400 ml at the new house + 2 × 300 ml at the moved van, against 27,000 units
    assert (increment.quota_units, increment.collected_ml) == (27000, 1200 + 600)
    assert increment.collected_units == pytest.approx(9.0)
    # the districts keep the rest: 2 × 200 ml street at an old site + 1 × 200 ml group
    assert rows["pudong"].collected_ml == 600 and rows["xuhui"].collected_ml == 0
    # every street collection still counts toward the 173,200 street target
    assert lines(progress.city)[pb.CHANNEL_STREET][:2] == (1200 + 400 + 600, 173200)
    assert progress.city.collected_ml == sum(r.collected_ml for r in progress.rows)


def test_increment_sites_need_an_increment_carve_out(running) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(grpc.RpcError) as raised:
        stub_for(running).CreatePlan(pb.CreatePlanRequest(request_id="p", plan=pb.Plan(
            year=2019, city_target_units=1000, group_target_units=600, street_target_units=400,
            reserve_units=100, drill_min_city_units=80, drill_min_per_district_units=5,
            increment_sites=["a", "a"])))
    assert raised.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert set(field_violations(raised.value)) == {"plan.increment_sites[1]",
                                                   "plan.increment_sites"}


def test_the_drill_minimum_stays_at_district_level_in_a_split(running) -> None:  # type: ignore[no-untyped-def]
    """Annex footnote "每区包括应急献血实战演练最低目标400人份" and §9: a district splits its
    quota less the 400 drill units over its work units and towns."""
    stub = stub_for(running)
    # Huangpu's printed row is 32,650; caps 65,000 × 6.5 % = 4,225 and 1,000,000 × 2.5 %
    # = 25,000 (u = 2.0: 8,450 and 50,000), so nothing binds.
    stub.UploadUnits(iter([pb.UploadUnitsRequest(
        request_id="roster", year=2017, district="huangpu", codes=["W1", "T1"],
        kinds=[pb.UNIT_KIND_WORK_UNIT, pb.UNIT_KIND_TOWN], headcounts=[65000, 1000000])]))
    split = stub.SplitDistrictQuota(pb.SplitDistrictQuotaRequest(
        request_id="split", year=2017, district="huangpu", units_per_person="2.0"))
    assert (split.district_quota_units, split.drill_kept_units) == (32650, 400)
    assert split.allocation.summary.pool_units == 32250
    assert split.allocation.summary.rule_version == "2017.2"
    assert sum(r.units for r in split.allocation.rows) == 32650 - 400
    replay = stub.ReplayAllocation(pb.ReplayAllocationRequest(
        allocation_id=split.allocation.summary.allocation_id))
    assert replay.matches
    with pytest.raises(grpc.RpcError) as raised:
        stub.SplitDistrictQuota(pb.SplitDistrictQuotaRequest(
            request_id="low", year=2017, district="huangpu", what_if=True, quota_units=399))
    assert raised.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert set(field_violations(raised.value)) == {"quota_units"}


def test_the_400ml_share_counts_single_400ml_donations(running) -> None:  # type: ignore[no-untyped-def]
    """二(二) ¶2 "逐步提升单次400ml献血人群比例": single 400 ml donations over all whole-blood
    donations (200, 300 or 400 ml, GB 18467-2011)."""
    stub = stub_for(running)
    stub.RecordCollections(iter([collections_request("share", [
        (20170301, "jingan", "", pb.CHANNEL_STREET, 400, 3),
        (20170302, "jingan", "", pb.CHANNEL_STREET, 300, 5),
        (20170303, "jingan", "", pb.CHANNEL_GROUP, 200, 2)])]))
    progress = stub.GetProgress(pb.GetProgressRequest(year=2017, as_of=MARCH_31))
    assert progress.city.share_400ml == pytest.approx(3 / 10)
    assert {r.code: r for r in progress.rows}["jingan"].share_400ml == pytest.approx(3 / 10)


def test_every_year_field_is_checked_before_any_arithmetic(running) -> None:  # type: ignore[no-untyped-def]
    """0 is what a request that leaves the year out sends: INVALID_ARGUMENT naming the field,
    never INTERNAL; so is a year no calendar has."""
    stub = stub_for(running)
    units = pb.UploadUnitsRequest(request_id="u", district="pudong", codes=["W1"],
                                  kinds=[pb.UNIT_KIND_WORK_UNIT], headcounts=[100])
    calls: dict[str, Callable[[int], object]] = {
        "GetProgress": lambda year: stub.GetProgress(pb.GetProgressRequest(year=year)),
        "GetPlan": lambda year: stub.GetPlan(pb.GetPlanRequest(year=year)),
        "ImportPublishedAllocation": lambda year: stub.ImportPublishedAllocation(
            pb.ImportPublishedAllocationRequest(request_id=f"i{year}", year=year)),
        "ApportionDistrictQuotas": lambda year: stub.ApportionDistrictQuotas(
            pb.ApportionDistrictQuotasRequest(year=year, what_if=True, inputs=[
                pb.DistrictInput(district="pudong", weight=1)])),
        "UploadUnits": lambda year: stub.UploadUnits(iter([pb.UploadUnitsRequest(
            request_id=f"u{year}", year=year, district=units.district, codes=units.codes,
            kinds=units.kinds, headcounts=units.headcounts)])),
        "SplitDistrictQuota": lambda year: stub.SplitDistrictQuota(
            pb.SplitDistrictQuotaRequest(year=year, district="pudong", what_if=True,
                                         quota_units=1000)),
        "GetAllocation": lambda year: stub.GetAllocation(pb.GetAllocationRequest(year=year)),
        "ListAllocations": lambda year: stub.ListAllocations(
            pb.ListAllocationsRequest(year=year)),
        "GetAllocationTable": lambda year: stub.GetAllocationTable(
            pb.GetAllocationTableRequest(year=year)),
        "ListCollections": lambda year: stub.ListCollections(
            pb.ListCollectionsRequest(year=year)),
    }
    for name, rpc in calls.items():
        for year in (0, -5, 10000):
            with pytest.raises(grpc.RpcError) as raised:
                rpc(year)
            assert raised.value.code() == grpc.StatusCode.INVALID_ARGUMENT, (name, year)
            assert set(field_violations(raised.value)) == {"year"}, (name, year)
    for year in (0, 10000):
        with pytest.raises(grpc.RpcError) as raised:
            stub.CreatePlan(pb.CreatePlanRequest(request_id=f"p{year}", use_published=True,
                                                 plan=pb.Plan(year=year)))
        assert raised.value.code() == grpc.StatusCode.INVALID_ARGUMENT
        assert set(field_violations(raised.value)) == {"plan.year"}
    # the first calendar year is a year: no plan, and no date arithmetic fails on it
    with pytest.raises(grpc.RpcError) as raised:
        stub.GetProgress(pb.GetProgressRequest(year=1))
    assert raised.value.code() == grpc.StatusCode.NOT_FOUND
    # dates: an impossible as_of and an unset donation date name their fields
    with pytest.raises(grpc.RpcError) as raised:
        stub.GetProgress(pb.GetProgressRequest(year=2017, as_of=common_pb2.Date(
            year=2017, month=2, day=30)))
    assert set(field_violations(raised.value)) == {"as_of"}
    with pytest.raises(grpc.RpcError) as raised:
        stub.RecordCollection(pb.RecordCollectionRequest(request_id="d", collection=pb.Collection(
            district="pudong", channel=pb.CHANNEL_GROUP, volume_ml=200, donations=1)))
    assert raised.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert set(field_violations(raised.value)) == {"collection.donation_date"}
    with pytest.raises(grpc.RpcError) as raised:
        stub.RecordCollections(iter([collections_request("d0", [
            (0, "pudong", "", pb.CHANNEL_GROUP, 200, 1)])]))
    assert set(field_violations(raised.value)) == {"rows[0].donation_date"}
    # the last date a calendar has is a valid as_of: the whole year has elapsed
    progress = stub.GetProgress(pb.GetProgressRequest(year=2017, as_of=common_pb2.Date(
        year=9999, month=12, day=31)))
    assert progress.as_of.year == 9999
