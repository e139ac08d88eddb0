"""Cylinder compliance sweep against lpg_registry.md §4 test cases L1-L6."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from cityscore.core import kernel
from cityscore.core.kernel import NO_DATE, ComplianceStatus
from cityscore.services.lpg_registry.domain import load_policy

LPG = load_policy().kernel_policy

D = kernel.day_number


def _sweep(today: date, made: date, last: date | None = None, passed: bool = True,
           life: int = 8, extended: int = 12) -> tuple[ComplianceStatus, int, date, date]:
    r = kernel.compliance_sweep(
        today=D(today), manufacture_day=[D(made)],
        last_inspection_day=[NO_DATE if last is None else D(last)],
        last_inspection_passed=[passed], design_life_years=[life], extended_life_years=[extended],
        policy=LPG)
    return (ComplianceStatus(int(r.status[0])), int(r.days_left[0]),
            kernel.from_day_number(int(r.next_inspection[0])),
            kernel.from_day_number(int(r.service_limit[0])))


def test_l1_new_cylinder_warns_30_days_ahead_then_is_overdue() -> None:
    made = date(2016, 3, 1)
    status, days, nxt, limit = _sweep(date(2020, 1, 30), made)
    assert (status, nxt, limit) == (ComplianceStatus.OK, date(2020, 3, 1), date(2024, 3, 1))
    assert days == 31
    assert _sweep(date(2020, 1, 31), made)[0] is ComplianceStatus.DUE_SOON
    assert _sweep(date(2020, 3, 1), made)[0] is ComplianceStatus.INSPECTION_OVERDUE


def test_l2_passing_inspections_extend_life_to_twelve_years() -> None:
    made = date(2016, 3, 1)
    after_2020 = _sweep(date(2021, 1, 1), made, date(2020, 3, 1))
    assert after_2020[2:] == (date(2024, 3, 1), date(2028, 3, 1))
    assert _sweep(date(2024, 3, 1), made, date(2020, 3, 1))[0] is (
        ComplianceStatus.INSPECTION_OVERDUE)
    after_2024 = _sweep(date(2028, 1, 31), made, date(2024, 3, 1))
    assert after_2024[0] is ComplianceStatus.DUE_SOON and after_2024[2] == date(2028, 3, 1)
    assert _sweep(date(2028, 1, 30), made, date(2024, 3, 1))[0] is ComplianceStatus.OK
    assert _sweep(date(2028, 3, 1), made, date(2024, 3, 1))[0] is (
        ComplianceStatus.PAST_SERVICE_LIFE)


def test_l3_missed_inspection_is_overdue_not_scrapped() -> None:
    status, days, _, limit = _sweep(date(2024, 3, 1), date(2016, 3, 1), date(2020, 3, 1))
    assert status is ComplianceStatus.INSPECTION_OVERDUE and days == 0
    assert limit == date(2028, 3, 1)


def test_failed_last_inspection_keeps_design_life() -> None:
    status, _, _, limit = _sweep(date(2024, 3, 1), date(2016, 3, 1), date(2020, 3, 1),
                                 passed=False)
    assert status is ComplianceStatus.PAST_SERVICE_LIFE and limit == date(2024, 3, 1)


def test_l4_legacy_fifteen_year_limit() -> None:
    status, days, _, limit = _sweep(date(2024, 6, 1), date(2006, 5, 1), life=15, extended=0)
    assert (status, limit) == (ComplianceStatus.PAST_SERVICE_LIFE, date(2021, 5, 1))
    assert days < 0


def test_l5_gb5842_2023_stamped_life_no_extension() -> None:
    made = date(2024, 1, 1)
    _, _, nxt, limit = _sweep(date(2025, 1, 1), made, life=8, extended=0)
    assert (nxt, limit) == (date(2028, 1, 1), date(2032, 1, 1))
    assert _sweep(date(2027, 12, 2), made, life=8, extended=0)[0] is ComplianceStatus.DUE_SOON
    assert _sweep(date(2027, 12, 1), made, life=8, extended=0)[0] is ComplianceStatus.OK


def test_l6_leap_day_keeps_month_and_day() -> None:
    assert _sweep(date(2021, 1, 1), date(2016, 3, 1), date(2020, 2, 29))[2] == date(2024, 2, 29)
    made_leap = _sweep(date(2013, 1, 1), date(2012, 2, 29), life=8, extended=0)
    assert made_leap[2:] == (date(2016, 2, 29), date(2020, 2, 29))
    assert _sweep(date(2013, 1, 1), date(2012, 2, 29), life=1, extended=0)[3] == date(2013, 2, 28)


def test_policy_and_empty_input() -> None:
    r = kernel.compliance_sweep(today=0, manufacture_day=[], last_inspection_day=[],
                                last_inspection_passed=[], design_life_years=[],
                                extended_life_years=[], policy=LPG)
    assert r.status.shape == (0,) and r.codes[3] == "PAST_SERVICE_LIFE"
    short = kernel.CompliancePolicy(inspection_interval_years=2, warning_days=0)
    r = kernel.compliance_sweep(today=D(date(2018, 3, 1)), manufacture_day=[D(date(2016, 3, 1))],
                                last_inspection_day=[NO_DATE], last_inspection_passed=[0],
                                design_life_years=[8], extended_life_years=[0], policy=short)
    assert r.status.tolist() == [ComplianceStatus.INSPECTION_OVERDUE]


@pytest.mark.parametrize(("field", "value", "message"), [
    ("manufacture_day", NO_DATE, r"manufacture_day\[1\] is missing"),
    ("last_inspection_day", -5, r"last_inspection_day\[1\] is before the manufacture day"),
    ("design_life_years", -1, r"design_life_years\[1\] is not between 0 \(no service limit\)"),
    ("design_life_years", 201, r"design_life_years\[1\] is not between 0"),
    ("extended_life_years", 5, r"extended_life_years\[1\] is neither 0 nor"),
])
def test_bad_rows(field: str, value: int, message: str) -> None:
    columns = {"manufacture_day": [0, 0], "last_inspection_day": [NO_DATE, NO_DATE],
               "last_inspection_passed": [1, 1], "design_life_years": [8, 8],
               "extended_life_years": [12, 12]}
    columns[field] = [columns[field][0], value]
    with pytest.raises(ValueError, match=message):
        kernel.compliance_sweep(today=0, policy=LPG, **columns)


ANNUAL = kernel.CompliancePolicy(inspection_interval_years=1, warning_days=30)


def test_a_design_life_of_zero_sets_no_service_limit() -> None:
    """An elevator: inspected every year, no service life. Made in 1960, it is due, not past
    its life; inspected 2019-05-10, it is due soon from 30 days before 2020-05-10."""
    made, inspected = D(date(1960, 6, 1)), D(date(2019, 5, 10))
    for today, status, days_left in [
            (date(2020, 4, 9), ComplianceStatus.OK, 31),
            (date(2020, 4, 20), ComplianceStatus.DUE_SOON, 20),
            (date(2020, 5, 10), ComplianceStatus.INSPECTION_OVERDUE, 0)]:
        r = kernel.compliance_sweep(today=D(today), manufacture_day=[made],
                                    last_inspection_day=[inspected], last_inspection_passed=[1],
                                    design_life_years=[0], extended_life_years=[0], policy=ANNUAL)
        assert ComplianceStatus(int(r.status[0])) is status, today
        assert int(r.days_left[0]) == days_left
        assert kernel.from_day_number(int(r.next_inspection[0])) == date(2020, 5, 10)
        assert int(r.service_limit[0]) == NO_DATE


def test_an_extension_needs_a_design_life() -> None:
    with pytest.raises(ValueError, match=r"extended_life_years\[0\] is neither 0 nor"):
        kernel.compliance_sweep(today=0, manufacture_day=[0], last_inspection_day=[NO_DATE],
                                last_inspection_passed=[1], design_life_years=[0],
                                extended_life_years=[12], policy=ANNUAL)


def test_length_and_dtype_checks() -> None:
    with pytest.raises(ValueError, match="has 1 rows, expected 2"):
        kernel.compliance_sweep(today=0, manufacture_day=[0, 0], last_inspection_day=[0],
                                last_inspection_passed=[1, 1], design_life_years=[8, 8],
                                extended_life_years=[0, 0], policy=LPG)
    with pytest.raises(ValueError, match="must hold integers"):
        kernel.compliance_sweep(today=0, manufacture_day=np.array([0.5]),
                                last_inspection_day=[0], last_inspection_passed=[1],
                                design_life_years=[8], extended_life_years=[0], policy=LPG)
