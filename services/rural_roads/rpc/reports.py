"""Reports: a closed survey's stored results, their replay from the stored chunks, and the
targets T1-T17 of a year for a district or the city."""

from __future__ import annotations

import hashlib

from sqlmodel import Session

from cityscore.core.grpc.convert import year_from_proto
from cityscore.core.grpc.rpc import district_field, rpc
from cityscore.rural_roads.v1 import rural_roads_service_pb2 as pb
from cityscore.services.rural_roads import domain, mapping, models, queries
from cityscore.services.rural_roads import repository as repo
from cityscore.services.rural_roads.rpc.common import (
    READERS,
    RoadsCall,
    closed_survey,
    own_district,
)

MAX_DIFFERENCES = 20


@rpc(access=READERS, scope=district_field("district"))
def get_survey_report(request: pb.GetSurveyReportRequest, call: RoadsCall, session: Session
                      ) -> pb.GetSurveyReportResponse:
    """The stored results of one aggregation level, with their provenance."""
    level = mapping.LEVELS.name(request.level, "level")
    district = "" if level == "city" else own_district(call, request.district)
    survey = closed_survey(session, request.year)
    assert survey.id is not None
    rows = repo.aggregates(session=session, survey_id=survey.id, level=level, district=district)
    unmeasured = {key: (domain.round_half_up(pci / 1000, 3), domain.round_half_up(rqi / 1000, 3))
                  for key, (pci, rqi) in repo.unmeasured_m(
                      session=session, survey_id=survey.id, level=level,
                      district=district).items()}
    return pb.GetSurveyReportResponse(aggregates=[
        mapping.aggregate_to_proto(r, unmeasured.get("" if level == "city" else r.key, (0, 0)))
        for r in rows],
                                      provenance=mapping.provenance_to_proto(survey))


@rpc(access=READERS)
def replay_survey_report(request: pb.ReplaySurveyReportRequest, call: RoadsCall,
                         session: Session) -> pb.ReplaySurveyReportResponse:
    """Recompute a closed survey from its stored chunks and say where it differs."""
    survey = closed_survey(session, request.year)
    assert survey.id is not None
    rules = domain.rules_for(survey.rule_version)
    scored, digests = [], []
    for stored_chunk in repo.chunks(session=session, survey_id=survey.id):
        digests.append(hashlib.sha256(stored_chunk.payload).hexdigest())
        chunk = pb.UploadSurveyUnitsRequest.FromString(stored_chunk.payload)
        scored.append(domain.score_chunk(mapping.chunk_from_proto(chunk),
                                         repo.chunk_road_facts(stored_chunk), rules))
    _units, stored = repo.unit_columns(session=session, survey_id=survey.id)
    provenance = mapping.provenance_to_proto(survey)
    replay = domain.replay(scored, digests, stored, rules)
    recomputed = pb.ReportProvenance(rule_version=rules.version,
                                     parameter_sets=replay.parameter_sets,
                                     input_digest=replay.input_digest,
                                     result_digest=replay.result_digest)
    differences = list(replay.differences)
    if replay.input_digest != provenance.input_digest:
        differences.insert(0, "input digest differs (stored chunks or rules changed)")
    if replay.result_digest != provenance.result_digest:
        differences.insert(0, "result digest differs")
    return pb.ReplaySurveyReportResponse(matches=not differences, stored=provenance,
                                         recomputed=recomputed,
                                         differences=differences[:MAX_DIFFERENCES])


@rpc(access=READERS, scope=district_field("district"))
def get_target_report(request: pb.GetTargetReportRequest, call: RoadsCall, session: Session
                      ) -> pb.GetTargetReportResponse:
    """Targets T1-T17 of a year, for one district or the whole city."""
    district = own_district(call, request.district)
    year_from_proto(request.year, "year")
    rules = call.deps.rules
    policy = rules.targets
    level = "district" if district else "city"

    def records(year: int) -> domain.TargetRecords:
        return queries.target_records(session=session, policy=policy, year=year,
                                      district=district)

    def survey_result(year: int) -> models.Aggregate | None:
        return queries.survey_results(session=session, year=year, level=level,
                                      district=district).get(district)

    def by_district(year: int) -> dict[str, models.Aggregate]:
        return queries.survey_results(session=session, year=year, level="district",
                                      district="")

    results = domain.district_targets(
        records(request.year), district, survey_result(request.year),
        survey_result(request.year - 1), policy, records_before=records(request.year - 1),
        before_previous=survey_result(request.year - 2),
        district_surveys=None if district else (by_district(request.year),
                                                by_district(request.year - 1)))
    return pb.GetTargetReportResponse(
        year=request.year, district=district, failing=domain.failing(results),
        targets=[mapping.target_to_proto(r) for r in results], rule_version=policy.version)
