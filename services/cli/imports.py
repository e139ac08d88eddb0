"""Imports that are all or nothing and may be run again safely: a request id derived from the
command and the file's content (or ``--request-id``), and every problem of a file named by the
line and column the clerk sees, all at once, a long list summarised."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import typer

from cityscore.services.cli.context import option_flags, reporting_failures, state, summarise
from cityscore.services.cli.csv_io import chunks, with_progress

ResponseT = TypeVar("ResponseT")
RequestT = TypeVar("RequestT")
ItemT = TypeVar("ItemT")

def content_request_id(kind: str, key: str, data: bytes) -> str:
    """A request id from the file's bytes: the same file sent again is the same request, so
    the server answers it from its record instead of storing it twice."""
    return f"{kind}-{key}-{hashlib.sha256(data).hexdigest()}"


def file_request_id(ctx: typer.Context, kind: str, key: str, data: bytes,
                    suffix: str = "") -> str:
    """A bulk command's request id: ``--request-id`` when given, else :func:`content_request_id`
    of the command (``kind``, ``key``: e.g. ``incidents`` and the year) and the file's bytes,
    so running the same import again after a timeout is a retry the server answers without
    storing anything twice. A failure prints the id to retry with; ``suffix`` tells apart the
    command's several calls (chunks)."""
    found = state(ctx)
    base = (found.connection.request_id if found.connection.explicit_request_id
            else content_request_id(kind, key, data))
    found.retry_id = base
    return f"{base}-{suffix}" if suffix else base


def remembered_start(request_id: str, ask_server: Callable[[], int]) -> int:
    """Where a numbered upload of this content starts: the number it got the first time it
    was sent from this computer, else ``ask_server()`` (the next free number), remembered
    under ``request_id`` in the user's cache (``$XDG_CACHE_HOME/cityscore/uploads``). So the
    same file sent again after a timeout is numbered as before and each part is a retry the
    server answers from its record, not a new upload of rows it already holds."""
    folder = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "cityscore" \
        / "uploads"
    journal = folder / hashlib.sha256(request_id.encode()).hexdigest()
    try:
        return int(journal.read_text("ascii"))
    except (OSError, ValueError):
        start = ask_server()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        journal.write_text(str(start), "ascii")
    except OSError:
        pass  # no cache: the upload still works, a re-run is then numbered anew
    return start


# --- problems named as the clerk sees them ----------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One problem of a file: its line (1-based, header counted) and column."""

    line: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}" + (f", column {self.column}" if self.column else "")
        return f"{where}: {self.message}"


class FileProblems(typer.BadParameter):
    """Every problem of a file, found before anything was sent: a usage error (exit 2)."""

    def __init__(self, source: str, problems: Sequence[Problem | str]) -> None:
        self.problems = list(problems)
        lines = summarise(str(p) for p in problems)
        super().__init__(f"{source}: nothing was stored; {len(problems)} problem"
                         f"{'' if len(problems) == 1 else 's'} to fix:\n" + "\n".join(lines))


# --- the server's answer, by file line --------------------------------------------------------


def by_file_line(field: str, lines: Sequence[int],
                 columns: Mapping[str, str] | None = None) -> Callable[[str], str]:
    """Rewrites ``field[k]`` in an error detail as the file line the clerk sees.

    With ``columns`` (request field → file column, e.g. ``{"incident_date": "date"}``; a
    field not in it is its own column) ``field[k].name`` reads ``line 5, column date``.
    """
    if columns is None:
        pattern = re.compile(rf"{re.escape(field)}\[(\d+)\]")
    else:
        pattern = re.compile(rf"{re.escape(field)}\[(\d+)\](?:\.([A-Za-z_][A-Za-z0-9_]*))?")

    def line_of(match: re.Match[str]) -> str:
        k = int(match.group(1))
        if k >= len(lines):
            return match.group(0)
        where = f"line {lines[k]}"
        if columns is not None and match.group(2):
            where += f", column {columns.get(match.group(2), match.group(2))}"
        return f"{where} ({match.group(0)})"

    return lambda detail: pattern.sub(line_of, detail)


def call_rows(ctx: typer.Context, method: Callable[..., ResponseT], request: object,
              field: str, lines: Sequence[int],
              columns: Mapping[str, str] | None = None) -> ResponseT:
    """One import call; a bad row in its answer is shown with its file line and column, a
    long list summarised, and the request id to retry with printed."""
    with reporting_failures(by_file_line(field, lines, columns), flags=option_flags(ctx)):
        return state(ctx).connection.call(method, request)


def send_in_chunks(ctx: typer.Context, method: Callable[..., ResponseT],
                   items: Sequence[ItemT], size: int, label: str,
                   build: Callable[[Sequence[ItemT], str], RequestT], *, base_id: str,
                   field: str = "", lines: Sequence[int] = (),
                   columns: Mapping[str, str] | None = None) -> list[ResponseT]:
    """Send ``items`` in chunks of ``size``, one call each, under a progress bar on stderr.

    ``build(chunk, request_id)`` makes a chunk's request; its id is ``base_id`` (from
    :func:`file_request_id`) and the chunk's number, so running the command again after a
    dropped connection resends only what the server has not stored: the chunks it has are
    answered from its record. A bad row is named by its file line (``lines``: each item's,
    ``field``: the request's repeated field) and the failure prints ``base_id`` to retry with.
    """
    answers: list[ResponseT] = []
    batches = list(chunks(items, size))
    for number, batch in enumerate(with_progress(batches, len(items), label, weight=len)):
        start = number * size
        request = build(batch, f"{base_id}-chunk-{number}")
        if field:
            answers.append(call_rows(ctx, method, request, field,
                                     list(lines[start:start + len(batch)]), columns))
        else:
            with reporting_failures(flags=option_flags(ctx)):
                answers.append(state(ctx).connection.call(method, request))
    return answers
