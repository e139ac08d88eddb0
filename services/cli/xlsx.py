"""Workbooks a district office can forward as they are: a sheet of rows with numbers as numbers,
a native Excel chart where the report compares districts or years, and sheets of notes."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # openpyxl loads only when a workbook is written: the client starts fast
    from openpyxl.worksheet.worksheet import Worksheet


class ChartKind(enum.StrEnum):
    BAR = "bar"
    LINE = "line"


@dataclass(frozen=True)
class Chart:
    """A native Excel chart of a report: one bar (or line) series per column in ``values``,
    over the categories of column ``category`` (districts, years)."""

    title: str
    category: str
    values: Sequence[str]
    kind: ChartKind = ChartKind.BAR
    y_title: str = ""


#: The digits Excel keeps of a number: a longer whole number (an identity number) is text.
EXCEL_DIGITS = 15


def cell_value(value: Any) -> Any:
    """A value as Excel should hold it: numbers, dates and text stay what they are (a whole
    number longer than Excel keeps becomes text); enums by name; whatever else as text."""
    if isinstance(value, int) and not isinstance(value, bool) \
            and len(str(abs(value))) > EXCEL_DIGITS:
        return str(value)
    if value is None or isinstance(value, bool | int | float | str | dt.date):
        return value
    if isinstance(value, enum.Enum):
        return value.name.lower()
    return str(value)


def _fill(sheet: Worksheet, header: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([cell_value(v) for v in row])
    for index, name in enumerate(header, start=1):
        longest = max([len(str(name)), *(len(str(r[index - 1])) for r in rows
                                         if index - 1 < len(r))])
        sheet.column_dimensions[get_column_letter(index)].width = min(60, longest + 2)
    sheet.freeze_panes = "A2"


def _chart(sheet: Worksheet, columns: Sequence[str], count: int, chart: Chart) -> None:
    from openpyxl.chart import BarChart, LineChart, Reference
    from openpyxl.utils import get_column_letter

    for name in (chart.category, *chart.values):
        if name not in columns:
            raise ValueError(f"the chart's column {name!r} is not among the report's columns")
    drawing = BarChart() if chart.kind is ChartKind.BAR else LineChart()
    drawing.title = chart.title
    drawing.y_axis.title = chart.y_title
    drawing.x_axis.title = chart.category
    drawing.height, drawing.width = 9, max(16, count)
    for name in chart.values:
        col = columns.index(name) + 1
        drawing.add_data(Reference(sheet, min_col=col, min_row=1, max_row=count + 1),
                         titles_from_data=True)
    at = columns.index(chart.category) + 1
    drawing.set_categories(Reference(sheet, min_col=at, min_row=2, max_row=count + 1))
    sheet.add_chart(drawing, f"{get_column_letter(len(columns) + 2)}2")


def write_workbook(path: Path, columns: Sequence[str], rows: Sequence[Mapping[str, Any]], *,
                   title: str = "report", chart: Chart | None = None,
                   notes: Mapping[str, tuple[Sequence[str], Sequence[Sequence[Any]]]]
                   | None = None) -> None:
    """Write ``rows`` to the first sheet of a new workbook at ``path`` (replaced if there);
    ``chart`` adds a native chart beside them; ``notes`` adds sheets (name → header, rows)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook has its one sheet
    sheet.title = _sheet_name(title)
    _fill(sheet, columns, [[row.get(name) for name in columns] for row in rows])
    if chart is not None:
        _chart(sheet, columns, len(rows), chart)
    for name, (header, extra) in (notes or {}).items():
        _fill(book.create_sheet(_sheet_name(name)), header, extra)
    book.save(path)


def _sheet_name(title: str) -> str:
    """A sheet name Excel accepts: at most 31 characters, none of ``[]:*?/\\``."""
    cleaned = "".join(" " if c in "[]:*?/\\" else c for c in title).strip()
    return cleaned[:31] or "report"
