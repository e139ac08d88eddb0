"""Pure rules of rural_roads: rules data, specialists, rounding, targets."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest

from cityscore.services.rural_roads import domain


@pytest.fixture(scope="module")
def rules() -> domain.Rules:
    return domain.load_rules()


@pytest.mark.parametrize(("km", "minimum", "comfortable"), [
    (0, 0, 0), (25, 1, 1), (30, 1, 2), (61, 3, 3), (100, 4, 4), (130, 5, 6), (1000, 34, 40)])
def test_specialists_table(km: int, minimum: int, comfortable: int) -> None:
    """rural_roads.md §2.4: ⌈km/30⌉ and ⌈km/25⌉, exact."""
    assert domain.specialists_needed(km * 1000, 30) == minimum
    assert domain.specialists_needed(km * 1000, 25) == comfortable


def test_round_half_up_and_parameter_sets(rules: domain.Rules) -> None:
    assert domain.round_half_up(75.625) == 75.63
    assert domain.round_half_up(0.85106, 4) == 0.8511
    assert rules.parameter_set_id("grade_1", "asphalt") == "jtg5210-2018/hw-g1/asphalt"
    assert rules.parameter_set_id("grade_2", "cement_concrete") == "jtg5210-2018/g2-g4/cement"
    assert rules.parameter_set_id("substandard", "asphalt") == \
        "rural-default/g3-g4-village/asphalt"
    assert rules.parameter_set_id("grade_2", "other") == "rural-default/g3-g4-village/gravel"
    assert rules.good_threshold == 70.0
    assert len(rules.digest) == 64
    assert len(rules.distress) == 47  # 21 asphalt, 20 cement, 6 gravel rows


def policy(year: int = 2019) -> domain.TargetPolicy:
    found = domain.policy_for_year(year)
    assert found is not None
    return found


def targets(**facts: Any) -> dict[str, domain.TargetResult]:
    base = domain.TargetFacts(year=2019)
    results = domain.evaluate_targets(dataclasses.replace(base, **facts), policy())
    return {r.code: r for r in results}


def test_greening_needs_95_percent_and_a_rise() -> None:
    """§2.4 example: 115.2 / 120.5 = 95.60 %, met if last year was lower."""
    met = targets(greenable_km=120.5, greened_km=115.2, previous_greening=0.9)["T4"]
    assert (met.display, met.status, met.trend) == ("95.60 %", domain.Status.PASS,
                                                    domain.Direction.RISING)
    flat = targets(greenable_km=120.5, greened_km=115.2, previous_greening=115.2 / 120.5)["T4"]
    assert flat.status is domain.Status.FAIL and flat.trend is domain.Direction.FLAT


def test_pqi_must_rise_at_two_decimals() -> None:
    assert targets(survey_pqi=82.231, previous_pqi=82.229)["T3"].status is domain.Status.FAIL
    assert targets(survey_pqi=82.24, previous_pqi=82.23)["T3"].status is domain.Status.PASS
    assert targets(survey_pqi=82.24)["T3"].status is domain.Status.NO_DATA


def test_cumulative_targets_fail_only_at_the_deadline() -> None:
    early = targets(upgrade_km_cumulative=1500.0, hazard_remediated_cumulative=900)
    assert early["T10"].status is domain.Status.IN_PROGRESS
    assert early["T11"].status is domain.Status.PASS
    late = targets(year=2022, upgrade_km_cumulative=1999.9)
    assert late["T10"].status is domain.Status.FAIL


def test_ratios_and_qualitative_targets() -> None:
    result = targets(villages=4, villages_two_lane=4, villages_bus=3, survey_share=0.96,
                     major_medium_km=7.9, maintenance_base_m=100_000, projects_handed_over=2,
                     projects_passed=2, township_village_m={"pudong": 61_000},
                     specialists={"pudong": 2},
                     plan_approvals={"pudong": dt.date(2018, 10, 31), "xuhui": None})
    assert result["T1"].status is domain.Status.PASS
    assert result["T2"].status is domain.Status.PASS
    assert (result["T6"].display, result["T6"].status) == ("3 of 4", domain.Status.FAIL)
    assert result["T12"].status is domain.Status.FAIL  # 7.9 % < 8 %
    assert result["T13"].status is domain.Status.PASS
    assert (result["T14"].threshold, result["T14"].status) == ("≥ 3 (comfortable 3)",
                                                               domain.Status.FAIL)
    assert (result["T16"].display, result["T16"].status) == ("1 of 2 districts",
                                                             domain.Status.FAIL)
    assert {result[c].status for c in ("T7", "T8", "T9", "T17")} == {
        domain.Status.NOT_ASSESSED}


def test_rules_2018_1_keep_the_digest_of_the_surveys_stored_with_them() -> None:
    """Surveys closed under rules 2018.1 recorded this rules digest; their replays read the
    same files, so a change to those files shows here before it breaks a replay."""
    assert domain.rules_for("").version == "rural_roads-2018.1"
    assert domain.rules_for("").digest == (
        "6b46096199abc90f44d569f923840a2e7ffc7f5090e03672616eab292b1a5e07")
    assert not domain.rules_for("").missing_distress_not_measured
    assert domain.load_rules().missing_distress_not_measured


def test_a_year_is_judged_by_the_latest_policy_taking_effect_by_then() -> None:
    """Target policies are data chosen by year: a later policy is a new file listed with
    the years it judges, and the years before it keep theirs."""
    index = domain.rules.policy_index(
        '{"versions": {"a": {"file": "targets-a.json", "sha256": "x"},'
        ' "b": {"file": "targets-b.json", "sha256": "y"}},'
        ' "years": [{"from_year": 2023, "version": "b"}, {"from_year": 2018, "version": "a"}]}')
    assert domain.rules.version_for_year(index, 2017) is None
    assert domain.rules.version_for_year(index, 2022) == "a"
    assert domain.rules.version_for_year(index, 2023) == "b"
    with pytest.raises(ValueError, match="unknown versions"):
        domain.rules.policy_index(
            '{"versions": {}, "years": [{"from_year": 2018, "version": "a"}]}')


def test_an_issued_target_policy_is_read_as_it_was_issued() -> None:
    """Policy 2026.1 was in force before 2026.2 replaced it (the domain page rural_roads.md §2,
    corrected 2026-12-03); both stay shipped, each file as issued, so a report stored under
    either replays with it."""
    first = domain.policy_version("rural_roads-targets-2026.1")
    second = domain.policy_version("rural_roads-targets-2026.2")
    assert first is not None and second is not None
    assert (first.version, second.version) == ("rural_roads-targets-2026.1",
                                               "rural_roads-targets-2026.2")
    assert first.digest == "03b6c0acb05190d8e6b84c8a6d05b62b097e92b419edd6333040037b4b65d8a4"
    assert domain.policy_version("rural_roads-targets-1999.1") is None
    with pytest.raises(ValueError, match="edited after"):
        domain.rules._issued_policy("targets-2026.2.json", "0" * 64)
    assert domain.policy_for_year(2017) is None
    shipped = policy(2022)
    assert (shipped.upgrade_km_cumulative, shipped.hazard_sites_cumulative) == (2000.0, 800)
    assert shipped.maintenance_base(2022) == dt.date(2022, 1, 1)  # §2.4 T12 base date
    assert len(shipped.digest) == 64
