"""The registry's rules: checksums (domain page §9), compliance dates (§4), fills (§6-§7)."""

from __future__ import annotations

import datetime as dt

import pytest

from cityscore.core.kernel.types import ComplianceStatus
from cityscore.services.lpg_registry import domain

POLICY = domain.load_policy()
TODAY = dt.date(2019, 3, 1)


@pytest.mark.parametrize(("number", "valid"), [
    ("310101199003071230", True), ("310112200002290786", True), ("31011019920815102X", True),
    ("31011019920815102x", True), ("310101199003071231", False), ("310101199003071320", False),
    ("310101199002301233", False), ("31010119900307123", False), ("310101203003071234", False),
])
def test_resident_id_check_character(number: str, valid: bool) -> None:
    assert (domain.resident_id_problem(number, TODAY) is None) is valid


@pytest.mark.parametrize(("code", "basic", "strict"), [
    ("913101013000000530", True, True), ("91310101300000037A", True, True),
    ("51310104425000014W", True, True), ("9131010130000007XJ", True, True),
    ("913101013000000531", False, False), ("9131010130000O037A", False, False),
    ("91310101300000037", False, False), ("91310101300000073A", False, False),
    ("913101013000000543", True, False),
])
def test_credit_code_check_character(code: str, basic: bool, strict: bool) -> None:
    assert (domain.credit_code_problem(code) is None) is basic
    assert (domain.credit_code_problem(code, strict=True) is None) is strict


def test_identifiers_are_masked_and_hashed_with_the_key() -> None:
    assert domain.mask_resident_id("310101199003071230") == "310***********1230"
    assert domain.mask_phone("13800138000") == "138****8000"
    assert domain.keyed_hash("k", "x") != domain.keyed_hash("other", "x")


@pytest.mark.parametrize(("typed", "canonical"), [
    ("021-5555-1234", "02155551234"), ("02155551234", "02155551234"),
    ("+86 21 5555 1234", "02155551234"), ("0086 21 5555 1234", "02155551234"),
    ("+86 021 5555 1234", "02155551234"), (" 138 0013 8000 ", "13800138000"),
    ("+8613800138000", "13800138000"), ("0086-138-0013-8000", "13800138000"),
    ("5555-1234", "55551234"), ("+852 2345 6789", "+85223456789"),
])
def test_a_phone_is_written_one_way(typed: str, canonical: str) -> None:
    assert domain.phone_problem(typed) is None
    assert domain.normalise_phone(typed) == canonical


@pytest.mark.parametrize("typed", ["12", "+86", "021_5555_1234", "(021) 5555 1234",
                                   "-21-5555-1234", "1" * 21, "phone"])
def test_a_phone_that_is_not_one_is_refused(typed: str) -> None:
    assert domain.phone_problem(typed) is not None


def test_a_phone_is_masked_in_its_canonical_form_hiding_at_least_four() -> None:
    assert domain.mask_phone("+86 21 5555 1234") == "021****1234"
    assert domain.mask_phone("5555-1234") == "****1234"
    assert domain.mask_phone("555-1234") == "***1234"


def cylinder(made: dt.date, *, last: dt.date | None = None, passed: bool = False,
             standard: str = domain.STANDARD_2006, life: int = 8,
             owner: str = "E1") -> domain.CylinderState:
    return domain.CylinderState(
        trace_code="C", owner_enterprise_id=owner, model="YSP35.5", standard=standard,
        manufacture_date=made, design_life_years=life, tare_g=16_400,
        last_inspection_date=last, last_inspection_passed=passed, status=domain.IN_SERVICE,
        location_kind=domain.AT_STATION, location_id="S1", filled=False)


def state_on(c: domain.CylinderState, day: dt.date) -> domain.Compliance:
    return domain.compliance(POLICY, [c], day)[0]


def codes(c: domain.CylinderState, day: dt.date) -> set[str]:
    return {v.type for v in domain.cylinder_refusals(c, state_on(c, day), "E1", day)}


def test_l1_inspection_due_date_is_the_boundary() -> None:
    c = cylinder(dt.date(2016, 3, 1))
    assert state_on(c, dt.date(2020, 1, 30)).status is ComplianceStatus.OK
    assert state_on(c, dt.date(2020, 1, 31)).status is ComplianceStatus.DUE_SOON
    assert codes(c, dt.date(2020, 2, 29)) == set()
    assert codes(c, dt.date(2020, 3, 1)) == {"CYL_OVERDUE"}


def test_l2_l3_twelve_years_only_after_a_passed_inspection() -> None:
    passed_2024 = cylinder(dt.date(2016, 3, 1), last=dt.date(2024, 3, 1), passed=True)
    state = state_on(passed_2024, dt.date(2028, 1, 31))
    assert (state.next_inspection, state.service_limit) == (dt.date(2028, 3, 1),
                                                           dt.date(2028, 3, 1))
    assert state.status is ComplianceStatus.DUE_SOON
    assert codes(passed_2024, dt.date(2028, 2, 29)) == set()
    assert codes(passed_2024, dt.date(2028, 3, 1)) == {"CYL_SCRAPPED", "CYL_OVERDUE"}
    no_2024 = cylinder(dt.date(2016, 3, 1), last=dt.date(2020, 3, 1), passed=True)
    assert codes(no_2024, dt.date(2024, 3, 1)) == {"CYL_OVERDUE"}


def test_eight_years_without_a_passed_inspection() -> None:
    failed = cylinder(dt.date(2011, 3, 1), last=dt.date(2017, 1, 1), passed=False)
    assert codes(failed, dt.date(2019, 2, 28)) == set()
    assert codes(failed, dt.date(2019, 3, 1)) == {"CYL_SCRAPPED"}


def test_l5_l6_stamped_life_and_leap_day() -> None:
    new = cylinder(dt.date(2024, 1, 1), standard=domain.STANDARD_2023, life=8)
    state = state_on(new, dt.date(2027, 12, 2))
    assert (state.next_inspection, state.service_limit, state.status) == (
        dt.date(2028, 1, 1), dt.date(2032, 1, 1), ComplianceStatus.DUE_SOON)
    leap = cylinder(dt.date(2016, 3, 1), last=dt.date(2020, 2, 29), passed=True)
    assert state_on(leap, dt.date(2021, 1, 1)).next_inspection == dt.date(2024, 2, 29)


def fill_request(full: int, reweigh: int = 0) -> domain.FillRequest:
    staff = domain.StaffState("F1", "E1", "FILLER", dt.date(2030, 1, 1))
    other = domain.StaffState("R1", "E1", "SAFETY", dt.date(2030, 1, 1))
    return domain.FillRequest("E1", "S1", staff, other, True, True, 16_900, full, reweigh)


@pytest.mark.parametrize(("full", "reweigh", "refused", "flags"), [
    (31_300, 31_300, False, []), (31_301, 0, True, []), (31_350, 0, True, []),
    (31_100, 0, False, []), (31_050, 0, False, ["UNDERFILL"]),
    (31_300, 31_420, False, ["REWEIGH_MISMATCH"]), (31_300, 31_400, False, []),
])
def test_fill_mass_rules(full: int, reweigh: int, refused: bool, flags: list[str]) -> None:
    c = cylinder(dt.date(2017, 6, 1))
    enterprise = domain.EnterpriseState("E1", "ACTIVE", dt.date(2030, 1, 1))
    outcome = domain.check_fill(POLICY, enterprise, c, state_on(c, TODAY),
                                fill_request(full, reweigh), TODAY)
    assert ({v.type for v in outcome.refusals} == {"OVERFILL"}) is refused
    assert outcome.residual_g == 500 and outcome.flags == flags


def test_sweep_snapshot_round_trips_and_counts_by_enterprise() -> None:
    inputs = domain.SweepInputs(TODAY, POLICY.version, ["E1", "E2"])
    inputs.append(0, dt.date(2017, 6, 1), None, False, (8, 12))
    inputs.append(1, dt.date(2011, 3, 1), None, False, (8, 12))
    inputs.append(1, dt.date(2015, 3, 20), None, False, (8, 12))
    outcome = domain.run_sweep(inputs)
    assert outcome.by_enterprise == {"E1": [1, 0, 0, 0], "E2": [0, 1, 0, 1]}
    again = domain.SweepInputs.decode(inputs.encode())
    assert again.digest() == inputs.digest()
    assert domain.run_sweep(again).result_digest == outcome.result_digest
    assert domain.roll_up(outcome.by_enterprise, {"E1": "pudong", "E2": "pudong"}) == {
        "pudong": [1, 1, 0, 1]}


def test_the_legacy_regime_is_chosen_by_manufacture_date() -> None:
    """§4 L4: made 2006-05 → 15 years, 2021-05-01, whatever standard is stated, no extension;
    the version before the correction still computes what it computed (stored sweeps replay)."""
    legacy = cylinder(dt.date(2006, 5, 1), last=dt.date(2017, 5, 1), passed=True, life=0)
    assert state_on(legacy, TODAY).service_limit == dt.date(2021, 5, 1)
    assert state_on(legacy, TODAY).status is ComplianceStatus.OK
    assert codes(legacy, dt.date(2021, 5, 1)) == {"CYL_SCRAPPED", "CYL_OVERDUE"}
    old = domain.load_policy("lpg-2018.1")
    assert domain.compliance(old, [legacy], TODAY)[0].service_limit == dt.date(2018, 5, 1)
    assert POLICY.version != old.version and POLICY.effective_from == dt.date(2018, 9, 18)
    first_new = cylinder(dt.date(2007, 2, 1), last=dt.date(2017, 1, 1), passed=True, life=0)
    assert state_on(first_new, TODAY).service_limit == dt.date(2019, 2, 1)


@pytest.mark.parametrize(("made", "fits"), [
    (dt.date(2007, 1, 31), domain.STANDARD_LEGACY), (dt.date(2007, 2, 1), domain.STANDARD_2006),
    (dt.date(2023, 11, 30), domain.STANDARD_2006), (dt.date(2023, 12, 1), domain.STANDARD_2023),
])
def test_the_standard_that_fits_a_manufacture_date(made: dt.date, fits: str) -> None:
    """GB 5842-2006 from 2007-02-01 to 2023-11-30, GB 5842-2023 from 2023-12-01 (§4)."""
    for standard in (domain.STANDARD_LEGACY, domain.STANDARD_2006, domain.STANDARD_2023):
        expected = None if standard == fits else fits
        assert domain.standard_mismatch(POLICY, standard, made) == expected


def test_the_policy_in_force_is_chosen_by_the_day() -> None:
    """lpg-2026.2 is in force from its effective_from, the notice's day of issue 2018-09-18
    (seed: 沪府办规〔2018〕25号, in force on the date of issue); an earlier day is judged by
    the first version in force; versions no longer in force still load for replay."""
    schedule = domain.load_schedule()
    assert schedule.entries == ((dt.date(2018, 9, 18), "lpg-2026.2"),)
    assert schedule.version_for(dt.date(2023, 12, 1)) == "lpg-2026.2"
    assert schedule.version_for(dt.date(2018, 9, 17)) == "lpg-2026.2"
    two = domain.PolicySchedule(((dt.date(2018, 9, 18), "lpg-2018.1"),
                                 (dt.date(2026, 12, 3), "lpg-2026.1")))
    assert two.version_for(dt.date(2026, 12, 2)) == "lpg-2018.1"
    assert two.version_for(dt.date(2026, 12, 3)) == "lpg-2026.1"
    assert two.for_day(dt.date(2019, 3, 1)).version == "lpg-2018.1"
    assert domain.load_policy("lpg-2018.1").upload_window_days == 0


# GB 11643-1999 check characters, worked by hand from the standard's weights
# 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2 and r = Σ digit × weight mod 11 → "1 0 X 9 8 7 6 5 4 3 2".
# For 31010119900307123 (the domain page's example) the products are 21 9 0 5 0 4 2 9 54 0 0 27
# 0 35 8 8 6, Σ = 188, r = 1 → "0". Changing the 17th digit (weight 2) from 3 to d makes
# Σ = 182 + 2d: r = (6 + 2d) mod 11, which gives every r but 4; changing the 16th (weight 4)
# from 2 to 0 instead makes Σ = 180, r = 4.
CHECK_BY_REMAINDER = [
    (0, "310101199003071281"), (1, "310101199003071230"), (2, "31010119900307129X"),
    (3, "310101199003071249"), (4, "310101199003071038"), (5, "310101199003071257"),
    (6, "310101199003071206"), (7, "310101199003071265"), (8, "310101199003071214"),
    (9, "310101199003071273"), (10, "310101199003071222"),
]


@pytest.mark.parametrize(("remainder", "number"), CHECK_BY_REMAINDER)
def test_every_check_character_of_the_resident_id(remainder: int, number: str) -> None:
    """All 11 check characters: each is accepted for its remainder and every other refused,
    so two entries of the table swapped fail here."""
    assert "10X98765432"[remainder] == number[-1]
    assert domain.resident_id_problem(number, TODAY) is None
    for other in "0123456789X":
        if other != number[-1]:
            assert domain.resident_id_problem(number[:-1] + other, TODAY) == \
                "wrong check character"
