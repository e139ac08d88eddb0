"""Uploaded files read with the line numbers the clerk sees, and a request id derived from a
file's content, for imports that are all or nothing and may be run again safely."""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import grpc
import typer
from openpyxl import load_workbook

from cityscore.services.cli.channel import decode_failure
from cityscore.services.cli.context import state, stderr
from cityscore.services.cli.csv_io import XLSX_MAGIC, decode_csv

ResponseT = TypeVar("ResponseT")
NumberedRow = tuple[int, dict[str, str]]


def _xlsx_lines(data: bytes, source: str) -> Iterator[tuple[int, list[str]]]:
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # a damaged or password-protected workbook
        raise typer.BadParameter(f"{source}: not a readable .xlsx workbook ({error})") from None
    for number, row in enumerate(workbook.worksheets[0].iter_rows(values_only=True), start=1):
        yield number, ["" if v is None else (str(int(v)) if isinstance(v, float)
                                             and v.is_integer() else str(v)) for v in row]
    workbook.close()


def _csv_lines(data: bytes, source: str) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(decode_csv(data, source), newline=""))
    start = 1
    for row in reader:
        yield start, row
        start = reader.line_num + 1


def numbered_rows(path: Path, required: Sequence[str]) -> tuple[bytes, list[NumberedRow]]:
    """The file's bytes and its data rows, each with the line (or sheet row) it starts on,
    blank rows skipped; a missing column is a usage error."""
    data = path.read_bytes()
    lines = (_xlsx_lines if data.startswith(XLSX_MAGIC) else _csv_lines)(data, str(path))
    rows = [(number, cells) for number, cells in lines if any(c.strip() for c in cells)]
    header = [name.strip() for name in rows[0][1]] if rows else []
    missing = [c for c in required if c not in header]
    if missing:
        raise typer.BadParameter(f"{path} lacks column(s): {', '.join(missing)}")
    return data, [(number, {name: (cells[i] if i < len(cells) else "").strip()
                            for i, name in enumerate(header) if name})
                  for number, cells in rows[1:]]


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
