"""The compliance gauge counts cylinders by their §4 status on the service clock's today."""

from __future__ import annotations

from integration.services.lpg_registry.lpg_world import Registry, cylinder, day, rid
from support import scrape_metrics

from cityscore.lpg_registry.v1 import lpg_registry_service_pb2 as pb

GB2023 = pb.STANDARD_VERSION_GB5842_2023


def _compliance(exposition: str) -> dict[str, float]:
    prefix = 'cityscore_lpg_registry_cylinders_compliance{status="'
    return {line[len(prefix):].split('"', 1)[0]: float(line.rsplit(" ", 1)[1])
            for line in exposition.splitlines() if line.startswith(prefix)}


def test_gauge_counts_cylinders_by_compliance_today(registry: Registry) -> None:
    """Today is 2019-03-01 (the fixed clock); each cylinder sits on or next to a boundary."""
    port = registry.running.server.metrics_port
    assert _compliance(scrape_metrics(port)) == {
        "ok": 0, "due_soon": 0, "inspection_overdue": 0, "past_service_life": 0}
    registry.register(
        # ok: next inspection 2021-06-01; 2019-04-01 is 31 days away, one past the warning.
        cylinder("OK-1", made="2017-06-01"), cylinder("OK-2", made="2015-04-01"),
        # ok: a passed inspection extends a GB 5842-2006 cylinder to 12 years (2022-06-01).
        cylinder("OK-3", made="2010-06-01", last="2018-06-01", passed=True),
        # due soon: next inspection 2019-03-31, exactly 30 days ahead.
        cylinder("DUE-1", made="2015-03-31"),
        # inspection overdue: due today, and since 2019-02-27.
        cylinder("OVERDUE-1", made="2015-03-01"),
        cylinder("OVERDUE-2", made="2012-06-01", last="2015-02-27", passed=True),
        cylinder("OVERDUE-3", made="2014-03-01", standard=GB2023, life=6, confirm=True),
        # past service life: 8 years end today; a failed inspection gives no extension; the
        # stamped life of a GB 5842-2023 cylinder has no extension. (A GB 5842-2023 cylinder
        # made in 2014 does not fit its date, §4: registered with a confirmed mismatch.)
        cylinder("PAST-1", made="2011-03-01"),
        cylinder("PAST-2", made="2010-06-01", last="2018-06-01", passed=False),
        cylinder("PAST-3", made="2014-03-01", standard=GB2023, life=5, confirm=True))
    registry.register(cylinder("GONE-1", made="2009-01-01"), cylinder("GONE-2", made="2018-01-01"))
    for code, lost in (("GONE-1", False), ("GONE-2", True)):
        registry.e1.ScrapCylinder(pb.ScrapCylinderRequest(request_id=rid(), trace_code=code,
                                                          lost=lost))

    exposition = scrape_metrics(port)
    assert _compliance(exposition) == {
        "ok": 3, "due_soon": 1, "inspection_overdue": 3, "past_service_life": 3}
    assert 'cityscore_lpg_registry_cylinders{status="in_service"} 10.0' in exposition

    # The kernel's sweep on the same day agrees.
    sweep = registry.city.RunSweep(pb.RunSweepRequest(request_id=rid())).sweep
    [e1] = [c for c in sweep.by_enterprise if c.key == "E1"]
    assert (e1.ok, e1.due_soon, e1.inspection_overdue, e1.past_service_life) == (3, 1, 3, 3)

    # An inspection brings an overdue cylinder back to ok at the next scrape.
    registry.e1.RecordCylinderInspection(pb.RecordCylinderInspectionRequest(
        request_id=rid(), trace_code="OVERDUE-1", inspected_on=day("2019-03-01"),
        passed=True))
    assert _compliance(scrape_metrics(port))["inspection_overdue"] == 2
