"""Protobuf ⇄ domain conversion for the wage-payment assessment.

Enum values map by name (``STAGE_SELF_CHECK`` ⇄ ``"self_check"``) through the shared
``ProtoEnum``; an unset enum is a field violation, never a silent default.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, Protocol

from cityscore.core.errors import InvalidArgument, ViolationCollector
from cityscore.core.grpc.convert import ProtoEnum, date_to_proto, year_from_proto
from cityscore.services.wage_assessment import domain, models
from cityscore.wage_assessment.v1 import wage_assessment_service_pb2 as pb

STAGE = ProtoEnum(pb.Stage, "STAGE_")
GRADE = ProtoEnum(pb.Grade, "GRADE_", lower=False)
RULE_TYPE = ProtoEnum(pb.RuleType, "RULE_TYPE_")
SCHEME_STATUS = ProtoEnum(pb.SchemeStatus, "SCHEME_STATUS_")
VERIFICATION_METHOD = ProtoEnum(pb.VerificationMethod, "VERIFICATION_METHOD_")
INCIDENT_KIND = ProtoEnum(pb.IncidentKind, "INCIDENT_KIND_")
SOURCE_AGENCY = ProtoEnum(pb.SourceAgency, "SOURCE_AGENCY_")
REVIEW_FLAG = ProtoEnum(pb.ReviewFlag, "REVIEW_FLAG_")
RECTIFICATION_STATUS = ProtoEnum(pb.RectificationStatus, "RECTIFICATION_STATUS_")
RECORD_KIND = ProtoEnum(pb.RecordKind, "RECORD_KIND_")
RESULT_ACTION_KIND = ProtoEnum(pb.ResultActionKind, "RESULT_ACTION_KIND_")


# --- schemes ------------------------------------------------------------------------------


def scheme_from_proto(message: pb.Scheme) -> domain.SchemeDef:
    """A scheme as sent; rule types are checked here, everything else by the domain."""
    found = ViolationCollector()
    try:
        year_from_proto(message.year, "scheme.year")
    except InvalidArgument as error:
        found.violations.extend(error.violations)
    indicators = []
    for k, i in enumerate(message.indicators):
        rule_type = RULE_TYPE.name_or(i.rule_type, "")
        if not rule_type:
            found.add(f"scheme.indicators[{k}].rule_type", "must be set")
        if rule_type == "ratio_threshold" and i.ratio_mode == pb.RATIO_MODE_UNSPECIFIED:
            found.add(f"scheme.indicators[{k}].ratio_mode", "must be set for a ratio threshold")
        indicators.append(domain.IndicatorDef(
            id=i.id, category=i.category, name=i.name, max_points=i.max_points,
            rule_type=rule_type, sub_points=tuple((s.id, s.points) for s in i.sub_points),
            step=i.step, threshold=i.threshold,
            proportional=i.ratio_mode == pb.RATIO_MODE_PROPORTIONAL,
            ladder=tuple((s.min_ratio, s.points) for s in i.ladder),
            vacuous_full=i.vacuous_full, verified_on_site=i.verified_on_site))
    found.raise_if_any("the scheme has invalid fields")
    return domain.SchemeDef(
        version=message.version, year=message.year, title=message.title,
        categories=tuple(domain.CategoryDef(c.code, c.name, c.max_points)
                         for c in message.categories),
        indicators=tuple(indicators))


def scheme_to_proto(scheme: domain.SchemeDef, status: str, *,
                    with_indicators: bool = True) -> pb.Scheme:
    message = pb.Scheme(
        version=scheme.version, year=scheme.year, title=scheme.title,
        categories=[pb.Category(code=c.code, name=c.name, max_points=c.max_points)
                    for c in scheme.categories],
        status=SCHEME_STATUS.label(status),
        digest=scheme.digest)
    if with_indicators:
        message.indicators.extend(_indicator_to_proto(i) for i in scheme.indicators)
    return message


def _indicator_to_proto(i: domain.IndicatorDef) -> pb.Indicator:
    mode = pb.RATIO_MODE_UNSPECIFIED
    if i.rule_type == "ratio_threshold":
        mode = pb.RATIO_MODE_PROPORTIONAL if i.proportional else pb.RATIO_MODE_ALL_OR_NOTHING
    return pb.Indicator(
        id=i.id, category=i.category, name=i.name, max_points=i.max_points,
        rule_type=RULE_TYPE.label(i.rule_type),
        sub_points=[pb.SubPoint(id=s, points=p) for s, p in i.sub_points], step=i.step,
        threshold=i.threshold, ratio_mode=mode,
        ladder=[pb.LadderStep(min_ratio=r, points=p) for r, p in i.ladder],
        vacuous_full=i.vacuous_full, verified_on_site=i.verified_on_site)


# --- item values --------------------------------------------------------------------------


def item_from_proto(message: pb.ItemValue) -> domain.ItemInput:
    return domain.ItemInput(
        value=message.value,
        denominator=message.denominator if message.HasField("denominator") else None,
        sub_points=tuple(message.achieved_sub_points))


def item_to_proto(indicator_id: str, item: domain.ItemInput, evidence: str = ""
                  ) -> pb.ItemValue:
    message = pb.ItemValue(indicator_id=indicator_id, value=item.value,
                           achieved_sub_points=list(item.sub_points), evidence=evidence)
    if item.denominator is not None:
        message.denominator = item.denominator
    return message


class SelfCheckFields(Protocol):
    """What a unit's status shows of its self-check report: a stored report, or a row of
    ``queries.UnitStatus`` (whose ``submitted_on`` is None when no report is in)."""

    @property
    def submitted_on(self) -> dt.date | None: ...
    @property
    def late(self) -> bool: ...
    @property
    def revision(self) -> int: ...


def self_check_status(code: str, row: SelfCheckFields | None) -> pb.SelfCheckStatus:
    if row is None or row.submitted_on is None:
        return pb.SelfCheckStatus(district=code)
    return pb.SelfCheckStatus(district=code, submitted=True, late=row.late,
                              submitted_on=date_to_proto(row.submitted_on),
                              revision=row.revision)


# --- incidents, grades, consequences ------------------------------------------------------


def review_flag_label(name: str) -> str | None:
    """The 2018 enum label of a flag, or None for a flag only a later version reads."""
    return REVIEW_FLAG.label(name) if name in REVIEW_FLAG.names else None


def incident_to_proto(row: models.Incident) -> pb.Incident:
    return pb.Incident(
        id=row.id or 0, district=row.unit_code, incident_date=date_to_proto(row.incident_date),
        kind=INCIDENT_KIND.label(row.kind),
        people=row.people, government_project=row.government_project,
        serious_consequence=row.serious_consequence,
        source_agency=SOURCE_AGENCY.label(row.source_agency),
        description=row.description, withdrawn=row.withdrawn)


def incident_document(row: models.Incident) -> dict[str, Any]:
    """An incident's values as kept in its history."""
    return {"district": row.unit_code, "incident_date": row.incident_date.isoformat(),
            "kind": row.kind, "people": row.people,
            "government_project": row.government_project,
            "serious_consequence": row.serious_consequence,
            "source_agency": row.source_agency, "description": row.description,
            "withdrawn": row.withdrawn}


def self_check_document(row: models.ItemValue) -> dict[str, Any]:
    return {"value": row.self_value, "denominator": row.self_denominator,
            "sub_points": row.self_sub_points, "evidence": row.evidence}


def verification_document(row: models.ItemValue) -> dict[str, Any]:
    return {"verified": row.verified, "value": row.verified_value,
            "denominator": row.verified_denominator, "sub_points": row.verified_sub_points,
            "method": row.method, "team": row.team, "note": row.note,
            "possible_falsification": row.possible_falsification}


def flag_document(row: models.ReviewFlag) -> dict[str, Any]:
    return {"value": row.value, "reason": row.reason, "set_by": row.set_by,
            "withdrawn": row.withdrawn}


def correction_to_proto(row: models.Correction, year: int) -> pb.Correction:
    message = pb.Correction(
        id=row.id or 0, year=year, kind=RECORD_KIND.label(row.kind), district=row.unit_code,
        record=row.record, action=row.action, before=row.before, after=row.after,
        reason=row.reason, corrected_by=row.corrected_by)
    message.corrected_at.FromDatetime(row.corrected_at)
    return message


def result_action_to_proto(row: models.ResultAction) -> pb.ResultAction:
    return pb.ResultAction(
        id=row.id or 0, kind=RESULT_ACTION_KIND.label(row.kind), district=row.unit_code,
        action_date=date_to_proto(row.action_date), reference=row.reference,
        recipient=row.recipient, description=row.description, recorded_by=row.recorded_by)


def grade_to_result(row: models.Grade) -> pb.GradeResult:
    explanation: dict[str, Any] = json.loads(row.explanation)
    return pb.GradeResult(
        district=row.unit_code, score=domain.format_points(row.score_cents), rank=row.rank,
        grade=GRADE.label(row.grade), decided_by=row.decided_by,
        rules=[pb.RuleOutcome(rule=r["rule"], inputs=r["inputs"], threshold=r["threshold"],
                              result=r["result"], text=r.get("text", ""))
               for r in explanation["rules"]],
        notes=explanation["notes"], input_digest=row.input_digest,
        rules_version=explanation["rules_version"])


def distribution_to_proto(counts: dict[str, int]) -> pb.GradeDistribution:
    return pb.GradeDistribution(a=counts.get("A", 0), b=counts.get("B", 0),
                                c=counts.get("C", 0))


def rectification_to_proto(row: models.Rectification, today: dt.date, year: int
                           ) -> pb.Rectification:
    """A C district's rectification: the report overdue once its due date has passed with no
    report; the rectification overdue once its deadline has passed uncompleted (Art. 10)."""
    message = pb.Rectification(
        district=row.unit_code, year=year, interview_date=date_to_proto(row.interview_date),
        report_due=date_to_proto(row.report_due),
        status=RECTIFICATION_STATUS.label(row.status),
        overdue=row.report_received_on is None and today > row.report_due,
        rectification_overdue=domain.rectification_overdue(
            row.rectification_deadline, row.completed_on, today))
    if row.report_received_on is not None:
        message.report_received_on.CopyFrom(date_to_proto(row.report_received_on))
        message.on_time = row.report_received_on <= row.report_due
    if row.rectification_deadline is not None:
        message.rectification_deadline.CopyFrom(date_to_proto(row.rectification_deadline))
    if row.completed_on is not None:
        message.completed_on.CopyFrom(date_to_proto(row.completed_on))
        message.completed_on_time = row.rectification_deadline is not None and \
            row.completed_on <= row.rectification_deadline
    return message


def interview_pending_to_proto(year: int, code: str) -> pb.Rectification:
    """A C district of an approved year whose interview is not yet recorded (Art. 10)."""
    return pb.Rectification(district=code, year=year,
                            status=pb.RECTIFICATION_STATUS_INTERVIEW_PENDING)


def falsification_to_proto(row: models.Falsification) -> pb.Falsification:
    return pb.Falsification(
        id=row.id or 0, district=row.unit_code,
        indicator_ids=row.indicator_ids.split(";") if row.indicator_ids else [],
        description=row.description, circulated_on=date_to_proto(row.circulated_on))
