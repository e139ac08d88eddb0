"""The version in force on a day, as every service's versioned rules choose it."""

from __future__ import annotations

import datetime as dt

import pytest

from cityscore.core.effective import in_force_on

#: Three versions: one from 2018-09-18, one from 2026-12-03, and a correction issued for the
#: same day 2026-12-03, listed after it.
SCHEDULE = ((dt.date(2018, 9, 18), "v1"), (dt.date(2026, 12, 3), "v2"),
            (dt.date(2026, 12, 3), "v2-corrected"))


@pytest.mark.parametrize(("day", "expected"), [
    (dt.date(2018, 9, 17), None),  # before every version
    (dt.date(1, 1, 1), None),
    (dt.date(2018, 9, 18), "v1"),  # the effective day itself
    (dt.date(2026, 12, 2), "v1"),  # the day before the next version
    (dt.date(2026, 12, 3), "v2-corrected"),  # same day: the one listed last
    (dt.date(9999, 12, 31), "v2-corrected"),  # after every version
])
def test_the_version_in_force_is_the_last_taking_effect_by_the_day(
        day: dt.date, expected: str | None) -> None:
    assert in_force_on(SCHEDULE, day) == expected


def test_a_single_version_rules_from_its_day_on() -> None:
    single = [(dt.date(2015, 1, 1), 7)]
    assert in_force_on(single, dt.date(2014, 12, 31)) is None
    assert in_force_on(single, dt.date(2015, 1, 1)) == 7
    assert in_force_on(single, dt.date(2030, 6, 30)) == 7


def test_no_versions_rule_no_day() -> None:
    assert in_force_on((), dt.date(2020, 1, 1)) is None


def test_versions_out_of_order_are_refused_not_misread() -> None:
    with pytest.raises(ValueError, match="earliest"):
        in_force_on([(dt.date(2026, 12, 3), "v2"), (dt.date(2018, 9, 18), "v1")],
                    dt.date(2027, 1, 1))
