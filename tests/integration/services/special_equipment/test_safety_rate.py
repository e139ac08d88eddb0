"""Deaths per 10,000 registered units (other_systems.md §2; seed 004): the official 0.40 and the
computed 19 / 537,690 × 10,000 = 0.3534 side by side, both within the 2014 ceiling 0.42; the
2015 ceiling "0.38以下" includes 0.38."""

from __future__ import annotations

import grpc
from integration.services.special_equipment.equipment_world import Equipment, refused, rid

from cityscore.special_equipment.v1 import special_equipment_service_pb2 as pb

SUMMARY = "上海市质量技术监督局 2014年特种设备安全工作总结"


def _record(equipment: Equipment, figures: pb.SafetyFigures, reason: str = ""
            ) -> pb.RecordSafetyFiguresResponse:
    response: pb.RecordSafetyFiguresResponse = equipment.city.RecordSafetyFigures(
        pb.RecordSafetyFiguresRequest(request_id=rid(), figures=figures, reason=reason))
    return response


def test_2014_official_and_computed_figures_side_by_side(equipment: Equipment) -> None:
    _record(equipment, pb.SafetyFigures(
        year=2014, registered_units=537_690, accidents=23, deaths=19, injuries=18,
        period="2014年以来", source=SUMMARY, official_rate="0.40", official_source=SUMMARY))
    rate = equipment.operator.GetSafetyRate(pb.GetSafetyRateRequest(year=2014))
    assert (rate.computed.rate, rate.computed.display) == ("0.3534", "0.35")
    assert (rate.computed.numerator, rate.computed.denominator) == (19, 537_690)
    assert rate.computed.period == "2014年以来" and rate.computed.source == SUMMARY
    assert (rate.official.rate, rate.official.display) == ("0.4000", "0.40")
    assert rate.official.denominator == 0  # the seed does not give it
    assert rate.difference == "0.0466"
    assert (rate.ceiling, rate.assessed_on) == ("0.42", "official")
    assert rate.official.within_ceiling and rate.computed.within_ceiling and rate.met
    assert rate.implied_units == 475_000
    assert (rate.figures.accidents, rate.figures.injuries) == (23, 18)


def test_the_2015_ceiling_is_inclusive(equipment: Equipment) -> None:
    # 19 deaths on 500,000 units is exactly 0.38; 0.39 is over.
    _record(equipment, pb.SafetyFigures(year=2015, registered_units=500_000, deaths=19,
                                        source="test figures", official_rate="0.38"))
    rate = equipment.city.GetSafetyRate(pb.GetSafetyRateRequest(year=2015))
    assert (rate.ceiling, rate.computed.rate) == ("0.38", "0.3800")
    assert rate.official.within_ceiling and rate.computed.within_ceiling and rate.met
    code, violations = refused(lambda: _record(equipment, pb.SafetyFigures(
        year=2015, registered_units=500_000, deaths=19, source="test figures",
        official_rate="0.39")))
    assert code == grpc.StatusCode.INVALID_ARGUMENT and violations[0][0] == "reason"
    corrected = _record(equipment, pb.SafetyFigures(
        year=2015, registered_units=500_000, deaths=19, source="test figures",
        official_rate="0.39"), reason="official figure corrected")
    assert corrected.version == 2
    rate = equipment.city.GetSafetyRate(pb.GetSafetyRateRequest(year=2015))
    assert not rate.official.within_ceiling and rate.computed.within_ceiling
    assert not rate.met


def test_a_year_without_a_ceiling_or_figures_is_refused(equipment: Equipment) -> None:
    code, _ = refused(lambda: equipment.city.GetSafetyRate(pb.GetSafetyRateRequest(year=2016)))
    assert code == grpc.StatusCode.NOT_FOUND
    _record(equipment, pb.SafetyFigures(year=2016, registered_units=1, source="s",
                                        official_rate="0"))
    code, violations = refused(lambda: equipment.city.GetSafetyRate(
        pb.GetSafetyRateRequest(year=2016)))
    assert code == grpc.StatusCode.INVALID_ARGUMENT and violations[0][0] == "year"
    code, _ = refused(lambda: equipment.pudong.RecordSafetyFigures(
        pb.RecordSafetyFiguresRequest(request_id=rid(), figures=pb.SafetyFigures(year=2014))))
    assert code == grpc.StatusCode.PERMISSION_DENIED
