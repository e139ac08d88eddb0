"""Collections corrected, never deleted; and a district office kept to its own rows as stored;
through a real server, on SQLite and PostgreSQL.

A collection row is withdrawn or amended with a reason: it stays stored, out of force, the
audit log says who and why, and progress counts the rows in force. Figures are worked out by
hand from the rows recorded (1 unit = 200 ml, 每人份200毫升).
"""

from __future__ import annotations

import json
from collections.abc import Callable

import grpc
import pytest
from sqlalchemy import text
from support import RunningServer

from cityscore.blood_quota.v1 import blood_quota_service_pb2 as pb
from cityscore.blood_quota.v1 import blood_quota_service_pb2_grpc as pb_grpc
from cityscore.common.v1 import common_pb2

from .test_metrics import gauges, value
from .test_workflow import collections_request, field_violations, import_and_adopt, stub_for

MARCH_31 = common_pb2.Date(year=2017, month=3, day=31)


@pytest.fixture
def running(start_server, database_url: str):  # type: ignore[no-untyped-def]
    server = start_server(["blood_quota"], database_url=database_url)
    stub = stub_for(server)
    stub.CreatePlan(pb.CreatePlanRequest(request_id="plan", plan=pb.Plan(year=2017),
                                         use_published=True))
    import_and_adopt(stub)
    stub_for(server, "pudong-token").RecordCollections(iter([collections_request("c", [
        (20170301, "pudong", "", pb.CHANNEL_GROUP, 400, 10),
        (20170302, "pudong", "", pb.CHANNEL_STREET, 200, 5)])]))
    return server


def pudong_ml(stub: pb_grpc.BloodQuotaServiceStub) -> int:
    progress: pb.GetProgressResponse = stub.GetProgress(pb.GetProgressRequest(
        year=2017, as_of=MARCH_31))
    return next(r.collected_ml for r in progress.rows if r.code == "pudong")


def stored_rows(running: RunningServer) -> int:
    with running.engine("blood_quota").connect() as connection:
        return int(connection.execute(text("SELECT count(*) FROM blood_quota_collection"))
                   .scalar_one())


def test_rows_are_withdrawn_or_amended_with_a_reason_and_never_deleted(running) -> None:  # type: ignore[no-untyped-def]
    pudong = stub_for(running, "pudong-token")
    listed = pudong.ListCollections(pb.ListCollectionsRequest(year=2017)).collections
    assert [(c.collection.volume_ml, c.collection.donations, c.status) for c in listed] == [
        (400, 10, pb.COLLECTION_STATUS_IN_FORCE), (200, 5, pb.COLLECTION_STATUS_IN_FORCE)]
    group_row, street_row = (c.collection_id for c in listed)
    assert pudong_ml(pudong) == 4000 + 1000

    withdrawn = pudong.WithdrawCollection(pb.WithdrawCollectionRequest(
        request_id="w", collection_id=street_row, reason="entered twice")).withdrawn
    assert (withdrawn.status, withdrawn.correction_reason, withdrawn.corrected_by) == (
        pb.COLLECTION_STATUS_WITHDRAWN, "entered twice", "pudong-office")
    assert pudong_ml(pudong) == 4000

    amend = pb.AmendCollectionRequest(
        request_id="a", collection_id=group_row, reason="the bags were 300 ml",
        collection=pb.Collection(donation_date=common_pb2.Date(year=2017, month=3, day=1),
                                 district="pudong", channel=pb.CHANNEL_GROUP, volume_ml=300,
                                 donations=10))
    amended = pudong.AmendCollection(amend)
    assert amended.amended.status == pb.COLLECTION_STATUS_AMENDED
    assert amended.amended.amended_by_collection_id == amended.replacement.collection_id
    assert amended.replacement.amends_collection_id == group_row
    assert amended.replacement.status == pb.COLLECTION_STATUS_IN_FORCE
    assert pudong.AmendCollection(amend) == amended  # a retry stores nothing twice
    progress = pudong.GetProgress(pb.GetProgressRequest(year=2017, as_of=MARCH_31))
    row = next(r for r in progress.rows if r.code == "pudong")
    assert (row.collected_ml, row.share_400ml) == (3000, 0.0)
    assert value(gauges(running), "collected_units", year="2017", row="pudong") == 15

    # nothing was deleted: the two corrected rows are listed on request, with their reasons
    assert stored_rows(running) == 3
    in_force = pudong.ListCollections(pb.ListCollectionsRequest(year=2017)).collections
    assert [c.collection_id for c in in_force] == [amended.replacement.collection_id]
    everything = pudong.ListCollections(pb.ListCollectionsRequest(
        year=2017, include_corrected=True)).collections
    assert [(c.collection_id, c.status, c.correction_reason) for c in everything] == [
        (group_row, pb.COLLECTION_STATUS_AMENDED, "the bags were 300 ml"),
        (street_row, pb.COLLECTION_STATUS_WITHDRAWN, "entered twice"),
        (amended.replacement.collection_id, pb.COLLECTION_STATUS_IN_FORCE, "")]
    first_page = pudong.ListCollections(pb.ListCollectionsRequest(
        year=2017, include_corrected=True, page_size=2))
    assert len(first_page.collections) == 2 and first_page.next_page_token
    rest = pudong.ListCollections(pb.ListCollectionsRequest(
        year=2017, include_corrected=True, page_size=2, page_token=first_page.next_page_token))
    assert [c.collection_id for c in rest.collections] == [amended.replacement.collection_id]
    assert not rest.next_page_token

    # a row out of force is not corrected again; a correction says why
    for request, code, fields in (
            (pb.WithdrawCollectionRequest(request_id="again", collection_id=group_row,
                                          reason="x"), grpc.StatusCode.FAILED_PRECONDITION,
             set()),
            (pb.WithdrawCollectionRequest(request_id="why", collection_id=amended.replacement
                                          .collection_id), grpc.StatusCode.INVALID_ARGUMENT,
             {"reason"}),
            (pb.WithdrawCollectionRequest(request_id="none", collection_id="99999",
                                          reason="x"), grpc.StatusCode.NOT_FOUND, set()),
            (pb.WithdrawCollectionRequest(request_id="huge", collection_id="9" * 30,
                                          reason="x"), grpc.StatusCode.NOT_FOUND, set())):
        with pytest.raises(grpc.RpcError) as raised:
            pudong.WithdrawCollection(request)
        assert raised.value.code() == code, request
        assert set(field_violations(raised.value)) == fields
    with pytest.raises(grpc.RpcError) as raised:
        pudong.AmendCollection(pb.AmendCollectionRequest(
            request_id="bad", collection_id=amended.replacement.collection_id, reason="x",
            collection=pb.Collection(donation_date=common_pb2.Date(year=2017, month=3, day=1),
                                     district="pudong", channel=pb.CHANNEL_GROUP,
                                     volume_ml=250, donations=1)))
    assert set(field_violations(raised.value)) == {"collection.volume_ml"}
    assert stored_rows(running) == 3 and pudong_ml(pudong) == 3000

    with running.engine("blood_quota").connect() as connection:
        audited = connection.execute(text(
            "SELECT principal, action, entity_id, detail FROM blood_quota_audit_log "
            "WHERE action IN ('withdraw', 'amend') ORDER BY id")).all()
    assert [(p, a, e) for p, a, e, _ in audited] == [("pudong-office", "withdraw", street_row),
                                                     ("pudong-office", "amend", group_row)]
    detail = json.loads(audited[1][3])
    assert detail["reason"] == "the bags were 300 ml"
    assert (detail["before"]["volume_ml"], detail["after"]["volume_ml"]) == (400, 300)


def test_list_collections_checks_its_dates_and_pages(running) -> None:  # type: ignore[no-untyped-def]
    stub = stub_for(running)
    for request, field in (
            (pb.ListCollectionsRequest(year=2017, from_date=common_pb2.Date(
                year=2017, month=2, day=30)), "from_date"),
            (pb.ListCollectionsRequest(year=2017, from_date=common_pb2.Date(
                year=2017, month=3, day=2), to_date=common_pb2.Date(year=2017, month=3, day=1)),
             "to_date"),
            (pb.ListCollectionsRequest(year=2017, page_size=-1), "page_size"),
            (pb.ListCollectionsRequest(year=2017, page_token="abc"), "page_token"),
            (pb.ListCollectionsRequest(year=2017, page_token="9" * 30), "page_token")):
        with pytest.raises(grpc.RpcError) as raised:
            stub.ListCollections(request)
        assert raised.value.code() == grpc.StatusCode.INVALID_ARGUMENT, field
        assert set(field_violations(raised.value)) == {field}
    only_first = stub.ListCollections(pb.ListCollectionsRequest(
        year=2017, from_date=common_pb2.Date(year=2017, month=3, day=1),
        to_date=common_pb2.Date(year=2017, month=3, day=1))).collections
    assert [c.collection.volume_ml for c in only_first] == [400]
    with pytest.raises(grpc.RpcError) as raised:
        stub.AmendCollection(pb.AmendCollectionRequest(
            request_id="no-date", collection_id=only_first[0].collection_id, reason="x",
            collection=pb.Collection(district="pudong", channel=pb.CHANNEL_GROUP,
                                     volume_ml=200, donations=1)))
    assert raised.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert set(field_violations(raised.value)) == {"collection.donation_date"}


def test_a_district_office_cannot_change_another_districts_rows(running) -> None:  # type: ignore[no-untyped-def]
    """Every write checks the scope of the row as stored and as it would be: Xuhui's office
    cannot withdraw, amend, take over or re-split Pudong's rows, and Pudong keeps them."""
    city, pudong, xuhui = (stub_for(running, t) for t in ("city-token", "pudong-token",
                                                           "xuhui-token"))
    pudong.UploadUnits(iter([pb.UploadUnitsRequest(
        request_id="roster", year=2017, district="pudong", codes=["W1", "T1"],
        kinds=[pb.UNIT_KIND_WORK_UNIT, pb.UNIT_KIND_TOWN], headcounts=[1_000_000, 2_000_000])]))
    split = pudong.SplitDistrictQuota(pb.SplitDistrictQuotaRequest(
        request_id="split", year=2017, district="pudong")).allocation
    rows = pudong.ListCollections(pb.ListCollectionsRequest(year=2017)).collections
    target = rows[0].collection_id
    before = (pudong_ml(city), stored_rows(running))
    into_xuhui = pb.Collection(donation_date=common_pb2.Date(year=2017, month=3, day=1),
                               district="xuhui", channel=pb.CHANNEL_GROUP, volume_ml=400,
                               donations=10)
    as_pudong = pb.Collection(donation_date=common_pb2.Date(year=2017, month=3, day=1),
                              district="pudong", channel=pb.CHANNEL_GROUP, volume_ml=200,
                              donations=1)
    attempts: dict[str, Callable[[], object]] = {
        "withdraw Pudong's row": lambda: xuhui.WithdrawCollection(pb.WithdrawCollectionRequest(
            request_id="x1", collection_id=target, reason="mine")),
        "move Pudong's row into Xuhui": lambda: xuhui.AmendCollection(
            pb.AmendCollectionRequest(request_id="x2", collection_id=target, reason="mine",
                                      collection=into_xuhui)),
        "change Pudong's row in place": lambda: xuhui.AmendCollection(
            pb.AmendCollectionRequest(request_id="x3", collection_id=target, reason="fix",
                                      collection=as_pudong)),
        "record for Pudong": lambda: xuhui.RecordCollections(iter([collections_request(
            "x4", [(20170303, "pudong", "", pb.CHANNEL_GROUP, 200, 1)])])),
        "replace Pudong's roster": lambda: xuhui.UploadUnits(iter([pb.UploadUnitsRequest(
            request_id="x5", year=2017, district="pudong", codes=["X"],
            kinds=[pb.UNIT_KIND_WORK_UNIT], headcounts=[10])])),
        "split Pudong's quota": lambda: xuhui.SplitDistrictQuota(pb.SplitDistrictQuotaRequest(
            request_id="x6", year=2017, district="pudong")),
        "adopt a table": lambda: xuhui.AdoptAllocation(pb.AdoptAllocationRequest(
            request_id="x7", allocation_id=split.summary.split_of_allocation_id, reason="x")),
        "read Pudong's rows": lambda: xuhui.ListCollections(pb.ListCollectionsRequest(
            year=2017, district="pudong")),
        "read Pudong's split": lambda: xuhui.GetAllocation(pb.GetAllocationRequest(
            allocation_id=split.summary.allocation_id)),
        # the owner cannot give its row away either
        "Pudong moves its row into Xuhui": lambda: pudong.AmendCollection(
            pb.AmendCollectionRequest(request_id="p1", collection_id=target, reason="x",
                                      collection=into_xuhui)),
    }
    for name, attempt in attempts.items():
        with pytest.raises(grpc.RpcError) as raised:
            attempt()
        assert raised.value.code() == grpc.StatusCode.PERMISSION_DENIED, name

    # Pudong still has everything as it was
    assert (pudong_ml(city), stored_rows(running)) == before
    kept = pudong.ListCollections(pb.ListCollectionsRequest(year=2017)).collections
    assert list(kept) == list(rows)
    assert (kept[0].collection_id, kept[0].collection.district, kept[0].status) == (
        target, "pudong", pb.COLLECTION_STATUS_IN_FORCE)
    current = pudong.GetAllocation(pb.GetAllocationRequest(year=2017, district="pudong"))
    assert current.allocation.summary.allocation_id == split.summary.allocation_id
    assert [(r.code, r.units) for r in current.allocation.rows] == [
        (r.code, r.units) for r in split.rows]
    assert not xuhui.ListCollections(pb.ListCollectionsRequest(year=2017)).collections
    with running.engine("blood_quota").connect() as connection:
        assert connection.execute(text(
            "SELECT count(*) FROM blood_quota_audit_log WHERE principal = 'xuhui-office'")
        ).scalar_one() == 0


def test_concurrent_corrections_of_one_row_replace_it_once(running) -> None:  # type: ignore[no-untyped-def]
    """Two clerks amend the same row at once (different request ids): one amendment wins, the
    other is refused as no longer in force, and the row counts once."""
    import threading

    pudong = stub_for(running, "pudong-token")
    group_row = pudong.ListCollections(pb.ListCollectionsRequest(year=2017)).collections[0]
    outcomes: list[grpc.StatusCode] = []
    start = threading.Barrier(8)

    def amend(n: int) -> None:
        request = pb.AmendCollectionRequest(
            request_id=f"clerk-{n}", collection_id=group_row.collection_id, reason="recount",
            collection=pb.Collection(donation_date=common_pb2.Date(year=2017, month=3, day=1),
                                     district="pudong", channel=pb.CHANNEL_GROUP,
                                     volume_ml=300, donations=10))
        start.wait()
        try:
            pudong.AmendCollection(request, timeout=30)
            outcomes.append(grpc.StatusCode.OK)
        except grpc.RpcError as error:
            outcomes.append(error.code())

    clerks = [threading.Thread(target=amend, args=(n,)) for n in range(8)]
    for clerk in clerks:
        clerk.start()
    for clerk in clerks:
        clerk.join()
    assert sorted(code.name for code in outcomes) == ["FAILED_PRECONDITION"] * 7 + ["OK"]
    assert stored_rows(running) == 3  # the two recorded rows and one replacement
    assert pudong_ml(pudong) == 3000 + 1000
