"""The ``cityscore lpg`` command group and the stub its sub-commands call."""

from __future__ import annotations

import typer

from cityscore.lpg_registry.v1 import lpg_registry_service_pb2_grpc as pb_grpc
from cityscore.services.cli.common import stub_for

app = typer.Typer(no_args_is_help=True, help="Bottled-LPG registry: users, cylinders, fills, "
                                             "deliveries, sweeps.")
stub = stub_for(pb_grpc.LpgRegistryServiceStub)
