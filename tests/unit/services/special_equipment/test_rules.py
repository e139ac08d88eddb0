"""The service's rules on the numbers of the seeds and the domain page (other_systems.md
§1-§2), without a server."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest

from cityscore.services.special_equipment import domain


@pytest.mark.parametrize(("value", "places", "text"), [
    (Fraction(19 * 10_000, 537_690), 4, "0.3534"),
    (Fraction(19 * 10_000, 537_690), 2, "0.35"),
    (Fraction(2, 5) - Fraction(19 * 10_000, 537_690), 4, "0.0466"),
    (Fraction(75_625, 1000), 2, "75.63"),
    (Fraction(-5, 1000), 2, "-0.01"),
    (Fraction(2, 3) * 100, 2, "66.67"),
])
def test_half_up(value: Fraction, places: int, text: str) -> None:
    assert domain.half_up(value, places) == text


def _figures(year: int, units: int, deaths: int, official: str) -> domain.Figures:
    return domain.Figures(year, units, 0, deaths, 0, "", "seed 004", official, "", 0, "")


def test_2014_official_040_and_computed_03534_are_both_within_042() -> None:
    a = domain.assess(domain.safety_rules("safety-2015.1"), _figures(2014, 537_690, 19, "0.40"))
    assert a.rate_text == ("0.4000", "0.3534") and a.display_text == ("0.40", "0.35")
    assert a.ceiling is not None and a.ceiling.ceiling == "0.42"
    assert a.within == (True, True) and a.met
    # 0.40 would need about 475,000 units for 19 deaths (other_systems.md §2).
    assert a.implied_units == 475_000


@pytest.mark.parametrize(("deaths", "within"), [(19, True), (20, False)])
def test_2015_below_038_includes_038(deaths: int, within: bool) -> None:
    # 19 deaths on 500,000 units is exactly 0.38; 20 is 0.40.
    a = domain.assess(domain.safety_rules("safety-2015.1"),
                      _figures(2015, 500_000, deaths, "0.38"))
    assert a.within[1] is within and a.within[0]


def test_a_task_is_overdue_after_31_december_of_its_last_year() -> None:
    _version, tasks = domain.annex()
    [task_19] = [t for t in tasks if t.number == 19]
    assert domain.due_by(task_19) == dt.date(2018, 12, 31)
    assert not domain.overdue(task_19, domain.IN_PROGRESS, dt.date(2018, 12, 31))
    assert domain.overdue(task_19, domain.IN_PROGRESS, dt.date(2019, 1, 1))
    assert not domain.overdue(task_19, domain.DONE, dt.date(2019, 1, 1))
    assert len(tasks) == 45


def test_rule_versions_are_chosen_by_their_effective_date() -> None:
    assert domain.version_on("targets", dt.date(2020, 12, 31)) == "elevator-targets-2018.1"
    assert domain.version_on("policy", dt.date(2021, 1, 15)) == "inspection-2018.1"
    with pytest.raises(domain.UnknownVersion):
        domain.target_rules("no-such-version")


def test_the_target_rules_cover_days_from_2018_10_15_and_read_the_register_at_year_end(
        ) -> None:
    """沪府办规〔2018〕22号 is in force from 2018-10-15 (other_systems.md §1)."""
    assert domain.version_covering("targets", dt.date(2018, 10, 14)) is None
    assert domain.version_covering("targets", dt.date(2018, 10, 15)) == "elevator-targets-2018.1"
    rules = domain.target_rules("elevator-targets-2018.1")
    assert domain.reference_date(rules, 2019, dt.date(2021, 1, 15)) == dt.date(2019, 12, 31)
    assert domain.reference_date(rules, 2021, dt.date(2021, 1, 15)) == dt.date(2021, 1, 15)


def test_a_day_before_every_version_is_judged_by_the_earliest_but_covered_by_none() -> None:
    """The inspection policy takes effect on 2018-10-15 (other_systems.md §1): a sweep of an
    earlier day still applies it, while no version covers a day before the first."""
    assert domain.version_on("policy", dt.date(2018, 10, 14)) == "inspection-2018.1"
    assert domain.version_on("policy", dt.date(2018, 10, 15)) == "inspection-2018.1"
    assert domain.version_covering("policy", dt.date(2018, 10, 14)) is None
    assert domain.version_covering("policy", dt.date(2018, 10, 15)) == "inspection-2018.1"
