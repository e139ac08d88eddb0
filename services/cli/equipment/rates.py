"""``cityscore equipment rate ...``: the year's special-equipment safety figures and deaths per
10,000 units, official and computed, against the year's ceiling."""

from __future__ import annotations

from typing import Annotated

import typer

from cityscore.services.cli.common import request_id, show_report
from cityscore.services.cli.context import call, state
from cityscore.services.cli.equipment.shared import Year, rate_value, stub
from cityscore.services.cli.output import ReportFile, note, render_record
from cityscore.special_equipment.v1 import special_equipment_service_pb2 as pb

rate_app = typer.Typer(no_args_is_help=True, help="Deaths per 10,000 units.")


@rate_app.command("record")
def rate_record(
    ctx: typer.Context, year: Year,
    units: Annotated[int, typer.Option(help="Registered units in use.")],
    deaths: Annotated[int, typer.Option(help="Deaths.")],
    official: Annotated[str, typer.Option(help="Official deaths per 10,000 units, e.g. 0.40.")],
    source: Annotated[str, typer.Option(help="The document the figures come from.")],
    accidents: Annotated[int, typer.Option(help="Accidents.")] = 0,
    injuries: Annotated[int, typer.Option(help="Injuries.")] = 0,
    period: Annotated[str, typer.Option(help="Period the deaths were counted over.")] = "",
    official_source: Annotated[str, typer.Option(help="Source of the official figure.")] = "",
    official_denominator: Annotated[int, typer.Option(
        help="Units behind the official figure, if published.")] = 0,
    official_period: Annotated[str, typer.Option(
        help="Period of the official figure, if published.")] = "",
    reason: Annotated[str, typer.Option(
        help="Why the year's figures are replaced (required when the year is recorded).")
    ] = "",
) -> None:
    """Record a year's special-equipment safety figures."""
    response = call(ctx, stub(ctx).RecordSafetyFigures, pb.RecordSafetyFiguresRequest(
        request_id=request_id(ctx), reason=reason, figures=pb.SafetyFigures(
            year=year, registered_units=units, accidents=accidents, deaths=deaths,
            injuries=injuries, period=period, source=source, official_rate=official,
            official_source=official_source, official_denominator=official_denominator,
            official_period=official_period)))
    render_record({"year": response.figures.year, "version": response.version},
                  title="Safety figures", output=state(ctx).output)


@rate_app.command("show")
def rate_show(ctx: typer.Context, year: Year, out: ReportFile = None) -> None:
    """Official and computed deaths per 10,000 units against the ceiling."""
    r = call(ctx, stub(ctx).GetSafetyRate, pb.GetSafetyRateRequest(year=year))
    note("assessment", {"year": year, "ceiling": rate_value(r.ceiling),
                        "ceiling_source": r.ceiling_source,
                        "difference": rate_value(r.difference), "assessed_on": r.assessed_on,
                        "met": r.met, "implied_units": r.implied_units,
                        "rule_version": r.rule_version})
    show_report(ctx, [{"figure": name, "rate": rate_value(f.rate), "display": f.display,
                       "numerator": f.numerator, "denominator": f.denominator or None,
                       "period": f.period, "source": f.source,
                       "within_ceiling": f.within_ceiling}
                      for name, f in (("official", r.official), ("computed", r.computed))],
                key="figures", out=out, decimals={"rate": 4},
                title=f"Deaths per 10,000 units, {year}: ceiling {r.ceiling} (inclusive), "
                      f"difference {r.difference}, assessed on the {r.assessed_on} figure: "
                      f"{'met' if r.met else 'not met'}; the official figure implies "
                      f"{r.implied_units} units")


