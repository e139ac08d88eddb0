"""``cityscore equipment annex ...``: the plan's 45-task annex in its wording, with each task's
dated status and evidence."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from cityscore.services.cli.common import (
    enum_label,
    optional_date,
    parse_enum,
    request_id,
    show_date,
    show_report,
)
from cityscore.services.cli.context import call, state
from cityscore.services.cli.equipment.shared import AsOf, stub
from cityscore.services.cli.output import ReportFile, note, render_record
from cityscore.special_equipment.v1 import special_equipment_service_pb2 as pb

annex_app = typer.Typer(no_args_is_help=True, help="The plan's 45-task annex.")


def _task_row(t: pb.AnnexTask) -> dict[str, Any]:
    return {"number": t.number, "task": t.task, "timeline": t.timeline,
            "deadline_year": t.deadline_year, "lead": "、".join(t.lead_units),
            "co_lead": "、".join(t.co_lead_units), "delivering": "、".join(t.delivering_units),
            "status": enum_label(pb.TaskStatus, "TASK_STATUS_", t.status),
            "overdue": t.overdue, "evidence": t.evidence, "variants": "; ".join(t.variants),
            "updated_on": show_date(t.updated_on)}


@annex_app.command("list")
def annex_list(
    ctx: typer.Context,
    overdue: Annotated[bool, typer.Option(help="Only overdue tasks.")] = False,
    as_of: AsOf = "", out: ReportFile = None,
) -> None:
    """The annex's tasks in its wording, with status, evidence and variants."""
    response = call(ctx, stub(ctx).ListAnnexTasks, pb.ListAnnexTasksRequest(
        overdue_only=overdue, as_of=optional_date(as_of, "--as-of")))
    note("overdue", response.overdue)
    show_report(ctx, [_task_row(t) for t in response.tasks], key="tasks", out=out,
                title=f"Annex tasks ({response.overdue} overdue)")


@annex_app.command("update")
def annex_update(
    ctx: typer.Context, number: Annotated[int, typer.Argument(help="Task number, 1 to 45.")],
    status: Annotated[str, typer.Option(help="not_started, in_progress or done.")],
    reason: Annotated[str, typer.Option(help="Why (kept in the audit log).")],
    evidence: Annotated[str, typer.Option(help="Evidence (required for done).")] = "",
    on: Annotated[str, typer.Option(
        "--on", help="The day the status holds from, YYYY-MM-DD (default: today).")] = "",
) -> None:
    """Record a task's status and evidence from a day; earlier statuses are kept."""
    request = pb.UpdateAnnexTaskRequest(
        request_id=request_id(ctx), number=number,
        status=parse_enum(pb.TaskStatus, "TASK_STATUS_", status, "--status"),
        evidence=evidence, reason=reason, effective_on=optional_date(on, "--on"))
    response = call(ctx, stub(ctx).UpdateAnnexTask, request)
    render_record(_task_row(response.task), title="Task", output=state(ctx).output)


