"""When a fill or delivery happened and when the registry heard of it (domain page §6).

A filling scale or a courier's device states the moment it happened (``occurred_at``); a
station that was offline uploads its day later. The rules are checked as of the day it
happened, in city time; the policy bounds how far ahead of the server a device's clock may be
and how many days late an upload may come.
"""

from __future__ import annotations

import datetime as dt

from cityscore.core.clock import CITY_TIMEZONE
from cityscore.core.errors import PreconditionViolation

from .policy import Policy


def city_day(moment: dt.datetime) -> dt.date:
    """The calendar day of ``moment`` in the city."""
    return moment.astimezone(CITY_TIMEZONE).date()


def days_late(occurred: dt.datetime, received: dt.datetime) -> int:
    """Whole city-calendar days between happening and receipt (0: the same day)."""
    return (city_day(received) - city_day(occurred)).days


def future_problem(policy: Policy, occurred: dt.datetime, received: dt.datetime) -> str | None:
    """A stated time ahead of the server's clock by more than the policy's clock skew is bad
    data (the device's clock is wrong), refused as such."""
    if occurred - received > dt.timedelta(seconds=policy.clock_skew_seconds):
        return (f"{occurred.isoformat()} is in the future (received "
                f"{received.isoformat()})")
    return None


def lateness_refusals(policy: Policy, occurred: dt.datetime, received: dt.datetime,
                      subject: str) -> list[PreconditionViolation]:
    """RECORD_TOO_LATE: uploaded more than the policy's window of days after it happened."""
    late = days_late(occurred, received)
    if late > policy.upload_window_days:
        return [PreconditionViolation(
            "RECORD_TOO_LATE", subject, f"happened {city_day(occurred).isoformat()}, "
            f"{late} days ago; records are accepted up to {policy.upload_window_days} days "
            "late")]
    return []
