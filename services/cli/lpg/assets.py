"""``cityscore lpg station|staff|vehicle list``: what an enterprise operates with, page by page."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Annotated, Any

import typer

from cityscore.lpg_registry.v1 import lpg_registry_service_pb2 as pb
from cityscore.services.cli.common import enum_label, show_date
from cityscore.services.cli.context import PageToken, call, next_page, state
from cityscore.services.cli.lpg.shared import LimitOpt, stub
from cityscore.services.cli.output import render

station_app = typer.Typer(no_args_is_help=True, help="An enterprise's stations.")
staff_app = typer.Typer(no_args_is_help=True, help="An enterprise's staff.")
vehicle_app = typer.Typer(no_args_is_help=True, help="An enterprise's vehicles.")

EnterpriseOpt = Annotated[str, typer.Option(help="Enterprise id.")]


def _list(ctx: typer.Context, method: Callable[..., Any], request: Any, field: str,
          row: Callable[[Any], Mapping[str, Any]], title: str) -> None:
    response = call(ctx, method, request)
    items: Sequence[Any] = getattr(response, field)
    output = state(ctx).output
    render([row(item) for item in items], title=title, output=output)
    next_page(ctx, response.next_page_token)


@station_app.command("list")
def station_list(ctx: typer.Context, enterprise: EnterpriseOpt, limit: LimitOpt = 100,
                 page_token: PageToken = "") -> None:
    """The enterprise's stations."""
    _list(ctx, stub(ctx).ListStations, pb.ListStationsRequest(
        enterprise_id=enterprise, page_size=limit, page_token=page_token), "stations",
        lambda s: {"station": s.station_id, "name": s.name, "district": s.district,
                   "address": s.address}, "Stations")


@staff_app.command("list")
def staff_list(ctx: typer.Context, enterprise: EnterpriseOpt, limit: LimitOpt = 100,
               page_token: PageToken = "") -> None:
    """The enterprise's staff and their certificates."""
    _list(ctx, stub(ctx).ListStaff, pb.ListStaffRequest(
        enterprise_id=enterprise, page_size=limit, page_token=page_token), "staff",
        lambda s: {"staff": s.staff_id, "name": s.name,
                   "role": enum_label(pb.StaffRole, "STAFF_ROLE_", s.role),
                   "certificate": s.certificate_number,
                   "valid_until": show_date(s.certificate_valid_until)}, "Staff")


@vehicle_app.command("list")
def vehicle_list(ctx: typer.Context, enterprise: EnterpriseOpt, limit: LimitOpt = 100,
                 page_token: PageToken = "") -> None:
    """The enterprise's delivery vehicles and their permits."""
    _list(ctx, stub(ctx).ListVehicles, pb.ListVehiclesRequest(
        enterprise_id=enterprise, page_size=limit, page_token=page_token), "vehicles",
        lambda v: {"plate": v.plate, "permit": v.hazmat_permit,
                   "valid_until": show_date(v.permit_valid_until)}, "Vehicles")
