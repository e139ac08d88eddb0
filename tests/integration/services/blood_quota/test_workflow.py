"""The year's workflow through the API: plan, published table, split, collections, progress,
scope, idempotency, provenance and metrics; on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import grpc
import pytest
from google.rpc import error_details_pb2
from grpc_status import rpc_status
from sqlalchemy import text

from cityscore.blood_quota.v1 import blood_quota_service_pb2 as pb
from cityscore.blood_quota.v1 import blood_quota_service_pb2_grpc as pb_grpc
from cityscore.common.v1 import common_pb2

# The published table as the domain documents give it (a copy of the domain page's table
# kept with the tests, so a clone tests itself).
PUBLISHED_TABLE = Path(__file__).resolve().parents[3] / "data/blood_allocation_2017.csv"
EXPECTED_WARNING = ("allocation total 439,054 ≠ city target 439,000 (difference +54); district "
                    "rows sum to 342,054, target minus carve-outs is 342,000")


@pytest.fixture
def running(start_server, database_url: str):  # type: ignore[no-untyped-def]
    server = start_server(["blood_quota"], database_url=database_url)
    stub = pb_grpc.BloodQuotaServiceStub(server.channel("city-token"))
    stub.CreatePlan(pb.CreatePlanRequest(request_id="plan-2017", plan=pb.Plan(year=2017),
                                         use_published=True))
    return server


def stub_for(running, token: str = "city-token") -> pb_grpc.BloodQuotaServiceStub:  # type: ignore[no-untyped-def]
    return pb_grpc.BloodQuotaServiceStub(running.channel(token))


def import_and_adopt(stub: pb_grpc.BloodQuotaServiceStub, request_id: str = "i",
                     year: int = 2017, rows: list[pb.AllocationTableRow] | None = None
                     ) -> pb.ImportPublishedAllocationResponse:
    """Import a published table (the shipped one without rows) and put it in force."""
    imported: pb.ImportPublishedAllocationResponse = stub.ImportPublishedAllocation(
        pb.ImportPublishedAllocationRequest(request_id=request_id, year=year, rows=rows or []))
    stub.AdoptAllocation(pb.AdoptAllocationRequest(
        request_id=f"{request_id}-adopt", allocation_id=imported.allocation.allocation_id,
        reason="the table the city published"))
    return imported


def field_violations(error: grpc.RpcError) -> dict[str, str]:
    status = rpc_status.from_call(error)  # type: ignore[arg-type]
    assert status is not None
    found: dict[str, str] = {}
    for detail in status.details:
        if detail.Is(error_details_pb2.BadRequest.DESCRIPTOR):
            request = error_details_pb2.BadRequest()
            detail.Unpack(request)
            for v in request.field_violations:
                found[v.field] = "; ".join(filter(None, (found.get(v.field), v.description)))
    return found


def test_published_plan_and_table_shown_exactly_as_printed(running) -> None:  # type: ignore[no-untyped-def]
    stub = stub_for(running)
    plan = stub.GetPlan(pb.GetPlanRequest(year=2017))
    assert (plan.plan.city_target_units, plan.plan.group_target_units,
            plan.plan.street_target_units, plan.plan.reserve_units,
            plan.plan.drill_min_city_units, plan.plan.district_pool_units) == (
        439000, 265800, 173200, 10000, 6400, 342000)
    assert not plan.warnings
    imported = import_and_adopt(stub, "import-2017")
    assert list(imported.warnings) == [EXPECTED_WARNING]
    table = stub.GetAllocationTable(pb.GetAllocationTableRequest(year=2017))
    with PUBLISHED_TABLE.open(encoding="utf-8") as handle:
        printed = [(r["row_code"], r["name_zh"], int(r["units"])) for r in csv.DictReader(handle)]
    assert [(r.code, r.name, r.units) for r in table.rows] == printed
    assert table.total_units == 439054
    assert list(table.warnings) == [EXPECTED_WARNING]
    replay = stub.ReplayAllocation(pb.ReplayAllocationRequest(
        allocation_id=imported.allocation.allocation_id))
    assert replay.matches


def test_published_rows_below_drill_minimum_and_unknown_codes_are_refused(running) -> None:  # type: ignore[no-untyped-def]
    stub = stub_for(running)
    rows = [pb.AllocationTableRow(code=code, kind=pb.ROW_KIND_DISTRICT, units=units)
            for code, units in (("huangpu", 399), ("xuhui", 12), *(
                (c, 1000) for c in ("changning", "jingan", "putuo", "hongkou", "yangpu",
                                    "baoshan", "minhang", "pudong", "jiading", "jinshan",
                                    "qingpu", "songjiang", "fengxian", "chongming")))]
    with pytest.raises(grpc.RpcError) as raised:
        stub.ImportPublishedAllocation(pb.ImportPublishedAllocationRequest(
            request_id="low", year=2017, rows=rows))
    assert raised.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    status = rpc_status.from_call(raised.value)  # type: ignore[arg-type]
    assert status is not None
    failure = error_details_pb2.PreconditionFailure()
    next(d for d in status.details
         if d.Is(error_details_pb2.PreconditionFailure.DESCRIPTOR)).Unpack(failure)
    assert [v.subject for v in failure.violations] == ["huangpu", "xuhui"]
    bad = [*rows[2:], pb.AllocationTableRow(code="atlantis", kind=pb.ROW_KIND_DISTRICT, units=500)]
    with pytest.raises(grpc.RpcError) as raised:
        stub.ImportPublishedAllocation(pb.ImportPublishedAllocationRequest(
            request_id="unknown", year=2017, rows=bad))
    assert raised.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    violations = field_violations(raised.value)
    assert "rows[14].code" in violations
    assert "'huangpu' has no row" in " ".join(violations.values())


def upload(stub: pb_grpc.BloodQuotaServiceStub, district: str, request_id: str) -> None:
    def chunks() -> Iterator[pb.UploadUnitsRequest]:
        yield pb.UploadUnitsRequest(request_id=request_id, year=2017, district=district,
                                    codes=["W1", "W2"], kinds=[pb.UNIT_KIND_WORK_UNIT] * 2,
                                    headcounts=[100000, 20000])
        yield pb.UploadUnitsRequest(request_id=request_id, year=2017, district=district,
                                    codes=["T1"], kinds=[pb.UNIT_KIND_TOWN],
                                    headcounts=[200000])
    stub.UploadUnits(chunks())


def test_split_within_caps_and_scope(running) -> None:  # type: ignore[no-untyped-def]
    stub = stub_for(running)
    import_and_adopt(stub)
    pudong = stub_for(running, "pudong-token")
    upload(pudong, "pudong", "units-1")
    preview = pudong.SplitDistrictQuota(pb.SplitDistrictQuotaRequest(
        request_id="x", year=2017, district="pudong", what_if=True, quota_units=10000))
    # caps: 6500, 1300, 5000 persons (6.5 %, 6.5 %, 2.5 %); the units share 10000 − 400
    # (the drill minimum stays at district level, §9) = 9600 = ¾ of 12800
    assert [r.upper_units for r in preview.allocation.rows] == [6500, 1300, 5000]
    assert [r.units for r in preview.allocation.rows] == [4875, 975, 3750]
    assert (preview.district_quota_units, preview.drill_kept_units,
            preview.allocation.summary.pool_units) == (10000, 400, 9600)
    assert not preview.allocation.summary.saved
    with pytest.raises(grpc.RpcError) as raised:  # Σ caps 12800 < 52878 − 400 to share
        pudong.SplitDistrictQuota(pb.SplitDistrictQuotaRequest(
            request_id="s1", year=2017, district="pudong"))
    assert raised.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert "shortfall 39678" in (raised.value.details() or "")
    saved = pudong.SplitDistrictQuota(pb.SplitDistrictQuotaRequest(
        request_id="s2", year=2017, district="pudong", units_per_person="2.0",
        method=pb.APPORTIONMENT_METHOD_HAMILTON, what_if=True, quota_units=26000))
    assert [r.units for r in saved.allocation.rows] == [13000, 2600, 10000]
    assert all(r.at_upper_bound for r in saved.allocation.rows)
    for call in (lambda: upload(pudong, "xuhui", "units-2"),
                 lambda: pudong.SplitDistrictQuota(pb.SplitDistrictQuotaRequest(
                     request_id="s3", year=2017, district="xuhui", what_if=True))):
        with pytest.raises(grpc.RpcError) as raised:
            call()
        assert raised.value.code() == grpc.StatusCode.PERMISSION_DENIED


def collections_request(request_id: str, rows: list[tuple[int, str, str, pb.Channel, int, int]],
                        sites: list[str] | None = None) -> pb.RecordCollectionsRequest:
    return pb.RecordCollectionsRequest(
        request_id=request_id, donation_dates=[r[0] for r in rows],
        districts=[r[1] for r in rows], unit_codes=[r[2] for r in rows],
        channels=[r[3] for r in rows], volumes_ml=[r[4] for r in rows],
        donations=[r[5] for r in rows], sites=sites or [])


def test_bulk_collections_all_or_nothing_then_progress_and_metrics(running) -> None:  # type: ignore[no-untyped-def]
    stub = stub_for(running)
    import_and_adopt(stub)
    upload(stub, "pudong", "units")
    bad = collections_request("bad", [
        (20170301, "pudong", "W1", pb.CHANNEL_GROUP, 400, 10),
        (20170302, "pudong", "", pb.CHANNEL_STREET, 250, 1),
        (20170303, "xuhui", "", pb.CHANNEL_STREET, 200, -2),
        (20170304, "atlantis", "", pb.CHANNEL_STREET, 200, 1),
        (20170305, "pudong", "NOPE", pb.CHANNEL_GROUP, 200, 1),
        (20170231, "pudong", "", pb.CHANNEL_GROUP, 200, 1),
    ])
    with pytest.raises(grpc.RpcError) as raised:
        stub.RecordCollections(iter([bad]))
    assert raised.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert set(field_violations(raised.value)) == {
        "rows[1].volume_ml", "rows[2].donations", "rows[3].district", "rows[4].unit_code",
        "rows[5].donation_date"}
    empty = stub.GetProgress(pb.GetProgressRequest(year=2017))
    assert empty.city.collected_ml == 0

    good = [(20170301, "pudong", "W1", pb.CHANNEL_GROUP, 400, 10),
            (20170302, "pudong", "T1", pb.CHANNEL_STREET, 300, 4),
            (20170303, "pudong", "", pb.CHANNEL_DRILL, 400, 200),
            (20170304, "xuhui", "", pb.CHANNEL_STREET, 200, 6),
            (20170305, "xuhui", "", pb.CHANNEL_UNIVERSITY, 200, 5),
            (20170601, "pudong", "", pb.CHANNEL_GROUP, 200, 1)]
    chunks = [collections_request("good", good[:3]), collections_request("good", good[3:])]
    first = stub.RecordCollections(iter(chunks))
    assert (first.recorded, first.volume_ml) == (6, 4000 + 1200 + 80000 + 1200 + 1000 + 200)
    again = stub.RecordCollections(iter(chunks))
    assert again == first
    with running.engine("blood_quota").connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM blood_quota_collection")
                                  ).scalar() == 6

    progress = stub.GetProgress(pb.GetProgressRequest(
        year=2017, as_of=common_pb2.Date(year=2017, month=3, day=31)))
    rows = {r.code: r for r in progress.rows}
    pudong = rows["pudong"]
    assert pudong.quota_units == 52878
    assert pudong.collected_ml == 4000 + 1200 + 80000
    assert pudong.collected_units == pytest.approx(426.0)
    assert pudong.drill_ml == 80000 and pudong.drill_min_met
    assert pudong.share_400ml == pytest.approx(210 / 214)
    assert pudong.progress_ratio == pytest.approx(85200 / (52878 * 200))
    assert pudong.projected_units == pytest.approx(426 * 365 / 90)
    assert {c.channel: c.volume_ml for c in pudong.channels} == {
        pb.CHANNEL_GROUP: 4000, pb.CHANNEL_STREET: 1200, pb.CHANNEL_DRILL: 80000}
    assert not rows["xuhui"].drill_min_met
    assert rows["universities"].collected_ml == 1000
    assert progress.city.collected_ml == 87400
    # the group line counts university collections too (二(二) ¶1 "…和高校为主")
    assert {c.channel: (c.volume_ml, c.target_units) for c in progress.city.channels} == {
        pb.CHANNEL_GROUP: (4000 + 1000, 265800), pb.CHANNEL_STREET: (2400, 173200),
        pb.CHANNEL_DRILL: (80000, 6400), pb.CHANNEL_UNIVERSITY: (1000, 60000),
        pb.CHANNEL_GARRISON: (0, 10000)}

    own = stub_for(running, "pudong-token").GetProgress(pb.GetProgressRequest(year=2017))
    assert [r.code for r in own.rows] == ["pudong"]
    with pytest.raises(grpc.RpcError) as raised:
        stub_for(running, "xuhui-token").RecordCollections(iter([collections_request(
            "x", [(20170301, "pudong", "", pb.CHANNEL_GROUP, 200, 1)])]))
    assert raised.value.code() == grpc.StatusCode.PERMISSION_DENIED
    with pytest.raises(grpc.RpcError) as raised:
        stub_for(running, "operator-token").RecordCollection(pb.RecordCollectionRequest(
            request_id="op", collection=pb.Collection()))
    assert raised.value.code() == grpc.StatusCode.PERMISSION_DENIED

    single = stub_for(running, "pudong-token").RecordCollection(pb.RecordCollectionRequest(
        request_id="one", collection=pb.Collection(
            donation_date=common_pb2.Date(year=2017, month=4, day=1), district="pudong",
            channel=pb.CHANNEL_STREET, volume_ml=200, donations=1)))
    assert single.recorded == 1
    with pytest.raises(grpc.RpcError) as raised:
        stub.RecordCollection(pb.RecordCollectionRequest(request_id="future", collection=(
            pb.Collection(donation_date=common_pb2.Date(year=2019, month=3, day=2),
                          district="pudong", channel=pb.CHANNEL_STREET, volume_ml=200,
                          donations=1))))
    assert set(field_violations(raised.value)) == {"collection.donation_date"}

    port = running.server.metrics_port
    body = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics").read().decode()
    assert 'cityscore_blood_quota_quota_units{row="pudong",year="2017"} 52878.0' in body
    assert 'cityscore_blood_quota_collected_units{row="pudong",year="2017"} 428.0' in body
    assert 'cityscore_blood_quota_collections_recorded_total{channel="group"} 2.0' in body
    assert "cityscore_blood_quota_progress_ratio" in body
    assert "cityscore_blood_quota_donations_400ml_ratio" in body


def test_replay_reports_a_tampered_row(running) -> None:  # type: ignore[no-untyped-def]
    stub = stub_for(running)
    upload(stub, "xuhui", "units")
    split = stub.SplitDistrictQuota(pb.SplitDistrictQuotaRequest(
        request_id=uuid.uuid4().hex, year=2017, district="xuhui", what_if=True,
        quota_units=500))
    assert not split.allocation.summary.allocation_id
    with pytest.raises(grpc.RpcError) as raised:
        stub.SplitDistrictQuota(pb.SplitDistrictQuotaRequest(
            request_id="no-allocation", year=2017, district="xuhui"))
    assert raised.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    import_and_adopt(stub)
    upload(stub, "xuhui", "units-big")
    saved = stub.SplitDistrictQuota(pb.SplitDistrictQuotaRequest(
        request_id="split", year=2017, district="xuhui", units_per_person="2.0"))
    allocation_id = saved.allocation.summary.allocation_id
    assert sum(r.units for r in saved.allocation.rows) == 22332 - 400
    assert stub.ReplayAllocation(pb.ReplayAllocationRequest(allocation_id=allocation_id)).matches
    with running.engine("blood_quota").begin() as connection:
        connection.execute(text("UPDATE blood_quota_allocation_row SET units = units + 1 "
                                "WHERE allocation_id = :id AND code = 'W1'"),
                           {"id": int(allocation_id)})
    replay = stub.ReplayAllocation(pb.ReplayAllocationRequest(allocation_id=allocation_id))
    assert not replay.matches
    assert any(d.startswith("W1: stored") for d in replay.differences)
    with pytest.raises(grpc.RpcError) as raised:
        stub_for(running, "pudong-token").GetAllocation(pb.GetAllocationRequest(
            allocation_id=allocation_id))
    assert raised.value.code() == grpc.StatusCode.PERMISSION_DENIED


def test_plan_validation_and_duplicates(running) -> None:  # type: ignore[no-untyped-def]
    stub = stub_for(running)
    with pytest.raises(grpc.RpcError) as raised:
        stub.CreatePlan(pb.CreatePlanRequest(request_id="p-2017b", plan=pb.Plan(year=2017),
                                             use_published=True))
    assert raised.value.code() == grpc.StatusCode.ALREADY_EXISTS
    with pytest.raises(grpc.RpcError) as raised:
        stub.CreatePlan(pb.CreatePlanRequest(request_id="p-2018", plan=pb.Plan(
            year=2018, city_target_units=100, reserve_units=10, drill_min_city_units=20,
            carve_outs=[pb.CarveOut(code="u", kind=pb.ROW_KIND_UNIVERSITY, units=200)])))
    assert raised.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert set(field_violations(raised.value)) == {"plan.drill_min_city_units",
                                                   "plan.carve_outs"}
    created = stub.CreatePlan(pb.CreatePlanRequest(request_id="p-2018b", plan=pb.Plan(
        year=2018, city_target_units=1000, group_target_units=600, street_target_units=300,
        reserve_units=100, drill_min_city_units=100, drill_min_per_district_units=5)))
    assert created.plan.units_per_person == "1.0"
    assert len(created.warnings) == 2
    with pytest.raises(grpc.RpcError) as raised:
        stub.ApportionDistrictQuotas(pb.ApportionDistrictQuotasRequest(
            request_id="a", year=2018, inputs=[pb.DistrictInput(district="pudong", weight=1)]))
    assert raised.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "inputs" in field_violations(raised.value)
