"""``cityscore blood progress|table|show|list|replay|export``: what the year's allocations and
collections show: progress against the quotas, the table in force, one allocation, the saved
ones, a replay of one, and the reports written to files."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Annotated, Any

import typer

from cityscore.blood_quota.v1 import blood_quota_service_pb2 as pb
from cityscore.services.cli.blood.allocations import (
    TABLE,
    allocation_rows,
    show_allocation,
    summary_record,
)
from cityscore.services.cli.blood.shared import CHANNEL, Year, app, channel_name, row_kind, stub
from cityscore.services.cli.common import optional_date, show_date, show_replay, show_report
from cityscore.services.cli.context import call, state, stderr
from cityscore.services.cli.output import (
    Chart,
    OutputFormat,
    ReportFile,
    export_rows,
    note,
    render,
    render_record,
    warn,
)


def _progress_row(row: pb.ProgressRow) -> dict[str, Any]:
    by_channel = {channel_name(c.channel): c.volume_ml // 200 for c in row.channels}
    return {"code": row.code, "quota_units": row.quota_units,
            "collected_units": round(row.collected_units, 1),
            "progress_%": round(100 * row.progress_ratio, 2),
            "400ml_%": round(100 * row.share_400ml, 1),
            "drill_units": row.drill_ml / 200,
            "drill_met": "" if not row.drill_min_units else "yes" if row.drill_min_met else "no",
            "projected_units": round(row.projected_units),
            **{f"{name}_units": by_channel.get(name, 0)
               for name in CHANNEL.allowed if name != "drill"},
            "platelet_donations": row.platelets.donations,
            "platelet_doses": row.platelets.therapeutic_doses,
            "platelet_units": round(row.platelets.units, 1)}


def _line_name(line: pb.ChannelProgress) -> str:
    """A target line's channel, with the channels it counts when it counts several (the group
    line counts university collections too)."""
    counted = [channel_name(c) for c in line.counted_channels]
    name = channel_name(line.channel)
    return f"{name} ({'+'.join(counted)})" if len(counted) > 1 else name


def _progress(ctx: typer.Context, year: int, district: str, as_of: str) -> list[dict[str, Any]]:
    """The progress rows (the city's last when no district is asked for); the date, the table
    in force, the city's target lines and platelets go into the JSON document as well."""
    response = call(ctx, stub(ctx).GetProgress, pb.GetProgressRequest(
        year=year, district=district, as_of=optional_date(as_of, "--as-of")))
    stderr.print(f"as of {show_date(response.as_of)}, allocation "
                 f"{response.allocation_id}", highlight=False)
    note("as_of", show_date(response.as_of))
    note("allocation_id", response.allocation_id)
    rows = [_progress_row(r) for r in response.rows]
    if not district:
        rows.append(_progress_row(response.city))
        lines = [{"line": _line_name(c), "collected_units": c.volume_ml / 200,
                  "target_units": c.target_units}
                 for c in response.city.channels if c.target_units]
        note("city_targets", lines)
        stderr.print("city against the plan: " + "; ".join(
            f"{line['line']} {line['collected_units']:,.0f} of {line['target_units']:,} units"
            for line in lines), highlight=False)
    platelets = response.city.platelets if not district else (
        response.rows[0].platelets if response.rows else pb.PlateletProgress())
    if platelets.donations:
        conversion = (f"{response.platelet_units_per_dose} units per dose "
                      f"({response.platelet_conversion_source})"
                      if response.platelet_units_per_dose else "no conversion in the plan")
        note("platelets", {"donations": platelets.donations,
                           "therapeutic_doses": platelets.therapeutic_doses,
                           "units": platelets.units,
                           "units_per_dose": response.platelet_units_per_dose,
                           "counted": response.platelets_counted})
        stderr.print(f"platelets: {platelets.donations:,} donations, "
                     f"{platelets.therapeutic_doses:,} therapeutic doses = "
                     f"{platelets.units:,.1f} units at {conversion}; "
                     + ("counted toward the targets" if response.platelets_counted
                        else "reported, not counted toward the targets"), highlight=False)
    return rows


def _progress_chart(year: int) -> Chart:
    return Chart(f"Progress {year}", "code", ["progress_%"], y_title="% of quota collected")


@app.command()
def progress(
    ctx: typer.Context, year: Year,
    district: Annotated[str, typer.Option(help="Only this district.")] = "",
    as_of: Annotated[str, typer.Option(help="YYYY-MM-DD; default today.")] = "",
    out: ReportFile = None,
) -> None:
    """Progress per district and channel against the quota, with drill and 400 ml figures;
    --out progress.xlsx writes it with a chart comparing the districts."""
    show_report(ctx, _progress(ctx, year, district, as_of), title=f"Progress {year}", out=out,
                chart=_progress_chart(year))


def _table(ctx: typer.Context, year: int) -> tuple[list[dict[str, Any]], int, list[str]]:
    """The table in force as the import reads it (no total row), its total and warnings."""
    response = call(ctx, stub(ctx).GetAllocationTable, pb.GetAllocationTableRequest(year=year))
    rows = [{"row_code": r.code, "name_zh": r.name, "kind": row_kind(r.kind), "units": r.units}
            for r in response.rows]
    return rows, response.total_units, list(response.warnings)


@app.command()
def table(ctx: typer.Context, year: Year) -> None:
    """The year's allocation table, laid out like the published annex (its total last; -o json
    and -o csv give the rows as the import reads them, the total as total_units in JSON)."""
    rows, total, warnings = _table(ctx, year)
    output = state(ctx).output
    note("total_units", total)
    shown = rows if output is not OutputFormat.TABLE else [
        *rows, {"row_code": "total", "name_zh": "合计", "kind": "", "units": total}]
    render(shown, title=f"Allocation table {year}", output=output, warnings=warnings)


@app.command()
def show(
    ctx: typer.Context,
    allocation_id: Annotated[str, typer.Option("--id", help="Allocation id.")] = "",
    year: Annotated[int, typer.Option(help="Year, for the current allocation.")] = 0,
    district: Annotated[str, typer.Option(help="District, for its current split.")] = "",
) -> None:
    """One allocation or split with its rows, bounds and ties: by --id, or the one in force of
    --year (with --district, the district's newest split)."""
    if not allocation_id and not year:
        raise typer.BadParameter("give --id, or --year (with --district for a split)",
                                 param_hint="--id")
    response = call(ctx, stub(ctx).GetAllocation, pb.GetAllocationRequest(
        allocation_id=allocation_id, year=year, district=district))
    show_allocation(ctx, response.allocation)


@app.command("list")
def list_allocations(ctx: typer.Context, year: Year) -> None:
    """The saved allocations and splits of a year, newest first."""
    response = call(ctx, stub(ctx).ListAllocations, pb.ListAllocationsRequest(year=year))
    render([summary_record(s) for s in response.allocations], title=f"Allocations {year}",
           output=state(ctx).output)


@app.command()
def replay(ctx: typer.Context, allocation_id: Annotated[str, typer.Argument()]) -> None:
    """Recompute a stored allocation from its stored inputs; exit 9 if anything differs."""
    response = call(ctx, stub(ctx).ReplayAllocation,
                    pb.ReplayAllocationRequest(allocation_id=allocation_id))
    show_replay(ctx, {"allocation_id": response.allocation_id, "matches": response.matches,
                      "stored_digest": response.stored_digest,
                      "recomputed_digest": response.recomputed_digest,
                      "differences": list(response.differences)})


class Report(enum.StrEnum):
    TABLE = "table"
    PROGRESS = "progress"
    ALLOCATION = "allocation"


@app.command()
def export(
    ctx: typer.Context, year: Year,
    report: Annotated[Report, typer.Option(
        help="table: the table in force as `blood import --file` reads it back (no total "
             "row; the total is printed with it); progress: progress per district; "
             "allocation: the table in force with weights and bounds.")] = Report.TABLE,
    out: Annotated[Path | None, typer.Option(
        "--out", dir_okay=False,
        help="File to write: .xlsx for a workbook (progress and allocation with a chart "
             "comparing the districts), else CSV (--bom for Excel); default standard output "
             "(CSV, or the JSON document with -o json).")] = None,
) -> None:
    """Write a report of the year to a file."""
    total: int | None = None
    warnings: list[str] = []
    chart: Chart | None = None
    if report is Report.TABLE:
        rows, total, warnings = _table(ctx, year)
        note("total_units", total)
    elif report is Report.PROGRESS:
        rows, chart = _progress(ctx, year, "", ""), _progress_chart(year)
    else:
        allocation = call(ctx, stub(ctx).GetAllocation,
                          pb.GetAllocationRequest(year=year)).allocation
        rows = allocation_rows(allocation)
        chart = Chart(f"Allocation {year}", "code", ["units"], y_title="units")
    if out is None and state(ctx).output is OutputFormat.JSON:
        render(rows, output=OutputFormat.JSON, warnings=warnings)
        return
    if report is Report.TABLE:
        TABLE.export(out, rows)
    else:
        export_rows(out, rows, title=f"{report.value} {year}", chart=chart)
    if total is not None:
        stderr.print(f"total {total:,} units (not a row of the file: the import adds the rows "
                     "up)", highlight=False)
    if out is not None:
        stderr.print(f"wrote {len(rows)} rows to {out}", highlight=False)
    if out is not None and state(ctx).output is OutputFormat.JSON:
        render_record({"file": str(out), "rows": len(rows)}, output=OutputFormat.JSON,
                      key="written", warnings=warnings)
    else:
        for message in warnings:
            warn(message)
