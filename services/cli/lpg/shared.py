"""The ``cityscore lpg`` command group, the stub its sub-commands call, and what several of
them share."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cityscore.lpg_registry.v1 import lpg_registry_service_pb2_grpc as pb_grpc
from cityscore.services.cli.common import stub_for

app = typer.Typer(no_args_is_help=True, help="Bottled-LPG registry: users, cylinders, fills, "
                                             "deliveries, sweeps.")
stub = stub_for(pb_grpc.LpgRegistryServiceStub)

LimitOpt = Annotated[int, typer.Option(min=1, max=1000, help="Page size.")]
FileOpt = Annotated[Path, typer.Option(
    "--file", dir_okay=False, show_default=False,
    help="CSV (UTF-8 or GBK) or .xlsx; - for standard input. Columns: see below.")]
