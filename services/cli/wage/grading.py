"""``cityscore wage grade``, ``ranking``, ``explain`` and ``replay``: the grades and why.

Commands of ``cityscore wage`` itself; the package registers them.
"""

from __future__ import annotations

import json
from typing import Annotated

import typer
from google.protobuf import json_format

from cityscore.services.cli import operations
from cityscore.services.cli.channel import EXIT_REPLAY_DIFFERS
from cityscore.services.cli.common import request_id
from cityscore.services.cli.context import call, state, stderr
from cityscore.services.cli.output import Chart, ReportFile, export_rows, render, render_record
from cityscore.services.cli.wage.shared import (
    GRADE_LETTERS,
    District,
    Year,
    points,
    stub,
    tell,
)
from cityscore.wage_assessment.v1 import wage_assessment_service_pb2 as pb

#: The exit code of a replay that recomputes a stored grading differently (README's table).
#: Columns of the ranking report written with ``--out``: the table and how each grade came.
REPORT_COLUMNS = ["year", "rank", "district", "score", "grade", "decided_by", "rules",
                  "rules_version", "input_digest", "explanation"]


def grade(ctx: typer.Context, year: Year, no_wait: operations.NoWait = False) -> None:
    """Score, rank and grade every district of the year. The server runs it as an operation,
    waited for with a progress bar."""
    result = operations.start(ctx, stub(ctx).StartGradeCycle, pb.StartGradeCycleRequest(
        request_id=request_id(ctx), year=year), pb.GradeCycleResponse,
        label=f"grading {year}", no_wait=no_wait)
    if result is None:
        return
    render_record({"run": result.run, "A": result.distribution.a, "B": result.distribution.b,
                   "C": result.distribution.c, "input_digest": result.input_digest},
                  title=f"Grading {year}", output=state(ctx).output, key="grading")
    tell(ctx, "ties", list(result.tie_reports), (f"tie: {t}" for t in result.tie_reports))


def _rules_text(result: pb.GradeResult) -> str:
    return "; ".join(f"{r.rule}={'yes' if r.result else 'no'}" for r in result.rules)


def ranking(
    ctx: typer.Context, year: Year,
    explain: Annotated[bool, typer.Option(help="Add each grade's rule outcomes.")] = False,
    out: ReportFile = None,
) -> None:
    """The ranking table with grades, the grade distribution and tie reports.

    --out writes it with how each grade came about and a chart of the districts' scores.
    """
    result = call(ctx, stub(ctx).GetRanking, pb.GetRankingRequest(year=year))
    rows = [{"year": result.year, "rank": r.rank, "district": r.district,
             "score": points(r.score), "grade": GRADE_LETTERS[r.grade],
             "decided_by": r.decided_by, "rules": _rules_text(r),
             "rules_version": r.rules_version, "input_digest": r.input_digest,
             "explanation": json.dumps(json_format.MessageToDict(
                 r, preserving_proto_field_name=True).get("rules", []), ensure_ascii=False)}
            for r in result.results]
    if out is not None:
        export_rows(out, rows, columns=REPORT_COLUMNS, title=f"Ranking {year}",
                    chart=Chart(f"Scores {year}", "district", ["score"], y_title="points"))
        stderr.print(f"wrote {len(rows)} rows to {out}", highlight=False)
    render(rows, columns=["rank", "district", "score", "grade", "decided_by"] + (
        ["rules"] if explain else []), title=f"Ranking {year} (run {result.run})",
        output=state(ctx).output, key="ranking", decimals={"score": 2})
    distribution = {"A": result.distribution.a, "B": result.distribution.b,
                    "C": result.distribution.c}
    tell(ctx, "distribution", distribution,
         [" · ".join(f"{grade} {count}" for grade, count in distribution.items())])
    tell(ctx, "ties", list(result.tie_reports), (f"tie: {t}" for t in result.tie_reports))


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
              f"{GRADE_LETTERS[found.grade]} ({found.decided_by})", output=state(ctx).output,
        key="rules")
    tell(ctx, "notes", list(found.notes), (f"note: {note}" for note in found.notes))


def replay(
    ctx: typer.Context, year: Year,
    run: Annotated[int, typer.Option(help="The grading run (default: the latest).")] = 0,
) -> None:
    """Recompute a grading from its stored inputs; exit 9 on any difference (listed)."""
    result = call(ctx, stub(ctx).ReplayGrades, pb.ReplayGradesRequest(year=year, run=run))
    render_record({"run": result.run, "matches": result.matches,
                   "rules_version": result.rules_version, "stored_digest": result.stored_digest,
                   "recomputed_digest": result.recomputed_digest,
                   "differences": len(result.differences)},
                  title=f"Replay {year}", output=state(ctx).output, key="replay")
    tell(ctx, "differences",
         [{"district": d.district, "field": d.field, "stored": d.stored,
           "recomputed": d.recomputed} for d in result.differences],
         (f"{d.district} {d.field}: stored {d.stored!r}, now {d.recomputed!r}"
          for d in result.differences))
    if not result.matches:
        raise typer.Exit(EXIT_REPLAY_DIFFERS)

