"""Special-equipment safety: a year's figures, and deaths per 10,000 units against the
assigned ceiling with the official and the computed figure side by side."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session

from cityscore.core.errors import FieldViolation, InvalidArgument, NotFound
from cityscore.core.grpc.convert import year_from_proto
from cityscore.core.grpc.rpc import rpc
from cityscore.services.special_equipment import domain, mapping, models, repository
from cityscore.services.special_equipment.rpc import EquipmentCall
from cityscore.services.special_equipment.rpc.common import CITY, READERS
from cityscore.special_equipment.v1 import special_equipment_service_pb2 as pb


@rpc(access=CITY, writes=True)
def record_safety_figures(request: pb.RecordSafetyFiguresRequest, call: EquipmentCall,
                          session: Session) -> pb.RecordSafetyFiguresResponse:
    """A year's figures; recording the year again keeps the earlier version and needs the
    reason of the correction."""
    f = request.figures
    year = year_from_proto(f.year, "figures.year")
    figures = domain.Figures(year, f.registered_units, f.accidents, f.deaths, f.injuries,
                             f.period.strip(), f.source.strip(), f.official_rate.strip(),
                             f.official_source.strip(), f.official_denominator,
                             f.official_period.strip())
    problems = [FieldViolation(path, text) for path, text in domain.figure_problems(figures)]
    earlier = repository.safety_figures(session, year=year)
    if earlier is not None and not request.reason.strip():
        problems.append(FieldViolation("reason", f"is required: {year} is already recorded"))
    if problems:
        raise InvalidArgument("the figures are incomplete or wrong", problems)
    version = (earlier.version if earlier else 0) + 1
    row = repository.add(session, row=models.SafetyFigures(
        year=year, version=version, registered_units=figures.registered_units,
        accidents=figures.accidents, deaths=figures.deaths, injuries=figures.injuries,
        period=figures.period, source=figures.source, official_rate=figures.official_rate,
        official_source=figures.official_source,
        official_denominator=figures.official_denominator,
        official_period=figures.official_period, reason=request.reason.strip(),
        recorded_on=call.today()))
    call.audit(session, action="record", entity_type="safety_figures", entity_id=str(year),
               detail={"version": version, "reason": request.reason.strip()})
    return pb.RecordSafetyFiguresResponse(figures=mapping.figures_to_proto(row),
                                          version=version)


def _figure(figure: domain.safety.Figure, rate: str, display: str, within: bool
            ) -> pb.RateFigure:
    return pb.RateFigure(rate=rate, display=display, numerator=figure.numerator,
                         denominator=figure.denominator, period=figure.period,
                         source=figure.source, within_ceiling=within)


@rpc(access=READERS)
def get_safety_rate(request: pb.GetSafetyRateRequest, call: EquipmentCall, session: Session
                    ) -> pb.GetSafetyRateResponse:
    """Deaths per 10,000 units, official and computed, under the rules in force at the end of
    the year; a year with no assigned ceiling is INVALID_ARGUMENT naming the years that have
    one."""
    year = year_from_proto(request.year)
    row = repository.safety_figures(session, year=year)
    if row is None:
        raise NotFound("safety figures", str(year))
    rules = domain.safety_rules(domain.version_on("safety", dt.date(year, 12, 31)))
    a = domain.assess(rules, mapping.figures_from_row(row))
    if a.ceiling is None:
        raise InvalidArgument(f"no ceiling is assigned for {year}", [FieldViolation(
            "year", f"the rules {rules.version} assign ceilings for "
                    f"{', '.join(str(y) for y in sorted(rules.ceilings))}")])
    return pb.GetSafetyRateResponse(
        figures=mapping.figures_to_proto(row),
        official=_figure(a.official, a.rate_text[0], a.display_text[0], a.within[0]),
        computed=_figure(a.computed, a.rate_text[1], a.display_text[1], a.within[1]),
        difference=a.difference, ceiling=a.ceiling.ceiling, ceiling_source=a.ceiling.source,
        assessed_on=rules.assessed_on, met=a.met, implied_units=a.implied_units,
        rule_version=rules.version)
