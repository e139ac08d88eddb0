"""The 2020 targets as rates against targets for a district and the city (other_systems.md §1
targets 2-4), stored, read back with the trend, and replayed. Expected rates are worked by hand
from the register in ``equipment_world``."""

from __future__ import annotations

import grpc
from integration.services.special_equipment.equipment_world import (
    PUDONG,
    XUHUI,
    Equipment,
    day,
    refused,
    rid,
)

from cityscore.special_equipment.v1 import special_equipment_service_pb2 as pb


def _rates(rates: list[pb.TargetRate]) -> dict[str, tuple[int, int, str, bool | None]]:
    return {r.target: (r.numerator, r.denominator, r.rate_percent,
                       r.met if r.HasField("met") else None) for r in rates}


def test_a_district_reports_its_2020_targets(equipment: Equipment) -> None:
    equipment.import_district(equipment.pudong, "pudong", PUDONG)
    report = equipment.pudong.ReportTargets(pb.ReportTargetsRequest(
        request_id=rid(), year=2020, district="pudong")).report
    assert report.reference_date == day("2020-12-31")
    assert report.rule_version == "elevator-targets-2018.1"
    assert _rates(list(report.rates)) == {
        "key_location_monitoring": (3, 4, "75.00", False),
        "public_insurance": (4, 4, "100.00", True),
        "public_monitoring": (3, 4, "75.00", False),
        "public_geolocation": (3, 4, "75.00", False),
        # PD-005 (2003-05-01) and PD-006 (2004-02-29: 15 years on 2019-02-28) are 15+ years old.
        "residential_assessment": (1, 2, "50.00", False),
        "residential_renovation": (1, 1, "100.00", True),
        "residential_aged_monitoring": (1, 2, "50.00", False),
    }


def test_the_city_report_sums_the_districts_and_shows_each(equipment: Equipment) -> None:
    equipment.import_district(equipment.pudong, "pudong", PUDONG)
    equipment.import_district(equipment.xuhui, "xuhui", XUHUI)
    code, _ = refused(lambda: equipment.pudong.ReportTargets(pb.ReportTargetsRequest(
        request_id=rid(), year=2020)))
    assert code == grpc.StatusCode.PERMISSION_DENIED
    report = equipment.city.ReportTargets(pb.ReportTargetsRequest(
        request_id=rid(), year=2020)).report
    assert report.district == ""
    assert _rates(list(report.rates)) == {
        "key_location_monitoring": (4, 5, "80.00", False),
        "public_insurance": (5, 5, "100.00", True),
        "public_monitoring": (4, 5, "80.00", False),
        "public_geolocation": (4, 5, "80.00", False),
        "residential_assessment": (2, 3, "66.67", False),
        "residential_renovation": (1, 1, "100.00", True),
        "residential_aged_monitoring": (2, 3, "66.67", False),
    }
    by_district = {d.district: _rates(list(d.rates)) for d in report.districts}
    assert by_district["xuhui"]["public_monitoring"] == (1, 1, "100.00", True)
    assert by_district["xuhui"]["residential_renovation"] == (0, 0, "", None)


def test_a_stored_report_replays_and_shows_the_trend_by_year(equipment: Equipment) -> None:
    equipment.import_district(equipment.pudong, "pudong", PUDONG)
    for year in (2018, 2019, 2020):
        equipment.city.ReportTargets(pb.ReportTargetsRequest(request_id=rid(), year=year,
                                                             district="pudong"))
    read = equipment.pudong.GetTargetReport(pb.GetTargetReportRequest(year=2020))
    trend = {t.target: [(p.year, p.rate_percent) for p in t.points] for t in read.trend}
    # By 2018-12-31 PD-005 alone is 15+ years old and not yet assessed; PD-006 turns 15 on
    # 2019-02-28; PD-005 is assessed in 2019.
    assert trend["residential_assessment"] == [(2018, "0.00"), (2019, "50.00"),
                                               (2020, "50.00")]
    assert trend["residential_renovation"] == [(2018, ""), (2019, "0.00"), (2020, "100.00")]
    replay = equipment.operator.ReplayTargetReport(pb.ReplayTargetReportRequest(
        report_id=read.report.report_id))
    assert replay.matches and replay.replayed_result_digest == read.report.result_digest
    code, _ = refused(lambda: equipment.xuhui.ReplayTargetReport(pb.ReplayTargetReportRequest(
        report_id=read.report.report_id)))
    assert code == grpc.StatusCode.NOT_FOUND
