"""What every CLI command needs: the connection, the output format, and error handling."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

import grpc
import typer
from rich.console import Console

from cityscore.services.cli.channel import Connection, decode_failure
from cityscore.services.cli.output import OutputFormat

ResponseT = TypeVar("ResponseT")

#: Human messages go to stderr; stdout carries only data.
stderr = Console(stderr=True)


@dataclass
class CliState:
    connection: Connection
    output: OutputFormat


def state(ctx: typer.Context) -> CliState:
    found = ctx.find_root().obj
    if not isinstance(found, CliState):
        raise typer.BadParameter("the cityscore client options were not parsed")
    return found


def _as_sent(detail: str) -> str:
    return detail


@contextmanager
def reporting_failures(detail: Callable[[str], str] = _as_sent) -> Iterator[None]:
    """Print a failed call's status and details on stderr and exit with its code; ``detail``
    rewrites each detail line for the reader (an import names its rows by file line)."""
    try:
        yield
    except grpc.RpcError as error:
        failure = decode_failure(error)
        stderr.print(f"[bold red]error[/] ({failure.code.name}): {failure.message}",
                     highlight=False)
        for line in failure.details:
            stderr.print(detail(line), highlight=False, markup=False)
        raise typer.Exit(failure.exit_code) from None


def call(ctx: typer.Context, method: Callable[..., ResponseT], request: Any,
         timeout: float | None = None) -> ResponseT:
    """One call with the invocation's deadline, token and request id; failures exit."""
    with reporting_failures():
        return state(ctx).connection.call(method, request, timeout)
