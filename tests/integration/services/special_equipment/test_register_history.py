"""The register is effective-dated: a change holds from its day and keeps what it replaced, a
year's report reads the register as it stood on 31 December of the year (or today within the
year), and a replay reads it again and names what differs. Expected rates are worked by hand
from the register in ``equipment_world`` (PD-001..PD-004 are its public places)."""

from __future__ import annotations

import grpc
import sqlalchemy as sa
from integration.services.special_equipment.equipment_world import (
    PUDONG,
    Equipment,
    L,
    day,
    elevator,
    refused,
    rid,
)

from cityscore.special_equipment.v1 import special_equipment_service_pb2 as pb

PUBLIC = ("public_insurance", "public_monitoring", "public_geolocation")


def _public(report: pb.TargetReport) -> dict[str, tuple[int, int, str]]:
    return {r.target: (r.numerator, r.denominator, r.rate_percent) for r in report.rates
            if r.target in PUBLIC}


def _report(equipment: Equipment, year: int) -> pb.TargetReport:
    report: pb.TargetReport = equipment.city.ReportTargets(pb.ReportTargetsRequest(
        request_id=rid(), year=year, district="pudong")).report
    return report


#: 2021-01-10: PD-002 gets geolocation, PD-003 remote monitoring, PD-001 loses its insurance.
CHANGED = [
    elevator("PD-001", L.LOCATION_CATEGORY_MALL, "2012-03-01", monitoring=True,
             geolocation=True, inspected="2020-02-10"),
    elevator("PD-002", L.LOCATION_CATEGORY_HOSPITAL, "2013-05-01", monitoring=True,
             insurance=True, geolocation=True, inspected="2019-12-01"),
    elevator("PD-003", L.LOCATION_CATEGORY_SCHOOL, "2014-09-01", monitoring=True,
             insurance=True, geolocation=True, inspected="2020-06-01"),
]


def test_flags_changed_in_2021_leave_the_2019_report_and_the_trend_as_they_were(
        equipment: Equipment) -> None:
    equipment.import_district(equipment.pudong, "pudong", PUDONG)
    before = {year: _report(equipment, year) for year in (2019, 2020)}
    # Before the change: insurance 4/4, monitoring 3/4 (not PD-003), geolocation 3/4
    # (not PD-002), in both years.
    for year in (2019, 2020):
        assert _public(before[year]) == {"public_insurance": (4, 4, "100.00"),
                                         "public_monitoring": (3, 4, "75.00"),
                                         "public_geolocation": (3, 4, "75.00")}
    changed = equipment.import_district(equipment.pudong, "pudong", CHANGED,
                                        reason="devices fitted, one policy lapsed",
                                        effective_from="2021-01-10")
    assert (changed.registered, changed.amended, changed.unchanged) == (0, 3, 0)

    again = _report(equipment, 2019)
    assert again.reference_date == day("2019-12-31")
    assert _public(again) == _public(before[2019])
    assert again.input_digest == before[2019].input_digest
    assert again.result_digest == before[2019].result_digest
    now = _report(equipment, 2021)
    # 2021 is the service's year (today 2021-01-15): the register as it stands today.
    assert now.reference_date == day("2021-01-15")
    assert _public(now) == {"public_insurance": (3, 4, "75.00"),
                            "public_monitoring": (4, 4, "100.00"),
                            "public_geolocation": (4, 4, "100.00")}
    read = equipment.pudong.GetTargetReport(pb.GetTargetReportRequest(year=2021))
    trend = {t.target: [(p.year, p.rate_percent) for p in t.points] for t in read.trend}
    assert trend["public_insurance"] == [(2019, "100.00"), (2020, "100.00"), (2021, "75.00")]
    assert trend["public_monitoring"] == [(2019, "75.00"), (2020, "75.00"), (2021, "100.00")]
    # The stored 2019 and 2020 reports replay: the versions they read are kept.
    for report in before.values():
        replay = equipment.operator.ReplayTargetReport(pb.ReplayTargetReportRequest(
            report_id=report.report_id))
        assert (replay.matches, list(replay.differences)) == (True, [])
    shown = equipment.pudong.GetElevator(pb.GetElevatorRequest(registration_code="PD-003"))
    assert (shown.elevator.remote_monitoring, shown.elevator.version) == (True, 2)


def test_a_change_cannot_begin_before_the_latest_one_nor_after_today(
        equipment: Equipment) -> None:
    equipment.import_district(equipment.pudong, "pudong", PUDONG)
    equipment.import_district(equipment.pudong, "pudong", CHANGED[:1], reason="policy lapsed",
                              effective_from="2021-01-10")
    earlier = [elevator("PD-001", L.LOCATION_CATEGORY_MALL, "2012-03-01",
                        inspected="2020-02-10")]
    code, violations = refused(lambda: equipment.import_district(
        equipment.pudong, "pudong", earlier, reason="devices removed",
        effective_from="2020-06-01"))
    assert code == grpc.StatusCode.INVALID_ARGUMENT
    assert [f for f, _ in violations] == ["elevators[0]"]
    code, violations = refused(lambda: equipment.import_district(
        equipment.pudong, "pudong", earlier, reason="devices removed",
        effective_from="2021-01-16"))
    assert code == grpc.StatusCode.INVALID_ARGUMENT
    assert [f for f, _ in violations] == ["effective_from"]


def test_a_replay_reads_the_register_again_and_names_what_differs(
        equipment: Equipment, database_url: str) -> None:
    equipment.import_district(equipment.pudong, "pudong", PUDONG)
    report = _report(equipment, 2020)
    engine = sa.create_engine(database_url)
    try:
        with engine.begin() as connection:
            connection.execute(sa.text(
                "UPDATE special_equipment_elevator SET remote_monitoring = false "
                "WHERE registration_code = 'PD-001'"))
    finally:
        engine.dispose()
    replay = equipment.operator.ReplayTargetReport(pb.ReplayTargetReportRequest(
        report_id=report.report_id))
    assert not replay.matches
    assert list(replay.differences) == ["input_digest", "counts", "rates"]
    assert replay.stored_result_digest == report.result_digest
    assert replay.replayed_result_digest != report.result_digest
