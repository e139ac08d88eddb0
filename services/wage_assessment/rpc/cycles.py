"""Assessment years (cycles): created over a published scheme and the year's districts, then
moved forward through the stages of §5 once what each stage needs holds."""

from __future__ import annotations

from sqlmodel import Session

from cityscore.core.districts import all_districts
from cityscore.core.errors import (
    AlreadyExists,
    FailedPrecondition,
    FieldViolation,
    InvalidArgument,
    PreconditionViolation,
    ViolationCollector,
)
from cityscore.core.grpc.convert import date_to_proto, optional_date_from_proto, year_from_proto
from cityscore.core.grpc.rpc import STORED_ROWS, rpc
from cityscore.services.wage_assessment import domain, mapping, models, queries
from cityscore.services.wage_assessment import repository as repo
from cityscore.services.wage_assessment.rpc.common import (
    OFFICE,
    READERS,
    WageCall,
    cycle_id,
    scheme_of,
)
from cityscore.wage_assessment.v1 import wage_assessment_service_pb2 as pb

MAX_CODE_LENGTH = 64


def _cycle_proto(session: Session, call: WageCall, cycle: models.Cycle | repo.CycleFacts
                 ) -> pb.Cycle:
    """The year with the self-check status of the districts the caller may see."""
    assert cycle.id is not None, "a stored cycle has its id"
    status = queries.unit_status(session, cycle_id=cycle.id)
    units = status.units
    may_see = call.principal.may_act_for_district
    policy = repo.policy(session, year=cycle.year, version=cycle.policy_version)
    message = pb.Cycle(
        year=cycle.year, scheme_version=cycle.scheme_version,
        policy_version=cycle.policy_version, stage=mapping.STAGE.label(cycle.stage),
        districts=[u.code for u in units],
        self_checks=[mapping.self_check_status(u.code, u) for u in units if may_see(u.code)],
        grading_run=status.run_no,
        completion_due=date_to_proto(domain.completion_due(policy, cycle.year)),
        overdue=domain.cycle_overdue(policy, cycle.year, cycle.stage, call.today()))
    if cycle.self_check_due is not None:
        message.self_check_due.CopyFrom(date_to_proto(cycle.self_check_due))
    return message


def _check_scheme_fits(scheme: domain.SchemeDef, policy: domain.GradePolicy) -> None:
    """The scheme's points sum to the rules' base, and every item the rules read a score of
    is in the scheme."""
    found = ViolationCollector()
    total = domain.total_points(scheme)
    if total != policy.base_cents:
        found.add("scheme_version", f"{scheme.version} totals {domain.format_points(total)} "
                  f"points; the grade rules {policy.version} have a base of "
                  f"{domain.format_points(policy.base_cents)}")
    known = {i.id for i in scheme.indicators}
    for item in policy.items():
        if item not in known:
            found.add("policy_version", f"{policy.version} reads item {item}, which "
                      f"{scheme.version} does not have")
    found.raise_if_any("the scheme does not fit the grade rules")


@rpc(access=OFFICE, writes=True)
def create_cycle(request: pb.CreateCycleRequest, call: WageCall, session: Session
                 ) -> pb.CreateCycleResponse:
    """A year over a scheme of that year; its districts default to all of the city's."""
    year = year_from_proto(request.year)
    found = ViolationCollector()
    codes = list(request.districts) or [d.code for d in all_districts()]
    for k, code in enumerate(codes):
        if not code or len(code) > MAX_CODE_LENGTH or code != code.strip().lower():
            found.add(f"districts[{k}]", "codes are lower-case, 1 to 64 characters")
    if len(set(codes)) != len(codes):
        found.add("districts", "lists a district twice")
    due = optional_date_from_proto(request, "self_check_due", "self_check_due")
    if due is not None and due.year <= year:
        found.add("self_check_due", "the self-check falls in the year after the "
                  "assessment year")
    found.raise_if_any()
    policy = repo.policy(session, year=year, version=request.policy_version)
    domain.require_covers(policy, year)
    scheme = repo.scheme(session, version=request.scheme_version)
    if scheme.year != year:
        raise InvalidArgument("the scheme is for another year", [FieldViolation(
            "scheme_version", f"{scheme.version} is the scheme of {scheme.year}")])
    _check_scheme_fits(repo.scheme_def(scheme), policy)
    if repo.cycle_exists(session, year=year):
        raise AlreadyExists("assessment year", str(year))
    now = call.now()
    cycle = repo.save(session, row=models.Cycle(
        year=year, scheme_version=scheme.version, policy_version=policy.version,
        stage="draft", self_check_due=due, created_at=now, stage_changed_at=now))
    repo.save_all(session, rows=(models.Unit(cycle_id=cycle_id(cycle), code=code, position=k)
                                 for k, code in enumerate(codes)))
    call.audit(session, action="create", entity_type="cycle", entity_id=str(year),
               detail={"scheme": scheme.version, "policy": policy.version,
                       "units": len(codes)})
    return pb.CreateCycleResponse(cycle=_cycle_proto(session, call, cycle))


@rpc(access=READERS, scope=STORED_ROWS)
def get_cycle(request: pb.GetCycleRequest, call: WageCall, session: Session
              ) -> pb.GetCycleResponse:
    """The year; a district office sees only its own self-check status."""
    cycle = repo.cycle_facts(session, year=year_from_proto(request.year))
    return pb.GetCycleResponse(cycle=_cycle_proto(session, call, cycle))


@rpc(access=READERS, scope=STORED_ROWS)
def list_cycles(request: pb.ListCyclesRequest, call: WageCall, session: Session
                ) -> pb.ListCyclesResponse:
    """Every year by year, with its completion day (Art. 7); optionally only overdue ones."""
    found = [_cycle_proto(session, call, cycle) for cycle in repo.cycles(session)]
    return pb.ListCyclesResponse(cycles=[c for c in found
                                         if c.overdue or not request.overdue_only])


def _advance_problems(session: Session, cycle: models.Cycle, target: str
                      ) -> list[PreconditionViolation]:
    """What must hold before entering ``target`` (§5, §6.1)."""
    if target == "self_check":
        stored = repo.scheme(session, version=cycle.scheme_version)
        return [] if stored.status == "published" else [PreconditionViolation(
            "SCHEME_NOT_PUBLISHED", stored.version, "publish the scheme first")]
    if target == "on_site_verification":
        checks = repo.self_checks(session, cycle_id=cycle_id(cycle))
        return [PreconditionViolation("SELF_CHECK_MISSING", code,
                                      "no self-check report submitted")
                for code in repo.unit_codes(session, cycle_id=cycle_id(cycle))
                if code not in checks]
    if target == "submitted":
        run = repo.latest_run(session, cycle_id=cycle_id(cycle))
        if run is None:
            return [PreconditionViolation("GRADES_MISSING", f"cycle {cycle.year}",
                                          "grade the year first")]
        policy = repo.policy(session, year=cycle.year, version=cycle.policy_version)
        current = domain.text_digest(domain.run_inputs_json(
            scheme_of(session, cycle), policy,
            queries.year_inputs(session, cycle_id=cycle_id(cycle))))
        if current != run.input_digest:
            return [PreconditionViolation("GRADES_STALE", f"cycle {cycle.year}",
                                          "inputs changed since the last grading; "
                                          "grade again")]
    return []


@rpc(access=OFFICE, writes=True)
def advance_stage(request: pb.AdvanceStageRequest, call: WageCall, session: Session
                  ) -> pb.AdvanceStageResponse:
    """One stage forward, once what the next stage needs holds (every failed rule listed)."""
    target = mapping.STAGE.name(request.target_stage, "target_stage")
    cycle = repo.cycle(session, year=year_from_proto(request.year), lock=True)
    domain.check_advance(cycle.year, cycle.stage, target)
    problems = _advance_problems(session, cycle, target)
    if problems:
        raise FailedPrecondition(
            f"cannot enter {target.upper()} yet",
            [PreconditionViolation("STAGE", f"cycle {cycle.year}",
                                   f"current stage is {cycle.stage.upper()}"),
             *problems], metadata={"current_stage": cycle.stage})
    previous = cycle.stage
    cycle.stage, cycle.stage_changed_at = target, call.now()
    repo.save(session, row=cycle)
    call.audit(session, action="advance", entity_type="cycle", entity_id=str(cycle.year),
               detail={"from": previous, "to": target, "note": request.note})
    return pb.AdvanceStageResponse(cycle=_cycle_proto(session, call, cycle))
