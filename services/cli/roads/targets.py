"""The "Four Good Rural Roads" targets T1-T17 of a district or the city: the year's report
with each target's trend, the years since a given one side by side (a workbook with a chart
to send up), a year closed and a closed year replayed."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from cityscore.rural_roads.v1 import rural_roads_service_pb2 as pb
from cityscore.services.cli import operations
from cityscore.services.cli.common import enum_label, request_id, show_replay
from cityscore.services.cli.context import call, state, stderr
from cityscore.services.cli.output import (
    Chart,
    ChartKind,
    OutputFormat,
    ReportFile,
    export_rows,
    render,
)
from cityscore.services.cli.output import (
    raw as raw_value,
)
from cityscore.services.cli.roads.shared import District, Year, app, number, stub
from cityscore.services.cli.xlsx import write_workbook

STATUS_MARKS = {pb.TARGET_STATUS_PASS: "✔ pass", pb.TARGET_STATUS_FAIL: "✘ FAIL",
                pb.TARGET_STATUS_IN_PROGRESS: "… in progress",
                pb.TARGET_STATUS_NO_DATA: "? no data",
                pb.TARGET_STATUS_NOT_ASSESSED: "– not assessed"}
TREND_NAMES = {v: n.removeprefix("TREND_").lower().replace("_", " ")
               for n, v in pb.Trend.items()}


def _shown(t: pb.TargetResult) -> dict[str, Any]:
    """A target as people read it in a table ("✘ FAIL", "80 in post")."""
    return {"target": t.code, "indicator": t.indicator, "value": t.display_value,
            "threshold": t.threshold, "status": STATUS_MARKS.get(t.status, ""),
            "trend": TREND_NAMES.get(t.trend, ""), "note": t.note}


def _raw(t: pb.TargetResult) -> dict[str, Any]:
    """A target with raw values (numbers, shares as fractions, status and trend names)."""
    return {"target": t.code, "indicator": t.indicator, "clause": t.clause,
            "value": number(t.value), "threshold": t.threshold,
            "status": enum_label(pb.TargetStatus, "TARGET_STATUS_", t.status),
            "trend": enum_label(pb.Trend, "TREND_", t.trend),
            "previous_value": number(t.previous_value), "note": t.note}


def _is_share(t: pb.TargetResult) -> bool:
    """Whether the target's value is a share (its threshold is a percentage)."""
    return "%" in t.threshold


def _trend(reports: list[pb.GetTargetReportResponse]) -> list[dict[str, Any]]:
    """One row per year: its failing count and each target's raw value."""
    return [{"year": r.year, "failing": r.failing, "closed": r.closed,
             **{t.code: number(t.value) for t in r.targets}} for r in reports]


def _trend_shown(reports: list[pb.GetTargetReportResponse]) -> list[dict[str, Any]]:
    """The years side by side for people: one row per target, its value as shown each year."""
    shown: dict[str, dict[str, Any]] = {}
    for report in reports:
        for t in report.targets:
            shown.setdefault(t.code, {"target": t.code})[str(report.year)] = t.display_value
    return list(shown.values())


def _write(out: Path, year: int, since: int, rows: list[dict[str, Any]],
           trend: list[dict[str, Any]], shares: list[str], where: str) -> None:
    """The report to send up: a workbook of the years side by side with a line chart of the
    share targets, the year's report on its second sheet; or, as CSV, the year's report."""
    title = f"targets {year} {where}"
    if out.suffix.lower() != ".xlsx":
        export_rows(out, rows, title=title)
        return
    columns = list(trend[0])
    chart = Chart(f"Four Good Rural Roads targets {since}-{year}, {where}", "year", shares,
                  kind=ChartKind.LINE, y_title="share") if shares else None
    try:
        write_workbook(out, columns, trend, title=f"trend {since}-{year}", chart=chart,
                       notes={title: (list(rows[0]), [[raw_value(row[c]) for c in row]
                                                      for row in rows])})
    except OSError as error:
        raise typer.BadParameter(f"cannot write {out}: {error.strerror}") from None


@app.command("targets")
def target_report(
    ctx: typer.Context, year: Year, district: District = "",
    since: Annotated[int | None, typer.Option(help=(
        "Also show each target's value in every year from this one on, the years side by "
        "side (JSON: under trend; -o csv prints the year's report alone)."),
        show_default=False)] = None,
    out: ReportFile = None,
) -> None:
    """Targets T1-T17 for a district (or the city) with pass/fail and the trend; a closed
    year shows its stored report. With --out report.xlsx: the years side by side with a chart
    of the share targets, and the year's report on a second sheet."""
    first = year if since is None else since
    if first > year:
        raise typer.BadParameter(f"{first} is after the year {year}", param_hint="--since")
    reports = [call(ctx, stub(ctx).GetTargetReport, pb.GetTargetReportRequest(
        year=y, district=district)) for y in range(first, year + 1)]
    response = reports[-1]
    where = response.district or "city"
    rows = [_raw(t) for t in response.targets]
    trend = _trend(reports)
    if out is not None:
        _write(out, year, first, rows, trend,
               [t.code for t in response.targets if _is_share(t)], where)
        stderr.print(f"wrote the {where}'s targets {first}-{year} to {out}", highlight=False)
    output = state(ctx).output
    held = " (closed, stored report)" if response.closed else ""
    title = (f"Four Good Rural Roads targets {year} — {where}: {response.failing} failing"
             f"{held}")
    shown = [_shown(t) for t in response.targets] if output is OutputFormat.TABLE else rows
    render(shown, title=title, output=output, key="targets")
    if since is None:
        return
    if output is OutputFormat.TABLE:
        render(_trend_shown(reports), title=f"By year, {first}-{year}", output=output)
    elif output is OutputFormat.JSON:
        render(trend, output=output, key="trend")


@app.command("close-year")
def close_year(ctx: typer.Context, year: Year, no_wait: operations.NoWait = False) -> None:
    """Close a year that has ended: store the city's and every district's target report;
    the register then changes only from the next year on (city office). The server runs it
    as an operation, waited for with a progress bar."""
    response = operations.start(
        ctx, stub(ctx).StartCloseTargetYear, pb.StartCloseTargetYearRequest(
            request_id=request_id(ctx, "close-year"), year=year), pb.CloseTargetYearResponse,
        label=f"closing target year {year}", no_wait=no_wait)
    if response is None:
        return
    render([{"district": r.district or "city", "failing": r.failing,
             "input_digest": r.input_digest} for r in response.reports],
           title=f"Target year {response.year} closed ({response.rule_version})",
           output=state(ctx).output)


@app.command("replay-targets")
def replay_targets(ctx: typer.Context, year: Year, district: District = "") -> None:
    """Recompute a closed year's target report from the register as it stood for the year
    and compare it bit for bit with the stored one; exits 9 with the differences when it
    does not reproduce it."""
    response = call(ctx, stub(ctx).ReplayTargets, pb.ReplayTargetsRequest(
        year=year, district=district))
    show_replay(ctx, {"matches": response.matches, "rule_version": response.rule_version,
                      "stored_input_digest": response.stored_input_digest,
                      "recomputed_input_digest": response.recomputed_input_digest,
                      "differences": list(response.differences)}, title="Target replay")
