"""Rendering rows for people (a rich table) or programs (JSON, CSV) on stdout."""

from __future__ import annotations

import csv
import enum
import json
import sys
from collections.abc import Mapping, Sequence
from typing import Any

from rich.console import Console
from rich.table import Table


class OutputFormat(enum.StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"


def render(rows: Sequence[Mapping[str, Any]], *, columns: Sequence[str] | None = None,
           title: str | None = None, output: OutputFormat = OutputFormat.TABLE) -> None:
    """Print ``rows`` in ``output``; ``columns`` fixes order (default: the first row's keys)."""
    names = list(columns) if columns is not None else (list(rows[0]) if rows else [])
    if output is OutputFormat.JSON:
        sys.stdout.write(json.dumps([{k: row.get(k) for k in names} for row in rows],
                                    ensure_ascii=False, indent=2) + "\n")
    elif output is OutputFormat.CSV:
        writer = csv.DictWriter(sys.stdout, fieldnames=names, extrasaction="ignore",
                                lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    else:
        table = Table(title=title)
        for name in names:
            table.add_column(name)
        for row in rows:
            table.add_row(*("" if row.get(n) is None else str(row.get(n)) for n in names))
        Console(soft_wrap=True).print(table)


def render_record(record: Mapping[str, Any], *, output: OutputFormat,
                  title: str | None = None) -> None:
    """One record: a two-column table for people, an object in JSON, one row in CSV."""
    if output is OutputFormat.JSON:
        sys.stdout.write(json.dumps(dict(record), ensure_ascii=False, indent=2) + "\n")
    elif output is OutputFormat.CSV:
        render([record], output=output)
    else:
        render([{"field": k, "value": v} for k, v in record.items()], title=title,
               output=output)
