"""``cityscore wage selfcheck`` and ``verify``: what districts report and what the assessors
find on site.

``verify`` is a command of ``cityscore wage`` itself; the package registers it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer

from cityscore.services.cli.common import csv_int, enum_label, parse_enum, request_id, show_date
from cityscore.services.cli.context import call, state, stderr
from cityscore.services.cli.csv_io import chunks, read_rows, with_progress
from cityscore.services.cli.output import render, render_record
from cityscore.services.cli.wage.shared import CsvFile, District, Year, stub
from cityscore.wage_assessment.v1 import wage_assessment_service_pb2 as pb

selfcheck_app = typer.Typer(no_args_is_help=True, help="District self-checks.")

#: Rows per streamed chunk: a few hundred kB with packed numeric columns, far below 4 MiB.
CHUNK_ROWS = 20_000


def _item(row: dict[str, str], line: int, evidence: str = "") -> pb.ItemValue:
    message = pb.ItemValue(indicator_id=row["indicator"], value=csv_int(row, "value", line) or 0,
                           achieved_sub_points=[s for s in row.get("sub_points", "").split(";")
                                                if s], evidence=evidence)
    denominator = csv_int(row, "denominator", line)
    if denominator is not None:
        message.denominator = denominator
    return message


@selfcheck_app.command("submit")
def selfcheck_submit(
    ctx: typer.Context, year: Year, district: District, file: CsvFile,
    report: Annotated[Path | None, typer.Option(exists=True, dir_okay=False,
                                                help="The self-check report (text).")] = None,
    reason: Annotated[str, typer.Option(
        help="Why items already reported change (required for a revision).")] = "",
) -> None:
    """Submit (or revise) a district's self-check form from CSV.

    Columns: indicator, value, denominator, sub_points (";"-separated), evidence. In error
    details, items[k] is the k-th data row of the file, counted from 0. Items already
    reported keep their earlier values in their history (``cityscore wage correction list``).
    """
    rows = read_rows(file, ("indicator", "value"))
    items = [_item(row, k + 2, row.get("evidence", "")) for k, row in enumerate(rows)]
    response = call(ctx, stub(ctx).SubmitSelfCheck, pb.SubmitSelfCheckRequest(
        request_id=request_id(ctx), year=year, district=district, items=items,
        report=report.read_text("utf-8") if report else "", reason=reason))
    status = response.status
    render_record({"district": status.district, "items": response.items,
                   "revision": status.revision, "submitted_on": show_date(status.submitted_on),
                   "late": status.late}, title="Self-check", output=state(ctx).output)


@selfcheck_app.command("import")
def selfcheck_import(
    ctx: typer.Context, year: Year, file: CsvFile,
    reason: Annotated[str, typer.Option(
        help="Why items already reported change (required when a row changes one).")] = "",
) -> None:
    """Import the self-check values of many districts from one CSV, streamed in chunks.

    Columns: district, indicator, value, denominator, sub_points. Every row is checked before
    anything is stored; rows[k] in error details is the k-th data row, counted from 0.
    """
    rows = read_rows(file, ("district", "indicator", "value"))
    items = [_item(row, k + 2) for k, row in enumerate(rows)]
    rid = request_id(ctx)

    def requests() -> Iterator[pb.ImportSelfChecksRequest]:
        for start, part in enumerate(chunks(items, CHUNK_ROWS)):
            first = start * CHUNK_ROWS
            yield pb.ImportSelfChecksRequest(
                request_id=rid, year=year, reason=reason,
                districts=[r["district"] for r in rows[first:first + len(part)]],
                indicator_ids=[i.indicator_id for i in part], values=[i.value for i in part],
                denominators=[i.denominator if i.HasField("denominator") else -1
                              for i in part],
                sub_points=[";".join(i.achieved_sub_points) for i in part])

    response = call(ctx, stub(ctx).ImportSelfChecks, with_progress(
        requests(), len(items), "importing", lambda r: len(r.values)))
    render_record({"rows": response.rows, "districts": response.districts,
                   "late": response.late}, title="Self-check import", output=state(ctx).output)


@selfcheck_app.command("show")
def selfcheck_show(ctx: typer.Context, year: Year, district: District) -> None:
    """A district's items: self-check, verified and final values and scores."""
    result = call(ctx, stub(ctx).GetDistrictAssessment, pb.GetDistrictAssessmentRequest(
        year=year, district=district))

    def value(v: pb.ItemValue) -> str:
        if v.achieved_sub_points:
            return ";".join(v.achieved_sub_points)
        return f"{v.value}/{v.denominator}" if v.HasField("denominator") else str(v.value)

    render([{"indicator": i.indicator_id, "max": i.max_points,
             "self_check": value(i.self_check) if i.HasField("self_check") else "",
             "verified": value(i.verification.value) if i.HasField("verification") else "",
             "method": enum_label(pb.VerificationMethod, "VERIFICATION_METHOD_",
                                  i.verification.method) if i.HasField("verification") else "",
             "self_score": i.self_check_score, "final_score": i.final_score,
             "gap_flag": i.possible_falsification} for i in result.items],
           columns=["indicator", "max", "self_check", "verified", "method", "self_score",
                    "final_score", "gap_flag"],
           title=f"{district} {year}", output=state(ctx).output)
    for f in result.falsifications:
        stderr.print(f"criticised {show_date(f.circulated_on)} for falsification "
                     f"({', '.join(f.indicator_ids)}): {f.description}", highlight=False)


def verify(
    ctx: typer.Context, year: Year, district: District, file: CsvFile,
    reason: Annotated[str, typer.Option(
        help="Why a verified value changes (required when an item was verified before).")
    ] = "",
) -> None:
    """Record on-site verifications from CSV.

    Columns: indicator, value, denominator, sub_points, method (report_hearing, sampling,
    document_check, open_visit, covert_visit), team, note. In error details,
    verifications[k] is the k-th data row, counted from 0.
    """
    rows = read_rows(file, ("indicator", "value", "method"))
    verifications = [pb.Verification(
        value=_item(row, k + 2), team=row.get("team", ""), note=row.get("note", ""),
        method=parse_enum(pb.VerificationMethod, "VERIFICATION_METHOD_", row["method"],
                          f"line {k + 2} method")) for k, row in enumerate(rows)]
    response = call(ctx, stub(ctx).RecordVerifications, pb.RecordVerificationsRequest(
        request_id=request_id(ctx), year=year, district=district, verifications=verifications,
        reason=reason))
    render_record({"recorded": response.recorded,
                   "possible_falsification": ", ".join(response.possible_falsification)},
                  title="Verification", output=state(ctx).output)

