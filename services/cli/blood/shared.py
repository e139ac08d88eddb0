"""What the ``cityscore blood`` modules share: the command group, the service's stub, the
plan year and apportionment options, and the names of row kinds, channels and methods."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cityscore.blood_quota.v1 import blood_quota_service_pb2 as pb
from cityscore.blood_quota.v1 import blood_quota_service_pb2_grpc as pb_grpc
from cityscore.services.cli.common import enum_label, stub_for
from cityscore.services.cli.templates import Column

app = typer.Typer(no_args_is_help=True, help="Blood-donation targets: plan, apportion, split, "
                                              "record collections and follow progress.")

METHODS = {"webster": pb.APPORTIONMENT_METHOD_WEBSTER, "hamilton": pb.APPORTIONMENT_METHOD_HAMILTON,
           "huntington_hill": pb.APPORTIONMENT_METHOD_HUNTINGTON_HILL,
           "dhondt": pb.APPORTIONMENT_METHOD_DHONDT, "adams": pb.APPORTIONMENT_METHOD_ADAMS}
METHOD_NAMES = {value: name for name, value in METHODS.items()}
#: Rows per streamed chunk: well under the 4 MiB message limit with packed fields.
CHUNK_ROWS = 20_000

CHANNEL = Column.enum("channel", "Collection channel", "group", pb.Channel, "CHANNEL_",
                      aliases={"团体": "group", "街头": "street", "演练": "drill"})

Year = Annotated[int, typer.Option(help="Plan year, e.g. 2017.")]
MethodOption = Annotated[str, typer.Option(help=f"One of {', '.join(METHODS)}.")]
WhatIf = Annotated[bool, typer.Option("--what-if", help="Compute and show; save nothing.")]
FileIn = Annotated[Path, typer.Option("--file", help="CSV or .xlsx; - for standard input.")]

stub = stub_for(pb_grpc.BloodQuotaServiceStub)


def apportionment_method(name: str) -> pb.ApportionmentMethod:
    """The method ``--method`` names (webster, hamilton, ...)."""
    if name not in METHODS:
        raise typer.BadParameter(f"unknown method {name!r}; use one of {', '.join(METHODS)}",
                                 param_hint="--method")
    return METHODS[name]


def row_kind(value: int) -> str:
    """A table row's kind as shown and as the import reads it ("" for none)."""
    return enum_label(pb.RowKind, "ROW_KIND_", value) if value else ""


def channel_name(value: int) -> str:
    """A collection channel as shown and as the import reads it."""
    return enum_label(pb.Channel, "CHANNEL_", value)

