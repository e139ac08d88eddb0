"""Reading the files district offices upload, and showing progress while they go.

A clerk's file comes from Excel: a CSV in UTF-8 (with or without the BOM Excel writes) or, from
Excel on Chinese Windows, in GBK/GB18030; or the workbook itself (.xlsx, first sheet). Each is
read the same way; ``-`` reads standard input. ``--encoding`` forces an encoding and ``--sheet``
picks a workbook's sheet (by name or number), for every import. Bytes that are neither encoding
(or not the forced one) are a usage error naming the line, never a traceback.
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
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from cityscore.services.cli.context import file_options, stderr

T = TypeVar("T")


XLSX_MAGIC = b"PK\x03\x04"
#: The start of an Excel 97-2003 workbook (.xls), which the client does not read.
XLS_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


#: Three-byte UTF-8 characters before a bad byte that make a file damaged UTF-8, not GBK.
UTF8_EVIDENCE = 2


def _wide_characters(valid_utf8: bytes) -> int:
    """How many characters of three or more bytes (Chinese among them) ``valid_utf8`` has."""
    return sum(1 for byte in valid_utf8 if byte >= 0xE0)


def _forced(data: bytes, source: str, encoding: str) -> str:
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        raise typer.BadParameter(f"{encoding!r} is not an encoding Python knows (e.g. utf-8, "
                                 "gbk, gb18030)", param_hint="--encoding") from None
    if name == "utf-8" and data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    try:
        return data.decode(name)
    except UnicodeDecodeError as error:
        raise typer.BadParameter(
            f"{source}: line {_line_of(data, error.start)} has bytes that are not {encoding}; "
            "save the file in that encoding, or leave --encoding out to detect it") from None


def decode_csv(data: bytes, source: str, encoding: str | None = None) -> str:
    """The text of a CSV file in UTF-8 (BOM or not) or GB18030/GBK; ``encoding`` forces one.

    A file that is UTF-8 up to a bad byte, and already has Chinese characters (three-byte
    UTF-8 sequences) before it, is a damaged UTF-8 file: read as GBK it would turn every name
    into nonsense, so the bad byte's line is named instead. (GBK text may pass for a two-byte
    UTF-8 character or so by chance, hardly for several three-byte ones.) Any other file that
    is not UTF-8 is GBK, and a byte GBK cannot read either is named by its line.
    """
    if encoding:
        return _forced(data, source, encoding)
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as not_utf8:
        damaged_utf8 = _wide_characters(data[:not_utf8.start]) >= UTF8_EVIDENCE
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


def _xlsx_lines(data: bytes, source: str, sheet: str | None = None
                ) -> Iterator[tuple[int, list[str]]]:
    """The rows of the first sheet (or ``sheet``: its name, or its number from 1), each with
    its row number as Excel shows it."""
    from openpyxl import load_workbook  # only for workbooks: the client starts fast

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # a damaged or password-protected workbook
        raise typer.BadParameter(f"{source}: not a readable .xlsx workbook ({error})") from None
    names = workbook.sheetnames
    if sheet is None:
        chosen = names[0]
    elif sheet in names:
        chosen = sheet
    elif sheet.isdigit() and 1 <= int(sheet) <= len(names):
        chosen = names[int(sheet) - 1]
    else:
        workbook.close()
        raise typer.BadParameter(f"{source} has no sheet {sheet!r}; its sheets: "
                                 f"{', '.join(names)}", param_hint="--sheet")
    for number, row in enumerate(workbook[chosen].iter_rows(values_only=True), start=1):
        yield number, [_cell(value) for value in row]
    workbook.close()


def _csv_lines(data: bytes, source: str, encoding: str | None = None
               ) -> Iterator[tuple[int, list[str]]]:
    """The CSV's records, each with the line it starts on (a quoted cell may span lines)."""
    reader = csv.reader(io.StringIO(decode_csv(data, source, encoding), newline=""))
    start = 1
    try:
        for row in reader:
            yield start, row
            start = reader.line_num + 1
    except csv.Error as error:  # a cell beyond the csv module's limit
        raise typer.BadParameter(f"{source}: line {start} is not CSV ({error}); save the "
                                 "file as CSV UTF-8 (or .xlsx) and try again") from None


NumberedRow = tuple[int, dict[str, str]]


def read_file(path: Path) -> bytes:
    """The file's bytes; ``-`` is standard input (the import commands take ``-`` for it)."""
    if str(path) == "-":
        return sys.stdin.buffer.read()
    try:
        return path.read_bytes()
    except OSError as error:
        raise typer.BadParameter(f"cannot read {path}: {error.strerror}") from None


def source_name(path: Path) -> str:
    """The file as messages name it."""
    return "standard input" if str(path) == "-" else str(path)


def numbered_rows(path: Path, required: Sequence[str], *, encoding: str | None = None,
                  sheet: str | None = None) -> tuple[bytes, list[NumberedRow]]:
    """The file's bytes and its data rows by header name, each with the line (or sheet row)
    it starts on, blank rows skipped; a missing column is a usage error.

    ``encoding`` and ``sheet`` default to the invocation's ``--encoding`` and ``--sheet``.
    """
    data = read_file(path)
    source = source_name(path)
    options = file_options()
    if data.startswith(XLS_MAGIC):
        raise typer.BadParameter(f"{source} is an Excel 97-2003 workbook (.xls); save it as "
                                 ".xlsx or CSV UTF-8 and try again")
    if data.startswith(XLSX_MAGIC):
        lines = _xlsx_lines(data, source, sheet or options.sheet)
    else:
        lines = _csv_lines(data, source, encoding or options.encoding)
    rows = [(number, cells) for number, cells in lines if any(c.strip() for c in cells)]
    header = [name.strip() for name in rows[0][1]] if rows else []
    missing = [c for c in required if c not in header]
    if missing:
        raise typer.BadParameter(f"{source} lacks column(s): {', '.join(missing)} (its "
                                 f"header: {', '.join(h for h in header if h) or 'none'})")
    return data, [(number, {name: (cells[i] if i < len(cells) else "").strip()
                            for i, name in enumerate(header) if name})
                  for number, cells in rows[1:]]


def read_rows(path: Path, required: Sequence[str], *, encoding: str | None = None,
              sheet: str | None = None) -> list[dict[str, str]]:
    """All data rows of a CSV or .xlsx with a header, by column name."""
    return [row for _, row in numbered_rows(path, required, encoding=encoding,
                                            sheet=sheet)[1]]


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
