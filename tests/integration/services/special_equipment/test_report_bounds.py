"""A year's target report is made only for a year the target rules cover (the plan's rules
take effect on 2018-10-15, so 2018 is the first) and not for a year still to come; a stored
report whose rule version is no longer held answers FAILED_PRECONDITION, not INTERNAL."""

from __future__ import annotations

from functools import partial

import grpc
import sqlalchemy as sa
from integration.services.special_equipment.equipment_world import (
    PUDONG,
    Equipment,
    refused,
    rid,
)

from cityscore.special_equipment.v1 import special_equipment_service_pb2 as pb


def test_a_report_is_made_for_a_year_the_rules_cover_up_to_this_one(
        equipment: Equipment) -> None:
    equipment.import_district(equipment.pudong, "pudong", PUDONG)
    for year in (2017, 2022, 9999):
        request = pb.ReportTargetsRequest(request_id=rid(), year=year, district="pudong")
        code, violations = refused(partial(equipment.city.ReportTargets, request))
        assert code == grpc.StatusCode.INVALID_ARGUMENT
        assert [f for f, _ in violations] == ["year"]
    # 2018 (the rules hold from 2018-10-15) and 2021 (the service's year) are reported.
    for year in (2018, 2021):
        report = equipment.city.ReportTargets(pb.ReportTargetsRequest(
            request_id=rid(), year=year, district="pudong")).report
        assert report.rule_version == "elevator-targets-2018.1"


def test_a_report_under_a_rule_version_no_longer_held_is_a_failed_precondition(
        equipment: Equipment, database_url: str) -> None:
    equipment.import_district(equipment.pudong, "pudong", PUDONG)
    report = equipment.city.ReportTargets(pb.ReportTargetsRequest(
        request_id=rid(), year=2020, district="pudong")).report
    engine = sa.create_engine(database_url)
    try:
        with engine.begin() as connection:
            connection.execute(sa.text(
                "UPDATE special_equipment_target_report SET rule_version = 'withdrawn-1'"))
    finally:
        engine.dispose()
    code, _ = refused(lambda: equipment.operator.ReplayTargetReport(
        pb.ReplayTargetReportRequest(report_id=report.report_id)))
    assert code == grpc.StatusCode.FAILED_PRECONDITION
    code, _ = refused(lambda: equipment.pudong.GetTargetReport(pb.GetTargetReportRequest(
        year=2020)))
    assert code == grpc.StatusCode.FAILED_PRECONDITION
