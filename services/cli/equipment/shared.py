"""What the ``cityscore equipment`` modules share: the command group, the service's stub, the
common options, and rates as numbers."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cityscore.services.cli.common import stub_for
from cityscore.special_equipment.v1 import special_equipment_service_pb2_grpc as pb_grpc

app = typer.Typer(no_args_is_help=True, help="Elevators and special-equipment safety: register, "
                                             "2020 targets, annex tasks, inspections, death "
                                             "rate, maintenance companies.")

stub = stub_for(pb_grpc.SpecialEquipmentServiceStub)

#: The most rows the server gives per page (its page-size limit).
MAX_PAGE = 1000

Year = Annotated[int, typer.Option(help="Calendar year.")]
District = Annotated[str, typer.Option(help="District code (empty: the city, or your own).")]
AsOf = Annotated[str, typer.Option(help="The day to judge, YYYY-MM-DD (default: today).")]
PageSize = Annotated[int, typer.Option(min=1, max=MAX_PAGE, help="Rows per page.")]
ImportFilePath = Annotated[Path, typer.Argument(
    dir_okay=False, help="CSV (UTF-8 or GBK) or .xlsx; - for standard input.")]


def rate_value(text: str) -> float | None:
    """A percent or rate the server gives as exact decimal text ("97.50"), as a number;
    None where there is none (no units)."""
    return float(text) if text else None

