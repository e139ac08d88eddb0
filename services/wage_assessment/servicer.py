"""gRPC transport of the wage-payment assessment: map, open the unit of work, apply the rules.

Every mutation runs through ``ServiceRuntime.mutate`` (idempotent by ``request_id``, one
transaction, audited). District offices act and read for their own district only, and see
grades only once the municipal government has approved them (wage_assessment.md §5).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence

import grpc
from prometheus_client import Histogram
from prometheus_client.core import GaugeMetricFamily
from sqlmodel import Session

from cityscore.core.districts import all_districts, is_district
from cityscore.core.errors import (
    AlreadyExists,
    FailedPrecondition,
    FieldViolation,
    InvalidArgument,
    NotFound,
    PreconditionViolation,
    ViolationCollector,
)
from cityscore.core.grpc.auth import (
    Access,
    Principal,
    Role,
    current_principal,
    require_district,
)
from cityscore.core.grpc.convert import date_from_proto, date_to_proto, optional_date_from_proto
from cityscore.core.service import ServiceRuntime, ServiceSpec
from cityscore.services.wage_assessment import domain, mapping, models, repository
from cityscore.wage_assessment.v1 import wage_assessment_service_pb2 as pb
from cityscore.wage_assessment.v1 import wage_assessment_service_pb2_grpc as pb_grpc

SERVICE_NAME = "wage_assessment"
#: Stages in which districts may see grades, ranks and other districts' scores (§5 decision).
RESULTS_VISIBLE = ("approved", "published")
INCIDENT_STAGES = ("self_check", "on_site_verification", "comprehensive_review")
FALSIFICATION_STAGES = ("comprehensive_review", "submitted", "approved", "published")
MAX_CODE_LENGTH = 64
#: Column defaults of an item value row written in bulk (executemany needs every column).
_EMPTY_ITEM = {"self_value": None, "self_denominator": None, "self_sub_points": "",
               "evidence": "", "verified": False, "verified_value": None,
               "verified_denominator": None, "verified_sub_points": "", "method": "", "team": "",
               "note": "", "possible_falsification": False}


def _state_gauges(session: Session, *, today: Callable[[], dt.date]
                  ) -> list[GaugeMetricFamily]:
    """Gauges read from the stored state at scrape time, so they are right after any restart."""
    stages = GaugeMetricFamily("cityscore_wage_assessment_cycles",
                               "Assessment years (cycles) by stage.", labels=["stage"])
    grades = GaugeMetricFamily("cityscore_wage_assessment_grades",
                               "Districts by grade in each year's latest grading.",
                               labels=["year", "grade"])
    district_grade = GaugeMetricFamily(
        "cityscore_wage_assessment_district_grade",
        "1 for each district's grade in each year's latest grading (the grade is a label).",
        labels=["year", "district", "grade"])
    overdue = GaugeMetricFamily("cityscore_wage_assessment_rectification_reports_overdue",
                                "C-grade rectification reports past their due date.")
    by_stage = repository.cycles_by_stage(session)
    for stage in domain.STAGES:
        stages.add_metric([stage], by_stage.get(stage, 0))
    graded = repository.latest_grades(session)
    for (year, grade), count in sorted(Counter((y, g) for y, _, g in graded).items()):
        grades.add_metric([str(year), grade], count)
    for year, district, grade in graded:
        district_grade.add_metric([str(year), district, grade], 1)
    overdue.add_metric([], repository.overdue_rectifications(session, today=today()))
    return [stages, grades, district_grade, overdue]


def _scheme_def(row: models.Scheme) -> domain.SchemeDef:
    return domain.scheme_from_document(json.loads(row.document))


def _cycle_id(cycle: models.Cycle) -> int:
    assert cycle.id is not None
    return cycle.id


def _unit(session: Session, cycle: models.Cycle, code: str) -> str:
    """A unit of the cycle the caller may act for: NOT_FOUND, then PERMISSION_DENIED."""
    if not repository.has_unit(session, cycle_id=_cycle_id(cycle), code=code):
        raise NotFound("district", code)
    require_district(current_principal(), code)
    return code


def _sees_results(principal: Principal, cycle: models.Cycle) -> bool:
    return principal.role is not Role.DISTRICT_OFFICE or cycle.stage in RESULTS_VISIBLE


def _require_results_visible(cycle: models.Cycle) -> None:
    if not _sees_results(current_principal(), cycle):
        raise domain.stage_error(cycle.year, cycle.stage,
                                 "districts see results only after approval")


def _unit_inputs(session: Session, cycle: models.Cycle) -> list[domain.UnitInputs]:
    """What grading reads: final item values (verified where present), incidents, flags."""
    cycle_id = _cycle_id(cycle)
    items: dict[str, dict[str, domain.ItemInput]] = {}
    split = mapping.split_ids
    for (code, indicator_id, own, own_den, own_subs, verified, checked, checked_den,
         checked_subs) in repository.item_value_columns(session, cycle_id=cycle_id):
        if verified and checked is not None:
            final = domain.ItemInput(checked, checked_den, split(checked_subs))
        elif own is not None:
            final = domain.ItemInput(own, own_den, split(own_subs))
        else:
            continue
        items.setdefault(code, {})[indicator_id] = final
    incidents: dict[str, list[domain.IncidentInput]] = {}
    for incident in repository.incidents(session, cycle_id=cycle_id):
        incidents.setdefault(incident.unit_code, []).append(domain.IncidentInput(
            incident.kind, incident.people, incident.government_project,
            incident.serious_consequence))
    flags: dict[str, dict[str, domain.FlagInput]] = {}
    for flag in repository.review_flags(session, cycle_id=cycle_id):
        flags.setdefault(flag.unit_code, {})[flag.flag] = domain.FlagInput(
            flag.value, flag.reason, flag.set_by)
    return [domain.UnitInputs(code, items.get(code, {}), tuple(incidents.get(code, ())),
                              flags.get(code, {}))
            for code in repository.unit_codes(session, cycle_id=cycle_id)]


def _check_items(scheme: domain.SchemeDef, items: Sequence[pb.ItemValue], path: str,
                 found: ViolationCollector) -> list[tuple[str, domain.ItemInput]]:
    """Items of an upload: unknown indicators are NOT_FOUND, bad values field violations."""
    parsed: list[tuple[str, domain.ItemInput]] = []
    seen: set[str] = set()
    for k, message in enumerate(items):
        indicator = scheme.indicator(message.indicator_id)
        if indicator.id in seen:
            found.add(f"{path}[{k}].indicator_id", f"{indicator.id} appears twice")
        seen.add(indicator.id)
        item = mapping.item_from_proto(message)
        domain.check_item(found, f"{path}[{k}]", indicator, item)
        parsed.append((indicator.id, item))
    return parsed


class WageAssessmentServicer(pb_grpc.WageAssessmentServiceServicer):
    """The assessment year's workflow, from scheme to consequences."""

    def __init__(self, runtime: ServiceRuntime) -> None:
        self._rt = runtime
        runtime.export_stored_state(functools.partial(_state_gauges,
                                                      today=runtime.clock.today))
        self._grading_seconds = Histogram(
            "cityscore_wage_assessment_grading_seconds",
            "Time to score, rank and grade one assessment year.", registry=runtime.registry)

    # --- schemes --------------------------------------------------------------------------

    def CreateScheme(self, request: pb.CreateSchemeRequest,  # noqa: N802
                     context: grpc.ServicerContext) -> pb.CreateSchemeResponse:
        scheme = mapping.scheme_from_proto(request.scheme)
        problems = domain.scheme_problems(scheme)
        if problems:
            raise InvalidArgument("the scheme is not valid", problems)

        def work(session: Session) -> pb.CreateSchemeResponse:
            if repository.scheme_exists(session, version=scheme.version):
                raise AlreadyExists("scheme", scheme.version)
            now = self._rt.clock.now()
            session.add(models.Scheme(
                version=scheme.version, year=scheme.year, status="draft",
                document=json.dumps(scheme.document(), ensure_ascii=False),
                digest=scheme.digest, created_at=now))
            self._rt.audit(session, action="create", entity_type="scheme",
                           entity_id=scheme.version,
                           detail={"digest": scheme.digest, "year": scheme.year,
                                   "indicators": len(scheme.indicators)})
            return pb.CreateSchemeResponse(scheme=mapping.scheme_to_proto(scheme, "draft"))

        return self._rt.mutate(request, pb.CreateSchemeResponse, work)

    def ValidateScheme(self, request: pb.ValidateSchemeRequest,  # noqa: N802
                       context: grpc.ServicerContext) -> pb.ValidateSchemeResponse:
        try:
            scheme = mapping.scheme_from_proto(request.scheme)
        except InvalidArgument as error:
            return pb.ValidateSchemeResponse(valid=False, problems=[
                pb.FieldProblem(field=v.field, description=v.description)
                for v in error.violations])
        problems = domain.scheme_problems(scheme)
        return pb.ValidateSchemeResponse(
            valid=not problems, total_points=domain.format_points(domain.total_points(scheme)),
            problems=[pb.FieldProblem(field=v.field, description=v.description)
                      for v in problems])

    def PublishScheme(self, request: pb.PublishSchemeRequest,  # noqa: N802
                      context: grpc.ServicerContext) -> pb.PublishSchemeResponse:
        def work(session: Session) -> pb.PublishSchemeResponse:
            row = repository.scheme(session, version=request.version)
            if row.status == "published":
                raise FailedPrecondition("the scheme is already published", [
                    PreconditionViolation("SCHEME_PUBLISHED", request.version,
                                          "published schemes are never edited")])
            row.status, row.published_at = "published", self._rt.clock.now()
            session.add(row)
            self._rt.audit(session, action="publish", entity_type="scheme",
                           entity_id=row.version, detail={"digest": row.digest})
            return pb.PublishSchemeResponse(
                scheme=mapping.scheme_to_proto(_scheme_def(row), row.status))

        return self._rt.mutate(request, pb.PublishSchemeResponse, work)

    def GetScheme(self, request: pb.GetSchemeRequest,  # noqa: N802
                  context: grpc.ServicerContext) -> pb.GetSchemeResponse:
        with self._rt.read() as session:
            row = repository.scheme(session, version=request.version)
            return pb.GetSchemeResponse(
                scheme=mapping.scheme_to_proto(_scheme_def(row), row.status))

    def ListSchemes(self, request: pb.ListSchemesRequest,  # noqa: N802
                    context: grpc.ServicerContext) -> pb.ListSchemesResponse:
        with self._rt.read() as session:
            return pb.ListSchemesResponse(schemes=[
                mapping.scheme_to_proto(_scheme_def(row), row.status, with_indicators=False)
                for row in repository.schemes(session)])

    # --- cycles and stages ----------------------------------------------------------------

    def _cycle_proto(self, session: Session, cycle: models.Cycle) -> pb.Cycle:
        codes = repository.unit_codes(session, cycle_id=_cycle_id(cycle))
        checks = repository.self_checks(session, cycle_id=_cycle_id(cycle))
        principal = current_principal()
        visible = [c for c in codes if principal.may_act_for_district(c)]
        run = repository.latest_run(session, cycle_id=_cycle_id(cycle))
        message = pb.Cycle(
            year=cycle.year, scheme_version=cycle.scheme_version,
            policy_version=cycle.policy_version, stage=mapping.stage_to_proto(cycle.stage),
            districts=codes,
            self_checks=[mapping.self_check_status(c, checks.get(c)) for c in visible],
            grading_run=run.run_no if run is not None else 0)
        if cycle.self_check_due is not None:
            message.self_check_due.CopyFrom(date_to_proto(cycle.self_check_due))
        return message

    def CreateCycle(self, request: pb.CreateCycleRequest,  # noqa: N802
                    context: grpc.ServicerContext) -> pb.CreateCycleResponse:
        found = ViolationCollector()
        codes = list(request.districts) or [d.code for d in all_districts()]
        for k, code in enumerate(codes):
            if not code or len(code) > MAX_CODE_LENGTH or code != code.strip().lower():
                found.add(f"districts[{k}]", "codes are lower-case, 1 to 64 characters")
        if len(set(codes)) != len(codes):
            found.add("districts", "lists a district twice")
        due = optional_date_from_proto(request, "self_check_due", "self_check_due")
        if due is not None and due.year <= request.year:
            found.add("self_check_due", "the self-check falls in the year after the "
                      "assessment year")
        found.raise_if_any()
        policy = domain.policy_for(request.year, request.policy_version)

        def work(session: Session) -> pb.CreateCycleResponse:
            scheme = repository.scheme(session, version=request.scheme_version)
            if scheme.year != request.year:
                raise InvalidArgument("the scheme is for another year", [FieldViolation(
                    "scheme_version", f"{scheme.version} is the scheme of {scheme.year}")])
            if repository.cycle_exists(session, year=request.year):
                raise AlreadyExists("assessment year", str(request.year))
            now = self._rt.clock.now()
            cycle = models.Cycle(year=request.year, scheme_version=scheme.version,
                                 policy_version=policy.version, stage="draft",
                                 self_check_due=due, created_at=now, stage_changed_at=now)
            session.add(cycle)
            session.flush()
            session.add_all(models.Unit(cycle_id=_cycle_id(cycle), code=code, position=k)
                            for k, code in enumerate(codes))
            session.flush()
            self._rt.audit(session, action="create", entity_type="cycle",
                           entity_id=str(request.year),
                           detail={"scheme": scheme.version, "policy": policy.version,
                                   "units": len(codes)})
            return pb.CreateCycleResponse(cycle=self._cycle_proto(session, cycle))

        return self._rt.mutate(request, pb.CreateCycleResponse, work)

    def GetCycle(self, request: pb.GetCycleRequest,  # noqa: N802
                 context: grpc.ServicerContext) -> pb.GetCycleResponse:
        with self._rt.read() as session:
            cycle = repository.cycle(session, year=request.year)
            return pb.GetCycleResponse(cycle=self._cycle_proto(session, cycle))

    def _advance_problems(self, session: Session, cycle: models.Cycle, target: str
                          ) -> list[PreconditionViolation]:
        """What must hold before entering ``target`` (§5, §6.1)."""
        cycle_id = _cycle_id(cycle)
        if target == "self_check":
            stored = repository.scheme(session, version=cycle.scheme_version)
            return [] if stored.status == "published" else [PreconditionViolation(
                "SCHEME_NOT_PUBLISHED", stored.version, "publish the scheme first")]
        if target == "on_site_verification":
            checks = repository.self_checks(session, cycle_id=cycle_id)
            return [PreconditionViolation("SELF_CHECK_MISSING", code,
                                          "no self-check report submitted")
                    for code in repository.unit_codes(session, cycle_id=cycle_id)
                    if code not in checks]
        if target == "submitted":
            run = repository.latest_run(session, cycle_id=cycle_id)
            if run is None:
                return [PreconditionViolation("GRADES_MISSING", f"cycle {cycle.year}",
                                              "grade the year first")]
            scheme = _scheme_def(repository.scheme(session, version=cycle.scheme_version))
            policy = domain.policy_for(cycle.year, cycle.policy_version)
            current = domain.text_digest(domain.run_inputs_json(
                scheme, policy, _unit_inputs(session, cycle)))
            if current != run.input_digest:
                return [PreconditionViolation("GRADES_STALE", f"cycle {cycle.year}",
                                              "inputs changed since the last grading; "
                                              "grade again")]
        return []

    def AdvanceStage(self, request: pb.AdvanceStageRequest,  # noqa: N802
                     context: grpc.ServicerContext) -> pb.AdvanceStageResponse:
        target = mapping.enum_to_domain(pb.Stage, "STAGE_", request.target_stage,
                                        "target_stage")

        def work(session: Session) -> pb.AdvanceStageResponse:
            cycle = repository.cycle(session, year=request.year, lock=True)
            domain.check_advance(cycle.year, cycle.stage, target)
            problems = self._advance_problems(session, cycle, target)
            if problems:
                raise FailedPrecondition(
                    f"cannot enter {target.upper()} yet",
                    [PreconditionViolation("STAGE", f"cycle {cycle.year}",
                                           f"current stage is {cycle.stage.upper()}"),
                     *problems], metadata={"current_stage": cycle.stage})
            previous = cycle.stage
            cycle.stage, cycle.stage_changed_at = target, self._rt.clock.now()
            session.add(cycle)
            self._rt.audit(session, action="advance", entity_type="cycle",
                           entity_id=str(cycle.year),
                           detail={"from": previous, "to": target, "note": request.note})
            return pb.AdvanceStageResponse(cycle=self._cycle_proto(session, cycle))

        return self._rt.mutate(request, pb.AdvanceStageResponse, work)

    # --- self-check and verification ------------------------------------------------------

    def SubmitSelfCheck(self, request: pb.SubmitSelfCheckRequest,  # noqa: N802
                        context: grpc.ServicerContext) -> pb.SubmitSelfCheckResponse:
        def work(session: Session) -> pb.SubmitSelfCheckResponse:
            cycle = repository.cycle(session, year=request.year)
            code = _unit(session, cycle, request.district)
            domain.require_stage(cycle.year, cycle.stage, ("self_check",), "a self-check")
            scheme = _scheme_def(repository.scheme(session, version=cycle.scheme_version))
            found = ViolationCollector()
            items = _check_items(scheme, request.items, "items", found)
            existing = repository.self_checks(session, cycle_id=_cycle_id(cycle)).get(code)
            if existing is None and not request.report.strip():
                found.add("report", "the first submission needs the self-check report")
            found.raise_if_any("the self-check has invalid fields")
            rows = {r.indicator_id: r for r in repository.item_values(
                session, cycle_id=_cycle_id(cycle), unit_code=code)}
            for (indicator_id, item), message in zip(items, request.items, strict=True):
                row = rows.get(indicator_id) or models.ItemValue(
                    cycle_id=_cycle_id(cycle), unit_code=code, indicator_id=indicator_id)
                row.self_value, row.self_denominator = item.value, item.denominator
                row.self_sub_points = mapping.join_ids(item.sub_points)
                row.evidence = message.evidence
                session.add(row)
            existing = self._record_self_check(session, cycle, code, request.report, existing)
            self._rt.audit(session, action="submit", entity_type="self_check",
                           entity_id=f"{cycle.year}/{code}",
                           detail={"items": len(items), "late": existing.late,
                                   "revision": existing.revision})
            return pb.SubmitSelfCheckResponse(
                status=mapping.self_check_status(code, existing), items=len(items))

        return self._rt.mutate(request, pb.SubmitSelfCheckResponse, work)

    def _record_self_check(self, session: Session, cycle: models.Cycle, code: str,
                           report: str, existing: models.SelfCheck | None) -> models.SelfCheck:
        """The district's self-check record: a new revision, late when after the due date."""
        today = self._rt.clock.today()
        late = cycle.self_check_due is not None and today > cycle.self_check_due
        if existing is None:
            existing = models.SelfCheck(cycle_id=_cycle_id(cycle), unit_code=code, report=report,
                                        submitted_on=today, late=late, revision=1)
        else:
            existing.report = report or existing.report
            existing.submitted_on, existing.late = today, existing.late or late
            existing.revision += 1
        session.add(existing)
        return existing

    def ImportSelfChecks(self, request_iterator: Iterator[pb.ImportSelfChecksRequest],  # noqa: N802
                         context: grpc.ServicerContext) -> pb.ImportSelfChecksResponse:
        combined = pb.ImportSelfChecksRequest()
        for chunk in request_iterator:
            combined.MergeFrom(chunk)
        columns = (combined.districts, combined.indicator_ids, combined.values,
                   combined.denominators, combined.sub_points)
        if len({len(c) for c in columns}) != 1:
            raise InvalidArgument("the columns differ in length", [FieldViolation(
                "rows", "districts, indicator_ids, values, denominators and sub_points need "
                "one entry per row")])

        def work(session: Session) -> pb.ImportSelfChecksResponse:
            cycle = repository.cycle(session, year=combined.year)
            codes = list(dict.fromkeys(combined.districts))
            known = set(repository.unit_codes(session, cycle_id=_cycle_id(cycle)))
            for code in codes:
                if code not in known:
                    raise NotFound("district", code)
                require_district(current_principal(), code)
            domain.require_stage(cycle.year, cycle.stage, ("self_check",), "a self-check")
            scheme = _scheme_def(repository.scheme(session, version=cycle.scheme_version))
            indicators = {i.id: i for i in scheme.indicators}
            found = ViolationCollector()
            seen: set[tuple[str, str]] = set()
            parsed = []
            for k, (code, indicator_id, value, denominator, subs) in enumerate(zip(
                    *columns, strict=True)):
                if indicator_id not in indicators:
                    raise NotFound("indicator", indicator_id)
                if (code, indicator_id) in seen:
                    found.add(f"rows[{k}].indicator_id", f"{code} {indicator_id} appears twice")
                seen.add((code, indicator_id))
                item = domain.ItemInput(value, None if denominator == -1 else denominator,
                                        mapping.split_ids(subs))
                domain.check_item(found, f"rows[{k}]", indicators[indicator_id], item)
                parsed.append((code, indicator_id, item))
            found.raise_if_any("the import has invalid rows")
            ids = repository.item_value_ids(session, cycle_id=_cycle_id(cycle))
            updates, inserts = [], []
            for code, indicator_id, item in parsed:
                values = {"self_value": item.value, "self_denominator": item.denominator,
                          "self_sub_points": mapping.join_ids(item.sub_points)}
                row_id = ids.get((code, indicator_id))
                if row_id is None:
                    inserts.append({**_EMPTY_ITEM, **values, "cycle_id": _cycle_id(cycle),
                                    "unit_code": code, "indicator_id": indicator_id})
                else:
                    updates.append({"id": row_id, **values})
            repository.bulk_update_item_values(session, rows=updates)
            repository.bulk_insert_item_values(session, rows=inserts)
            records = repository.self_checks(session, cycle_id=_cycle_id(cycle))
            late = sum(self._record_self_check(session, cycle, code, "", records.get(code)).late
                       for code in codes)
            self._rt.audit(session, action="import", entity_type="self_check",
                           entity_id=str(cycle.year),
                           detail={"rows": len(parsed), "districts": len(codes), "late": late})
            return pb.ImportSelfChecksResponse(rows=len(parsed), districts=len(codes), late=late)

        return self._rt.mutate(combined, pb.ImportSelfChecksResponse, work)

    def RecordVerifications(self, request: pb.RecordVerificationsRequest,  # noqa: N802
                            context: grpc.ServicerContext) -> pb.RecordVerificationsResponse:
        def work(session: Session) -> pb.RecordVerificationsResponse:
            cycle = repository.cycle(session, year=request.year)
            code = _unit(session, cycle, request.district)
            domain.require_stage(cycle.year, cycle.stage, ("on_site_verification",),
                                 "on-site verification")
            scheme = _scheme_def(repository.scheme(session, version=cycle.scheme_version))
            policy = domain.policy_for(cycle.year, cycle.policy_version)
            found = ViolationCollector()
            items = _check_items(scheme, [v.value for v in request.verifications],
                                 "verifications", found)
            for k, verification in enumerate(request.verifications):
                if not scheme.indicator(verification.value.indicator_id).verified_on_site:
                    found.add(f"verifications[{k}].value.indicator_id",
                              "the scheme does not verify this item on site")
                if verification.method == pb.VERIFICATION_METHOD_UNSPECIFIED:
                    found.add(f"verifications[{k}].method", "must be set")
            found.raise_if_any("the verifications have invalid fields")
            rows = {r.indicator_id: r for r in repository.item_values(
                session, cycle_id=_cycle_id(cycle), unit_code=code)}
            flagged = []
            for (indicator_id, item), verification in zip(items, request.verifications,
                                                          strict=True):
                row = rows.get(indicator_id) or models.ItemValue(
                    cycle_id=_cycle_id(cycle), unit_code=code, indicator_id=indicator_id)
                row.verified, row.verified_value = True, item.value
                row.verified_denominator = item.denominator
                row.verified_sub_points = mapping.join_ids(item.sub_points)
                row.method = mapping.enum_to_domain(pb.VerificationMethod,
                                                    "VERIFICATION_METHOD_",
                                                    verification.method, "method")
                row.team, row.note = verification.team, verification.note
                claimed = mapping.stored_self_check(row)
                row.possible_falsification = claimed is not None and domain.gap_exceeds(
                    policy, scheme.indicator(indicator_id),
                    domain.score_one(scheme, indicator_id, claimed),
                    domain.score_one(scheme, indicator_id, item))
                if row.possible_falsification:
                    flagged.append(indicator_id)
                session.add(row)
            self._rt.audit(session, action="verify", entity_type="item_values",
                           entity_id=f"{cycle.year}/{code}",
                           detail={"items": [i for i, _ in items],
                                   "possible_falsification": flagged})
            return pb.RecordVerificationsResponse(recorded=len(items),
                                                  possible_falsification=flagged)

        return self._rt.mutate(request, pb.RecordVerificationsResponse, work)

    def GetDistrictAssessment(self, request: pb.GetDistrictAssessmentRequest,  # noqa: N802
                              context: grpc.ServicerContext
                              ) -> pb.GetDistrictAssessmentResponse:
        with self._rt.read() as session:
            cycle = repository.cycle(session, year=request.year)
            code = _unit(session, cycle, request.district)
            scheme = _scheme_def(repository.scheme(session, version=cycle.scheme_version))
            rows = {r.indicator_id: r for r in repository.item_values(
                session, cycle_id=_cycle_id(cycle), unit_code=code)}
            claimed: dict[str, domain.ItemInput] = {}
            final: dict[str, domain.ItemInput] = {}
            for indicator_id, row in rows.items():
                own, checked = mapping.stored_self_check(row), mapping.stored_verified(row)
                if own is not None:
                    claimed[indicator_id] = own
                chosen = checked or own
                if chosen is not None:
                    final[indicator_id] = chosen
            scores, _totals = domain.score_items(scheme, [claimed, final])
            items = []
            for j, indicator in enumerate(scheme.indicators):
                message = pb.ItemAssessment(
                    indicator_id=indicator.id, max_points=indicator.max_points,
                    self_check_score=domain.format_points(int(scores[0, j])),
                    final_score=domain.format_points(int(scores[1, j])))
                found = rows.get(indicator.id)
                if found is not None:
                    own, checked = (mapping.stored_self_check(found),
                                    mapping.stored_verified(found))
                    if own is not None:
                        message.self_check.CopyFrom(
                            mapping.item_to_proto(indicator.id, own, found.evidence))
                    if checked is not None:
                        message.verification.CopyFrom(pb.Verification(
                            value=mapping.item_to_proto(indicator.id, checked),
                            method=mapping.enum_to_proto("VERIFICATION_METHOD_",
                                                         found.method),
                            team=found.team, note=found.note))
                    message.possible_falsification = found.possible_falsification
                items.append(message)
            check = repository.self_checks(session, cycle_id=_cycle_id(cycle)).get(code)
            return pb.GetDistrictAssessmentResponse(
                district=code, items=items, self_check=mapping.self_check_status(code, check),
                report=check.report if check is not None else "",
                falsifications=[pb.Falsification(
                    id=f.id or 0, indicator_ids=mapping.split_ids(f.indicator_ids),
                    description=f.description, circulated_on=date_to_proto(f.circulated_on))
                    for f in repository.falsifications(session, cycle_id=_cycle_id(cycle),
                                                       unit_code=code)])

    # --- incidents and review -------------------------------------------------------------

    def RecordIncident(self, request: pb.RecordIncidentRequest,  # noqa: N802
                       context: grpc.ServicerContext) -> pb.RecordIncidentResponse:
        incident = request.incident
        found = ViolationCollector()
        for name in ("kind", "source_agency"):
            if getattr(incident, name) == 0:
                found.add(f"incident.{name}", "must be set")
        found.raise_if_any()
        kind = mapping.enum_to_domain(pb.IncidentKind, "INCIDENT_KIND_", incident.kind,
                                      "incident.kind")
        agency = mapping.enum_to_domain(pb.SourceAgency, "SOURCE_AGENCY_",
                                        incident.source_agency, "incident.source_agency")
        happened = date_from_proto(incident.incident_date, "incident.incident_date")
        domain.check_incident(found, request.year, happened, incident.people, kind)
        found.raise_if_any("the incident has invalid fields")

        def work(session: Session) -> pb.RecordIncidentResponse:
            cycle = repository.cycle(session, year=request.year)
            code = _unit(session, cycle, incident.district)
            domain.require_stage(cycle.year, cycle.stage, INCIDENT_STAGES, "recording incidents")
            row = models.Incident(
                cycle_id=_cycle_id(cycle), unit_code=code, incident_date=happened, kind=kind,
                people=incident.people, government_project=incident.government_project,
                serious_consequence=incident.serious_consequence, source_agency=agency,
                description=incident.description, recorded_by=current_principal().name)
            session.add(row)
            session.flush()
            self._rt.audit(session, action="record", entity_type="incident",
                           entity_id=str(row.id),
                           detail={"year": cycle.year, "district": code, "kind": kind,
                                   "people": incident.people,
                                   "government_project": incident.government_project,
                                   "serious_consequence": incident.serious_consequence})
            return pb.RecordIncidentResponse(incident=mapping.incident_to_proto(row))

        return self._rt.mutate(request, pb.RecordIncidentResponse, work)

    def ListIncidents(self, request: pb.ListIncidentsRequest,  # noqa: N802
                      context: grpc.ServicerContext) -> pb.ListIncidentsResponse:
        principal = current_principal()
        with self._rt.read() as session:
            cycle = repository.cycle(session, year=request.year)
            district = request.district
            if principal.role is Role.DISTRICT_OFFICE and not district:
                district = principal.scope
            if district:
                _unit(session, cycle, district)
            return pb.ListIncidentsResponse(incidents=[
                mapping.incident_to_proto(row) for row in repository.incidents(
                    session, cycle_id=_cycle_id(cycle), unit_code=district or None)])

    def SetReviewFlag(self, request: pb.SetReviewFlagRequest,  # noqa: N802
                      context: grpc.ServicerContext) -> pb.SetReviewFlagResponse:
        flag = mapping.enum_to_domain(pb.ReviewFlag, "REVIEW_FLAG_", request.flag, "flag")
        if not request.reason.strip():
            raise InvalidArgument("a review flag needs its reason", [
                FieldViolation("reason", "state why the flag is set (§9.2)")])

        def work(session: Session) -> pb.SetReviewFlagResponse:
            cycle = repository.cycle(session, year=request.year)
            code = _unit(session, cycle, request.district)
            domain.require_stage(cycle.year, cycle.stage, ("comprehensive_review",),
                                 "setting review flags")
            row = repository.review_flag(session, cycle_id=_cycle_id(cycle), unit_code=code,
                                         flag=flag) or models.ReviewFlag(
                cycle_id=_cycle_id(cycle), unit_code=code, flag=flag, value=False, reason="",
                set_by="", set_at=self._rt.clock.now())
            row.value, row.reason = request.value, request.reason.strip()
            row.set_by, row.set_at = current_principal().name, self._rt.clock.now()
            session.add(row)
            self._rt.audit(session, action="set_flag", entity_type="review_flag",
                           entity_id=f"{cycle.year}/{code}/{flag}",
                           detail={"value": request.value, "reason": row.reason})
            return pb.SetReviewFlagResponse(district=code, flag=request.flag,
                                            value=row.value, set_by=row.set_by)

        return self._rt.mutate(request, pb.SetReviewFlagResponse, work)

    # --- grading --------------------------------------------------------------------------

    def GradeCycle(self, request: pb.GradeCycleRequest,  # noqa: N802
                   context: grpc.ServicerContext) -> pb.GradeCycleResponse:
        def work(session: Session) -> pb.GradeCycleResponse:
            started = time.perf_counter()
            cycle = repository.cycle(session, year=request.year, lock=True)
            domain.require_stage(cycle.year, cycle.stage, ("comprehensive_review",), "grading")
            scheme = _scheme_def(repository.scheme(session, version=cycle.scheme_version))
            policy = domain.policy_for(cycle.year, cycle.policy_version)
            units = _unit_inputs(session, cycle)
            grading = domain.grade(scheme, policy, units)
            previous = repository.latest_run(session, cycle_id=_cycle_id(cycle))
            run = models.GradingRun(
                cycle_id=_cycle_id(cycle), run_no=(previous.run_no if previous else 0) + 1,
                rules_version=grading.rules_version,
                inputs=grading.inputs_json,
                input_digest=grading.input_digest,
                tie_reports=json.dumps(list(grading.tie_reports), ensure_ascii=False),
                graded_at=self._rt.clock.now(), graded_by=current_principal().name)
            session.add(run)
            session.flush()
            repository.bulk_insert_grades(session, rows=[
                {"run_id": run.id, "unit_code": o.code, "score_cents": o.score_cents,
                 "rank": o.rank, "grade": o.grade, "decided_by": o.decided_by,
                 "explanation": json.dumps(o.explanation, ensure_ascii=False, sort_keys=True),
                 "input_digest": o.input_digest} for o in grading.outcomes])
            distribution = grading.distribution()
            self._rt.audit(session, action="grade", entity_type="cycle",
                           entity_id=str(cycle.year),
                           detail={"run": run.run_no, "input_digest": grading.input_digest,
                                   "rules_version": grading.rules_version,
                                   "distribution": distribution})
            self._grading_seconds.observe(time.perf_counter() - started)
            return pb.GradeCycleResponse(
                run=run.run_no, distribution=mapping.distribution_to_proto(distribution),
                tie_reports=grading.tie_reports, input_digest=grading.input_digest)

        return self._rt.mutate(request, pb.GradeCycleResponse, work)

    def _latest_run(self, session: Session, cycle: models.Cycle) -> models.GradingRun:
        run = repository.latest_run(session, cycle_id=_cycle_id(cycle))
        if run is None or run.id is None:
            raise FailedPrecondition("the year has not been graded", [PreconditionViolation(
                "GRADES_MISSING", f"cycle {cycle.year}",
                f"current stage is {cycle.stage.upper()}")])
        return run

    def GetRanking(self, request: pb.GetRankingRequest,  # noqa: N802
                   context: grpc.ServicerContext) -> pb.GetRankingResponse:
        with self._rt.read() as session:
            cycle = repository.cycle(session, year=request.year)
            _require_results_visible(cycle)
            run = self._latest_run(session, cycle)
            assert run.id is not None
            rows = repository.grades(session, run_id=run.id)
            counts = {g: sum(1 for r in rows if r.grade == g) for g in domain.GRADES}
            return pb.GetRankingResponse(
                year=cycle.year, stage=mapping.stage_to_proto(cycle.stage), run=run.run_no,
                results=[mapping.grade_to_result(r) for r in rows],
                distribution=mapping.distribution_to_proto(counts),
                tie_reports=json.loads(run.tie_reports))

    def ReplayGrades(self, request: pb.ReplayGradesRequest,  # noqa: N802
                     context: grpc.ServicerContext) -> pb.ReplayGradesResponse:
        """Recompute the latest run from its stored inputs (architecture page §6)."""
        with self._rt.read() as session:
            cycle = repository.cycle(session, year=request.year)
            run = self._latest_run(session, cycle)
            assert run.id is not None
            stored = {g.unit_code: (str(g.score_cents), str(g.rank), g.grade, g.decided_by,
                                    g.input_digest, g.explanation)
                      for g in repository.grades(session, run_id=run.id)}
            document = json.loads(run.inputs)
            scheme = _scheme_def(repository.scheme(session, version=document["scheme_version"]))
            year, run_no, stored_digest = cycle.year, run.run_no, run.input_digest
        policy = domain.policy_for(year, document["policy_version"])
        units = [domain.UnitInputs.from_document(u) for u in document["units"]]
        grading = domain.grade(scheme, policy, units)
        differences = []
        if scheme.digest != document["scheme_digest"]:
            differences.append(pb.ReplayDifference(field="scheme_digest",
                                                   stored=document["scheme_digest"],
                                                   recomputed=scheme.digest))
        fields = ("score", "rank", "grade", "decided_by", "input_digest", "explanation")
        for outcome in grading.outcomes:
            recomputed = (str(outcome.score_cents), str(outcome.rank), outcome.grade,
                          outcome.decided_by, outcome.input_digest,
                          json.dumps(outcome.explanation, ensure_ascii=False, sort_keys=True))
            old = stored.get(outcome.code, ("",) * len(fields))
            differences.extend(pb.ReplayDifference(district=outcome.code, field=name,
                                                   stored=before, recomputed=after)
                               for name, before, after in zip(fields, old, recomputed,
                                                              strict=True) if before != after)
        return pb.ReplayGradesResponse(
            run=run_no, matches=not differences and grading.input_digest == stored_digest,
            stored_digest=stored_digest, recomputed_digest=grading.input_digest,
            differences=differences, rules_version=grading.rules_version)

    # --- consequences ---------------------------------------------------------------------

    def _grade_row(self, session: Session, cycle: models.Cycle, code: str) -> models.Grade:
        run = self._latest_run(session, cycle)
        assert run.id is not None
        row = repository.grade_of(session, run_id=run.id, unit_code=code)
        if row is None:
            raise NotFound("grade", f"{cycle.year}/{code}")
        return row

    def IssueCommendations(self, request: pb.IssueCommendationsRequest,  # noqa: N802
                           context: grpc.ServicerContext) -> pb.IssueCommendationsResponse:
        """A districts are commended by circular of the Joint Conference (Art. 10)."""
        if not request.circular.strip():
            raise InvalidArgument("the circular is required", [
                FieldViolation("circular", "name the commendation circular")])
        issued = date_from_proto(request.issued_on, "issued_on")

        def work(session: Session) -> pb.IssueCommendationsResponse:
            cycle = repository.cycle(session, year=request.year)
            domain.require_stage(cycle.year, cycle.stage, RESULTS_VISIBLE, "commendation")
            run = self._latest_run(session, cycle)
            assert run.id is not None
            done = {c.unit_code for c in repository.commendations(
                session, cycle_id=_cycle_id(cycle))}
            new = [g.unit_code for g in repository.grades(session, run_id=run.id)
                   if g.grade == "A" and g.unit_code not in done]
            session.add_all(models.Commendation(cycle_id=_cycle_id(cycle), unit_code=code,
                                                circular=request.circular.strip(),
                                                issued_on=issued) for code in new)
            session.flush()
            self._rt.audit(session, action="commend", entity_type="cycle",
                           entity_id=str(cycle.year),
                           detail={"districts": new, "circular": request.circular})
            return pb.IssueCommendationsResponse(commendations=[
                pb.Commendation(district=c.unit_code, circular=c.circular,
                                issued_on=date_to_proto(c.issued_on))
                for c in repository.commendations(session, cycle_id=_cycle_id(cycle))])

        return self._rt.mutate(request, pb.IssueCommendationsResponse, work)

    def ScheduleInterview(self, request: pb.ScheduleInterviewRequest,  # noqa: N802
                          context: grpc.ServicerContext) -> pb.ScheduleInterviewResponse:
        """C districts' officials are interviewed; the written report falls due (Art. 10)."""
        interview = date_from_proto(request.interview_date, "interview_date")

        def work(session: Session) -> pb.ScheduleInterviewResponse:
            cycle = repository.cycle(session, year=request.year)
            code = _unit(session, cycle, request.district)
            domain.require_stage(cycle.year, cycle.stage, RESULTS_VISIBLE, "an interview")
            grade = self._grade_row(session, cycle, code)
            if grade.grade != "C":
                raise FailedPrecondition("only C districts are interviewed", [
                    PreconditionViolation("NOT_GRADE_C", code, f"grade is {grade.grade}")])
            policy = domain.policy_for(cycle.year, cycle.policy_version)
            row = repository.rectification(session, cycle_id=_cycle_id(cycle), unit_code=code)
            if row is not None and row.report_received_on is not None:
                raise FailedPrecondition("the rectification report is already in", [
                    PreconditionViolation("REPORT_RECEIVED", code, "cannot reschedule")])
            row = row or models.Rectification(cycle_id=_cycle_id(cycle), unit_code=code,
                                              interview_date=interview, report_due=interview,
                                              status="pending")
            row.interview_date = interview
            row.report_due = domain.rectification_due(policy, interview)
            session.add(row)
            self._rt.audit(session, action="interview", entity_type="rectification",
                           entity_id=f"{cycle.year}/{code}",
                           detail={"interview": interview, "report_due": row.report_due})
            return pb.ScheduleInterviewResponse(rectification=mapping.rectification_to_proto(
                row, self._rt.clock.today()))

        return self._rt.mutate(request, pb.ScheduleInterviewResponse, work)

    def _rectification(self, session: Session, year: int, district: str
                       ) -> tuple[models.Cycle, models.Rectification]:
        cycle = repository.cycle(session, year=year)
        code = _unit(session, cycle, district)
        row = repository.rectification(session, cycle_id=_cycle_id(cycle), unit_code=code)
        if row is None:
            raise NotFound("rectification", f"{year}/{code}")
        return cycle, row

    def RecordRectificationReport(self, request: pb.RecordRectificationReportRequest,  # noqa: N802
                                  context: grpc.ServicerContext
                                  ) -> pb.RecordRectificationReportResponse:
        received = optional_date_from_proto(request, "received_on", "received_on")

        def work(session: Session) -> pb.RecordRectificationReportResponse:
            cycle, row = self._rectification(session, request.year, request.district)
            if row.status != "pending":
                raise FailedPrecondition("the report was already received", [
                    PreconditionViolation("REPORT_RECEIVED", row.unit_code,
                                          f"status is {row.status.upper()}")])
            day = received or self._rt.clock.today()
            if day < row.interview_date:
                raise InvalidArgument("the report cannot precede the interview", [
                    FieldViolation("received_on", f"before the interview on "
                                   f"{row.interview_date.isoformat()}")])
            row.status, row.report_received_on = "submitted", day
            session.add(row)
            self._rt.audit(session, action="receive_report", entity_type="rectification",
                           entity_id=f"{cycle.year}/{row.unit_code}",
                           detail={"received_on": day, "on_time": day <= row.report_due})
            return pb.RecordRectificationReportResponse(
                rectification=mapping.rectification_to_proto(row, self._rt.clock.today()))

        return self._rt.mutate(request, pb.RecordRectificationReportResponse, work)

    def AcceptRectificationReport(self, request: pb.AcceptRectificationReportRequest,  # noqa: N802
                                  context: grpc.ServicerContext
                                  ) -> pb.AcceptRectificationReportResponse:
        def work(session: Session) -> pb.AcceptRectificationReportResponse:
            cycle, row = self._rectification(session, request.year, request.district)
            if row.status != "submitted":
                raise FailedPrecondition("only a received report can be accepted", [
                    PreconditionViolation("REPORT_NOT_RECEIVED", row.unit_code,
                                          f"status is {row.status.upper()}")])
            row.status = "accepted"
            session.add(row)
            self._rt.audit(session, action="accept_report", entity_type="rectification",
                           entity_id=f"{cycle.year}/{row.unit_code}")
            return pb.AcceptRectificationReportResponse(
                rectification=mapping.rectification_to_proto(row, self._rt.clock.today()))

        return self._rt.mutate(request, pb.AcceptRectificationReportResponse, work)

    def ListRectifications(self, request: pb.ListRectificationsRequest,  # noqa: N802
                           context: grpc.ServicerContext) -> pb.ListRectificationsResponse:
        principal = current_principal()
        today = self._rt.clock.today()
        with self._rt.read() as session:
            cycle_id = _cycle_id(repository.cycle(session, year=request.year)) \
                if request.year else None
            found = [mapping.rectification_to_proto(row, today)
                     for row in repository.rectifications(session, cycle_id=cycle_id)
                     if principal.may_act_for_district(row.unit_code)]
        return pb.ListRectificationsResponse(rectifications=[
            r for r in found if r.overdue or not request.overdue_only])

    def RecordFalsification(self, request: pb.RecordFalsificationRequest,  # noqa: N802
                            context: grpc.ServicerContext) -> pb.RecordFalsificationResponse:
        """Falsification that made results untrue is criticised by circular (Art. 11)."""
        circulated = date_from_proto(request.circulated_on, "circulated_on")
        if not request.description.strip():
            raise InvalidArgument("describe the falsification", [
                FieldViolation("description", "required")])

        def work(session: Session) -> pb.RecordFalsificationResponse:
            cycle = repository.cycle(session, year=request.year)
            code = _unit(session, cycle, request.district)
            domain.require_stage(cycle.year, cycle.stage, FALSIFICATION_STAGES,
                                 "recording falsification")
            scheme = _scheme_def(repository.scheme(session, version=cycle.scheme_version))
            for indicator_id in request.indicator_ids:
                scheme.indicator(indicator_id)
            row = models.Falsification(cycle_id=_cycle_id(cycle), unit_code=code,
                                       indicator_ids=mapping.join_ids(request.indicator_ids),
                                       description=request.description.strip(),
                                       circulated_on=circulated)
            session.add(row)
            session.flush()
            self._rt.audit(session, action="criticise", entity_type="falsification",
                           entity_id=str(row.id),
                           detail={"year": cycle.year, "district": code,
                                   "indicators": list(request.indicator_ids)})
            return pb.RecordFalsificationResponse(id=row.id or 0)

        return self._rt.mutate(request, pb.RecordFalsificationResponse, work)

    # --- reports --------------------------------------------------------------------------

    def GetDistrictHistory(self, request: pb.GetDistrictHistoryRequest,  # noqa: N802
                           context: grpc.ServicerContext) -> pb.GetDistrictHistoryResponse:
        principal = current_principal()
        years = []
        with self._rt.read() as session:
            history = repository.history(session, unit_code=request.district)
            if not history and not is_district(request.district):
                raise NotFound("district", request.district)
            require_district(principal, request.district)
            for cycle, grade, units in history:
                entry = pb.DistrictYear(year=cycle.year, units=units,
                                        stage=mapping.stage_to_proto(cycle.stage))
                if grade is not None and _sees_results(principal, cycle):
                    entry.MergeFrom(pb.DistrictYear(
                        score=domain.format_points(grade.score_cents), rank=grade.rank,
                        grade=mapping.grade_to_proto(grade.grade)))
                years.append(entry)
        return pb.GetDistrictHistoryResponse(district=request.district, years=years)


def _register(server: grpc.Server, runtime: ServiceRuntime | None) -> None:
    if runtime is None:
        raise ValueError("the wage assessment service needs its database")
    pb_grpc.add_WageAssessmentServiceServicer_to_server(WageAssessmentServicer(runtime), server)


_OFFICE = Access.of(Role.CITY_OFFICE)
#: Everyone concerned with the assessment reads it; LPG enterprises are not.
_READERS = Access.of(Role.CITY_OFFICE, Role.ASSESSOR, Role.DISTRICT_OFFICE, Role.OPERATOR)
_OFFICE_TEAMS = Access.of(Role.CITY_OFFICE, Role.ASSESSOR)

SERVICE = ServiceSpec(
    name=SERVICE_NAME,
    proto_service="cityscore.wage_assessment.v1.WageAssessmentService",
    access={
        "CreateScheme": _OFFICE, "ValidateScheme": _OFFICE_TEAMS, "PublishScheme": _OFFICE,
        "GetScheme": _READERS, "ListSchemes": _READERS,
        "CreateCycle": _OFFICE, "GetCycle": _READERS, "AdvanceStage": _OFFICE,
        "SubmitSelfCheck": Access.of(Role.DISTRICT_OFFICE, Role.CITY_OFFICE),
        "ImportSelfChecks": Access.of(Role.DISTRICT_OFFICE, Role.CITY_OFFICE),
        "RecordVerifications": _OFFICE_TEAMS, "GetDistrictAssessment": _READERS,
        "RecordIncident": _OFFICE_TEAMS, "ListIncidents": _READERS,
        "SetReviewFlag": _OFFICE_TEAMS, "GradeCycle": _OFFICE_TEAMS, "GetRanking": _READERS,
        "ReplayGrades": Access.of(Role.CITY_OFFICE, Role.ASSESSOR, Role.OPERATOR),
        "IssueCommendations": _OFFICE, "ScheduleInterview": _OFFICE,
        "RecordRectificationReport": _OFFICE, "AcceptRectificationReport": _OFFICE,
        "ListRectifications": _READERS, "RecordFalsification": _OFFICE,
        "GetDistrictHistory": _READERS,
    },
    register=_register,
    models_module="cityscore.services.wage_assessment.models",
)
