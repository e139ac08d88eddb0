"""What stations really record: a fill or delivery carries when it happened (``occurred_at``),
is checked as of that day and shows how late it came; a time ahead of the server beyond the
policy's clock skew (300 s, lpg-2026.2) is bad input; more than the policy's window (7 days)
late is refused and kept as a refusal.

The server's clock stands at 2019-03-01 12:00 in the city (04:00 UTC). Cylinder DUE-TODAY was
made 2015-03-01, so its first periodic inspection falls due 2019-03-01 (4 years, §4): filled
today it is refused CYL_OVERDUE, filled yesterday it was due soon.
"""

from __future__ import annotations

import datetime as dt

import grpc
from google.protobuf.timestamp_pb2 import Timestamp
from integration.services.lpg_registry.lpg_world import Registry, cylinder, day, refused, rid
from support import scrape_metrics

from cityscore.lpg_registry.v1 import lpg_registry_service_pb2 as pb

CITY = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2019, 3, 1, 12, 0, tzinfo=CITY)


def at(moment: dt.datetime) -> Timestamp:
    stamp = Timestamp()
    stamp.FromDatetime(moment)
    return stamp


def history(registry: Registry, code: str) -> list[tuple[str, str, str]]:
    entries = registry.e1.GetCylinder(pb.GetCylinderRequest(trace_code=code)).history
    return [(f"{h.date.year:04d}-{h.date.month:02d}-{h.date.day:02d}", h.event, h.detail)
            for h in entries]


def uploads(registry: Registry) -> dict[tuple[int, str], tuple[int, int, int]]:
    report = registry.e1.GetUploadReport(pb.GetUploadReportRequest())
    return {(c.kind, c.enterprise_id): (c.records, c.late, c.max_days_late)
            for c in report.counts}


def test_a_fill_uploaded_a_day_late_is_checked_as_of_its_day(registry: Registry) -> None:
    registry.register(cylinder("DUE-TODAY", made="2015-03-01"), cylinder("ON-TIME"))
    _, details = refused(lambda: registry.fill("DUE-TODAY"))
    assert {t for t, _ in details} == {"CYL_OVERDUE"}
    late = registry.fill("DUE-TODAY", occurred_at=at(dt.datetime(2019, 2, 28, 17, 30,
                                                                 tzinfo=CITY)))
    assert (late.occurred_on, late.days_late, list(late.flags)) == (
        day("2019-02-28"), 1, ["DUE_SOON"])
    assert history(registry, "DUE-TODAY")[-1] == (
        "2019-02-28", "filled", "14900 g DUE_SOON uploaded 1 day(s) late")
    on_time = registry.fill("ON-TIME")
    assert (on_time.occurred_on, on_time.days_late) == (day("2019-03-01"), 0)
    assert uploads(registry) == {(pb.RECORD_KIND_FILL, "E1"): (2, 1, 1)}
    retried = registry.fill("ON-TIME", request_id="late-once",
                            occurred_at=at(dt.datetime(2019, 2, 28, 9, 0, tzinfo=CITY)))
    assert registry.fill("ON-TIME", request_id="late-once",
                         occurred_at=at(dt.datetime(2019, 2, 28, 9, 0, tzinfo=CITY))) == retried
    exposition = scrape_metrics(registry.running.server.metrics_port)
    assert 'cityscore_lpg_registry_late_uploads_total{kind="fill"} 2.0' in exposition
    assert 'cityscore_lpg_registry_fills_total{reason="",result="accepted"} 3.0' in exposition


def test_the_day_late_is_counted_in_city_time(registry: Registry) -> None:
    registry.register(cylinder("MIDNIGHT-1"), cylinder("MIDNIGHT-2"))
    before = registry.fill("MIDNIGHT-1", occurred_at=at(dt.datetime(2019, 2, 28, 23, 59, 59,
                                                                    tzinfo=CITY)))
    after = registry.fill("MIDNIGHT-2", occurred_at=at(dt.datetime(2019, 3, 1, 0, 0, 0,
                                                                   tzinfo=CITY)))
    assert (before.days_late, after.days_late) == (1, 0)


def test_a_fill_dated_tomorrow_is_refused_and_writes_nothing(registry: Registry) -> None:
    registry.register(cylinder("TOMORROW"))
    code, details = refused(lambda: registry.fill("TOMORROW", occurred_at=at(
        dt.datetime(2019, 3, 2, 9, 0, tzinfo=CITY))))
    assert code is grpc.StatusCode.INVALID_ARGUMENT
    assert [f for f, _ in details] == ["occurred_at"]
    code, _ = refused(lambda: registry.fill("TOMORROW", occurred_at=at(
        NOW + dt.timedelta(seconds=301))))
    assert code is grpc.StatusCode.INVALID_ARGUMENT, "beyond the 300 s a device may be ahead"
    assert registry.fill("TOMORROW", occurred_at=at(NOW + dt.timedelta(seconds=300))).fill_id
    assert [e for _, e, _ in history(registry, "TOMORROW")] == ["registered", "filled"]
    assert registry.e1.GetRefusalReport(pb.GetRefusalReportRequest()).counts == []
    bad = Timestamp(seconds=-62_135_596_801)
    code, details = refused(lambda: registry.fill("TOMORROW", occurred_at=bad))
    assert code is grpc.StatusCode.INVALID_ARGUMENT and [f for f, _ in details] == [
        "occurred_at"]


def test_more_than_the_window_late_is_refused_and_kept(registry: Registry) -> None:
    registry.register(cylinder("WEEK-OLD"), cylinder("TOO-OLD"))
    week = registry.fill("WEEK-OLD", occurred_at=at(dt.datetime(2019, 2, 22, 8, 0,
                                                                tzinfo=CITY)))
    assert week.days_late == 7
    code, details = refused(lambda: registry.fill("TOO-OLD", occurred_at=at(
        dt.datetime(2019, 2, 21, 23, 0, tzinfo=CITY))))
    assert code is grpc.StatusCode.FAILED_PRECONDITION
    assert details == [("RECORD_TOO_LATE", "TOO-OLD")]
    report = registry.e1.GetRefusalReport(pb.GetRefusalReportRequest())
    assert [(c.kind, c.code, c.count) for c in report.counts] == [
        (pb.RECORD_KIND_FILL, "RECORD_TOO_LATE", 1)]
    assert uploads(registry) == {(pb.RECORD_KIND_FILL, "E1"): (1, 1, 7)}


def test_a_delivery_uploaded_late_keeps_the_day_it_happened(registry: Registry) -> None:
    registry.register(cylinder("DL-LATE"))
    registry.fill("DL-LATE", occurred_at=at(dt.datetime(2019, 2, 27, 9, 0, tzinfo=CITY)))
    delivered = registry.e1.RecordDelivery(pb.RecordDeliveryRequest(
        request_id=rid(), plan=registry.plan(registry.resident_id, ["DL-LATE"]),
        occurred_at=at(dt.datetime(2019, 2, 28, 15, 0, tzinfo=CITY))))
    assert (delivered.occurred_on, delivered.days_late) == (day("2019-02-28"), 1)
    assert [(d, e) for d, e, _ in history(registry, "DL-LATE")] == [
        ("2019-03-01", "registered"), ("2019-02-27", "filled"), ("2019-02-28", "delivered")]
    assert uploads(registry) == {(pb.RECORD_KIND_FILL, "E1"): (1, 1, 2),
                                 (pb.RECORD_KIND_DELIVERY, "E1"): (1, 1, 1)}
    assert registry.pudong.GetUploadReport(pb.GetUploadReportRequest()).counts
    assert registry.e2.GetUploadReport(pb.GetUploadReportRequest()).counts == []
    assert registry.xuhui.GetUploadReport(pb.GetUploadReportRequest()).counts == []
    code, _ = refused(lambda: registry.e1.RecordDelivery(pb.RecordDeliveryRequest(
        request_id=rid(), plan=registry.plan(registry.resident_id, [], back=["DL-LATE"]),
        occurred_at=at(dt.datetime(2019, 3, 2, 8, 0, tzinfo=CITY)))))
    assert code is grpc.StatusCode.INVALID_ARGUMENT
