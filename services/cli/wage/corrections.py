"""``cityscore wage correction``: withdraw a review flag, a self-check item or a verification
entered by mistake (incidents: ``cityscore wage incident withdraw``), and every correction of
a year with who, when and why."""

from __future__ import annotations

from typing import Annotated

import typer

from cityscore.services.cli.common import request_id
from cityscore.services.cli.context import call, state
from cityscore.services.cli.output import render
from cityscore.services.cli.wage.shared import (
    District,
    FlagName,
    Year,
    correction_row,
    show_correction,
    stub,
)
from cityscore.wage_assessment.v1 import wage_assessment_service_pb2 as pb

correction_app = typer.Typer(no_args_is_help=True,
                             help="Withdraw records entered by mistake; their history.")

Reason = Annotated[str, typer.Option(help="Why it is withdrawn (required).")]
Indicator = Annotated[str, typer.Argument(help="Indicator id, e.g. SYS-4.")]


def _withdraw(ctx: typer.Context, request: pb.WithdrawRecordRequest) -> None:
    request.request_id = request_id(ctx)
    show_correction(ctx, call(ctx, stub(ctx).WithdrawRecord, request).correction)


@correction_app.command("withdraw-flag")
def withdraw_flag(
    ctx: typer.Context, year: Year, district: District,
    name: FlagName, reason: Reason,
) -> None:
    """Withdraw a review flag: grading treats it as never set."""
    _withdraw(ctx, pb.WithdrawRecordRequest(
        year=year, kind=pb.RECORD_KIND_REVIEW_FLAG, district=district, flag_name=name,
        reason=reason))


@correction_app.command("withdraw-selfcheck")
def withdraw_selfcheck(ctx: typer.Context, year: Year, district: District,
                       indicator: Indicator, reason: Reason) -> None:
    """Withdraw one self-check item (during the self-check): it counts as not reported."""
    _withdraw(ctx, pb.WithdrawRecordRequest(
        year=year, kind=pb.RECORD_KIND_SELF_CHECK_ITEM, district=district,
        indicator_id=indicator, reason=reason))


@correction_app.command("withdraw-verification")
def withdraw_verification(ctx: typer.Context, year: Year, district: District,
                          indicator: Indicator, reason: Reason) -> None:
    """Withdraw an on-site verification: the self-check value counts again."""
    _withdraw(ctx, pb.WithdrawRecordRequest(
        year=year, kind=pb.RECORD_KIND_VERIFICATION, district=district,
        indicator_id=indicator, reason=reason))


@correction_app.command("list")
def correction_list(
    ctx: typer.Context, year: Year,
    district: Annotated[str, typer.Option(help="Only this district.")] = "",
) -> None:
    """Every amendment and withdrawal of a year, oldest first, with values before and after."""
    corrections = call(ctx, stub(ctx).ListCorrections, pb.ListCorrectionsRequest(
        year=year, district=district)).corrections
    render([correction_row(c) for c in corrections],
           columns=["id", "at", "by", "kind", "district", "record", "action", "reason",
                    "before", "after"], title=f"Corrections {year}", output=state(ctx).output)
