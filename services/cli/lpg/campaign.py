"""``cityscore lpg campaign``: the user registration campaign, district by district."""

from __future__ import annotations

from typing import Annotated

import typer

from cityscore.lpg_registry.v1 import lpg_registry_service_pb2 as pb
from cityscore.services.cli.common import parse_date, request_id, show_date, show_report
from cityscore.services.cli.context import call
from cityscore.services.cli.lpg.shared import stub
from cityscore.services.cli.output import Chart, ReportFile

campaign_app = typer.Typer(no_args_is_help=True, help="The user registration campaign.")


@campaign_app.command("set")
def campaign_set(
    ctx: typer.Context,
    district: Annotated[str, typer.Argument(help="District code.")],
    surveyed: Annotated[int, typer.Option(min=0, help="Surveyed estimate of users.")],
    deadline: Annotated[str, typer.Option(help="Registration deadline, YYYY-MM-DD.")],
) -> None:
    """Set a district's surveyed estimate and deadline."""
    call(ctx, stub(ctx).SetCampaign, pb.SetCampaignRequest(
        request_id=request_id(ctx), district=district, surveyed_estimate=surveyed,
        deadline=parse_date(deadline, "--deadline")))
    campaign_show(ctx, None)


@campaign_app.command("show")
def campaign_show(ctx: typer.Context, out: ReportFile = None) -> None:
    """Registration progress per district against the campaign; --out writes the report to
    send up (a workbook charts the districts' registrations against their surveys)."""
    response = call(ctx, stub(ctx).GetCampaignProgress, pb.GetCampaignProgressRequest())
    show_report(ctx, [{"district": p.district, "surveyed": p.surveyed_estimate,
                       "deadline": show_date(p.deadline),
                       "by_deadline": p.registered_by_deadline,
                       "after": p.registered_after_deadline, "reviewed": p.reviewed,
                       "progress_pct": p.progress_permille / 10} for p in response.districts],
                title="Registration campaign", out=out, decimals={"progress_pct": 1},
                chart=Chart("Users registered against the survey", "district",
                            ["surveyed", "by_deadline", "after"], y_title="users"))

