"""A day of work through the gRPC API, on SQLite and PostgreSQL."""

from __future__ import annotations

import urllib.request

import grpc
from integration.services.lpg_registry.lpg_world import Registry, cylinder, refused, rid

from cityscore.lpg_registry.v1 import lpg_registry_service_pb2 as pb


def test_fill_deliver_return_sweep_and_replay(registry: Registry) -> None:
    registry.register(cylinder("C-0001"), cylinder("C-0002"), cylinder("C-OLD", made="2011-03-01"))
    filled = registry.fill("C-0001")
    assert (filled.content_g, filled.residual_g, list(filled.flags)) == (14_900, 500, [])
    registry.fill("C-0002")

    code, details = refused(lambda: registry.fill("C-OLD", full=31_350))
    assert code is grpc.StatusCode.FAILED_PRECONDITION
    assert {t for t, _ in details} == {"CYL_SCRAPPED", "CYL_OVERDUE", "OVERFILL"}

    first = registry.deliver(registry.resident_id, ["C-0001"])
    assert first.connected and list(first.held_cylinders) == ["C-0001"]
    second = registry.deliver(registry.resident_id, ["C-0002"], back=["C-0001"])
    assert list(second.held_cylinders) == ["C-0002"]
    code, details = refused(lambda: registry.deliver(registry.catering_id, ["C-0001"]))
    assert {t for t, _ in details} == {"USER_SAFETY_UNVERIFIED", "CYL_NOT_FILLED"}

    history = registry.e1.GetCylinder(pb.GetCylinderRequest(trace_code="C-0001")).history
    assert [h.event for h in history] == ["registered", "filled", "delivered", "returned",
                                          "delivery_refused"]

    sweep = registry.city.RunSweep(pb.RunSweepRequest(request_id=rid())).sweep
    assert sweep.cylinders == 3 and sweep.policy_version == "lpg-2026.2"
    [e1] = [c for c in sweep.by_enterprise if c.key == "E1"]
    assert (e1.ok, e1.due_soon, e1.inspection_overdue, e1.past_service_life) == (2, 0, 0, 1)
    replay = registry.operator.ReplaySweep(pb.ReplaySweepRequest(sweep_id=sweep.sweep_id))
    assert replay.matches and replay.replayed_result_digest == sweep.result_digest

    due = registry.e1.ListDueCylinders(pb.ListDueCylindersRequest(enterprise_id="E1"))
    assert [(c.trace_code, c.compliance) for c in due.cylinders] == [
        ("C-OLD", pb.COMPLIANCE_STATUS_PAST_SERVICE_LIFE)] and due.total == 1
    code, _ = refused(lambda: registry.e2.ListDueCylinders(
        pb.ListDueCylindersRequest(enterprise_id="E1")))
    assert code is grpc.StatusCode.PERMISSION_DENIED
    mine = registry.e2.GetSweep(pb.GetSweepRequest()).sweep
    assert [c.key for c in mine.by_enterprise] == ["E2"] and not mine.by_district
    pudong = registry.pudong.GetSweep(pb.GetSweepRequest(sweep_id=sweep.sweep_id)).sweep
    assert [c.key for c in pudong.by_enterprise] == ["E1"]
    assert [c.key for c in pudong.by_district] == ["pudong"]

    report = registry.city.GetRefusalReport(pb.GetRefusalReportRequest()).counts
    assert {(c.kind, c.code, c.count) for c in report} == {
        (pb.RECORD_KIND_FILL, "CYL_SCRAPPED", 1), (pb.RECORD_KIND_FILL, "CYL_OVERDUE", 1),
        (pb.RECORD_KIND_FILL, "OVERFILL", 1),
        (pb.RECORD_KIND_DELIVERY, "USER_SAFETY_UNVERIFIED", 1),
        (pb.RECORD_KIND_DELIVERY, "CYL_NOT_FILLED", 1)}
    assert registry.e2.GetRefusalReport(pb.GetRefusalReportRequest()).counts == []

    port = registry.running.server.metrics_port
    text = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics").read().decode()
    assert 'cityscore_lpg_registry_fills_total{reason="OVERFILL",result="refused"} 1.0' in text
    assert 'cityscore_lpg_registry_deliveries_total{reason="",result="accepted"} 2.0' in text
    assert 'cityscore_lpg_registry_cylinders{status="in_service"} 3.0' in text
    assert 'cityscore_lpg_registry_campaign_registered_users{district="pudong"} 2.0' in text
