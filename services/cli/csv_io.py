"""Reading the files district offices upload, and showing progress while they go.

A clerk's file comes from Excel: a CSV in UTF-8 (with or without the BOM Excel writes) or, from
Excel on Chinese Windows, in GBK/GB18030; or the workbook itself (.xlsx, first sheet). Each is
read the same way; ``-`` reads standard input. Bytes that are neither encoding are a usage error
naming the line, never a traceback.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TypeVar

import typer
from openpyxl import load_workbook
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from cityscore.services.cli.context import stderr

T = TypeVar("T")


XLSX_MAGIC = b"PK\x03\x04"


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def decode_csv(data: bytes, source: str) -> str:
    """The text of a CSV file in UTF-8 (BOM or not) or GB18030/GBK.

    A file that is UTF-8 up to a bad byte, and already has characters beyond ASCII before
    it, is a damaged UTF-8 file: read as GBK it would turn every name into nonsense, so the
    bad byte's line is named instead. A file whose first non-ASCII bytes are not UTF-8 is
    GBK, and a byte GBK cannot read either is named by its line.
    """
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as not_utf8:
        damaged_utf8 = not data[:not_utf8.start].isascii()
        failure = not_utf8
    if not damaged_utf8:
        try:
            return data.decode("gb18030")
        except UnicodeDecodeError as not_gbk:
            failure = not_gbk
    raise typer.BadParameter(
        f"{source}: line {_line_of(data, failure.start)} has bytes that are not "
        f"{'UTF-8' if damaged_utf8 else 'UTF-8 or GBK/GB18030'}; save the file as CSV UTF-8 "
        "(or .xlsx) and try again")


def _cell(value: object) -> str:
    """A spreadsheet cell as the clerk typed it: whole numbers without ``.0``, dates as ISO."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _xlsx_lines(data: bytes, source: str) -> Iterator[tuple[int, list[str]]]:
    """The first sheet's rows, each with its row number as Excel shows it."""
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # a damaged or password-protected workbook
        raise typer.BadParameter(f"{source}: not a readable .xlsx workbook ({error})") from None
    for number, row in enumerate(workbook.worksheets[0].iter_rows(values_only=True), start=1):
        yield number, [_cell(value) for value in row]
    workbook.close()


def _csv_lines(data: bytes, source: str) -> Iterator[tuple[int, list[str]]]:
    """The CSV's records, each with the line it starts on (a quoted cell may span lines)."""
    reader = csv.reader(io.StringIO(decode_csv(data, source), newline=""))
    start = 1
    for row in reader:
        yield start, row
        start = reader.line_num + 1


NumberedRow = tuple[int, dict[str, str]]


def read_file(path: Path) -> bytes:
    """The file's bytes; ``-`` is standard input (the import commands take ``-`` for it)."""
    if str(path) == "-":
        return sys.stdin.buffer.read()
    try:
        return path.read_bytes()
    except OSError as error:
        raise typer.BadParameter(f"cannot read {path}: {error.strerror}") from None


def numbered_rows(path: Path, required: Sequence[str]) -> tuple[bytes, list[NumberedRow]]:
    """The file's bytes and its data rows by header name, each with the line (or sheet row)
    it starts on, blank rows skipped; a missing column is a usage error."""
    data = read_file(path)
    source = "standard input" if str(path) == "-" else str(path)
    lines = (_xlsx_lines if data.startswith(XLSX_MAGIC) else _csv_lines)(data, source)
    rows = [(number, cells) for number, cells in lines if any(c.strip() for c in cells)]
    header = [name.strip() for name in rows[0][1]] if rows else []
    missing = [c for c in required if c not in header]
    if missing:
        raise typer.BadParameter(f"{source} lacks column(s): {', '.join(missing)}")
    return data, [(number, {name: (cells[i] if i < len(cells) else "").strip()
                            for i, name in enumerate(header) if name})
                  for number, cells in rows[1:]]


def read_rows(path: Path, required: Sequence[str]) -> list[dict[str, str]]:
    """All data rows of a CSV or .xlsx with a header, by column name."""
    return [row for _, row in numbered_rows(path, required)[1]]


def chunks(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _one(_item: object) -> int:
    return 1


def with_progress(items: Iterable[T], total: int, label: str,
                  weight: Callable[[T], int] = _one) -> Iterator[T]:
    """Yield ``items`` while a progress bar on stderr counts them (data stays on stdout).

    ``weight`` says how much of ``total`` one item is (e.g. ``len`` for chunks of rows).
    """
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TimeRemainingColumn())
    with Progress(*columns, console=stderr, transient=True) as progress:
        task = progress.add_task(label, total=total)
        for item in items:
            yield item
            progress.advance(task, weight(item))
