"""Protobuf ⇄ domain conversion for the rural_roads service."""

from __future__ import annotations

import datetime as dt
import json
import math
from typing import Any

import numpy as np

from cityscore.common.v1.common_pb2 import Date
from cityscore.core.grpc.convert import ProtoEnum, date_to_proto, optional_date_from_proto
from cityscore.rural_roads.v1 import rural_roads_service_pb2 as pb
from cityscore.services.rural_roads import models
from cityscore.services.rural_roads.domain import (
    ChunkInput,
    Direction,
    Status,
    TargetResult,
)

ROAD_CLASSES = ProtoEnum(pb.RoadClass, "ROAD_CLASS_")
GRADES = ProtoEnum(pb.TechnicalGrade, "TECHNICAL_GRADE_")
SURFACES = ProtoEnum(pb.Surface, "SURFACE_")
HAZARD_KINDS = ProtoEnum(pb.HazardKind, "HAZARD_KIND_")
PROJECT_KINDS = ProtoEnum(pb.ProjectKind, "PROJECT_KIND_")
LEVELS = ProtoEnum(pb.AggregationLevel, "AGGREGATION_LEVEL_")
_STATUS = {Status.PASS: pb.TARGET_STATUS_PASS, Status.FAIL: pb.TARGET_STATUS_FAIL,
           Status.IN_PROGRESS: pb.TARGET_STATUS_IN_PROGRESS,
           Status.NO_DATA: pb.TARGET_STATUS_NO_DATA,
           Status.NOT_ASSESSED: pb.TARGET_STATUS_NOT_ASSESSED}
_TREND = {Direction.RISING: pb.TREND_RISING, Direction.FLAT: pb.TREND_FLAT,
          Direction.FALLING: pb.TREND_FALLING, Direction.NO_PREVIOUS: pb.TREND_NO_PREVIOUS}


def grade_to_proto(grade: int) -> str:
    """Band index 0..4 (优..差) to ConditionGrade; -1 (not evaluated) to unspecified."""
    return pb.ConditionGrade.Name(max(grade + 1, 0))


def _nan(value: float | None) -> float:
    return math.nan if value is None else value


def road_to_proto(road: models.Road) -> pb.Road:
    return pb.Road(code=road.code, town=road.town, name=road.name, district=road.district,
                   road_class=ROAD_CLASSES.label(road.road_class),
                   technical_grade=GRADES.label(road.technical_grade),
                   surface=SURFACES.label(road.surface), length_m=road.length_m,
                   width_m=road.width_m, lanes=road.lanes, greenable_km=road.greenable_km,
                   greened_km=road.greened_km)


def town_to_proto(town: models.Town) -> pb.Town:
    return pb.Town(code=town.code, district=town.district, name=town.name)


def village_to_proto(village: models.Village) -> pb.Village:
    return pb.Village(code=village.code, town=village.town, name=village.name,
                      district=village.district, has_bus_service=village.has_bus_service,
                      has_two_lane_road=village.has_two_lane_road)


def bridge_to_proto(bridge: models.Bridge) -> pb.Bridge:
    return pb.Bridge(code=bridge.code, road=bridge.road, name=bridge.name,
                     district=bridge.district, dangerous=bridge.dangerous)


def hazard_site_to_proto(site: models.HazardSite) -> pb.HazardSite:
    return pb.HazardSite(code=site.code, road=site.road, district=site.district,
                         kind=HAZARD_KINDS.label(site.kind),
                         identified_year=site.identified_year,
                         remediated_year=site.remediated_year or 0)


def project_to_proto(project: models.UpgradeProject) -> pb.UpgradeProject:
    return pb.UpgradeProject(code=project.code, district=project.district,
                             kind=PROJECT_KINDS.label(project.kind),
                             length_km=project.length_km,
                             completed_year=project.completed_year,
                             first_handover_passed=project.first_handover_passed)


def day_to_proto(day: dt.date) -> Date | None:
    """A version's day; the open end of the latest version is left unset."""
    return None if day == models.OPEN_END else date_to_proto(day)


def district_year_from_proto(item: pb.DistrictYear, where: str) -> dict[str, Any]:
    return {"district": item.district, "year": item.year, "specialists": item.specialists,
            "major_medium_maintenance_km": item.major_medium_maintenance_km,
            "safety_works_identified": item.safety_works_identified,
            "safety_works_remediated": item.safety_works_remediated,
            "greenable_km": item.greenable_km, "greened_km": item.greened_km,
            "plan_approved_on": optional_date_from_proto(item, "plan_approved_on",
                                                         f"{where}.plan_approved_on")}


def survey_to_proto(survey: models.Survey) -> pb.Survey:
    return pb.Survey(year=survey.year, state=pb.SURVEY_STATE_CLOSED if survey.state == "closed"
                     else pb.SURVEY_STATE_OPEN, next_chunk_index=survey.next_chunk_index,
                     units=survey.units, evaluated_km=survey.evaluated_m / 1000,
                     note=survey.note)


def provenance_to_proto(survey: models.Survey) -> pb.ReportProvenance:
    return pb.ReportProvenance(rule_version=survey.rule_version,
                               parameter_sets=json.loads(survey.parameter_sets),
                               input_digest=survey.input_digest,
                               result_digest=survey.result_digest)


def chunk_from_proto(chunk: pb.UploadSurveyUnitsRequest) -> ChunkInput:
    amounts = np.array(chunk.distress_amounts, dtype=np.float64)
    return ChunkInput(
        chunk_index=chunk.chunk_index, road_codes=list(chunk.road_codes),
        road_index=np.array(chunk.road_index, dtype=np.int64),
        start_m=np.array(chunk.start_m, dtype=np.float64),
        end_m=np.array(chunk.end_m, dtype=np.float64),
        iri=np.array(chunk.iri, dtype=np.float64),
        rut_depth_mm=np.array(chunk.rut_depth_mm, dtype=np.float64),
        damage_ratio=np.array(chunk.damage_ratio_percent, dtype=np.float64),
        distress_columns=list(chunk.distress_columns), distress_amounts=amounts,
        sci=np.array(chunk.sci, dtype=np.float64), bci=np.array(chunk.bci, dtype=np.float64),
        tci=np.array(chunk.tci, dtype=np.float64),
        structure_class=np.array(chunk.structure_class, dtype=np.int64),
        bumps_light=np.array(chunk.bumps_light, dtype=np.float64),
        bumps_medium=np.array(chunk.bumps_medium, dtype=np.float64),
        bumps_heavy=np.array(chunk.bumps_heavy, dtype=np.float64),
        wear_ratio=np.array(chunk.wear_ratio_percent, dtype=np.float64))


def aggregate_to_proto(record: models.Aggregate, unmeasured_km: tuple[float, float] = (0, 0)
                       ) -> pb.Aggregate:
    return pb.Aggregate(level=LEVELS.label(record.level), key=record.key,
                        pci_unmeasured_km=unmeasured_km[0], rqi_unmeasured_km=unmeasured_km[1],
                        district=record.district, pqi=_nan(record.pqi), pci=_nan(record.pci),
                        rqi=_nan(record.rqi), excellent_good_fair_share=_nan(record.share),
                        evaluated_km=record.evaluated_km, units=record.units,
                        grade=grade_to_proto(record.grade),
                        km_by_grade=json.loads(record.km_by_grade), mqi=_nan(record.mqi),
                        share_index=record.share_index)


def unit_to_proto(unit: models.Unit) -> pb.Unit:
    return pb.Unit(road=unit.road, district=unit.district, start_m=unit.start_m,
                   end_m=unit.end_m, parameter_set=unit.parameter_set,
                   damage_ratio_percent=_nan(unit.damage_ratio), iri=_nan(unit.iri),
                   rut_depth_mm=_nan(unit.rut_depth_mm), pci=_nan(unit.pci),
                   rqi=_nan(unit.rqi), rdi=_nan(unit.rdi), pqi=_nan(unit.pqi),
                   grade=grade_to_proto(unit.grade), pbi=_nan(unit.pbi), pwi=_nan(unit.pwi),
                   sci=_nan(unit.sci), bci=_nan(unit.bci), tci=_nan(unit.tci),
                   mqi=_nan(unit.mqi), structure_class=unit.structure_class)


def target_to_proto(result: TargetResult) -> pb.TargetResult:
    return pb.TargetResult(code=result.code, indicator=result.indicator, value=result.value,
                           display_value=result.display, threshold=result.threshold,
                           status=_STATUS[result.status], trend=_TREND[result.trend],
                           previous_value=result.previous, note=result.note,
                           clause=result.clause)
