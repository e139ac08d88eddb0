"""The safety-condition catalogue is data: findings name its items (U1-U5 and E1-E7 of the
notice, CAT-01… of the domain page §8.2), an unset severity is the item's default, the
rectification period is the policy's (30 days, §8.1), and reports count findings by item and
severity. The server's clock stands at 2019-03-01.
"""

from __future__ import annotations

from functools import partial
from typing import Any, cast

import grpc
from integration.services.lpg_registry.lpg_world import Registry, day, refused, rid
from support import scrape_metrics

from cityscore.common.v1.common_pb2 import Date
from cityscore.lpg_registry.v1 import lpg_registry_service_pb2 as pb

INVALID = grpc.StatusCode.INVALID_ARGUMENT


def inspect_user(registry: Registry, user_id: int, *hazards: pb.Hazard,
                 on: str = "2019-02-01") -> pb.RecordSafetyInspectionResponse:
    response: pb.RecordSafetyInspectionResponse = registry.e1.RecordSafetyInspection(
        pb.RecordSafetyInspectionRequest(
            request_id=rid(), subject=pb.INSPECTION_SUBJECT_USER, user_id=user_id,
            inspector="E1-R1", inspected_on=day(on), hazards=list(hazards)))
    return response


def test_the_catalogue_lists_the_notice_and_the_site_conditions(registry: Registry) -> None:
    catalogue = registry.e1.GetSafetyCatalogue(pb.GetSafetyCatalogueRequest())
    assert (catalogue.catalogue_version, catalogue.policy_version) == (
        "safety-2026.1", "lpg-2026.2")
    items = {i.rule_id: i for i in catalogue.items}
    assert set(items) == {"U1", "U2", "U3", "U4", "U5", "E1", "E2", "E3", "E4", "E5", "E6",
                          "E7", *(f"CAT-{n:02d}" for n in range(1, 23)),
                          *(f"RES-{n:02d}" for n in range(1, 7))}
    # §8.2: CAT-01 basement, catering and commercial, stop supply; CAT-07 hose, all users,
    # do not connect; CAT-05 distance, warn; CAT-12..14 local rules, off by default.
    assert (items["CAT-01"].default_severity, list(items["CAT-01"].applies_to)) == (
        pb.SEVERITY_STOP_SUPPLY, [pb.USER_TYPE_CATERING, pb.USER_TYPE_COMMERCIAL])
    assert items["CAT-07"].default_severity == pb.SEVERITY_DO_NOT_CONNECT
    assert pb.USER_TYPE_RESIDENTIAL in items["CAT-07"].applies_to
    assert items["CAT-05"].default_severity == pb.SEVERITY_WARN
    assert [n for n, i in items.items() if not i.enabled] == ["CAT-12", "CAT-13", "CAT-14"]
    assert items["E4"].subject == pb.INSPECTION_SUBJECT_ENTERPRISE
    assert items["U2"].subject == pb.INSPECTION_SUBJECT_USER
    # §8.2, residential items seen in practice: a refused inspection stops supply.
    assert items["RES-02"].default_severity == pb.SEVERITY_STOP_SUPPLY
    code, details = refused(lambda: registry.e1.GetSafetyCatalogue(
        pb.GetSafetyCatalogueRequest(as_of=Date(year=2019, month=2, day=29))))
    assert code is INVALID and [f for f, _ in details] == ["as_of"]


def test_findings_name_catalogue_items_with_their_default_severity(registry: Registry) -> None:
    found = inspect_user(registry, registry.catering_id,
                         pb.Hazard(rule_id="CAT-18", note="regulator leak"),
                         pb.Hazard(rule_id="cat-07"),
                         pb.Hazard(rule_id="CAT-05", severity=pb.SEVERITY_STOP_SUPPLY))
    assert found.catalogue_version == "safety-2026.1"
    # Inspected 2019-02-01: rectify by 2019-03-03, 30 days later (§8.1).
    assert [(h.rule_id, h.severity, h.rectify_by) for h in found.hazards] == [
        ("CAT-18", pb.SEVERITY_STOP_SUPPLY, day("2019-03-03")),
        ("CAT-07", pb.SEVERITY_DO_NOT_CONNECT, day("2019-03-03")),
        ("CAT-05", pb.SEVERITY_STOP_SUPPLY, day("2019-03-03"))]
    code, details = refused(lambda: inspect_user(
        registry, registry.resident_id, pb.Hazard(rule_id="CAT-01"),
        pb.Hazard(rule_id="CAT-12"), pb.Hazard(rule_id="CAT-99"), pb.Hazard(rule_id="E4"),
        pb.Hazard(rule_id="U2", severity=cast(Any, 9)), pb.Hazard(rule_id="")))
    assert code is INVALID and [f for f, _ in details] == [
        "hazards[0].rule_id", "hazards[1].rule_id", "hazards[2].rule_id",
        "hazards[3].rule_id", "hazards[4].severity", "hazards[5].rule_id"]
    assert registry.e1.GetFindingReport(pb.GetFindingReportRequest()).counts == [
        pb.FindingCount(rule_id=r, severity=s, open=1)
        for r, s in (("CAT-05", pb.SEVERITY_STOP_SUPPLY), ("CAT-07", pb.SEVERITY_DO_NOT_CONNECT),
                     ("CAT-18", pb.SEVERITY_STOP_SUPPLY))]


def test_the_report_counts_by_item_and_severity_in_scope(registry: Registry) -> None:
    first = inspect_user(registry, registry.resident_id, pb.Hazard(rule_id="U2"),
                         pb.Hazard(rule_id="CAT-19"), on="2019-01-15")
    inspect_user(registry, registry.catering_id, pb.Hazard(rule_id="CAT-19"),
                 pb.Hazard(rule_id="CAT-02"), on="2019-02-27")
    registry.pudong.RecordSafetyInspection(pb.RecordSafetyInspectionRequest(
        request_id=rid(), subject=pb.INSPECTION_SUBJECT_ENTERPRISE, enterprise_id="E1",
        inspector="pudong gas office", inspected_on=day("2019-02-20"),
        hazards=[pb.Hazard(rule_id="E4", note="expired filler certificate")]))
    registry.e1.RectifyHazard(pb.RectifyHazardRequest(
        request_id=rid(), hazard_id=first.hazards[0].hazard_id))
    # The 2019-01-15 findings were due 2019-02-14: CAT-19 of that day is overdue today.
    expected = [pb.FindingCount(rule_id="CAT-02", severity=pb.SEVERITY_STOP_SUPPLY, open=1),
                pb.FindingCount(rule_id="CAT-19", severity=pb.SEVERITY_WARN, open=2, overdue=1),
                pb.FindingCount(rule_id="E4", severity=pb.SEVERITY_WARN, open=1),
                pb.FindingCount(rule_id="U2", severity=pb.SEVERITY_STOP_SUPPLY, rectified=1)]
    for stub in (registry.city, registry.pudong, registry.e1):
        assert list(stub.GetFindingReport(pb.GetFindingReportRequest()).counts) == expected
    for stub in (registry.e2, registry.xuhui):
        assert stub.GetFindingReport(pb.GetFindingReportRequest()).counts == []
    listed = registry.e1.ListHazards(pb.ListHazardsRequest(user_id=registry.resident_id))
    assert [h.rule_id for h in listed.hazards] == ["CAT-19"], "open ones only by default"
    pages = registry.pudong.ListHazards(pb.ListHazardsRequest(
        enterprise_id="E1", include_rectified=True, page_size=3))
    rest = registry.pudong.ListHazards(pb.ListHazardsRequest(
        enterprise_id="E1", include_rectified=True, page_size=3,
        page_token=pages.next_page_token))
    resident, catering = registry.resident_id, registry.catering_id
    assert [(h.rule_id, h.open, h.user_id, h.HasField("closed_on"))
            for h in [*pages.hazards, *rest.hazards]] == [
        ("U2", False, resident, True), ("CAT-19", True, resident, False),
        ("CAT-19", True, catering, False), ("CAT-02", True, catering, False),
        ("E4", True, 0, False)]
    assert rest.next_page_token == ""
    for stub, request in ((registry.e2, pb.ListHazardsRequest(user_id=registry.resident_id)),
                          (registry.xuhui, pb.ListHazardsRequest(enterprise_id="E1"))):
        code, _ = refused(partial(stub.ListHazards, request))
        assert code is grpc.StatusCode.PERMISSION_DENIED
    exposition = scrape_metrics(registry.running.server.metrics_port)
    for rule, severity, n in (("CAT-19", "warn", 2), ("U2", "stop_supply", 0),
                              ("E4", "warn", 1)):
        assert (f'cityscore_lpg_registry_open_findings{{rule="{rule}",severity="{severity}"}} '
                f'{n}.0') in exposition
