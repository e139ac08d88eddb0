"""Imports that are all or nothing and may be run again safely: a request id derived from the
file's content, and a failed row named by the file line the clerk sees."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from typing import TypeVar

import typer

from cityscore.services.cli.context import reporting_failures, state

ResponseT = TypeVar("ResponseT")


def content_request_id(kind: str, key: str, data: bytes) -> str:
    """A request id from the file's bytes: the same file sent again is the same request, so
    the server answers it from its record instead of storing it twice."""
    return f"{kind}-{key}-{hashlib.sha256(data).hexdigest()}"


def by_file_line(field: str, lines: Sequence[int]) -> Callable[[str], str]:
    """Rewrites ``field[k]`` in an error detail as the file line the clerk sees."""
    pattern = re.compile(rf"{re.escape(field)}\[(\d+)\]")

    def line_of(match: re.Match[str]) -> str:
        k = int(match.group(1))
        return f"line {lines[k]} ({match.group(0)})" if k < len(lines) else match.group(0)

    return lambda detail: pattern.sub(line_of, detail)


def call_rows(ctx: typer.Context, method: Callable[..., ResponseT], request: object,
              field: str, lines: Sequence[int]) -> ResponseT:
    """One import call; a bad row in its answer is shown with its file line."""
    with reporting_failures(by_file_line(field, lines)):
        return state(ctx).connection.call(method, request)
