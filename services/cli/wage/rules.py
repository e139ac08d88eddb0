"""``cityscore wage rules``: versions of the grade rules (which rules decide A and C, with
their thresholds, precedence, the points base and the deadlines of the measures)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cityscore.services.cli.common import request_id
from cityscore.services.cli.context import call, state
from cityscore.services.cli.output import render, render_record
from cityscore.services.cli.wage.shared import read_text, refuse_problems, stub
from cityscore.wage_assessment.v1 import wage_assessment_service_pb2 as pb

rules_app = typer.Typer(no_args_is_help=True,
                        help="Grade-rule versions (A/C rules, precedence, points base).")

RulesFile = Annotated[Path, typer.Argument(
    exists=True, dir_okay=False,
    help="Grade-rules JSON (see services/wage_assessment/data/grade_rules/).")]


def _record(ctx: typer.Context, rules: pb.GradeRules) -> None:
    render_record({"version": rules.version, "years": ", ".join(map(str, rules.years)),
                   "shipped": rules.shipped, "digest": rules.digest, "title": rules.title},
                  title="Grade rules", output=state(ctx).output)


@rules_app.command("validate")
def rules_validate(ctx: typer.Context, path: RulesFile) -> None:
    """Check a grade-rules file without storing it; every problem named by its path."""
    result = call(ctx, stub(ctx).ValidateGradeRules,
                  pb.ValidateGradeRulesRequest(document=read_text(path)))
    if result.valid:
        render_record({"valid": True, "version": result.version, "digest": result.digest},
                      title="Grade rules", output=state(ctx).output)
        return
    refuse_problems(ctx, result.problems)


@rules_app.command("load")
def rules_load(ctx: typer.Context, path: RulesFile) -> None:
    """Store a grade-rules file as a new version (the same file again changes nothing)."""
    _record(ctx, call(ctx, stub(ctx).CreateGradeRules, pb.CreateGradeRulesRequest(
        request_id=request_id(ctx), document=read_text(path))).rules)


@rules_app.command("show")
def rules_show(
    ctx: typer.Context, version: str,
    document: Annotated[bool, typer.Option(help="Print the stored JSON document.")] = False,
) -> None:
    """One version of the grade rules."""
    rules = call(ctx, stub(ctx).GetGradeRules, pb.GetGradeRulesRequest(version=version)).rules
    if document:
        typer.echo(rules.document)
        return
    _record(ctx, rules)


@rules_app.command("list")
def rules_list(ctx: typer.Context) -> None:
    """The shipped versions and those loaded."""
    rules = call(ctx, stub(ctx).ListGradeRules, pb.ListGradeRulesRequest()).rules
    render([{"version": r.version, "years": ", ".join(map(str, r.years)),
             "shipped": r.shipped, "digest": r.digest[:12], "title": r.title} for r in rules],
           columns=["version", "years", "shipped", "digest", "title"], title="Grade rules",
           output=state(ctx).output)
