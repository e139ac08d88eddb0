"""What the ``cityscore roads`` modules share: the command group, the service's stub, the
common arguments and options, and paged lists."""

from __future__ import annotations

import math
from typing import Annotated, Any

import typer

from cityscore.rural_roads.v1 import rural_roads_service_pb2_grpc as pb_grpc
from cityscore.services.cli.common import parse_date, stub_for

app = typer.Typer(no_args_is_help=True, help="Rural roads: network, condition surveys, PQI "
                                              "and the Four Good Rural Roads targets.")

stub = stub_for(pb_grpc.RuralRoadsServiceStub)

Year = Annotated[int, typer.Argument(help="Survey year, e.g. 2019.")]
District = Annotated[str, typer.Option(help="District code (district offices: their own).")]
AsOf = Annotated[str, typer.Option(help="YYYY-MM-DD: the register as it stood that day "
                                         "(default today).")]

#: Exit code of a replay that recomputed a stored report and found it differs (README's
#: exit-code table): nothing failed, so neither 0 nor the server-failure code 1.
#: The largest page the register lists give (ADR 0012).
PAGE_SIZE = 1000


def number(value: float) -> float | None:
    """A raw value for programs: NaN (no value) is null."""
    return None if math.isnan(value) else value


def list_request(kind: Any, district: str, as_of: str, **more: Any) -> Any:
    return kind(district=district, page_size=PAGE_SIZE, **more,
                **({"as_of": parse_date(as_of, "--as-of")} if as_of else {}))
