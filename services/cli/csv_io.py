"""Reading the CSV files district offices upload, and showing progress while they go."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TypeVar

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from cityscore.services.cli.context import stderr

T = TypeVar("T")


def read_rows(path: Path, required: Sequence[str]) -> list[dict[str, str]]:
    """All rows of a UTF-8 CSV (BOM tolerated) with a header; missing columns are a usage error."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in required if c not in (reader.fieldnames or [])]
        if missing:
            raise typer.BadParameter(f"{path} lacks column(s): {', '.join(missing)}")
        return [{k: (v or "").strip() for k, v in row.items() if k} for row in reader]


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
