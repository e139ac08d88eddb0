"""Grading of an assessment year: score, rank and grade every district, the ranking as stored,
and a replay of the latest run from its stored inputs (architecture page §6)."""

from __future__ import annotations

import json
import time

from sqlmodel import Session

from cityscore.core import operations
from cityscore.core.errors import NotFound
from cityscore.core.grpc.convert import year_from_proto
from cityscore.core.grpc.rpc import HANDLER, rpc
from cityscore.services.wage_assessment import domain, mapping, models, queries
from cityscore.services.wage_assessment import repository as repo
from cityscore.services.wage_assessment.rpc.common import (
    OFFICE_TEAMS,
    READERS,
    REPLAYERS,
    WageCall,
    cycle_id,
    latest_run,
    require_results_visible,
    scheme_of,
)
from cityscore.wage_assessment.v1 import wage_assessment_service_pb2 as pb

#: The stored fields of a grade a replay compares, in the order of ``ReplayDifference``s.
_REPLAYED = ("score", "rank", "grade", "decided_by", "input_digest", "explanation")


@rpc(access=OFFICE_TEAMS, writes=True)
def grade_cycle(request: pb.GradeCycleRequest, call: WageCall, session: Session
                ) -> pb.GradeCycleResponse:
    """A new grading run in comprehensive review, with its exact inputs kept for replay."""
    started = time.perf_counter()
    cycle = _gradable(session, year_from_proto(request.year), lock=True)
    grading = domain.grade(*_rules_of(session, cycle),
                           queries.year_inputs(session, cycle_id=cycle_id(cycle)))
    return _store_run(session, call, cycle, grading, started)


@rpc(access=OFFICE_TEAMS, writes=True, units=HANDLER)
def start_grade_cycle(request: pb.StartGradeCycleRequest, call: WageCall
                      ) -> pb.StartGradeCycleResponse:
    """Grade a year of any size as a long-running operation: the answer is the operation, the
    work runs in the server (progress: GradeCycleProgress; result: GradeCycleResponse, or the
    error GradeCycle would have given). A year that cannot be graded is refused at once.

    The inputs are read and graded outside any write transaction; the run is numbered and
    stored in the job's last unit of work. A correction made meanwhile makes the run stale like
    any run before a correction (GRADES_STALE when the year is submitted): the run keeps the
    inputs it graded and replays from them."""
    year = year_from_proto(request.year)

    def progress(note: str, units: int = 0, read: int = 0, scored: int = 0, graded: int = 0
                 ) -> pb.GradeCycleProgress:
        return pb.GradeCycleProgress(year=year, done=read + scored + graded, total=3 * units,
                                     note=note, units=units, units_read=read,
                                     units_scored=scored, units_graded=graded)

    def job(operation: operations.JobProgress) -> pb.GradeCycleResponse:
        started = time.perf_counter()
        operation.report(progress("reading the inputs"))
        with call.read() as session:
            cycle = _gradable(session, year)
            scheme, policy = _rules_of(session, cycle)
            inputs = queries.year_inputs(session, cycle_id=cycle_id(cycle))
        count = len(inputs)
        operation.report(progress(f"scoring {count} units", count, count))

        def graded(step: str, units: int) -> None:
            """Scoring is done before any step is heard of; then units are graded."""
            done = units if step == "graded" else 0
            operation.report(progress("storing the run" if done == count else
                                      f"grading {count} units", count, count, count, done))

        grading = domain.grade(scheme, policy, inputs, graded)
        with call.write() as session:
            response = _store_run(session, call, _gradable(session, year, lock=True), grading,
                                  started)
            operation.complete(session, response,
                               progress("graded", count, count, count, count))
        return response

    return operations.start(call, request, pb.StartGradeCycleResponse,
                            progress("waiting for a worker"), job,
                            refuse_now=lambda session: _gradable(session, year))


def _gradable(session: Session, year: int, *, lock: bool = False) -> models.Cycle:
    """The cycle of ``year`` in comprehensive review, or the refusal GradeCycle gives."""
    cycle = repo.cycle(session, year=year, lock=lock)
    domain.require_stage(cycle.year, cycle.stage, ("comprehensive_review",), "grading")
    return cycle


def _rules_of(session: Session, cycle: models.Cycle
              ) -> tuple[domain.SchemeDef, domain.GradePolicy]:
    """The scheme and the grade rules the year is graded by."""
    return scheme_of(session, cycle), repo.policy(session, year=cycle.year,
                                                  version=cycle.policy_version)


def _store_run(session: Session, call: WageCall, cycle: models.Cycle, grading: domain.Grading,
               started: float) -> pb.GradeCycleResponse:
    """Store ``grading`` as the year's next run, audited; the answer GradeCycle gives."""
    previous = repo.latest_run(session, cycle_id=cycle_id(cycle))
    run = repo.add_grading_run(session, cycle_id=cycle_id(cycle),
                               run_no=(previous.run_no if previous else 0) + 1,
                               grading=grading, graded_at=call.now(),
                               graded_by=call.principal.name)
    distribution = grading.distribution()
    call.audit(session, action="grade", entity_type="cycle", entity_id=str(cycle.year),
               detail={"run": run.run_no, "input_digest": grading.input_digest,
                       "rules_version": grading.rules_version, "distribution": distribution})
    call.deps.grading_seconds.observe(time.perf_counter() - started)
    return pb.GradeCycleResponse(
        run=run.run_no, distribution=mapping.distribution_to_proto(distribution),
        tie_reports=grading.tie_reports, input_digest=grading.input_digest)


@rpc(access=READERS)
def get_ranking(request: pb.GetRankingRequest, call: WageCall, session: Session
                ) -> pb.GetRankingResponse:
    """The latest run's ranking; districts see it only once approved."""
    cycle = repo.cycle(session, year=year_from_proto(request.year))
    require_results_visible(call, cycle)
    run = latest_run(session, cycle)
    assert run.id is not None
    rows = repo.grades(session, run_id=run.id)
    counts = {g: sum(1 for r in rows if r.grade == g) for g in domain.GRADES}
    return pb.GetRankingResponse(
        year=cycle.year, stage=mapping.STAGE.label(cycle.stage), run=run.run_no,
        results=[mapping.grade_to_result(r) for r in rows],
        distribution=mapping.distribution_to_proto(counts),
        tie_reports=json.loads(run.tie_reports))


@rpc(access=REPLAYERS, units=HANDLER)
def replay_grades(request: pb.ReplayGradesRequest, call: WageCall) -> pb.ReplayGradesResponse:
    """Recompute a run (the latest unless one is named) from its stored inputs with the
    scheme and grade rules it names (a run graded before rules were data: those rules as the
    code had them, in the wording of then); the recomputation runs after the read-only unit
    of work has closed. Records corrected since do not change it: its inputs are as stored."""
    with call.read() as session:
        cycle = repo.cycle(session, year=year_from_proto(request.year))
        run = latest_run(session, cycle) if request.run == 0 else repo.run(
            session, cycle_id=cycle_id(cycle), run_no=request.run)
        if run is None or run.id is None:
            raise NotFound("grading run", f"{cycle.year}/{request.run}")
        stored = {g.unit_code: (str(g.score_cents), str(g.rank), g.grade, g.decided_by,
                                g.input_digest, g.explanation)
                  for g in repo.grades(session, run_id=run.id)}
        document = json.loads(run.inputs)
        scheme = repo.scheme_def(repo.scheme(session, version=document["scheme_version"]))
        policy = domain.policy_of_run(document, cycle.year, repo.stored_policies(session))
        run_no, stored_digest = run.run_no, run.input_digest
    grading = domain.grade(scheme, policy, domain.YearInputs.of_documents(document["units"]))
    differences = [pb.ReplayDifference(field=name, stored=document[name], recomputed=now)
                   for name, now in (("scheme_digest", scheme.digest),
                                     ("policy_digest", policy.digest))
                   if document.get(name, now) != now]
    for outcome in grading.outcomes:
        recomputed = (str(outcome.score_cents), str(outcome.rank), outcome.grade,
                      outcome.decided_by, outcome.input_digest,
                      json.dumps(outcome.explanation, ensure_ascii=False, sort_keys=True))
        old = stored.get(outcome.code, ("",) * len(_REPLAYED))
        differences.extend(pb.ReplayDifference(district=outcome.code, field=name,
                                               stored=before, recomputed=after)
                           for name, before, after in zip(_REPLAYED, old, recomputed,
                                                          strict=True) if before != after)
    return pb.ReplayGradesResponse(
        run=run_no, matches=not differences and grading.input_digest == stored_digest,
        stored_digest=stored_digest, recomputed_digest=grading.input_digest,
        differences=differences, rules_version=grading.rules_version)
