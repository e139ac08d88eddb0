"""Import kinds declared once, used three ways: the empty file a clerk fills in
(``cityscore <area> template <kind> [--format csv|xlsx]``), the import's ``--help`` column
list, and the reading and checking of the file's rows.

A service module declares each kind it imports::

    UNITS = ImportKind("units", "Work units and towns of a district", (
        Column.text("code", "The unit's code", "W1"),
        Column.whole("headcount", "People counted", "500000", unit="people"),
        Column.enum("kind", "What the unit is", "work_unit", pb.UnitKind, "UNIT_KIND_"),
    ))
    add_template_command(app, UNITS)                   # cityscore blood template units
    @app.command("split", epilog=UNITS.epilog())       # --help lists the columns
    ...
    read = UNITS.read(path)                            # every problem at once, or rows
    for row in read.rows: row.values["headcount"]      # an int; an enum column its value
    read.send(ctx, stub(ctx).ImportUnits, pb.ImportUnitsRequest(
        request_id=read.request_id(ctx, str(year)), units=units), "units")
"""

from __future__ import annotations

import datetime as dt
import enum
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from google.protobuf.internal.enum_type_wrapper import EnumTypeWrapper

from cityscore.services.cli.common import enum_choices
from cityscore.services.cli.context import stderr
from cityscore.services.cli.csv_io import numbered_rows, source_name
from cityscore.services.cli.imports import FileProblems, Problem, call_rows, file_request_id
from cityscore.services.cli.output import export_rows, warn, write_csv
from cityscore.services.cli.xlsx import write_workbook

Parser = Callable[[str], Any]
ResponseT = TypeVar("ResponseT")

#: Yes/no cells: what Excel users type for a tick, in English and Chinese.
YES = ("1", "true", "yes", "y", "是")
NO = ("0", "false", "no", "n", "否")


def _text(cell: str) -> str:
    return cell


def _whole(cell: str) -> int:
    try:
        return int(cell.replace(",", ""))
    except ValueError:
        raise ValueError(f"{cell!r} is not a whole number") from None


def _number(cell: str) -> float:
    try:
        return float(cell.replace(",", ""))
    except ValueError:
        raise ValueError(f"{cell!r} is not a number") from None


def _date(cell: str) -> dt.date:
    try:
        return dt.date.fromisoformat(cell)
    except ValueError:
        try:
            return dt.date(*(int(part) for part in cell.replace("/", "-").split("-")))
        except (TypeError, ValueError):
            raise ValueError(f"{cell!r} is not a date (YYYY-MM-DD)") from None


def _flag(cell: str) -> bool:
    word = cell.strip().lower()
    if word not in (*YES, *NO):
        raise ValueError(f"{cell!r} is not yes/no (1/0, true/false, 是/否)")
    return word in YES


def _word(text: str) -> str:
    return text.strip().lower().replace("-", "_").replace(" ", "_")


def _choice(allowed: Sequence[str], aliases: Mapping[str, str]) -> Parser:
    def parse(cell: str) -> str:
        word = aliases.get(cell.strip(), _word(cell))
        if word not in allowed:
            raise ValueError(f"{cell!r} is not one of {', '.join(allowed)}")
        return word

    return parse


@dataclass(frozen=True)
class Column:
    """One column of an import file: its header name, what it holds, its unit, the values it
    allows, an example, and how a cell is read (``parse`` raises ``ValueError`` with the
    problem). A blank cell of a column that is not ``required`` reads as None."""

    name: str
    description: str
    example: str
    unit: str = ""
    allowed: Sequence[str] = ()
    required: bool = True
    parse: Parser = _text
    #: Whether the template's workbook holds the example as a number.
    numeric: bool = False

    @classmethod
    def text(cls, name: str, description: str, example: str, *,
             required: bool = True) -> Column:
        return cls(name, description, example, required=required)

    @classmethod
    def whole(cls, name: str, description: str, example: str, *, unit: str = "",
              required: bool = True) -> Column:
        return cls(name, description, example, unit, required=required, parse=_whole,
                   numeric=True)

    @classmethod
    def number(cls, name: str, description: str, example: str, *, unit: str = "",
               required: bool = True) -> Column:
        return cls(name, description, example, unit, required=required, parse=_number,
                   numeric=True)

    @classmethod
    def date(cls, name: str, description: str, example: str, *,
             required: bool = True) -> Column:
        return cls(name, description, example, "YYYY-MM-DD", required=required, parse=_date)

    @classmethod
    def flag(cls, name: str, description: str, example: str = "0", *,
             required: bool = False) -> Column:
        return cls(name, description, example, allowed=("1", "0", "yes", "no", "是", "否"),
                   required=required, parse=_flag)

    @classmethod
    def choice(cls, name: str, description: str, example: str, allowed: Sequence[str], *,
               aliases: Mapping[str, str] | None = None, required: bool = True) -> Column:
        """A cell that is one of ``allowed`` words (case and ``-`` or space for ``_`` do not
        matter); ``aliases`` takes other spellings (``{"户籍": "registered"}``)."""
        return cls(name, description, example, allowed=tuple(allowed), required=required,
                   parse=_choice(tuple(allowed), aliases or {}))

    @classmethod
    def enum(cls, name: str, description: str, example: str, proto_enum: Any, prefix: str, *,
             aliases: Mapping[str, str] | None = None, required: bool = True) -> Column:
        """A cell naming a value of ``proto_enum`` by its short name (as the CLI shows it); it
        reads as the enum's number."""
        allowed = tuple(enum_choices(proto_enum, prefix))
        word = _choice(allowed, aliases or {})
        wrapper: EnumTypeWrapper = proto_enum

        def parse(cell: str) -> int:
            return int(wrapper.Value(prefix + word(cell).upper()))

        return cls(name, description, example, allowed=allowed, required=required,
                   parse=parse)

    def read(self, cell: str) -> Any:
        """The cell's value; ``ValueError`` names what is wrong with it."""
        if not cell.strip():
            if self.required:
                raise ValueError("is empty; this column is required")
            return None
        return self.parse(cell.strip())

    def explained(self) -> str:
        parts = [self.description]
        if self.unit:
            parts.append(f"unit: {self.unit}")
        if self.allowed:
            parts.append(f"one of: {', '.join(self.allowed)}")
        parts.append("required" if self.required else "optional")
        parts.append(f"e.g. {self.example}")
        return "; ".join(parts)


@dataclass(frozen=True)
class ImportRow:
    """One data row: its file line (1-based, header counted), its values read by column, and
    the cells as typed."""

    line: int
    values: dict[str, Any]
    cells: dict[str, str]


@dataclass(frozen=True)
class ImportFile:
    """A file read and checked against its kind: its bytes (for the request id) and rows."""

    kind: ImportKind
    source: str
    data: bytes
    rows: list[ImportRow]

    @property
    def lines(self) -> list[int]:
        """Each row's file line, in order: what :func:`~imports.call_rows` names rows by."""
        return [row.line for row in self.rows]

    def request_id(self, ctx: typer.Context, key: str, suffix: str = "") -> str:
        """The request id of sending this file (:func:`~imports.file_request_id`): from the
        kind, ``key`` (the year, the district) and the file's bytes, or ``--request-id``."""
        return file_request_id(ctx, self.kind.name, key, self.data, suffix)

    def send(self, ctx: typer.Context, method: Callable[..., ResponseT], request: object,
             repeated: str) -> ResponseT:
        """One call carrying all the rows in the request's ``repeated`` field; a row the
        server rejects is named by its file line and column."""
        return call_rows(ctx, method, request, repeated, self.lines, self.kind.fields)


class TemplateFormat(enum.StrEnum):
    CSV = "csv"
    XLSX = "xlsx"


@dataclass(frozen=True)
class ImportKind:
    """What one import reads: its name (``cityscore <area> template <name>``), a title, its
    columns and notes for the template's explanation sheet."""

    name: str
    title: str
    columns: tuple[Column, ...]
    notes: str = ""
    #: Request fields the server names that are not spelt as their column
    #: (``{"incident_date": "date"}``), so its answer names the file's column.
    fields: Mapping[str, str] = field(default_factory=dict)

    @property
    def header(self) -> list[str]:
        return [column.name for column in self.columns]

    @property
    def required(self) -> list[str]:
        return [column.name for column in self.columns if column.required]

    def example(self) -> dict[str, Any]:
        return {c.name: (c.parse(c.example) if c.numeric and c.example else c.example)
                for c in self.columns}

    def epilog(self, area: str = "") -> str:
        """The column list for the import's ``--help`` (pass it as ``epilog=``)."""
        lines = [f"Columns of the file ({self.title}):"]
        lines += [f"  {c.name}: {c.explained()}" for c in self.columns]
        where = f"cityscore {area} template {self.name}" if area else f"template {self.name}"
        lines.append(f"An empty file to fill in: {where} [--format xlsx]. CSV in UTF-8 or "
                     "GBK, or .xlsx; --encoding forces an encoding, --sheet picks a sheet.")
        return "\n\n".join(lines)

    def read(self, path: Path, *, encoding: str | None = None,
             sheet: str | None = None) -> ImportFile:
        """Read ``path`` and check every cell; all of the file's problems are one usage error
        naming each line and column (a long list summarised), or none and the rows. A column
        the kind does not know (a misspelt name) is a warning."""
        data, numbered = numbered_rows(path, self.required, encoding=encoding, sheet=sheet)
        unread = [name for name in (numbered[0][1] if numbered else {})
                  if name not in self.header]
        if unread:
            warn(f"{source_name(path)}: column(s) {', '.join(unread)} are not read (this file's "
                 f"columns: {', '.join(self.header)})")
        problems: list[Problem] = []
        rows: list[ImportRow] = []
        for line, cells in numbered:
            values: dict[str, Any] = {}
            for column in self.columns:
                try:
                    values[column.name] = column.read(cells.get(column.name, ""))
                except ValueError as error:
                    problems.append(Problem(line, column.name, str(error)))
            rows.append(ImportRow(line, values, cells))
        if problems:
            raise FileProblems(source_name(path), problems)
        if not rows:
            raise typer.BadParameter(f"{source_name(path)} has a header but no rows")
        return ImportFile(self, source_name(path), data, rows)

    def export(self, path: Path | None, rows: Sequence[Mapping[str, Any]], *,
               bom: bool | None = None) -> None:
        """Write ``rows`` (values as this kind's cells spell them) in this kind's columns, as
        CSV or .xlsx by ``path``'s name: a file the matching import reads back as it is."""
        export_rows(path, rows, columns=self.header, title=self.name, bom=bom)

    def write_template(self, path: Path | None, form: TemplateFormat) -> None:
        """The empty file: header and one example row; a workbook explains every column on a
        second sheet. CSV files get a BOM, so Excel shows their Chinese text."""
        if form is TemplateFormat.XLSX:
            assert path is not None
            explained = [[c.name, "yes" if c.required else "no", c.unit, ", ".join(c.allowed),
                          c.example, c.description] for c in self.columns]
            notes = {"columns": (["column", "required", "unit", "allowed values", "example",
                                  "description"], explained)}
            if self.notes:
                notes["notes"] = (["note"], [[line] for line in self.notes.splitlines()])
            write_workbook(path, self.header, [self.example()], title=self.name, notes=notes)
            return
        if path is None:
            write_csv(sys.stdout, [self.example()], self.header)
            return
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            write_csv(handle, [self.example()], self.header)


_kinds: dict[int, dict[str, ImportKind]] = {}
_TEMPLATE_HELP = ("Write an empty import file: the header, one example row, and (xlsx) a sheet "
                  "explaining each column, its unit and its allowed values.")


def add_template_command(app: typer.Typer, *kinds: ImportKind) -> None:
    """Give ``app`` (an area's commands) a ``template <kind>`` command writing the empty file
    of each of ``kinds``; several modules of one area may each add theirs."""
    known = _kinds.setdefault(id(app), {})
    first = not known
    for kind in kinds:
        known[kind.name] = kind
    listed = "\n\nKinds: " + "; ".join(f"{k.name} ({k.title})" for k in known.values())
    if not first:
        for command in app.registered_commands:
            if command.name == "template":
                command.help = _TEMPLATE_HELP + listed
        return

    @app.command("template", help=_TEMPLATE_HELP + listed)
    def template(
        kind: Annotated[str, typer.Argument(help="The import kind.",
                                            autocompletion=lambda: sorted(known))],
        form: Annotated[TemplateFormat | None, typer.Option(
            "--format", help="csv or xlsx (default: by --out's name, else csv).")] = None,
        out: Annotated[Path | None, typer.Option(
            "--out", dir_okay=False, help="File to write; default standard output (CSV) or "
                                          "<kind>.xlsx.")] = None,
    ) -> None:
        if kind not in known:
            raise typer.BadParameter(f"{kind!r} is not one of {', '.join(sorted(known))}",
                                     param_hint="KIND")
        chosen = form or (TemplateFormat.XLSX if out is not None
                          and out.suffix.lower() == ".xlsx" else TemplateFormat.CSV)
        target = out if out is not None or chosen is TemplateFormat.CSV \
            else Path(f"{kind}.xlsx")
        try:
            known[kind].write_template(target, chosen)
        except OSError as error:
            raise typer.BadParameter(f"cannot write {target}: {error.strerror}") from None
        if target is not None:
            stderr.print(f"wrote {target}", highlight=False)
