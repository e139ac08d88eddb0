"""Deadlines the measures set (沪府办发〔2018〕30号 Art. 7, 10): when a year's assessment must be
complete, and the time-limited rectification of a C district. Every date and period comes from
the year's grade-rule version (``data/grade_rules/``)."""

from __future__ import annotations

import datetime as dt

from cityscore.core.errors import ViolationCollector
from cityscore.services.wage_assessment.domain.rules import GradePolicy
from cityscore.services.wage_assessment.domain.stages import RESULTS_VISIBLE


def completion_due(policy: GradePolicy, year: int) -> dt.date:
    """The last day of the assessment of ``year``: Art. 7, 考核工作于考核年度次年年初开始,5月底前
    完成 — the end of May of the year after (wage_assessment.md §3: 31 May of Y+1)."""
    return dt.date(year + policy.completion_years_after, policy.completion_month,
                   policy.completion_day)


def cycle_overdue(policy: GradePolicy, year: int, stage: str, today: dt.date) -> bool:
    """A year still short of APPROVED after its completion day (Art. 7; approval, Art. 9,
    is what completes it). The completion day itself is still in time."""
    return stage not in RESULTS_VISIBLE and today > completion_due(policy, year)


def rectification_deadline(found: ViolationCollector, policy: GradePolicy,
                           interview: dt.date, given: dt.date | None) -> dt.date | None:
    """The deadline of a C district's rectification (Art. 10, 提出限期整改要求): the one the
    Joint Conference names at the interview, or the rule version's period when it has one.
    The 2018 measures fix none (wage_assessment.md §9.4, open point 6), so it must be given;
    it falls after the interview."""
    if given is None:
        if policy.rectification_period_days is None:
            found.add("rectification_deadline", "must be set: the measures fix no period for "
                      "time-limited rectification (Art. 10); name the deadline set at the "
                      "interview")
            return None
        return interview + dt.timedelta(days=policy.rectification_period_days)
    if given <= interview:
        found.add("rectification_deadline", f"must fall after the interview on "
                  f"{interview.isoformat()}")
        return None
    return given


def rectification_overdue(deadline: dt.date | None, completed_on: dt.date | None,
                          today: dt.date) -> bool:
    """Rectification not completed by the end of its deadline (Art. 10 限期整改)."""
    return deadline is not None and completed_on is None and today > deadline
