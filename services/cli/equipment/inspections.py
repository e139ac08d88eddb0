"""``cityscore equipment inspection ...``: periodic inspections: the sweep of every elevator
(counts per district, stored for replay) and the list of elevators due or overdue."""

from __future__ import annotations

from typing import Annotated

import typer

from cityscore.services.cli.common import (
    compared_results,
    enum_label,
    optional_date,
    request_id,
    show_date,
    show_replay,
    show_report,
)
from cityscore.services.cli.context import PageToken, call, next_page
from cityscore.services.cli.equipment.shared import (
    AsOf,
    District,
    PageSize,
    stub,
)
from cityscore.services.cli.output import Chart, ReportFile, note
from cityscore.special_equipment.v1 import special_equipment_service_pb2 as pb

inspection_app = typer.Typer(no_args_is_help=True, help="Periodic inspections.")


@inspection_app.command("sweep")
def inspection_sweep(ctx: typer.Context, as_of: AsOf = "", out: ReportFile = None) -> None:
    """Sweep every elevator and store the counts per district (city office); --out writes
    them with a chart comparing the districts."""
    sweep = call(ctx, stub(ctx).RunInspectionSweep, pb.RunInspectionSweepRequest(
        request_id=request_id(ctx), as_of=optional_date(as_of, "--as-of"))).sweep
    swept_on = show_date(sweep.swept_on)
    note("sweep", {"sweep_id": sweep.sweep_id, "swept_on": swept_on,
                   "policy_version": sweep.policy_version, "elevators": sweep.elevators,
                   "input_digest": sweep.input_digest, "result_digest": sweep.result_digest})
    show_report(ctx, [{"district": c.district, "ok": c.ok, "due_soon": c.due_soon,
                       "overdue": c.overdue} for c in sweep.districts],
                columns=["district", "ok", "due_soon", "overdue"], key="districts", out=out,
                title=f"Sweep {sweep.sweep_id} on {swept_on}: {sweep.elevators} elevators "
                      f"(policy {sweep.policy_version})",
                chart=Chart(f"Periodic inspections on {swept_on}", "district",
                            ["ok", "due_soon", "overdue"], y_title="elevators"))


@inspection_app.command("due")
def inspection_due(
    ctx: typer.Context, district: District = "", as_of: AsOf = "",
    page_size: PageSize = 100, page_token: PageToken = "", out: ReportFile = None,
) -> None:
    """Elevators due within the warning days or overdue, soonest first."""
    response = call(ctx, stub(ctx).ListDueInspections, pb.ListDueInspectionsRequest(
        district=district, page_size=page_size, page_token=page_token,
        as_of=optional_date(as_of, "--as-of")))
    note("total", response.total)
    show_report(ctx, [{"registration_code": d.registration_code, "district": d.district,
                       "address": d.address, "next_inspection": show_date(d.next_inspection),
                       "days_left": d.days_left,
                       "status": enum_label(pb.InspectionStatus, "INSPECTION_STATUS_",
                                            d.status)} for d in response.due],
                columns=["registration_code", "district", "address", "next_inspection",
                         "days_left", "status"], key="due", out=out,
                title=f"Due inspections ({response.total})")
    next_page(ctx, response.next_page_token)


@inspection_app.command("replay")
def inspection_replay(ctx: typer.Context, sweep_id: Annotated[int, typer.Argument()]) -> None:
    """Recompute a stored sweep and compare (exit 9 when it differs)."""
    show_replay(ctx, compared_results(call(ctx, stub(ctx).ReplayInspectionSweep,
                                           pb.ReplayInspectionSweepRequest(sweep_id=sweep_id))))


