"""Rendering rows for people (a rich table) or programs (JSON, CSV) on stdout, and writing
reports to files (CSV, with a BOM for Excel when asked, or .xlsx with a native chart).

``-o json`` prints exactly one JSON document per command: what a command renders goes into the
invocation's document, written when the command ends. A command that renders one thing and
states no warnings prints that thing (a list of rows, or an object); otherwise one object holds
each rendered part under its ``key`` and ``warnings`` (and any :func:`note`). Values are raw:
numbers as numbers, enums by name, dates as ISO text. ``-o csv`` writes raw values too. Tables
keep every number whole at any terminal width (text columns wrap instead), each numeric
column with one number of decimals.
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import enum
import json
import math
import sys
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, TextIO

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from cityscore.services.cli.xlsx import Chart, ChartKind, write_workbook

__all__ = ["Chart", "ChartKind", "OutputFormat", "ReportFile", "export_rows", "note", "render",
           "render_record", "warn"]

#: The most decimals a table shows of a column of fractions (JSON and CSV keep every digit).
MAX_TABLE_DECIMALS = 3
#: The narrowest a text column is squeezed to before the table grows wider than the terminal.
MIN_TEXT_WIDTH = 10


#: A report command's ``--out``: the file a report is written to, as a workbook or CSV.
ReportFile = Annotated[Path | None, typer.Option(
    "--out", dir_okay=False, show_default=False,
    help="Also write the report to this file: .xlsx for a workbook (with its chart), else CSV "
         "(--bom for Excel).")]


class OutputFormat(enum.StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"


def raw(value: Any) -> Any:
    """A value as a program reads it: numbers, booleans and text as they are, enums by name,
    dates and times as ISO text, decimals as numbers, a number that is not finite as null."""
    if isinstance(value, enum.Enum):
        return value.name.lower() if isinstance(value.value, int) else value.value
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, float) and not math.isfinite(value):
        return None  # JSON has no NaN or infinity
    if isinstance(value, Mapping):
        return {str(k): raw(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [raw(v) for v in value]
    return value


def cell_text(value: Any) -> str:
    """A value as one table or CSV cell: its raw form, a list as its items separated by
    spaces (not Python's ``[1, 2]``), nothing for None."""
    found = raw(value)
    if found is None:
        return ""
    if isinstance(found, list):
        return " ".join(cell_text(item) for item in found)
    return str(found)


# --- one JSON document per command -------------------------------------------------------


@dataclass
class JsonDocument:
    """What a command prints with ``-o json``, gathered until it ends."""

    parts: list[tuple[str, Any]] = field(default_factory=list)
    extras: dict[str, Any] = field(default_factory=dict)

    def add(self, key: str, payload: Any) -> None:
        taken = {k for k, _ in self.parts}
        unique, n = key, 2
        while unique in taken:
            unique, n = f"{key}_{n}", n + 1
        self.parts.append((unique, payload))

    def value(self) -> Any:
        if len(self.parts) == 1 and not self.extras:
            return self.parts[0][1]
        return {**dict(self.parts), **self.extras}

    def write(self, stream: TextIO) -> None:
        if self.parts or self.extras:
            stream.write(json.dumps(raw(self.value()), ensure_ascii=False, indent=2) + "\n")


_document: ContextVar[JsonDocument | None] = ContextVar("cityscore_json_document",
                                                        default=None)


@contextmanager
def one_document(output: OutputFormat) -> Iterator[None]:
    """Gather what the command renders into one JSON document, written to stdout at the end
    (the root command wraps every invocation in it)."""
    if output is not OutputFormat.JSON:
        yield
        return
    token = _document.set(JsonDocument())
    try:
        yield
    finally:
        found = _document.get()
        _document.reset(token)
        if found is not None:
            found.write(sys.stdout)


def note(key: str, value: Any) -> None:
    """Something a program should read along with the rows (``ties``, ``distribution``): a
    member of the JSON document; nothing in the other formats (print it on stderr there)."""
    document = _document.get()
    if document is not None:
        document.extras[key] = raw(value)


def warn(message: str) -> None:
    """A warning for the reader: on stderr, and inside the JSON document's ``warnings``."""
    document = _document.get()
    if document is not None:
        document.extras.setdefault("warnings", []).append(message)
    from cityscore.services.cli.context import stderr  # context renders with this module
    stderr.print(Text.assemble(("warning", "yellow"), f": {message}"), highlight=False)


# --- rendering ------------------------------------------------------------------------------


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float | decimal.Decimal) and not isinstance(value, bool)


def _decimals(values: Sequence[Any]) -> int:
    """How many decimals show every value of a numeric column (at most the table's limit)."""
    places = 0
    for value in values:
        if isinstance(value, float | decimal.Decimal):
            text = f"{value:.{MAX_TABLE_DECIMALS}f}".rstrip("0")
            places = max(places, len(text.partition(".")[2]))
    return places


def _table_cells(rows: Sequence[Mapping[str, Any]], name: str,
                 decimals: int | None) -> tuple[list[str], bool]:
    values = [row.get(name) for row in rows]
    present = [v for v in values if v is not None and v != ""]
    if not present or not all(_is_number(v) for v in present):
        return [cell_text(v) for v in values], False
    places = _decimals(present) if decimals is None else decimals
    return ["" if v is None or v == "" else str(v) if isinstance(v, int) and not places
            else f"{v:.{places}f}" for v in values], True


def _print_table(rows: Sequence[Mapping[str, Any]], names: Sequence[str], title: str | None,
                 decimals: Mapping[str, int]) -> None:
    columns = [(name, *_table_cells(rows, name, decimals.get(name))) for name in names]
    table = Table(title=title)
    needed = 1
    for name, cells, numeric in columns:
        if numeric:
            width = max([len(name), *(len(c) for c in cells)])
            table.add_column(name, justify="right", no_wrap=True, min_width=width)
        else:
            width = min(MIN_TEXT_WIDTH, max([len(name), *(len(c) for c in cells)]))
            table.add_column(name, overflow="fold")
        needed += width + 3
    for index in range(len(rows)):
        table.add_row(*(cells[index] for _name, cells, _numeric in columns))
    terminal = Console().width
    Console(soft_wrap=True, width=max(terminal, needed)).print(table)


def render(rows: Sequence[Mapping[str, Any]], *, columns: Sequence[str] | None = None,
           title: str | None = None, output: OutputFormat = OutputFormat.TABLE,
           key: str = "rows", warnings: Sequence[str] | None = None,
           decimals: Mapping[str, int] | None = None) -> None:
    """Print ``rows`` in ``output``; ``columns`` fixes order (default: the first row's keys).

    In JSON the rows go into the command's document under ``key``; ``warnings`` (given, even
    empty) makes the document an object with a ``warnings`` list, and is printed on stderr
    for people. ``decimals`` fixes a table column's decimals (default: as many as its values
    need, at most :data:`MAX_TABLE_DECIMALS`).
    """
    names = list(columns) if columns is not None else (list(rows[0]) if rows else [])
    if warnings is not None:
        document = _document.get()
        if document is not None:
            document.extras.setdefault("warnings", [])
        for message in warnings:
            warn(message)
    if output is OutputFormat.JSON:
        payload = [{k: raw(row.get(k)) for k in names} for row in rows]
        document = _document.get()
        if document is not None:
            document.add(key, payload)
        else:
            sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    elif output is OutputFormat.CSV:
        from cityscore.services.cli.context import file_options

        if file_options().bom:
            sys.stdout.write("\ufeff")
        write_csv(sys.stdout, rows, names)
    else:
        _print_table(rows, names, title, decimals or {})


def render_record(record: Mapping[str, Any], *, output: OutputFormat,
                  title: str | None = None, key: str = "record",
                  warnings: Sequence[str] | None = None) -> None:
    """One record: a two-column table for people, an object in JSON, one row in CSV."""
    if output is OutputFormat.JSON:
        document = _document.get()
        payload = raw(dict(record))
        if document is not None and warnings is not None:
            document.extras.setdefault("warnings", [])
        for message in warnings or ():
            warn(message)
        if document is not None:
            document.add(key, payload)
        else:
            sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    elif output is OutputFormat.CSV:
        render([record], output=output, warnings=warnings)
    else:
        render([{"field": k, "value": raw(v)} for k, v in record.items()], title=title,
               output=output, warnings=warnings)


# --- reports to files -----------------------------------------------------------------------


def write_csv(handle: TextIO, rows: Sequence[Mapping[str, Any]], columns: Sequence[str]) -> None:
    """``rows`` as CSV with a header, raw values (what the matching import reads back)."""
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([cell_text(row.get(c)) for c in columns])


def is_workbook(path: Path | None) -> bool:
    return path is not None and path.suffix.lower() == ".xlsx"


def export_rows(path: Path | None, rows: Sequence[Mapping[str, Any]], *,
                columns: Sequence[str] | None = None, title: str = "report",
                chart: Chart | None = None, bom: bool | None = None) -> None:
    """Write a report: to ``path`` as .xlsx (with ``chart`` beside the rows) when it ends in
    ``.xlsx``, else as CSV (with a BOM for Excel when ``bom``, default the ``--bom`` option);
    to standard output as CSV when ``path`` is None or ``-``."""
    from cityscore.services.cli.common import csv_output  # common builds on this module

    names = list(columns) if columns is not None else (list(rows[0]) if rows else [])
    if path is not None and is_workbook(path):
        try:
            write_workbook(path, names, rows, title=title, chart=chart)
        except OSError as error:
            raise typer.BadParameter(f"cannot write {path}: {error.strerror}") from None
    else:
        with csv_output(None if path is None or str(path) == "-" else path, bom=bom) as handle:
            write_csv(handle, rows, names)
