"""``cityscore blood import|adopt``: the year's district tables, published or apportioned; the
one adopted is in force (progress, splits and exports use it). Also how an allocation is shown,
for the other modules."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any

import typer

from cityscore.blood_quota.v1 import blood_quota_service_pb2 as pb
from cityscore.services.cli.blood.shared import METHOD_NAMES, Year, app, row_kind, stub
from cityscore.services.cli.common import request_id
from cityscore.services.cli.context import call, state, stderr
from cityscore.services.cli.imports import file_request_id
from cityscore.services.cli.output import OutputFormat, note, render, render_record
from cityscore.services.cli.templates import Column, ImportKind, add_template_command

SOURCE_NAMES = {pb.ALLOCATION_SOURCE_PUBLISHED: "published",
                pb.ALLOCATION_SOURCE_APPORTIONED: "apportioned",
                pb.ALLOCATION_SOURCE_SPLIT: "split"}

TABLE = ImportKind("table", "A published allocation table, row by row as printed", (
    Column.text("row_code", "District code, or the carve-out's code", "pudong"),
    Column.text("name_zh", "The row's name as printed", "浦东新区", required=False),
    Column.enum("kind", "What the row is", "district", pb.RowKind, "ROW_KIND_",
                aliases={"区": "district", "高校": "university", "驻沪部队": "garrison"}),
    Column.whole("units", "The row's quota", "52878", unit="units of 200 ml"),
), notes="No total row: the import adds the rows up and warns when they differ from the plan.",
    fields={"code": "row_code", "name": "name_zh"})
add_template_command(app, TABLE)


@app.command("import", epilog=TABLE.epilog("blood"))
def import_table(
    ctx: typer.Context, year: Year,
    file: Annotated[Path | None, typer.Option(
        "--file", help="The table as printed (CSV or .xlsx; - for standard input); default: "
                       "the table published for the year.")] = None,
) -> None:
    """Import a published allocation table exactly as printed (warnings for discrepancies).
    It changes no quota until adopted (``blood adopt``). Running the same file again stores
    nothing twice."""
    request = pb.ImportPublishedAllocationRequest(year=year)
    if file is None:
        # The table the server ships for the year: the same request every time, so running it
        # again is a retry and stores the table once.
        request.request_id = file_request_id(ctx, "published-table", str(year),
                                             request.SerializeToString(deterministic=True))
        response = call(ctx, stub(ctx).ImportPublishedAllocation, request)
    else:
        read = TABLE.read(file)
        request.request_id = read.request_id(ctx, str(year))
        request.rows.extend(pb.AllocationTableRow(
            code=r.values["row_code"], name=r.values["name_zh"] or "", kind=r.values["kind"],
            units=r.values["units"]) for r in read.rows)
        response = read.send(ctx, stub(ctx).ImportPublishedAllocation, request, "rows")
    show_summary(ctx, response.allocation, response.warnings)


@app.command()
def adopt(
    ctx: typer.Context,
    allocation_id: Annotated[str, typer.Option("--id", help="The district table to adopt.")],
    reason: Annotated[str, typer.Option(help="Why it is adopted (kept in the audit log).")],
) -> None:
    """Put a saved district table (published or apportioned) in force for its year: progress,
    splits and exports use it from now on; splits of another table become stale."""
    if not reason.strip():
        raise typer.BadParameter("say why this table is adopted", param_hint="--reason")
    response = call(ctx, stub(ctx).AdoptAllocation, pb.AdoptAllocationRequest(
        request_id=request_id(ctx), allocation_id=allocation_id, reason=reason))
    stderr.print(f"allocation {response.allocation.allocation_id} is in force for "
                 f"{response.allocation.year}"
                 + (f" (was {response.previous_allocation_id})"
                    if response.previous_allocation_id else ""), highlight=False)
    note("previous_allocation_id", response.previous_allocation_id)
    show_summary(ctx, response.allocation, [stale(s) for s in response.stale_splits])


def stale(split: pb.AllocationSummary) -> str:
    return (f"stale: split {split.allocation_id} of {split.district} split allocation "
            f"{split.split_of_allocation_id}, which is not in force; split again")


def show_summary(ctx: typer.Context, summary: pb.AllocationSummary,
                  warnings: Sequence[str]) -> None:
    render_record(summary_record(summary), title="Allocation", output=state(ctx).output,
                  key="allocation", warnings=list(warnings))


def summary_record(summary: pb.AllocationSummary) -> dict[str, Any]:
    is_split = summary.source == pb.ALLOCATION_SOURCE_SPLIT
    status = ("" if not summary.saved else ("stale" if summary.stale else "current") if is_split
              else "in force" if summary.in_force else "")
    return {"allocation_id": summary.allocation_id or "(what-if, not saved)",
            "year": summary.year, "source": SOURCE_NAMES.get(summary.source, ""),
            "district": summary.district,
            "method": METHOD_NAMES.get(summary.method, "published"),
            "pool_units": summary.pool_units, "rows": summary.row_count,
            "status": status, "split_of": summary.split_of_allocation_id,
            "rule_version": summary.rule_version, "input_digest": summary.input_digest}


def allocation_rows(allocation: pb.Allocation) -> list[dict[str, Any]]:
    return [{"code": r.code, "name": r.name, "kind": row_kind(r.kind), "weight": r.weight,
             "lower_units": r.lower_units, "upper_units": r.upper_units, "units": r.units,
             "bound": "lower" if r.at_lower_bound else "upper" if r.at_upper_bound else ""}
            for r in allocation.rows]


def show_allocation(ctx: typer.Context, allocation: pb.Allocation) -> None:
    """The rows, with the summary and the ties in the JSON document (on stderr for people)."""
    summary = summary_record(allocation.summary)
    note("allocation", summary)
    ties = [{"contested_units": t.contested_units, "codes": list(t.codes),
             "winners": list(t.winners)} for t in allocation.ties]
    note("ties", ties)
    if state(ctx).output is not OutputFormat.JSON:
        stderr.print(", ".join(f"{k}: {v}" for k, v in summary.items()), highlight=False)
        for tie in allocation.ties:
            stderr.print(f"tie over {tie.contested_units} unit(s) among "
                         f"{', '.join(tie.codes)}; given by code order to "
                         f"{', '.join(tie.winners)}", highlight=False)
    render(allocation_rows(allocation), title="Allocation", output=state(ctx).output,
           warnings=[stale(allocation.summary)] if allocation.summary.stale else [])


