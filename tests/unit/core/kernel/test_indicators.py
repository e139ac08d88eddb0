"""Indicator rule types and competition ranking (wage_assessment.md §6.2, §8, §12)."""

from __future__ import annotations

import numpy as np
import pytest

from cityscore.core import kernel
from cityscore.core.kernel import IndicatorRule, RuleType

ENF2 = IndicatorRule(RuleType.ALL_OR_NOTHING, 300)
ORG1 = IndicatorRule(RuleType.POINTS_AWARDED, 300)
SYS4 = IndicatorRule(RuleType.DEDUCT_PER_FINDING, 300, step_cents=50)
SYS1 = IndicatorRule(RuleType.RATE_THRESHOLD, 600, threshold=(95, 100))
SYS2 = IndicatorRule(RuleType.RATE_THRESHOLD, 600, threshold=(95, 100), proportional=True)
CAS1 = IndicatorRule(RuleType.LADDER, 1200,
                     ladder=((96, 100, 1200), (90, 100, 800), (80, 100, 400)))
CAS2 = IndicatorRule(RuleType.RATE_THRESHOLD, 600, threshold=(95, 100), proportional=True,
                     vacuous_full=True)
ORG3 = IndicatorRule(RuleType.ALL_OR_NOTHING, 200, vacuous_full=True)


def _one(rule: IndicatorRule, value: int, denominator: int = 0) -> int:
    return int(kernel.score_indicators([rule], [[value]], [[denominator]]).item_cents[0, 0])


@pytest.mark.parametrize(("rule", "value", "denominator", "cents"), [
    (ENF2, 1, 0, 300), (ENF2, 0, 0, 0),
    (ORG1, 150, 0, 150),
    (SYS4, 3, 0, 150), (SYS4, 7, 0, 0),
    (SYS1, 190, 200, 600), (SYS1, 189, 200, 0),
    (SYS2, 90, 100, 568),
    (CAS1, 955, 1000, 800), (CAS1, 96, 100, 1200), (CAS1, 79, 100, 0),
    (CAS2, 0, 0, 600),
    (ORG3, 0, 0, 200), (ORG3, 0, 4, 0),
])
def test_rule_type_cases(rule: IndicatorRule, value: int, denominator: int, cents: int) -> None:
    assert _one(rule, value, denominator) == cents


def test_totals_and_shapes() -> None:
    rules = [ENF2, SYS4, SYS2]
    r = kernel.score_indicators(rules, [[1, 3, 90], [0, 0, 95]], [[0, 0, 100], [0, 0, 100]])
    assert r.item_cents.tolist() == [[300, 150, 568], [0, 300, 600]]
    assert r.total_cents.tolist() == [1018, 900]
    empty = kernel.score_indicators(rules, np.empty((0, 3), np.int64))
    assert empty.total_cents.shape == (0,)


@pytest.mark.parametrize(("rule", "value", "denominator", "message"), [
    (ENF2, 2, 0, r"values\[0, 0\] must be 0 or 1"),
    (ORG1, 301, 0, r"values\[0, 0\] awards more than"),
    (SYS4, -1, 0, r"values\[0, 0\] is negative"),
    (SYS1, 5, 4, r"values\[0, 0\] exceeds its denominator"),
    (SYS1, 0, 0, r"denominators\[0, 0\] is 0 on an item without"),
    (SYS1, 0, -2, r"denominators\[0, 0\] is negative"),
])
def test_bad_values(rule: IndicatorRule, value: int, denominator: int, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        _one(rule, value, denominator)


def test_bad_rules_and_shapes() -> None:
    with pytest.raises(ValueError, match="positive fraction"):
        kernel.score_indicators([IndicatorRule(RuleType.RATE_THRESHOLD, 1, threshold=(0, 1))],
                                [[0]])
    with pytest.raises(ValueError, match="ladder rule needs"):
        kernel.score_indicators([IndicatorRule(RuleType.LADDER, 1)], [[0]])
    with pytest.raises(ValueError, match="columns for 2 rules"):
        kernel.score_indicators([ENF2, ENF2], [[0]])
    with pytest.raises(ValueError, match="must hold integers"):
        kernel.score_indicators([ENF2], [[0.5]])


def test_competition_ranking_of_the_sixteen_districts() -> None:
    scores = [9550, 9400, 9400, 9250, 9100, 9100, 8950, 8800, 8750, 8600, 8500, 8450, 8300,
              8200, 8050, 7900]
    ranking = kernel.competition_rank(scores)
    assert ranking.ranks.tolist() == [1, 2, 2, 4, 5, 5, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]
    shuffled = kernel.competition_rank([8, 10, 8, 10, 1])
    assert shuffled.ranks.tolist() == [3, 1, 3, 1, 5]
    assert shuffled.order.tolist() == [1, 3, 0, 2, 4]
    assert kernel.competition_rank([91.0, 92.5, 91.0]).ranks.tolist() == [2, 1, 2]
    assert kernel.competition_rank([]).ranks.shape == (0,)
    with pytest.raises(ValueError, match=r"scores\[1\] is NaN"):
        kernel.competition_rank([1.0, float("nan")])
