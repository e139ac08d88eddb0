"""Quality and credit ranking of maintenance companies (沪府办规〔2018〕22号 二(三)5; the 2015
plan's 电梯维保质量信用评价标准): weighted indicators from the rule data, competition ranks
through the kernel, blacklisted companies left out (other_systems.md §1-§2)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from cityscore.core.kernel import api

from .numbers import half_up
from .rules import RankingRules

PER_MILLE = 1000


@dataclass(frozen=True, slots=True)
class Ranked:
    rank: int
    company_id: str
    score: str


def score_cents(rules: RankingRules, values: Mapping[str, int]) -> int:
    """Σ weight × value (higher is better) or weight × (1 − value) (lower is better), values
    per mille, in hundredths of a point rounded half-up; a missing indicator scores nothing."""
    points = Fraction(0)
    for indicator in rules.indicators:
        if indicator.code not in values:
            continue
        share = Fraction(values[indicator.code], PER_MILLE)
        points += indicator.weight_points * (share if indicator.higher_is_better
                                             else 1 - share)
    return int(half_up(points * 100, 0))


def rank(rules: RankingRules, companies: Sequence[str],
         values: Mapping[str, Mapping[str, int]]) -> list[Ranked]:
    """Competition ranks ("1224"), highest score first, ties in ``companies`` order."""
    cents = [score_cents(rules, values.get(c, {})) for c in companies]
    ranking = api.competition_rank(cents)
    return [Ranked(int(ranking.ranks[i]), companies[i], half_up(Fraction(cents[i], 100), 2))
            for i in ranking.order.tolist()]
