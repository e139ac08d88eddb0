"""Apheresis platelet donations (单采血小板), through a real server, on SQLite and PostgreSQL.

沪府办发〔2017〕29号 二(二) ¶1 encourages universities and enterprises to organise platelet
donation but gives no conversion into units (blood_quota.md §2): the conversion is a plan
parameter citing its source (the 2017 plan ships the statistic the domain page quotes, 1
therapeutic dose ≈ 10 units), and by default platelets are recorded and reported, not counted.
"""

from __future__ import annotations

import grpc
import pytest
from support import ServerFactory

from cityscore.blood_quota.v1 import blood_quota_service_pb2 as pb
from cityscore.common.v1 import common_pb2

from .test_workflow import field_violations, import_and_adopt, stub_for

DISTRICTS = ["huangpu", "xuhui", "changning", "jingan", "putuo", "hongkou", "yangpu", "baoshan",
             "minhang", "pudong", "jiading", "jinshan", "qingpu", "songjiang", "fengxian",
             "chongming"]
WHOLE = pb.COMPONENT_WHOLE_BLOOD
PLATELETS = pb.COMPONENT_PLATELETS


def rows_request(request_id: str, year: int,
                 rows: list[tuple[str, pb.Channel, pb.Component, int, int, int]]
                 ) -> pb.RecordCollectionsRequest:
    """Rows of (district, channel, component, volume_ml, doses per donation, donations)."""
    return pb.RecordCollectionsRequest(
        request_id=request_id, donation_dates=[year * 10000 + 301] * len(rows),
        districts=[r[0] for r in rows], channels=[r[1] for r in rows],
        components=[r[2] for r in rows], volumes_ml=[r[3] for r in rows],
        therapeutic_doses=[r[4] for r in rows], donations=[r[5] for r in rows])


#: Pudong: 10 whole-blood donations of 400 ml, 2 platelet donations of 2 doses and 3 of 1
#: dose (7 doses); Yangpu's universities: 1 platelet donation of 2 doses.
RECORDED = [("pudong", pb.CHANNEL_GROUP, WHOLE, 400, 0, 10),
            ("pudong", pb.CHANNEL_GROUP, PLATELETS, 0, 2, 2),
            ("pudong", pb.CHANNEL_GROUP, PLATELETS, 0, 1, 3),
            ("yangpu", pb.CHANNEL_UNIVERSITY, PLATELETS, 0, 2, 1)]


def test_platelets_are_recorded_and_reported_but_not_counted_by_default(
        start_server: ServerFactory, database_url: str) -> None:
    running = start_server(["blood_quota"], database_url=database_url)
    stub = stub_for(running)
    plan = stub.CreatePlan(pb.CreatePlanRequest(request_id="plan", plan=pb.Plan(year=2017),
                                                use_published=True)).plan
    assert (plan.platelet_units_per_dose, plan.platelets_count_toward_targets) == ("10", False)
    assert "blood_quota.md §2" in plan.platelet_conversion_source
    import_and_adopt(stub)
    stub.RecordCollections(iter([rows_request("c", 2017, RECORDED)]))
    progress = stub.GetProgress(pb.GetProgressRequest(
        year=2017, as_of=common_pb2.Date(year=2017, month=3, day=31)))
    assert (progress.platelet_units_per_dose, progress.platelets_counted) == ("10", False)
    pudong = next(r for r in progress.rows if r.code == "pudong")
    assert pudong.collected_ml == 4000  # whole blood only
    assert (pudong.platelets.donations, pudong.platelets.therapeutic_doses,
            pudong.platelets.units, pudong.platelets.counted) == (5, 7, 70.0, False)
    # the 400 ml share is among whole-blood donations: 10 of 10
    assert pudong.share_400ml == 1.0
    universities = next(r for r in progress.rows if r.code == "universities")
    assert (universities.collected_ml, universities.platelets.therapeutic_doses) == (0, 2)
    city = progress.city
    assert city.collected_ml == 4000
    assert (city.platelets.donations, city.platelets.therapeutic_doses,
            city.platelets.units) == (6, 9, 90.0)
    group = next(c for c in city.channels if c.channel == pb.CHANNEL_GROUP)
    assert (group.volume_ml, group.donations) == (4000, 10)

    bad = [("pudong", pb.CHANNEL_GROUP, PLATELETS, 400, 1, 1),
           ("pudong", pb.CHANNEL_GROUP, PLATELETS, 0, 3, 1),
           ("pudong", pb.CHANNEL_DRILL, PLATELETS, 0, 1, 1),
           ("pudong", pb.CHANNEL_GROUP, WHOLE, 200, 1, 1)]
    with pytest.raises(grpc.RpcError) as raised:
        stub.RecordCollections(iter([rows_request("bad", 2017, bad)]))
    assert raised.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert set(field_violations(raised.value)) == {
        "rows[0].volume_ml", "rows[1].therapeutic_doses", "rows[2].channel",
        "rows[3].therapeutic_doses"}


def plan_2018(**platelets: object) -> pb.Plan:
    return pb.Plan(year=2018, city_target_units=2000, group_target_units=1200,
                   street_target_units=800, reserve_units=100, drill_min_city_units=80,
                   drill_min_per_district_units=5,
                   carve_outs=[pb.CarveOut(code="universities", name="高校",
                                           kind=pb.ROW_KIND_UNIVERSITY, units=400)],
                   **platelets)  # type: ignore[arg-type]


def test_a_plan_may_count_platelets_toward_the_targets(start_server: ServerFactory,
                                                       database_url: str) -> None:
    running = start_server(["blood_quota"], database_url=database_url)
    stub = stub_for(running)
    for fields, field in (
            ({"platelets_count_toward_targets": True}, "plan.platelets_count_toward_targets"),
            ({"platelet_units_per_dose": "10"}, "plan.platelet_conversion_source"),
            ({"platelet_units_per_dose": "0.001", "platelet_conversion_source": "x"},
             "plan.platelet_units_per_dose"),
            ({"platelet_units_per_dose": "ten", "platelet_conversion_source": "x"},
             "plan.platelet_units_per_dose")):
        with pytest.raises(grpc.RpcError) as raised:
            stub.CreatePlan(pb.CreatePlanRequest(request_id=f"bad-{field}-{len(fields)}",
                                                 plan=plan_2018(**fields)))
        assert raised.value.code() == grpc.StatusCode.INVALID_ARGUMENT, fields
        assert set(field_violations(raised.value)) == {field}, fields
    stub.CreatePlan(pb.CreatePlanRequest(request_id="plan", plan=plan_2018(
        platelet_units_per_dose="10", platelet_conversion_source="the city's statistic",
        platelets_count_toward_targets=True)))
    rows = [pb.AllocationTableRow(code=d, kind=pb.ROW_KIND_DISTRICT, units=100)
            for d in DISTRICTS]
    rows.append(pb.AllocationTableRow(code="universities", kind=pb.ROW_KIND_UNIVERSITY,
                                      units=400))
    import_and_adopt(stub, "table", 2018, rows)
    stub.RecordCollections(iter([rows_request("c", 2018, RECORDED)]))
    progress = stub.GetProgress(pb.GetProgressRequest(year=2018))
    assert progress.platelets_counted
    pudong = next(r for r in progress.rows if r.code == "pudong")
    # 4,000 ml of whole blood + 7 doses × 10 units × 200 ml
    assert pudong.collected_ml == 4000 + 14000
    assert pudong.collected_units == pytest.approx(20 + 70)
    assert pudong.progress_ratio == pytest.approx(18000 / (100 * 200))
    assert pudong.platelets.counted and pudong.platelets.units == 70.0
    assert pudong.share_400ml == 1.0
    universities = next(r for r in progress.rows if r.code == "universities")
    assert universities.collected_ml == 2 * 10 * 200
    group = next(c for c in progress.city.channels if c.channel == pb.CHANNEL_GROUP)
    # the group line counts group and university collections: 4,000 + 14,000 + 4,000 ml;
    # its donations are whole-blood donations
    assert (group.volume_ml, group.donations) == (22000, 10)
    assert progress.city.collected_ml == 22000
