"""``cityscore wage grade``, ``ranking``, ``explain`` and ``replay``: the grades and why.

Commands of ``cityscore wage`` itself; the package registers them.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Annotated

import typer
from google.protobuf import json_format

from cityscore.services.cli.common import csv_output, request_id
from cityscore.services.cli.context import call, state, stderr
from cityscore.services.cli.output import render, render_record
from cityscore.services.cli.wage.shared import GRADE_LETTERS, District, Year, stub
from cityscore.wage_assessment.v1 import wage_assessment_service_pb2 as pb


def grade(ctx: typer.Context, year: Year) -> None:
    """Score, rank and grade every district of the year."""
    result = call(ctx, stub(ctx).GradeCycle, pb.GradeCycleRequest(request_id=request_id(ctx),
                                                                  year=year))
    render_record({"run": result.run, "A": result.distribution.a, "B": result.distribution.b,
                   "C": result.distribution.c, "ties": " | ".join(result.tie_reports),
                   "input_digest": result.input_digest},
                  title=f"Grading {year}", output=state(ctx).output)


def _rules_text(result: pb.GradeResult) -> str:
    return "; ".join(f"{r.rule}={'yes' if r.result else 'no'}" for r in result.rules)


def ranking(
    ctx: typer.Context, year: Year,
    explain: Annotated[bool, typer.Option(help="Add each grade's rule outcomes.")] = False,
    export: Annotated[Path | None, typer.Option(
        dir_okay=False, help="Also write the table, explanations included, to this CSV.")
    ] = None,
) -> None:
    """The ranking table with grades, the grade distribution and tie reports."""
    result = call(ctx, stub(ctx).GetRanking, pb.GetRankingRequest(year=year))
    rows = [{"rank": r.rank, "district": r.district, "score": r.score,
             "grade": GRADE_LETTERS[r.grade], "decided_by": r.decided_by,
             "rules": _rules_text(r)} for r in result.results]
    columns = ["rank", "district", "score", "grade", "decided_by"] + (
        ["rules"] if explain else [])
    render(rows, columns=columns, title=f"Ranking {year} (run {result.run})",
           output=state(ctx).output)
    stderr.print(f"A {result.distribution.a} · B {result.distribution.b} · "
                 f"C {result.distribution.c}", highlight=False)
    for tie in result.tie_reports:
        stderr.print(f"tie: {tie}", highlight=False)
    if export is not None:
        _export(export, result)
        stderr.print(f"written: {export}", highlight=False)


def _export(path: Path, result: pb.GetRankingResponse) -> None:
    with csv_output(path) as handle:
        writer = csv.writer(handle)
        writer.writerow(["year", "rank", "district", "score", "grade", "decided_by",
                         "rules_version", "input_digest", "explanation"])
        for r in result.results:
            writer.writerow([result.year, r.rank, r.district, r.score, GRADE_LETTERS[r.grade],
                             r.decided_by, r.rules_version, r.input_digest, json.dumps(
                                 json_format.MessageToDict(r, preserving_proto_field_name=True)
                                 .get("rules", []), ensure_ascii=False)])


def explain(ctx: typer.Context, year: Year, district: District) -> None:
    """One district's grade with every rule, its inputs, threshold and outcome."""
    result = call(ctx, stub(ctx).GetRanking, pb.GetRankingRequest(year=year))
    found = next((r for r in result.results if r.district == district), None)
    if found is None:
        stderr.print(f"[bold red]error[/]: {district} has no grade in {year}", highlight=False)
        raise typer.Exit(4)
    render([{"rule": r.rule, "inputs": ", ".join(f"{k}={v}" for k, v in sorted(
        r.inputs.items())), "threshold": r.threshold, "result": r.result, "text": r.text}
        for r in found.rules],
        columns=["rule", "inputs", "threshold", "result", "text"],
        title=f"{district} {year}: {found.score} points, rank {found.rank}, grade "
              f"{GRADE_LETTERS[found.grade]} ({found.decided_by})", output=state(ctx).output)
    for note in found.notes:
        stderr.print(f"note: {note}", highlight=False)


def replay(
    ctx: typer.Context, year: Year,
    run: Annotated[int, typer.Option(help="The grading run (default: the latest).")] = 0,
) -> None:
    """Recompute a grading from its stored inputs; exit 1 on any difference."""
    result = call(ctx, stub(ctx).ReplayGrades, pb.ReplayGradesRequest(year=year, run=run))
    render_record({"run": result.run, "matches": result.matches,
                   "rules_version": result.rules_version, "stored_digest": result.stored_digest,
                   "recomputed_digest": result.recomputed_digest,
                   "differences": len(result.differences)},
                  title=f"Replay {year}", output=state(ctx).output)
    for d in result.differences:
        stderr.print(f"{d.district} {d.field}: stored {d.stored!r}, now {d.recomputed!r}",
                     highlight=False, markup=False)
    if not result.matches:
        raise typer.Exit(1)

