"""``cityscore wage findings`` and ``cityscore wage action``: a year's flagged gaps and
falsification findings, and the dated actions on the published result — the copy to the
Organization Department (Art. 9) and referrals of accountability leads (Art. 9, 11).

``findings`` is a command of ``cityscore wage`` itself; the package registers it."""

from __future__ import annotations

from typing import Annotated

import typer

from cityscore.services.cli.common import enum_label, parse_date, request_id, show_date
from cityscore.services.cli.context import call, state
from cityscore.services.cli.output import render, render_record
from cityscore.services.cli.wage.shared import District, Year, points, stub
from cityscore.wage_assessment.v1 import wage_assessment_service_pb2 as pb

action_app = typer.Typer(no_args_is_help=True,
                         help="Copies and referrals recorded on a published result.")

Date = Annotated[str, typer.Option(help="Date of the action, YYYY-MM-DD.")]
Reference = Annotated[str, typer.Option(help="Reference of the letter or file sent.")]


def findings(ctx: typer.Context, year: Year) -> None:
    """Items flagged as possible falsification (self-check above the verified score by more
    than the threshold) and the falsification circulated, all districts you may see."""
    result = call(ctx, stub(ctx).ListFindings, pb.ListFindingsRequest(year=year))
    rows: list[dict[str, object]] = [
        {"finding": "flagged_gap", "district": g.district, "indicators": g.indicator_id,
         "self_check": points(g.self_check_score), "verified": points(g.verified_score),
         "gap": points(g.gap), "threshold": points(g.threshold), "circulated_on": "",
         "description": ""}
        for g in result.gaps]
    rows += [{"finding": "falsification", "district": f.district,
              "indicators": ", ".join(f.indicator_ids), "self_check": None, "verified": None,
              "gap": None, "threshold": None, "circulated_on": show_date(f.circulated_on),
              "description": f.description} for f in result.falsifications]
    render(rows, columns=["finding", "district", "indicators", "self_check", "verified", "gap",
                          "threshold", "circulated_on", "description"],
           title=f"Findings {year}", output=state(ctx).output,
           decimals={"self_check": 2, "verified": 2, "gap": 2, "threshold": 2})


def _action_row(a: pb.ResultAction) -> dict[str, object]:
    return {"id": a.id, "date": show_date(a.action_date),
            "kind": enum_label(pb.ResultActionKind, "RESULT_ACTION_KIND_", a.kind),
            "district": a.district, "reference": a.reference, "recipient": a.recipient,
            "description": a.description, "by": a.recorded_by}


def _record(ctx: typer.Context, year: int, action: pb.ResultAction) -> None:
    recorded = call(ctx, stub(ctx).RecordResultAction, pb.RecordResultActionRequest(
        request_id=request_id(ctx), year=year, action=action)).action
    render_record(_action_row(recorded), title="Action", output=state(ctx).output)


@action_app.command("copy")
def action_copy(
    ctx: typer.Context, year: Year, date: Date, reference: Reference,
    recipient: Annotated[str, typer.Option(help="Receiving body.")] = "市委组织部",
) -> None:
    """Record the copy of the published result to the Organization Department (Art. 9)."""
    _record(ctx, year, pb.ResultAction(
        kind=pb.RESULT_ACTION_KIND_COPY_TO_ORGANIZATION_DEPARTMENT,
        action_date=parse_date(date, "--date"), reference=reference, recipient=recipient))


@action_app.command("refer")
def action_refer(
    ctx: typer.Context, year: Year, district: District, date: Date, reference: Reference,
    description: Annotated[str, typer.Option(help="The accountability leads referred.")],
    recipient: Annotated[str, typer.Option(help="Receiving body.")] = "纪检监察机关",
) -> None:
    """Record a referral of a district's accountability leads to discipline inspection
    (Art. 9, 11)."""
    _record(ctx, year, pb.ResultAction(
        kind=pb.RESULT_ACTION_KIND_ACCOUNTABILITY_REFERRAL, district=district,
        action_date=parse_date(date, "--date"), reference=reference, recipient=recipient,
        description=description))


@action_app.command("list")
def action_list(ctx: typer.Context, year: Year) -> None:
    """The year's copies and referrals by date."""
    actions = call(ctx, stub(ctx).ListResultActions,
                   pb.ListResultActionsRequest(year=year)).actions
    render([_action_row(a) for a in actions],
           columns=["id", "date", "kind", "district", "reference", "recipient", "description",
                    "by"], title=f"Actions on the result {year}", output=state(ctx).output)
