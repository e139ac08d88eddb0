"""``cityscore equipment targets ...``: the elevator plan's 2020 targets, seven rates over the
register as it stood on a year's reference date, for a district or the city; stored reports,
their trend by year and their replay."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from cityscore.services.cli.common import (
    compared_results,
    request_id,
    show_date,
    show_replay,
    show_report,
)
from cityscore.services.cli.context import call, state
from cityscore.services.cli.equipment.shared import District, Year, rate_value, stub
from cityscore.services.cli.output import Chart, ChartKind, OutputFormat, ReportFile, note, render
from cityscore.special_equipment.v1 import special_equipment_service_pb2 as pb

targets_app = typer.Typer(no_args_is_help=True, help="The plan's 2020 targets.")


def _also(ctx: typer.Context, rows: list[dict[str, Any]], *, title: str, key: str,
          decimals: dict[str, int], columns: list[str] | None = None) -> None:
    """A command's second part: in its JSON document and as a second table, left out of
    ``-o csv`` (one table there)."""
    if state(ctx).output is not OutputFormat.CSV:
        render(rows, columns=columns, title=title, output=state(ctx).output, key=key,
               decimals=decimals)


def _rate_row(scope: str, r: pb.TargetRate) -> dict[str, Any]:
    return {"scope": scope, "target": r.target, "numerator": r.numerator,
            "denominator": r.denominator, "rate_percent": rate_value(r.rate_percent),
            "target_percent": rate_value(r.target_percent),
            "met": r.met if r.HasField("met") else None}


def _show_targets(ctx: typer.Context, report: pb.TargetReport, out: Path | None) -> None:
    """The report rate against target, one row per target: the scope's counts and rate and,
    in a city report, each district's rate beside it (the chart compares them); the
    districts' counts follow as their own part."""
    scope = report.district or "city"
    districts = {d.district: {r.target: r.rate_percent for r in d.rates}
                 for d in report.districts}
    rows = [{"target": r.target, "numerator": r.numerator, "denominator": r.denominator,
             "rate_percent": rate_value(r.rate_percent),
             "target_percent": rate_value(r.target_percent),
             "met": r.met if r.HasField("met") else None,
             **{d: rate_value(rates.get(r.target, "")) for d, rates in districts.items()},
             "description": r.description} for r in report.rates]
    note("report", {"report_id": report.report_id, "year": report.year, "scope": scope,
                    "reference_date": show_date(report.reference_date),
                    "rule_version": report.rule_version, "input_digest": report.input_digest,
                    "result_digest": report.result_digest})
    percent = ["rate_percent", "target_percent", *districts]
    show_report(ctx, rows, key="rates", out=out,
                title=f"2020 targets, {scope}, {report.year} (as of "
                      f"{show_date(report.reference_date)}, rules {report.rule_version}, "
                      f"report {report.report_id})",
                chart=Chart(f"2020 targets, {scope}, {report.year}: rate against target",
                            "target", percent, y_title="percent"),
                decimals=dict.fromkeys(percent, 2))
    if districts:
        _also(ctx, [_rate_row(d.district, r) for d in report.districts for r in d.rates],
              title="Districts", key="districts",
              decimals={"rate_percent": 2, "target_percent": 2})


def _trend_rows(trend: Any) -> tuple[list[dict[str, Any]], list[str]]:
    """One row per year, one column per target: its rate in the scope's report of the year."""
    targets = [t.target for t in trend]
    by_year: dict[int, dict[str, Any]] = {}
    for t in trend:
        for p in t.points:
            by_year.setdefault(p.year, {"year": p.year, **dict.fromkeys(targets)})[t.target] = \
                rate_value(p.rate_percent)
    return [by_year[year] for year in sorted(by_year)], targets


@targets_app.command("report")
def targets_report(ctx: typer.Context, year: Year, district: District = "",
                   out: ReportFile = None) -> None:
    """Compute and store the year's report for a district, or the city (city office)."""
    response = call(ctx, stub(ctx).ReportTargets, pb.ReportTargetsRequest(
        request_id=request_id(ctx), year=year, district=district))
    _show_targets(ctx, response.report, out)


@targets_app.command("show")
def targets_show(ctx: typer.Context, year: Year, district: District = "",
                 out: ReportFile = None) -> None:
    """The year's stored report and each target's trend by year (the trend as a workbook of
    its own: cityscore equipment targets trend)."""
    response = call(ctx, stub(ctx).GetTargetReport, pb.GetTargetReportRequest(
        year=year, district=district))
    _show_targets(ctx, response.report, out)
    rows, targets = _trend_rows(response.trend)
    _also(ctx, rows, columns=["year", *targets], title="Trend (percent)", key="trend",
          decimals=dict.fromkeys(targets, 2))


@targets_app.command("trend")
def targets_trend(ctx: typer.Context, year: Year, district: District = "",
                  out: ReportFile = None) -> None:
    """Each target's rate by year in the stored reports of a district or the city, up to the
    year's, with a line chart of the years."""
    response = call(ctx, stub(ctx).GetTargetReport, pb.GetTargetReportRequest(
        year=year, district=district))
    rows, targets = _trend_rows(response.trend)
    scope = response.report.district or "city"
    show_report(ctx, [r for r in rows if r["year"] <= year], columns=["year", *targets],
                title=f"2020 targets by year, {scope} (percent)", out=out, key="trend",
                chart=Chart(f"2020 targets by year, {scope}", "year", targets,
                            kind=ChartKind.LINE, y_title="percent"),
                decimals=dict.fromkeys(targets, 2))


@targets_app.command("replay")
def targets_replay(ctx: typer.Context, report_id: Annotated[int, typer.Argument()]) -> None:
    """Recompute a stored report and compare (exit 9 when it differs)."""
    show_replay(ctx, compared_results(call(ctx, stub(ctx).ReplayTargetReport,
                                           pb.ReplayTargetReportRequest(report_id=report_id))))


