"""The pure rules of blood_quota.md: caps, plan checks, published-table checks, progress."""

from __future__ import annotations

import dataclasses
import datetime as dt
from fractions import Fraction

import pytest

from cityscore.core.districts import all_districts
from cityscore.core.errors import FailedPrecondition, InvalidArgument
from cityscore.services.blood_quota import domain

RULES = domain.rules("2017.1")
CODES = [d.code for d in all_districts()]


def test_caps_use_integer_per_mille_and_floor() -> None:
    assert domain.mobilisable_persons(30000, 40000, RULES) == 1950 + 1000
    assert domain.mobilisable_persons(2000, 6000, RULES) == 130 + 150
    assert domain.mobilisable_persons(2000, 4000, RULES) == 230  # §7: below the 400 minimum
    assert domain.mobilisable_persons(15, 39, RULES) == 0
    assert domain.unit_weight("work_unit", 100000, RULES) == 6500
    assert domain.unit_weight("town", 100000, RULES) == 2500
    assert domain.cap_units(575, Fraction(3, 2)) == 862
    assert domain.cap_units(575, domain.parse_units_per_person("1.0", RULES, "u")) == 575


@pytest.mark.parametrize("text", ["0", "-1", "2.5", "abc", ""])
def test_units_per_person_must_be_a_decimal_in_range(text: str) -> None:
    with pytest.raises(InvalidArgument) as raised:
        domain.parse_units_per_person(text, RULES, "plan.units_per_person")
    assert raised.value.violations[0].field == "plan.units_per_person"


def test_the_2017_plan_passes_its_checks_and_sums() -> None:
    plan = domain.published_plan(2017)
    assert plan.district_pool_units == 342000
    assert domain.validate_plan(plan, 16) == []
    odd = dataclasses.replace(plan, group_target_units=265000, drill_min_per_district_units=300)
    assert domain.validate_plan(odd, 16) == [
        "group + street targets 438,200 ≠ city target 439,000 (difference -800)",
        "16 districts × 300 = 4,800 is below the citywide drill minimum 6,400"]


def test_the_2017_table_gives_exactly_the_documented_warning() -> None:
    plan = domain.published_plan(2017)
    rows = domain.published_table(2017)
    assert sum(r.units for r in rows) == 439054
    assert domain.check_published_table(plan, rows, CODES) == [
        "allocation total 439,054 ≠ city target 439,000 (difference +54); district rows sum to "
        "342,054, target minus carve-outs is 342,000"]
    low = [dataclasses.replace(rows[4], units=399), *rows[:4], *rows[5:]]
    with pytest.raises(FailedPrecondition) as raised:
        domain.check_published_table(plan, low, CODES)
    assert [v.subject for v in raised.value.violations] == ["putuo"]


def test_digest_changes_with_any_input() -> None:
    entity = domain.Entity("pudong", "浦东新区", "district", 10, 400, 1000)
    base = domain.AllocationInputs("2017.1", "webster", 500, (entity,))
    assert base.digest() == domain.AllocationInputs("2017.1", "webster", 500, (entity,)).digest()
    assert base.digest() != dataclasses.replace(base, method="dhondt").digest()
    assert base.digest() != dataclasses.replace(
        base, entities=(dataclasses.replace(entity, upper=999),)).digest()


def test_progress_credits_channels_to_their_rows() -> None:
    quotas = [("pudong", "district", 1000), ("universities", "university", 500)]
    aggregates = [domain.Aggregate("pudong", "group", 400, 10),
                  domain.Aggregate("pudong", "drill", 200, 400),
                  domain.Aggregate("pudong", "street", 300, 2),
                  domain.Aggregate("xuhui", "university", 200, 5)]
    rules = domain.ProgressRules(drill_min_per_district=400, group_channels=("group",),
                                 full_volume_ml=400)
    rows, city = domain.progress(quotas, aggregates, rules)
    pudong, universities = rows
    assert pudong.collected_ml == 4000 + 80000 + 600
    assert pudong.drill_met(200) and pudong.share_400ml() == pytest.approx(10 / 412)
    assert universities.collected_ml == 1000 and universities.drill_min_units == 0
    assert city.collected_ml == 85600 and city.quota_units == 1500
    assert pudong.projected_units(73, 365, 200) == pytest.approx(423 * 5)


def test_progress_as_of_defaults() -> None:
    today = dt.date(2019, 3, 1)
    assert domain.progress_as_of(2017, today, None) == dt.date(2017, 12, 31)
    assert domain.progress_as_of(2019, today, None) == today
    assert domain.progress_as_of(2020, today, None) == dt.date(2020, 1, 1)
    assert domain.elapsed_days(2017, dt.date(2017, 3, 31)) == (90, 365)
    assert domain.elapsed_days(2020, dt.date(2020, 12, 31)) == (366, 366)


def test_collection_rows_are_all_checked() -> None:
    rows = [domain.CollectionRow(dt.date(2017, 3, 1), "pudong", "", "group", 400, 1),
            domain.CollectionRow(None, "pudong", "", "group", 400, 1),
            domain.CollectionRow(dt.date(2016, 3, 1), "pudong", "X", "bus", 100, 0)]
    with pytest.raises(InvalidArgument) as raised:
        domain.validate_collections(rows, today=dt.date(2019, 3, 1), rule_sets={2017: RULES},
                                    is_district=CODES.__contains__,
                                    units={(2016, "pudong"): {"Y"}, (2017, "pudong"): {"X"}})
    assert [v.field for v in raised.value.violations] == [
        "rows[1].donation_date", "rows[2].donation_date", "rows[2].unit_code",
        "rows[2].channel", "rows[2].volume_ml", "rows[2].donations"]


def test_split_pool_keeps_the_drill_minimum_from_rule_version_2017_2() -> None:
    """Annex footnote (400 drill units in every district row) and §9; 2017.1 splits, stored
    with the whole quota as their pool, keep computing that way."""
    plan = domain.published_plan(2017)
    assert domain.split_pool(32650, plan, domain.rules("2017.2")) == (32250, 400)
    assert domain.split_pool(32650, plan, domain.rules("2017.1")) == (32650, 0)
    with pytest.raises(FailedPrecondition):
        domain.split_pool(399, plan, domain.rules("2017.2"))


def test_the_full_donation_share_follows_the_volume_list() -> None:
    """二(二) ¶2 "逐步提升单次400ml献血人群比例": the single full donation is the largest volume
    of the rule version's list (GB 18467-2011: 200, 300, 400 ml), not a number in the code."""
    assert domain.rules("2017.2").full_volume_ml == 400
    bigger = dataclasses.replace(domain.rules("2017.2"), volumes_ml=(200, 300, 400, 500))
    rules = domain.progress_rules(domain.published_plan(2017), bigger)
    aggregates = [domain.Aggregate("pudong", "street", 400, 3),
                  domain.Aggregate("pudong", "street", 500, 1)]
    _, city = domain.progress([("pudong", "district", 1000)], aggregates, rules)
    assert city.share_400ml() == pytest.approx(1 / 4)


@pytest.mark.parametrize(("text", "ok"), [("10", True), ("1.5", True), ("0.005", True),
                                          ("0.001", False), ("0", False), ("-10", False),
                                          ("ten", False), ("Infinity", False), ("NaN", False)])
def test_the_platelet_conversion_is_a_positive_decimal_of_whole_ml(text: str, ok: bool) -> None:
    """§2: the seed gives no conversion; a plan states one, and a dose must come to whole ml
    at 200 ml per unit (0.005 units = 1 ml; 0.001 units = 0.2 ml)."""
    rules = domain.rules("2017.2")
    if ok:
        assert domain.parse_platelet_units_per_dose(text, rules, "f") > 0
        return
    with pytest.raises(InvalidArgument) as raised:
        domain.parse_platelet_units_per_dose(text, rules, "plan.platelet_units_per_dose")
    assert raised.value.violations[0].field == "plan.platelet_units_per_dose"


def test_platelets_count_only_when_the_plan_says_so() -> None:
    """§2: recorded and not counted by default; 1 therapeutic dose ≈ 10 units when a plan
    counts them (2 donations of 2 doses = 4 doses = 40 units = 8,000 ml)."""
    aggregates = [domain.Aggregate("pudong", "group", 400, 5),
                  domain.Aggregate("pudong", "group", 0, 2, "", "platelets", 2)]
    plan = domain.published_plan(2017)
    rules = domain.rules("2017.2")
    for counted, collected in ((False, 2000), (True, 2000 + 8000)):
        progress = domain.progress_rules(
            dataclasses.replace(plan, platelets_count_toward_targets=counted), rules)
        (row,), city = domain.progress([("pudong", "district", 1000)], aggregates, progress)
        assert (row.collected_ml, row.platelet_donations, row.platelet_doses) == (
            collected, 2, 4)
        assert row.share_400ml() == 1.0 and row.line("group") == (collected, 5)
        assert (city.collected_ml, city.platelet_doses) == (collected, 4)
