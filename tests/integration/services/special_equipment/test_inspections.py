"""The periodic-inspection sweep (yearly interval, 30 warning days: data/policy.json) through
the kernel, its replay, and a district's due list."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import struct

import grpc
from integration.services.special_equipment.equipment_world import (
    PUDONG,
    XUHUI,
    Equipment,
    day,
    refused,
    rid,
)
from support import scrape_metrics

from cityscore.special_equipment.v1 import special_equipment_service_pb2 as pb


def test_the_sweep_counts_each_district_and_replays(equipment: Equipment) -> None:
    equipment.import_district(equipment.pudong, "pudong", PUDONG)
    equipment.import_district(equipment.xuhui, "xuhui", XUHUI)
    sweep = equipment.city.RunInspectionSweep(pb.RunInspectionSweepRequest(
        request_id=rid())).sweep
    assert sweep.swept_on == day("2021-01-15") and sweep.elevators == 10
    assert sweep.policy_version == "inspection-2018.1"
    counts = {c.district: (c.ok, c.due_soon, c.overdue) for c in sweep.districts}
    # Pudong on 2021-01-15: PD-001 (inspected 2020-02-10) due 2021-02-10, 26 days: due soon;
    # PD-002 (2019-12-01) overdue since 2020-12-01; PD-008 (in use 2020-12-20, never
    # inspected) due 2021-12-20; the others were inspected after 2020-02-14.
    assert counts == {"pudong": (6, 1, 1), "xuhui": (2, 0, 0)}
    replay = equipment.assessor.ReplayInspectionSweep(pb.ReplayInspectionSweepRequest(
        sweep_id=sweep.sweep_id))
    assert replay.matches and not replay.differences
    text = scrape_metrics(equipment.server.server.metrics_port)
    assert ('cityscore_special_equipment_inspections{district="pudong",status="overdue"} 1.0'
            in text)
    code, _ = refused(lambda: equipment.pudong.RunInspectionSweep(
        pb.RunInspectionSweepRequest(request_id=rid())))
    assert code == grpc.StatusCode.PERMISSION_DENIED


def test_a_district_lists_its_due_inspections_soonest_first(equipment: Equipment) -> None:
    equipment.import_district(equipment.pudong, "pudong", PUDONG)
    equipment.import_district(equipment.xuhui, "xuhui", XUHUI)
    due = equipment.pudong.ListDueInspections(pb.ListDueInspectionsRequest(page_size=1))
    assert due.total == 2
    assert [(d.registration_code, d.days_left, d.status) for d in due.due] == [
        ("PD-002", -45, pb.INSPECTION_STATUS_OVERDUE)]
    rest = equipment.pudong.ListDueInspections(pb.ListDueInspectionsRequest(
        page_size=1, page_token=due.next_page_token))
    assert [(d.registration_code, d.next_inspection, d.days_left) for d in rest.due] == [
        ("PD-001", day("2021-02-10"), 26)]
    assert rest.next_page_token == ""
    later = equipment.xuhui.ListDueInspections(pb.ListDueInspectionsRequest(
        as_of=day("2021-09-10")))
    assert [d.registration_code for d in later.due] == ["XH-001", "XH-002"]
    code, _ = refused(lambda: equipment.pudong.ListDueInspections(
        pb.ListDueInspectionsRequest(district="xuhui")))
    assert code == grpc.StatusCode.PERMISSION_DENIED


def _days(text: str) -> int:
    """Days since 1970-01-01, the day numbers a sweep stores."""
    return (dt.date.fromisoformat(text) - dt.date(1970, 1, 1)).days


def test_a_sweep_stores_its_inputs_in_the_stored_sweeps_encoding(equipment: Equipment) -> None:
    """The inputs a sweep stores, and digests, keep the encoding of the sweeps stored before:
    a JSON header (sorted keys), then the district index, in-use day, last inspection day
    (int32 minimum for never) and failed flag of every elevator in registration-code order,
    each a little-endian int32 column; so every stored sweep replays bit for bit."""
    equipment.import_district(equipment.pudong, "pudong", PUDONG)
    equipment.import_district(equipment.xuhui, "xuhui", XUHUI)
    equipment.xuhui.RecordInspection(pb.RecordInspectionRequest(
        request_id=rid(), registration_code="XH-002", inspected_on=day("2021-01-15"),
        passed=False))
    sweep = equipment.city.RunInspectionSweep(pb.RunInspectionSweepRequest(
        request_id=rid())).sweep
    never = -2**31
    in_use = ["2012-03-01", "2013-05-01", "2014-09-01", "2010-07-01", "2003-05-01",
              "2004-02-29", "2010-01-01", "2020-12-20", "2015-01-01", "2000-01-01"]
    inspected = ["2020-02-10", "2019-12-01", "2020-06-01", "2020-03-01", "2020-09-01",
                 "2020-05-01", "2020-05-02", "", "2020-10-01", "2021-01-15"]
    columns = ([0] * 8 + [1] * 2, [_days(d) for d in in_use],
               [_days(d) if d else never for d in inspected], [0] * 9 + [1])
    header = json.dumps({"today": "2021-01-15", "policy": "inspection-2018.1",
                         "districts": ["pudong", "xuhui"], "n": 10}, sort_keys=True).encode()
    plain = struct.pack("<I", len(header)) + header + b"".join(
        struct.pack("<10i", *column) for column in columns)
    assert sweep.input_digest == hashlib.sha256(plain).hexdigest()
    # XH-002 failed its inspection today: overdue until it passes one.
    counts = {c.district: (c.ok, c.due_soon, c.overdue) for c in sweep.districts}
    assert counts == {"pudong": (6, 1, 1), "xuhui": (1, 0, 1)}
    replay = equipment.assessor.ReplayInspectionSweep(pb.ReplayInspectionSweepRequest(
        sweep_id=sweep.sweep_id))
    assert replay.matches and replay.stored_result_digest == sweep.result_digest
