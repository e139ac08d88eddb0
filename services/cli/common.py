"""What the area commands (``wage``, ``blood``, ``roads``, ``lpg``) share.

A service's stub on the invocation's connection, request ids, proto enums as the short
lower-case words users type and see, dates, whole numbers and yes/no cells of uploaded CSV
files, a report written to a file (CSV, or .xlsx by the file's name) or stdout, and a
replay's verdict.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO, TypeVar, cast, overload

import typer
from google.protobuf.internal.enum_type_wrapper import EnumTypeWrapper

from cityscore.common.v1 import common_pb2
from cityscore.services.cli.channel import EXIT_REPLAY_DIFFERS
from cityscore.services.cli.context import file_options, state, stderr
from cityscore.services.cli.output import Chart, export_rows, render, render_record
from cityscore.services.cli.xlsx import EXCEL_DIGITS, write_workbook

StubT = TypeVar("StubT")
EnumT = TypeVar("EnumT", bound=int)


# --- the connection -------------------------------------------------------------------------


def stub_for(factory: Callable[[Any], StubT]) -> Callable[[typer.Context], StubT]:
    """``stub(ctx)``: a stub of ``factory``'s service on the invocation's channel."""

    def stub(ctx: typer.Context) -> StubT:
        return factory(state(ctx).connection.channel)

    return stub


def request_id(ctx: typer.Context, suffix: str = "") -> str:
    """This invocation's request id (``--request-id`` when given); ``suffix`` tells apart its
    several mutations. A failure prints the id to retry with."""
    found = state(ctx)
    found.retry_id = found.retry_id or found.connection.request_id
    base = found.connection.request_id
    return f"{base}-{suffix}" if suffix else base


def show_report(ctx: typer.Context, rows: Sequence[Mapping[str, Any]], *, title: str,
                out: Path | None = None, columns: Sequence[str] | None = None,
                chart: Chart | None = None, key: str = "rows",
                warnings: Sequence[str] | None = None,
                decimals: Mapping[str, int] | None = None) -> None:
    """A report: written to ``out`` when given (.xlsx with ``chart`` beside the rows, else
    CSV), and shown on stdout in the ``-o`` format (``key``, ``warnings`` and ``decimals`` as
    :func:`~output.render` takes them)."""
    if out is not None:
        export_rows(out, rows, columns=columns, title=title, chart=chart)
        stderr.print(f"wrote {len(rows)} rows to {out}", highlight=False)
    render(rows, columns=columns, title=title, output=state(ctx).output, key=key,
           warnings=warnings, decimals=decimals)


def show_replay(ctx: typer.Context, record: Mapping[str, Any], *, title: str = "Replay"
                ) -> None:
    """A replay's verdict: ``record`` (whether it ``matches``, what was compared, each
    difference), then exit 9 when the stored result is not reproduced (README's exit codes:
    a finding about the stored result, not a failure of the command)."""
    render_record(record, title=title, output=state(ctx).output)
    if not record["matches"]:
        raise typer.Exit(EXIT_REPLAY_DIFFERS)


def compared_results(response: Any) -> dict[str, Any]:
    """The record of a replay that compares a stored result's digest with the recomputed
    one's (a sweep, a target report): whether they match, both digests, each difference."""
    return {"matches": response.matches, "stored": response.stored_result_digest,
            "replayed": response.replayed_result_digest,
            "differences": list(response.differences)}


# --- proto enums as words -------------------------------------------------------------------


def _wrapper(enum: Any) -> EnumTypeWrapper:
    return cast(EnumTypeWrapper, enum)


def enum_label(enum: Any, prefix: str, value: int) -> str:
    """The short lower-case name of an enum value, as the client shows and takes it."""
    return str(_wrapper(enum).Name(value)).removeprefix(prefix).lower()


def enum_choices(enum: Any, prefix: str) -> list[str]:
    """The short names a user may type for ``enum`` (all but the unspecified value)."""
    return [name.removeprefix(prefix).lower() for name, _value in _wrapper(enum).items()
            if name.startswith(prefix) and not name.endswith("UNSPECIFIED")]


def _word(text: str) -> str:
    return text.strip().lower().replace("-", "_")


def parse_enum(enum: type[EnumT], prefix: str, text: str, hint: str) -> EnumT:
    """The value of ``enum`` a user means by its short name; anything else is a usage error.

    ``hint`` names what was wrong: an option, an argument or a CSV cell (``line 3 kind``).
    """
    choices = enum_choices(enum, prefix)
    if _word(text) not in choices:
        raise typer.BadParameter(f"{text!r} is not one of {', '.join(choices)}",
                                 param_hint=hint)
    return cast(EnumT, _wrapper(enum).Value(prefix + _word(text).upper()))


def enum_or_unset(enum: type[EnumT], prefix: str, text: str) -> EnumT:
    """Like :func:`parse_enum`, but an unknown name goes to the server as the unset value, for
    the server to report with the row it came from."""
    choices = enum_choices(enum, prefix)
    name = prefix + (_word(text).upper() if _word(text) in choices else "UNSPECIFIED")
    return cast(EnumT, _wrapper(enum).Value(name))


# --- dates ------------------------------------------------------------------------------------


def parse_date(text: str, hint: str) -> common_pb2.Date:
    """A ``YYYY-MM-DD`` date typed by a user or read from a CSV cell (``2018-3-5`` is taken too)."""
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        try:
            day = dt.date(*(int(part) for part in text.split("-")))
        except (TypeError, ValueError):
            raise typer.BadParameter(f"{text!r} is not a date (YYYY-MM-DD)",
                                     param_hint=hint) from None
    return common_pb2.Date(year=day.year, month=day.month, day=day.day)


def optional_date(text: str | None, hint: str) -> common_pb2.Date | None:
    """The date of an option that may be left out (``--as-of``, ``--from``): None when it is
    (or empty), so that the request's field stays unset and the server's default holds."""
    return parse_date(text, hint) if text else None


def proto_date(day: dt.date) -> common_pb2.Date:
    """A date read from a file (a template's date column) as the services take it."""
    return common_pb2.Date(year=day.year, month=day.month, day=day.day)


def show_date(value: common_pb2.Date) -> str:
    """``YYYY-MM-DD``, or nothing for an unset date."""
    return f"{value.year:04d}-{value.month:02d}-{value.day:02d}" if value.year else ""


# --- cells of uploaded CSV files ------------------------------------------------------------


@overload
def csv_int(row: Mapping[str, str], column: str, line: int) -> int | None: ...


@overload
def csv_int(row: Mapping[str, str], column: str, line: int, default: int) -> int: ...


def csv_int(row: Mapping[str, str], column: str, line: int,
            default: int | None = None) -> int | None:
    """A whole number from ``column`` of the CSV row on ``line``; ``default`` when blank."""
    text = row.get(column, "")
    if not text:
        return default
    try:
        return int(text)
    except ValueError:
        raise typer.BadParameter(f"line {line}: {column} {text!r} is not a whole number"
                                 ) from None


def csv_flag(row: Mapping[str, str], column: str, line: int) -> bool:
    """A yes/no cell: 1, true or yes; 0, false, no or blank."""
    text = row.get(column, "").lower()
    if text not in ("", "0", "1", "true", "false", "yes", "no"):
        raise typer.BadParameter(f"line {line}: {column} {text!r} is not true/false")
    return text in ("1", "true", "yes")


#: A number as CSV writes it; codes with leading zeros stay text.
_NUMBER = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?")


def _typed(text: str) -> object:
    """A CSV cell as a workbook holds it: numbers as numbers, anything else as text (codes
    such as ``007`` and identity numbers too, which Excel would cut to 15 digits)."""
    if not _NUMBER.fullmatch(text) or len(text.strip("-").replace(".", "")) > EXCEL_DIGITS:
        return text
    return float(text) if "." in text else int(text)


@contextmanager
def csv_output(path: Path | None, bom: bool | None = None) -> Iterator[TextIO]:
    """Where a CSV report goes: ``path`` (UTF-8, created or replaced), or stdout.

    A ``path`` ending in ``.xlsx`` gets a workbook of the same rows instead (numbers as
    numbers). ``bom`` (default: the ``--bom`` option) starts a CSV file with the byte-order
    mark Excel needs to read UTF-8 Chinese text. A file that cannot be written is a usage
    error, not a traceback.
    """
    with_bom = file_options().bom if bom is None else bom
    if path is None:
        if with_bom:
            sys.stdout.write("\ufeff")
        yield sys.stdout
        return
    try:
        if path.suffix.lower() == ".xlsx":
            buffer = io.StringIO()
            yield buffer
            rows = list(csv.reader(io.StringIO(buffer.getvalue())))
            header = rows[0] if rows else []
            write_workbook(path, header, [dict(zip(header, (_typed(c) for c in row),
                                                   strict=False)) for row in rows[1:]],
                           title=path.stem)
            return
        with path.open("w", encoding="utf-8-sig" if with_bom else "utf-8",
                       newline="") as handle:
            yield handle
    except OSError as error:
        raise typer.BadParameter(f"cannot write {path}: {error.strerror}") from None
