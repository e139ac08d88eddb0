"""The plan's 2020 targets: a year's report for a district or the city, stored with its
counts and rule version, read back with its trend, and replayed."""

from __future__ import annotations

import datetime as dt
import json

from sqlmodel import Session

from cityscore.core.errors import FieldViolation, InvalidArgument, NotFound
from cityscore.core.grpc.convert import year_from_proto
from cityscore.core.grpc.rpc import STORED_ROWS, district_field, rpc
from cityscore.services.special_equipment import domain, mapping, models, queries, repository
from cityscore.services.special_equipment.rpc import EquipmentCall
from cityscore.services.special_equipment.rpc.common import AUTHORITY, READERS
from cityscore.special_equipment.v1 import special_equipment_service_pb2 as pb


def _rules_of_year(year: int, today: dt.date) -> domain.TargetRules:
    """The target rules in force at the end of ``year``; a year before the first version
    takes effect, or after this one, is INVALID_ARGUMENT."""
    version = domain.version_covering("targets", dt.date(year, 12, 31))
    if version is None or year > today.year:
        raise InvalidArgument("no target rules cover the year", [FieldViolation(
            "year", f"from the first year the target rules cover to {today.year}")])
    return domain.target_rules(version)


def _counted(session: Session, rules: domain.TargetRules, district: str,
             reference: dt.date) -> tuple[str, domain.Counts]:
    """The input digest and counts of the register as it stood on ``reference``."""
    facts = queries.target_facts(session, district=district, on=reference)
    return domain.facts_digest(facts), domain.count(rules, reference, facts)


@rpc(access=AUTHORITY, scope=district_field("district"), writes=True)
def report_targets(request: pb.ReportTargetsRequest, call: EquipmentCall, session: Session
                   ) -> pb.ReportTargetsResponse:
    """Count every target over the register as it stood on the year's reference date (the
    rules' register day, 31 December, or today within the year) under the target rules in
    force at the year's end, and store the report. A city report (no district) is the city
    office's: the district offices' scope rule refuses an empty district for a write."""
    year = year_from_proto(request.year)
    rules = _rules_of_year(year, call.today())
    reference = domain.reference_date(rules, year, call.today())
    digest, counts = _counted(session, rules, request.district, reference)
    outcome = domain.evaluate(rules.version, request.district, counts)
    row = repository.add(session, row=models.TargetReport(
        year=year, district=request.district, reference_date=reference,
        rule_version=rules.version, input_digest=digest, result_digest=outcome.result_digest,
        counts=json.dumps(counts, sort_keys=True), made_on=call.today()))
    call.audit(session, action="report", entity_type="target_report", entity_id=str(row.id),
               detail={"year": year, "district": request.district,
                       "result_digest": outcome.result_digest})
    call.after_commit(call.deps.metrics.reports.labels(
        "district" if request.district else "city").inc)
    return pb.ReportTargetsResponse(report=mapping.report_to_proto(row, outcome))


def _outcome(row: models.TargetReport) -> domain.Outcome:
    return domain.evaluate(row.rule_version, row.district, json.loads(row.counts))


@rpc(access=READERS, scope=district_field("district"))
def get_target_report(request: pb.GetTargetReportRequest, call: EquipmentCall,
                      session: Session) -> pb.GetTargetReportResponse:
    """The year's latest report of the scope, and each target's rate in the scope's reports
    of every year (a district office reads its own district's)."""
    year = year_from_proto(request.year)
    district = call.own_district(request.district)
    row = repository.latest_report(session, year=year, district=district)
    if row is None:
        raise NotFound("target report", f"{year} {district or 'city'}")
    trend: dict[str, list[pb.TrendPoint]] = {}
    for earlier in repository.reports_of(session, district=district):
        for rate in _outcome(earlier).rates:
            trend.setdefault(rate.target.code, []).append(
                pb.TrendPoint(year=earlier.year, rate_percent=rate.rate_percent))
    return pb.GetTargetReportResponse(
        report=mapping.report_to_proto(row, _outcome(row)),
        trend=[pb.TargetTrend(target=code, points=points) for code, points in trend.items()])


@rpc(access=READERS, scope=STORED_ROWS)
def replay_target_report(request: pb.ReplayTargetReportRequest, call: EquipmentCall,
                         session: Session) -> pb.ReplayTargetReportResponse:
    """Read the register again as it stood on the report's reference date, count it under
    the stored rule version, and compare the input digest, the counts and the rates with
    the stored ones; each that differs is named."""
    row = repository.get(session, model=models.TargetReport, key=request.report_id)
    if row is None or (row.district and not call.principal.may_act_for_district(row.district)):
        raise NotFound("target report", str(request.report_id))
    assert isinstance(row, models.TargetReport)
    rules = domain.target_rules(row.rule_version)
    digest, counts = _counted(session, rules, row.district, row.reference_date)
    outcome = domain.evaluate(rules.version, row.district, counts)
    differences = [name for name, same in (
        ("input_digest", digest == row.input_digest),
        ("counts", counts == json.loads(row.counts)),
        ("rates", outcome.result_digest == row.result_digest)) if not same]
    return pb.ReplayTargetReportResponse(
        matches=not differences, stored_result_digest=row.result_digest,
        replayed_result_digest=outcome.result_digest, differences=differences)
