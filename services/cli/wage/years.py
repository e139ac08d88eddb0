"""``cityscore wage year``: assessment years and the stages they go through."""

from __future__ import annotations

from typing import Annotated

import typer

from cityscore.services.cli.common import (
    enum_label,
    optional_date,
    parse_enum,
    request_id,
    show_date,
)
from cityscore.services.cli.context import call, state
from cityscore.services.cli.output import render, render_record
from cityscore.services.cli.wage.shared import Year, stub
from cityscore.wage_assessment.v1 import wage_assessment_service_pb2 as pb

year_app = typer.Typer(no_args_is_help=True, help="Assessment years and their stages.")


def _cycle_record(ctx: typer.Context, cycle: pb.Cycle) -> None:
    render_record({"year": cycle.year, "scheme": cycle.scheme_version,
                   "grade_rules": cycle.policy_version,
                   "stage": enum_label(pb.Stage, "STAGE_", cycle.stage),
                   "self_check_due": show_date(cycle.self_check_due),
                   "districts": len(cycle.districts),
                   "self_checks": sum(1 for s in cycle.self_checks if s.submitted),
                   "late": ", ".join(s.district for s in cycle.self_checks if s.late),
                   "grading_run": cycle.grading_run,
                   "completion_due": show_date(cycle.completion_due),
                   "overdue": cycle.overdue},
                  title=f"Assessment year {cycle.year}", output=state(ctx).output)


@year_app.command("create")
def year_create(
    ctx: typer.Context, year: Year,
    scheme_version: Annotated[str, typer.Option("--scheme",
                                                help="Scheme version for this year.")],
    self_check_due: Annotated[str | None, typer.Option(
        "--due", help="Self-check due date, YYYY-MM-DD.")] = None,
    policy_version: Annotated[str, typer.Option(
        "--grade-rules", help="Grade-rule version (default: the one covering the year).")
    ] = "",
    districts: Annotated[list[str] | None, typer.Option(
        "--district", help="Assessed unit (repeat); default the 16 districts.")] = None,
) -> None:
    """Open an assessment year in DRAFT."""
    request = pb.CreateCycleRequest(request_id=request_id(ctx), year=year,
                                    scheme_version=scheme_version,
                                    policy_version=policy_version, districts=districts or [],
                                    self_check_due=optional_date(self_check_due, "--due"))
    _cycle_record(ctx, call(ctx, stub(ctx).CreateCycle, request).cycle)


@year_app.command("show")
def year_show(ctx: typer.Context, year: Year) -> None:
    """A year's stage and who has submitted a self-check."""
    _cycle_record(ctx, call(ctx, stub(ctx).GetCycle, pb.GetCycleRequest(year=year)).cycle)


@year_app.command("advance")
def year_advance(
    ctx: typer.Context, year: Year,
    stage: Annotated[str, typer.Argument(help="The next stage: self_check, "
                                              "on_site_verification, comprehensive_review, "
                                              "submitted, approved or published.")],
    note: Annotated[str, typer.Option(help="Why, or the approval reference.")] = "",
) -> None:
    """Move the year to its next stage."""
    target = parse_enum(pb.Stage, "STAGE_", stage, "STAGE")
    _cycle_record(ctx, call(ctx, stub(ctx).AdvanceStage, pb.AdvanceStageRequest(
        request_id=request_id(ctx), year=year, target_stage=target, note=note)).cycle)


@year_app.command("list")
def year_list(
    ctx: typer.Context,
    overdue: Annotated[bool, typer.Option(
        help="Only years still short of APPROVED after their completion day.")] = False,
) -> None:
    """Every assessment year with its stage and completion day (end of May of the next year)."""
    cycles = call(ctx, stub(ctx).ListCycles, pb.ListCyclesRequest(overdue_only=overdue)).cycles
    render([{"year": c.year, "stage": enum_label(pb.Stage, "STAGE_", c.stage),
             "completion_due": show_date(c.completion_due), "overdue": c.overdue,
             "grading_run": c.grading_run} for c in cycles],
           columns=["year", "stage", "completion_due", "overdue", "grading_run"],
           title="Assessment years", output=state(ctx).output)
