"""The plan's 45-task annex as a tracker: the annex's wording (rule data) with each task's
status and evidence (stored), and which tasks are overdue (other_systems.md §1)."""

from __future__ import annotations

import datetime as dt

from .rules import AnnexTaskText

NOT_STARTED, IN_PROGRESS, DONE = "not_started", "in_progress", "done"


def due_by(task: AnnexTaskText) -> dt.date:
    """A task is due by 31 December of the last year of its timeline."""
    return dt.date(task.deadline_year, 12, 31)


def overdue(task: AnnexTaskText, status: str, as_of: dt.date) -> bool:
    return status != DONE and as_of > due_by(task)
