"""Protobuf ⇄ domain conversion for the wage-payment assessment.

Enum values map by name: ``STAGE_SELF_CHECK`` ⇄ ``"self_check"``; an unset enum is a field
violation, never a silent default.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

from google.protobuf.internal.enum_type_wrapper import EnumTypeWrapper

from cityscore.core.errors import FieldViolation, InvalidArgument, ViolationCollector
from cityscore.core.grpc.convert import date_to_proto
from cityscore.services.wage_assessment import domain, models
from cityscore.wage_assessment.v1 import wage_assessment_service_pb2 as pb


def enum_to_domain(wrapper: EnumTypeWrapper, prefix: str, value: int, field: str) -> str:
    """The domain name of a proto enum value; unset or unknown values are INVALID_ARGUMENT."""
    try:
        name = wrapper.Name(value)
    except ValueError:
        name = ""
    if not name or name.endswith("_UNSPECIFIED"):
        raise InvalidArgument(f"{field} is required", [FieldViolation(field, "must be set")])
    return name.removeprefix(prefix).lower()


def enum_to_proto(prefix: str, name: str) -> str:
    """The proto enum value name of a domain name; message constructors take names."""
    return f"{prefix}{name.upper()}"


def stage_to_proto(stage: str) -> str:
    return enum_to_proto("STAGE_", stage)


def grade_to_proto(grade: str) -> str:
    return enum_to_proto("GRADE_", grade)


# --- schemes ------------------------------------------------------------------------------


def scheme_from_proto(message: pb.Scheme) -> domain.SchemeDef:
    """A scheme as sent; rule types are checked here, everything else by the domain."""
    found = ViolationCollector()
    indicators = []
    for k, i in enumerate(message.indicators):
        rule_type = ""
        if i.rule_type in pb.RuleType.values() and i.rule_type != pb.RULE_TYPE_UNSPECIFIED:
            rule_type = pb.RuleType.Name(i.rule_type).removeprefix("RULE_TYPE_").lower()
        else:
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
        status=enum_to_proto("SCHEME_STATUS_", status),
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
        rule_type=enum_to_proto("RULE_TYPE_", i.rule_type),
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


def join_ids(ids: Sequence[str]) -> str:
    """Sub-point or indicator ids as stored in one text column (ids never contain ";")."""
    return ";".join(ids)


def split_ids(text: str) -> tuple[str, ...]:
    return tuple(text.split(";")) if text else ()


def stored_self_check(row: models.ItemValue) -> domain.ItemInput | None:
    if row.self_value is None:
        return None
    return domain.ItemInput(row.self_value, row.self_denominator,
                            split_ids(row.self_sub_points))


def stored_verified(row: models.ItemValue) -> domain.ItemInput | None:
    if not row.verified or row.verified_value is None:
        return None
    return domain.ItemInput(row.verified_value, row.verified_denominator,
                            split_ids(row.verified_sub_points))


def item_to_proto(indicator_id: str, item: domain.ItemInput, evidence: str = ""
                  ) -> pb.ItemValue:
    message = pb.ItemValue(indicator_id=indicator_id, value=item.value,
                           achieved_sub_points=list(item.sub_points), evidence=evidence)
    if item.denominator is not None:
        message.denominator = item.denominator
    return message


def self_check_status(code: str, row: models.SelfCheck | None) -> pb.SelfCheckStatus:
    if row is None:
        return pb.SelfCheckStatus(district=code)
    return pb.SelfCheckStatus(district=code, submitted=True, late=row.late,
                              submitted_on=date_to_proto(row.submitted_on),
                              revision=row.revision)


# --- incidents, grades, consequences ------------------------------------------------------


def incident_to_proto(row: models.Incident) -> pb.Incident:
    return pb.Incident(
        id=row.id or 0, district=row.unit_code, incident_date=date_to_proto(row.incident_date),
        kind=enum_to_proto("INCIDENT_KIND_", row.kind),
        people=row.people, government_project=row.government_project,
        serious_consequence=row.serious_consequence,
        source_agency=enum_to_proto("SOURCE_AGENCY_",
                                    row.source_agency),
        description=row.description)


def grade_to_result(row: models.Grade) -> pb.GradeResult:
    explanation: dict[str, Any] = json.loads(row.explanation)
    return pb.GradeResult(
        district=row.unit_code, score=domain.format_points(row.score_cents), rank=row.rank,
        grade=grade_to_proto(row.grade), decided_by=row.decided_by,
        rules=[pb.RuleOutcome(rule=r["rule"], inputs=r["inputs"], threshold=r["threshold"],
                              result=r["result"]) for r in explanation["rules"]],
        notes=explanation["notes"], input_digest=row.input_digest,
        rules_version=explanation["rules_version"])


def distribution_to_proto(counts: dict[str, int]) -> pb.GradeDistribution:
    return pb.GradeDistribution(a=counts.get("A", 0), b=counts.get("B", 0),
                                c=counts.get("C", 0))


def rectification_to_proto(row: models.Rectification, today: dt.date) -> pb.Rectification:
    """A C district's rectification; overdue once the due date has passed with no report."""
    message = pb.Rectification(
        district=row.unit_code, interview_date=date_to_proto(row.interview_date),
        report_due=date_to_proto(row.report_due),
        status=enum_to_proto("RECTIFICATION_STATUS_", row.status),
        overdue=row.report_received_on is None and today > row.report_due)
    if row.report_received_on is not None:
        message.report_received_on.CopyFrom(date_to_proto(row.report_received_on))
        message.on_time = row.report_received_on <= row.report_due
    return message
