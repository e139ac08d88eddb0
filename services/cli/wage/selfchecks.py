"""``cityscore wage selfcheck`` and ``verify``: what districts report and what the assessors
find on site.

``verify`` is a command of ``cityscore wage`` itself; the package registers it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Annotated, Any

import typer

from cityscore.services.cli.common import enum_label, show_date
from cityscore.services.cli.context import call, state
from cityscore.services.cli.csv_io import chunks, with_progress
from cityscore.services.cli.imports import call_rows, file_request_id
from cityscore.services.cli.output import render, render_record
from cityscore.services.cli.templates import Column, ImportFile, ImportKind
from cityscore.services.cli.wage.shared import (
    CsvFile,
    District,
    Year,
    points,
    read_text,
    stub,
    tell,
)
from cityscore.wage_assessment.v1 import wage_assessment_service_pb2 as pb

selfcheck_app = typer.Typer(no_args_is_help=True, help="District self-checks.")

#: Rows per streamed chunk: a few hundred kB with packed numeric columns, far below 4 MiB.
CHUNK_ROWS = 20_000

#: The columns of one item's value, as every self-check and verification file has them.
_VALUE = (
    Column.text("indicator", "Indicator id of the year's scheme (cityscore wage scheme show)",
                "SYS-1"),
    Column.whole("value", "1/0 for a binary item, findings for a deduction, the numerator of "
                 "a ratio or ladder (blank: 0)", "200", required=False),
    Column.whole("denominator", "Units assessed (ratio denominator; 0: nothing to assess); "
                 "required for ratios and ladders", "200", required=False),
    Column.text("sub_points", "Achieved sub-points of a sum-of-sub-points item, separated by "
                "; (e.g. meetings;plan for ORG-1); blank for other items", "", required=False),
)
#: Request fields the server names that are spelt otherwise in the files.
_FIELDS = {"indicator_id": "indicator", "achieved_sub_points": "sub_points"}

#: One district's self-check form (``selfcheck submit``; ``selfcheck export`` writes one).
FORM = ImportKind("selfcheck", "One district's self-check form", (
    *_VALUE,
    Column.text("evidence", "Where the evidence is", "real-name records of 200 projects",
                required=False),
), fields=_FIELDS)

#: Self-check values of many districts in one file (``selfcheck import``).
SELF_CHECKS = ImportKind("selfchecks", "Self-check values of many districts", (
    Column.text("district", "District code (cityscore districts)", "pudong"),
    *_VALUE,
), fields=_FIELDS)

#: What the assessment team found on site (``verify``).
VERIFICATIONS = ImportKind("verifications", "On-site verifications of one district", (
    *_VALUE,
    Column.enum("method", "How it was verified", "sampling", pb.VerificationMethod,
                "VERIFICATION_METHOD_",
                aliases={"听取汇报": "report_hearing", "抽样调查": "sampling",
                         "核验资料": "document_check", "明察": "open_visit",
                         "暗访": "covert_visit"}),
    Column.text("team", "The assessment team", "team 1", required=False),
    Column.text("note", "What the team found", "50 of 200 lack real-name records",
                required=False),
), fields=_FIELDS)

Reason = Annotated[str, typer.Option(
    help="Why items already reported change (required when a row changes one).")]


def _sub_points(cell: str | None) -> list[str]:
    return [s.strip() for s in re.split("[;；]", cell or "") if s.strip()]


def _item(values: dict[str, Any]) -> pb.ItemValue:
    """An item's value from a row read by one of this module's kinds."""
    message = pb.ItemValue(indicator_id=values["indicator"], value=values["value"] or 0,
                           achieved_sub_points=_sub_points(values["sub_points"]),
                           evidence=values.get("evidence") or "")
    if values["denominator"] is not None:
        message.denominator = values["denominator"]
    return message


def _request_id(ctx: typer.Context, read: ImportFile, key: str, *extra: str) -> str:
    """The request id of sending ``read`` with what the command adds to it (a report, a
    reason): the same file with the same words again is a retry, anything else a new request."""
    data = b"\0".join([read.data, *(text.encode("utf-8") for text in extra)])
    return file_request_id(ctx, read.kind.name, key, data)


@selfcheck_app.command("submit", epilog=FORM.epilog("wage"))
def selfcheck_submit(
    ctx: typer.Context, year: Year, district: District, file: CsvFile,
    report: Annotated[Path | None, typer.Option(
        exists=True, dir_okay=False,
        help="The self-check report (text); required with a district's first form.")] = None,
    reason: Reason = "",
) -> None:
    """Submit (or revise) a district's self-check form from a CSV or .xlsx file.

    Items already reported keep their earlier values in their history (``cityscore wage
    correction list``). Sending the same file, report and reason again stores nothing twice.
    """
    read = FORM.read(file)
    text = read_text(report) if report else ""
    response = read.send(ctx, stub(ctx).SubmitSelfCheck, pb.SubmitSelfCheckRequest(
        request_id=_request_id(ctx, read, f"{year}-{district}", text, reason), year=year,
        district=district, items=[_item(row.values) for row in read.rows], report=text,
        reason=reason), "items")
    status = response.status
    render_record({"district": status.district, "items": response.items,
                   "revision": status.revision, "submitted_on": show_date(status.submitted_on),
                   "late": status.late}, title="Self-check", output=state(ctx).output)


@selfcheck_app.command("import", epilog=SELF_CHECKS.epilog("wage"))
def selfcheck_import(ctx: typer.Context, year: Year, file: CsvFile, reason: Reason = "") -> None:
    """Import the self-check values of many districts from one file, streamed in chunks.

    Every row is checked before anything is stored. Running the same file (and reason) again
    stores nothing twice.
    """
    read = SELF_CHECKS.read(file)
    rid = _request_id(ctx, read, str(year), reason)
    rows: Sequence[dict[str, Any]] = [row.values for row in read.rows]

    def requests() -> Iterator[pb.ImportSelfChecksRequest]:
        for part in chunks(rows, CHUNK_ROWS):
            items = [_item(values) for values in part]
            yield pb.ImportSelfChecksRequest(
                request_id=rid, year=year, reason=reason,
                districts=[values["district"] for values in part],
                indicator_ids=[i.indicator_id for i in items], values=[i.value for i in items],
                denominators=[i.denominator if i.HasField("denominator") else -1
                              for i in items],
                sub_points=[";".join(i.achieved_sub_points) for i in items])

    response = call_rows(ctx, stub(ctx).ImportSelfChecks, with_progress(
        requests(), len(rows), "importing", lambda r: len(r.values)), "rows", read.lines,
        SELF_CHECKS.fields)
    render_record({"rows": response.rows, "districts": response.districts,
                   "late": response.late}, title="Self-check import", output=state(ctx).output)


def _assessment(ctx: typer.Context, year: int, district: str
                ) -> pb.GetDistrictAssessmentResponse:
    found: pb.GetDistrictAssessmentResponse = call(
        ctx, stub(ctx).GetDistrictAssessment,
        pb.GetDistrictAssessmentRequest(year=year, district=district))
    return found


@selfcheck_app.command("show")
def selfcheck_show(ctx: typer.Context, year: Year, district: District) -> None:
    """A district's items: self-check, verified and final values and scores."""
    result = _assessment(ctx, year, district)

    def value(v: pb.ItemValue) -> str:
        if v.achieved_sub_points:
            return ";".join(v.achieved_sub_points)
        return f"{v.value}/{v.denominator}" if v.HasField("denominator") else str(v.value)

    render([{"indicator": i.indicator_id, "max": points(i.max_points),
             "self_check": value(i.self_check) if i.HasField("self_check") else "",
             "verified": value(i.verification.value) if i.HasField("verification") else "",
             "method": enum_label(pb.VerificationMethod, "VERIFICATION_METHOD_",
                                  i.verification.method) if i.HasField("verification") else "",
             "self_score": points(i.self_check_score), "final_score": points(i.final_score),
             "gap_flag": i.possible_falsification} for i in result.items],
           columns=["indicator", "max", "self_check", "verified", "method", "self_score",
                    "final_score", "gap_flag"],
           title=f"{district} {year}", output=state(ctx).output, key="items",
           decimals={"max": 2, "self_score": 2, "final_score": 2})
    tell(ctx, "falsifications",
         [{"indicators": list(f.indicator_ids), "circulated_on": show_date(f.circulated_on),
           "description": f.description} for f in result.falsifications],
         [f"criticised {show_date(f.circulated_on)} for falsification "
          f"({', '.join(f.indicator_ids)}): {f.description}" for f in result.falsifications])


@selfcheck_app.command("export")
def selfcheck_export(
    ctx: typer.Context, year: Year, district: District,
    out: Annotated[Path | None, typer.Option(
        "--out", dir_okay=False, help="File to write: .xlsx for a workbook, else CSV (--bom "
                                      "for Excel); default standard output.")] = None,
) -> None:
    """A district's self-check values as a form `selfcheck submit` reads back."""
    items = [i.self_check for i in _assessment(ctx, year, district).items
             if i.HasField("self_check")]
    FORM.export(out, [{"indicator": v.indicator_id, "value": v.value,
                       "denominator": v.denominator if v.HasField("denominator") else None,
                       "sub_points": ";".join(v.achieved_sub_points), "evidence": v.evidence}
                      for v in items])


def verify(
    ctx: typer.Context, year: Year, district: District, file: CsvFile,
    reason: Annotated[str, typer.Option(
        help="Why a verified value changes (required when an item was verified before).")
    ] = "",
) -> None:
    """Record on-site verifications from a CSV or .xlsx file.

    Sending the same file and reason again stores nothing twice.
    """
    read = VERIFICATIONS.read(file)
    verifications = [pb.Verification(value=_item(row.values), method=row.values["method"],
                                     team=row.values["team"] or "",
                                     note=row.values["note"] or "") for row in read.rows]
    response = read.send(ctx, stub(ctx).RecordVerifications, pb.RecordVerificationsRequest(
        request_id=_request_id(ctx, read, f"{year}-{district}", reason), year=year,
        district=district, verifications=verifications, reason=reason), "verifications")
    render_record({"recorded": response.recorded,
                   "possible_falsification": ", ".join(response.possible_falsification)},
                  title="Verification", output=state(ctx).output)
