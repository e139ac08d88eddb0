"""Imports that are all or nothing and may be run again safely: a request id derived from the
file's content, and a failed row named by the file line the clerk sees."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TypeVar

import grpc
import typer

from cityscore.services.cli.channel import decode_failure
from cityscore.services.cli.context import state, stderr

ResponseT = TypeVar("ResponseT")


def content_request_id(kind: str, key: str, data: bytes) -> str:
    """A request id from the file's bytes: the same file sent again is the same request, so
    the server answers it from its record instead of storing it twice."""
    return f"{kind}-{key}-{hashlib.sha256(data).hexdigest()}"


@contextmanager
def reporting_rows(field: str, lines: Sequence[int]) -> Iterator[None]:
    """Print a failed import like any failed call, naming ``field[k]`` by its file line."""
    pattern = re.compile(rf"{re.escape(field)}\[(\d+)\]")

    def line_of(match: re.Match[str]) -> str:
        k = int(match.group(1))
        return f"line {lines[k]} ({match.group(0)})" if k < len(lines) else match.group(0)

    try:
        yield
    except grpc.RpcError as error:
        failure = decode_failure(error)
        stderr.print(f"[bold red]error[/] ({failure.code.name}): {failure.message}",
                     highlight=False)
        for detail in failure.details:
            stderr.print(pattern.sub(line_of, detail), highlight=False, markup=False)
        raise typer.Exit(failure.exit_code) from None


def call_rows(ctx: typer.Context, method: Callable[..., ResponseT], request: object,
              field: str, lines: Sequence[int]) -> ResponseT:
    """One import call; a bad row in its answer is shown with its file line."""
    with reporting_rows(field, lines):
        return state(ctx).connection.call(method, request)
