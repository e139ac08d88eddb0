"""What the ``cityscore wage`` commands share: the stub, the year and district arguments, grades."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Any, NoReturn

import grpc
import typer

from cityscore.services.cli.channel import EXIT_CODES
from cityscore.services.cli.common import enum_label, stub_for
from cityscore.services.cli.context import state, stderr
from cityscore.services.cli.csv_io import decode_csv, read_file, source_name
from cityscore.services.cli.output import OutputFormat, note, render, render_record
from cityscore.wage_assessment.v1 import wage_assessment_service_pb2 as pb
from cityscore.wage_assessment.v1 import wage_assessment_service_pb2_grpc as pb_grpc

Year = Annotated[int, typer.Argument(help="Assessment year, e.g. 2018.")]
District = Annotated[str, typer.Argument(help="District code, e.g. pudong.")]
FlagName = Annotated[str, typer.Argument(
    help="A flag the year's grade rules read: a_conditions_met, work_ineffective or "
         "serious_adverse_impact in the 2018 measures.")]
CsvFile = Annotated[Path, typer.Option(
    "--file", "-f", dir_okay=False,
    help="CSV (UTF-8 or GBK) or .xlsx with a header row; - for standard input.")]

GRADE_LETTERS = {pb.GRADE_A: "A", pb.GRADE_B: "B", pb.GRADE_C: "C", pb.GRADE_UNSPECIFIED: ""}

stub = stub_for(pb_grpc.WageAssessmentServiceStub)


def points(text: str) -> float | None:
    """Points as the server writes them (``"93.50"``) as a number; None when not given."""
    return float(text) if text else None


def correction_row(c: pb.Correction) -> dict[str, object]:
    return {"id": c.id, "kind": enum_label(pb.RecordKind, "RECORD_KIND_", c.kind),
            "district": c.district, "record": c.record, "action": c.action,
            "reason": c.reason, "by": c.corrected_by,
            "at": c.corrected_at.ToDatetime().isoformat(timespec="seconds"),
            "before": c.before, "after": c.after}


def show_correction(ctx: typer.Context, correction: pb.Correction) -> None:
    render_record(correction_row(correction), title="Correction", output=state(ctx).output)


def read_text(path: Path) -> str:
    """A text file (a report, a rules or scheme document) as Windows or Excel saved it: UTF-8
    with or without BOM, or GBK; bytes that are neither are a usage error naming the line."""
    return decode_csv(read_file(path), source_name(path))


def refuse_problems(ctx: typer.Context, problems: Iterable[pb.FieldProblem]) -> NoReturn:
    """A document the server checked without storing it and found wrong (grade rules, a
    scheme): each problem by the field it is in, then exit 3 as a refused file does."""
    render([{"field": p.field, "problem": p.description} for p in problems],
           columns=["field", "problem"], title="Problems", output=state(ctx).output)
    raise typer.Exit(EXIT_CODES[grpc.StatusCode.INVALID_ARGUMENT])


def tell(ctx: typer.Context, key: str, value: Any, lines: Iterable[str]) -> None:
    """What a program reads along with the rows (tie reports, notes, differences): ``value``
    as member ``key`` of the JSON document with ``-o json``, else ``lines`` on stderr."""
    if state(ctx).output is OutputFormat.JSON:
        note(key, value)
        return
    for line in lines:
        stderr.print(line, highlight=False, markup=False, soft_wrap=True)
