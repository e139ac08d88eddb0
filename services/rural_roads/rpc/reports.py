"""Reports: a closed survey's stored results, their replay from the stored chunks, and the
targets T1-T17 of a year for a district or the city: computed from the register as it stood
for the year, stored when the year closes, replayed against what was stored."""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Callable

from sqlmodel import Session

from cityscore.core import operations
from cityscore.core.districts import all_districts
from cityscore.core.errors import (
    FailedPrecondition,
    FieldViolation,
    InvalidArgument,
    PreconditionViolation,
)
from cityscore.core.grpc.convert import year_from_proto
from cityscore.core.grpc.rpc import HANDLER, district_field, rpc
from cityscore.rural_roads.v1 import rural_roads_service_pb2 as pb
from cityscore.services.rural_roads import domain, mapping, models, queries
from cityscore.services.rural_roads import repository as repo
from cityscore.services.rural_roads.rpc.common import (
    CITY,
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
    # Chunk by chunk, then the stored units a batch at a time: memory bounded by both.
    replaying = domain.SurveyReplay(rules)
    for stored_chunk in repo.chunks(session=session, survey_id=survey.id):
        chunk = pb.UploadSurveyUnitsRequest.FromString(stored_chunk.payload)
        replaying.add_chunk(stored_chunk.chunk_index,
                            hashlib.sha256(stored_chunk.payload).hexdigest(),
                            domain.score_chunk(mapping.chunk_from_proto(chunk),
                                               repo.chunk_road_facts(stored_chunk), rules))
    replay = replaying.compare(repo.unit_batches(session=session, survey_id=survey.id))
    provenance = mapping.provenance_to_proto(survey)
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


def _policy(year: int) -> domain.TargetPolicy:
    """The target policy that judges ``year``, or INVALID_ARGUMENT when none does."""
    policy = domain.policy_for_year(year)
    if policy is None:
        raise InvalidArgument("no target policy judges the year", [FieldViolation(
            "year", f"the targets of the implementation opinions start later than {year}")])
    return policy


def _issued_policy(version: str, year: int) -> domain.TargetPolicy:
    """The target policy version a closed year's report was judged by: its replay reads that
    version's file, whichever version the years table gives the year today."""
    policy = domain.policy_version(version)
    if policy is None:
        raise FailedPrecondition("the stored report's target policy is not shipped", [
            PreconditionViolation("POLICY_MISSING", f"target year {year}",
                                  f"target policy {version} is not in target_policies.json")])
    return policy


def _judge(session: Session, year: int, district: str, policy: domain.TargetPolicy
           ) -> domain.Judged:
    """Targets T1-T17 of a year for one district or the city, from the register as it stood
    for the year, the district figures and the closed surveys of the year and the two
    before (for trends)."""
    level = "district" if district else "city"

    def records(in_year: int) -> domain.TargetRecords:
        return queries.target_records(session=session, policy=policy, year=in_year,
                                      district=district)

    def survey_result(in_year: int) -> models.Aggregate | None:
        return queries.survey_results(session=session, year=in_year, level=level,
                                      district=district).get(district)

    def by_district(in_year: int) -> dict[str, models.Aggregate]:
        return queries.survey_results(session=session, year=in_year, level="district",
                                      district="")

    return domain.district_targets(
        records(year), district, survey_result(year), survey_result(year - 1), policy,
        records_before=records(year - 1), before_previous=survey_result(year - 2),
        district_surveys=None if district else (by_district(year), by_district(year - 1)))


def _report(year: int, district: str, policy: domain.TargetPolicy, judged: domain.Judged
            ) -> pb.GetTargetReportResponse:
    return pb.GetTargetReportResponse(
        year=year, district=district, failing=domain.failing(judged.results),
        targets=[mapping.target_to_proto(r) for r in judged.results],
        rule_version=policy.version)


@rpc(access=READERS, scope=district_field("district"))
def get_target_report(request: pb.GetTargetReportRequest, call: RoadsCall, session: Session
                      ) -> pb.GetTargetReportResponse:
    """Targets T1-T17 of a year, for one district or the whole city: the stored report of a
    closed year, else computed from the register as it stood for the year."""
    district = own_district(call, request.district)
    year = year_from_proto(request.year, "year")
    stored = repo.target_report(session=session, year=year, district=district)
    if stored is not None:
        answer = pb.GetTargetReportResponse.FromString(stored.payload)
        answer.closed, answer.input_digest = True, stored.input_digest
        return answer
    policy = _policy(year)
    return _report(year, district, policy, _judge(session, year, district, policy))


@rpc(access=CITY, writes=True)
def close_target_year(request: pb.CloseTargetYearRequest, call: RoadsCall, session: Session
                      ) -> pb.CloseTargetYearResponse:
    """Store the city's and every district's target report of a year that has ended, each
    with the digest of the facts it judged; from then on the register changes only from the
    next year on, so the stored reports are what a replay recomputes."""
    year = year_from_proto(request.year, "year")
    # Register writes wait until the reports are stored, so they judge one register.
    repo.lock_versions(session=session, models_=repo.REGISTER_MODELS)
    policy = _closable_year(session, call, year)
    return _store_year(session, call, year, policy, _judge_year(session, call, year, policy))


@rpc(access=CITY, writes=True, units=HANDLER)
def start_close_target_year(request: pb.StartCloseTargetYearRequest, call: RoadsCall
                            ) -> pb.StartCloseTargetYearResponse:
    """Close a year at any scale as a long-running operation: the answer is the operation,
    the work runs in the server (progress: CloseTargetYearProgress; result:
    CloseTargetYearResponse, or the error CloseTargetYear would have given). A year that
    cannot be closed is refused at once."""
    year = year_from_proto(request.year, "year")
    total = 1 + len(all_districts()) + 1

    def progress(done: int, note: str) -> pb.CloseTargetYearProgress:
        return pb.CloseTargetYearProgress(year=year, done=done, total=total, note=note)

    def job(operation: operations.JobProgress) -> pb.CloseTargetYearResponse:
        operation.report(progress(0, "judging the city's targets"))
        with call.read() as session:
            policy = _closable_year(session, call, year)
            judged_register = repo.register_mark(session=session)
            reports = _judge_year(session, call, year, policy, lambda done, district:
                                  operation.report(progress(done, f"judged {district}")))
        operation.report(progress(total - 1, "storing the reports"))
        with call.write() as session:
            repo.lock_versions(session=session, models_=repo.REGISTER_MODELS)
            _closable_year(session, call, year)
            if repo.register_mark(session=session) != judged_register:
                raise FailedPrecondition("the register changed while the year was closing", [
                    PreconditionViolation("REGISTER_CHANGED", f"target year {year}",
                                          "close the year again")])
            response = _store_year(session, call, year, policy, reports)
            operation.complete(session, response, progress(total, "closed"))
        return response

    return operations.start(call, request, pb.StartCloseTargetYearResponse,
                            progress(0, "waiting for a worker"), job,
                            refuse_now=lambda session: _closable_year(session, call, year))


def _closable_year(session: Session, call: RoadsCall, year: int) -> domain.TargetPolicy:
    """The target policy of ``year`` if the year can be closed, else the refusal
    CloseTargetYear gives."""
    policy = _policy(year)
    if year >= call.clock.today().year:
        raise FailedPrecondition("the year has not ended", [PreconditionViolation(
            "YEAR_NOT_ENDED", f"target year {year}", "a year is closed once it has ended")])
    if repo.target_report(session=session, year=year, district="") is not None:
        raise FailedPrecondition("the year is already closed", [PreconditionViolation(
            "YEAR_CLOSED", f"target year {year}", "its reports are stored")])
    survey = repo.survey(session=session, year=year)
    if survey is not None and survey.state != "closed":
        raise FailedPrecondition("the year's survey is still open", [PreconditionViolation(
            "SURVEY_OPEN", f"survey {year}", "close the survey before the year")])
    return policy


def _judge_year(session: Session, call: RoadsCall, year: int, policy: domain.TargetPolicy,
                progress: Callable[[int, str], None] | None = None
                ) -> list[models.TargetReport]:
    """The city's and every district's target report of ``year``, ready to store;
    ``progress`` hears of each one judged (how many so far, and whose)."""
    closed_at, reports = call.now(), []
    for district in ["", *(d.code for d in all_districts())]:
        judged = _judge(session, year, district, policy)
        reports.append(models.TargetReport(
            year=year, district=district, rule_version=policy.version,
            payload=_report(year, district, policy, judged).SerializeToString(
                deterministic=True),
            input_digest=judged.input_digest(policy), closed_at=closed_at,
            closed_by=call.principal.name))
        if progress is not None:
            progress(len(reports), district or "the city")
    return reports


def _store_year(session: Session, call: RoadsCall, year: int, policy: domain.TargetPolicy,
                stored: list[models.TargetReport]) -> pb.CloseTargetYearResponse:
    """Store the reports of ``year``, audited; the answer."""
    repo.store_target_reports(session=session, reports=stored)
    call.audit(session, action="close_target_year", entity_type="target_year",
               entity_id=str(year), detail={"rule_version": policy.version,
                                            "city_input_digest": stored[0].input_digest})
    return pb.CloseTargetYearResponse(year=year, rule_version=policy.version, reports=[
        pb.StoredTargetReport(district=r.district, input_digest=r.input_digest,
                              failing=pb.GetTargetReportResponse.FromString(r.payload).failing)
        for r in stored])


def _differences(stored: pb.GetTargetReportResponse, now: pb.GetTargetReportResponse
                 ) -> list[str]:
    """Where a recomputed report differs from the stored one, target by target and field by
    field (floats by their bits, so NaN equals NaN and nothing else is rounded away)."""
    def same(a: object, b: object) -> bool:
        if isinstance(a, float) and isinstance(b, float):
            return struct.pack("<d", a) == struct.pack("<d", b)
        return a == b

    found = [f"{name} {getattr(stored, name)!r} != {getattr(now, name)!r}"
             for name in ("failing", "rule_version") if getattr(stored, name) != getattr(now, name)]
    before = {t.code: t for t in stored.targets}
    for target in now.targets:
        old = before.get(target.code)
        if old is None:
            found.append(f"{target.code} not in the stored report")
            continue
        found.extend(f"{target.code} {f.name} {getattr(old, f.name)!r} != "
                     f"{getattr(target, f.name)!r}"
                     for f in pb.TargetResult.DESCRIPTOR.fields
                     if not same(getattr(old, f.name), getattr(target, f.name)))
    return found


@rpc(access=READERS, scope=district_field("district"))
def replay_targets(request: pb.ReplayTargetsRequest, call: RoadsCall, session: Session
                   ) -> pb.ReplayTargetsResponse:
    """Recompute a closed year's target report (the city's, or a district's) from the
    register as it stood for the year, under the target policy version it was stored with,
    and compare it bit for bit with the stored one."""
    district = own_district(call, request.district)
    year = year_from_proto(request.year, "year")
    stored = repo.target_report(session=session, year=year, district=district)
    if stored is None:
        raise FailedPrecondition("the year is not closed", [PreconditionViolation(
            "YEAR_OPEN", f"target year {year}", "close the year to store its reports")])
    policy = _issued_policy(stored.rule_version, year)
    judged = _judge(session, year, district, policy)
    now = _report(year, district, policy, judged)
    digest = judged.input_digest(policy)
    differences = _differences(pb.GetTargetReportResponse.FromString(stored.payload), now)
    if digest != stored.input_digest:
        differences.insert(0, "input digest differs (the facts judged or the policy changed)")
    if not differences and now.SerializeToString(deterministic=True) != stored.payload:
        differences.append("the stored bytes differ")
    return pb.ReplayTargetsResponse(
        matches=not differences, stored_input_digest=stored.input_digest,
        recomputed_input_digest=digest, differences=differences[:MAX_DIFFERENCES],
        rule_version=policy.version)
