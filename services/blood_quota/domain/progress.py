"""Progress against the current district table (§2, §4): collections credited to their rows,
the city's channel targets, and the year-end projection at the run rate so far."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from cityscore.services.blood_quota.domain.plan import PlanFigures
from cityscore.services.blood_quota.domain.rules import (
    CARVE_OUT_CHANNEL,
    CARVE_OUT_KINDS,
    DISTRICT,
    DISTRICT_CHANNELS,
    INCREMENT,
    PLATELETS,
    STREET,
    RuleSet,
    parse_platelet_units_per_dose,
)

GROUP = "group"


@dataclass(frozen=True, slots=True)
class ProgressRules:
    """What crediting collections depends on, from the plan and its rule version."""

    drill_min_per_district: int
    #: Channels counted toward the city's group target (the group line).
    group_channels: tuple[str, ...]
    #: The volume of a single full donation (the "400 ml" share).
    full_volume_ml: int
    #: Street sites whose collections feed the site-optimisation increment row.
    increment_sites: frozenset[str] = frozenset()
    #: Units per therapeutic dose of platelets (None: the plan has no conversion).
    platelet_units_per_dose: Fraction | None = None
    #: Whole-blood ml a platelet dose counts for toward the targets; 0 when not counted.
    platelet_ml_per_dose: int = 0


def progress_rules(plan: PlanFigures, rule_set: RuleSet) -> ProgressRules:
    """The crediting rules of a plan (沪府办发〔2017〕29号 二(二) ¶1, ¶2, annex).

    The group line takes the rule version's group channels: from 2017.2 the group model is
    "以社区、企事业单位和高校为主" (二(二) ¶1), so university collections count toward the
    265,800 group target (blood_quota.md §6, corrected 2026-12-03). Garrison collections join
    it only when the plan says so (the seed is silent; default: its own carve-out).

    Apheresis platelets (单采血小板, encouraged in 二(二) ¶1) are converted with the plan's
    units per dose, whose source the plan cites (the opinions give none, blood_quota.md §2);
    they count toward the targets only when the plan says so (default: reported only).
    """
    channels = rule_set.group_target_channels
    if plan.garrison_counts_toward_group and "garrison" not in channels:
        channels = (*channels, "garrison")
    per_dose = (parse_platelet_units_per_dose(plan.platelet_units_per_dose, rule_set,
                                              "plan.platelet_units_per_dose")
                if plan.platelet_units_per_dose else None)
    counted = per_dose is not None and plan.platelets_count_toward_targets
    return ProgressRules(plan.drill_min_per_district_units, channels, rule_set.full_volume_ml,
                         frozenset(plan.increment_sites), per_dose,
                         int(per_dose * rule_set.unit_ml) if counted and per_dose else 0)


@dataclass(frozen=True, slots=True)
class Aggregate:
    """Summed collections of one district, channel and volume up to the as-of date."""

    district: str
    channel: str
    volume_ml: int
    donations: int
    site: str = ""
    component: str = "whole_blood"
    therapeutic_doses: int = 0


@dataclass
class Progress:
    """Progress of one allocation row (§2: achievement compared in ml)."""

    code: str
    kind: str
    quota_units: int
    collected_ml: int = 0
    donations: int = 0
    donations_400ml: int = 0
    drill_ml: int = 0
    drill_min_units: int = 0
    by_channel: dict[str, tuple[int, int]] = field(default_factory=dict)
    #: The single full donation volume (the rule version's largest); set by ``progress``.
    full_volume_ml: int = 0
    #: Channels whose collections make up this row's group line (the city's: the plan's).
    group_channels: tuple[str, ...] = (GROUP,)
    #: Apheresis platelet donations and their therapeutic doses.
    platelet_donations: int = 0
    platelet_doses: int = 0
    #: Whole-blood ml one platelet dose counts for; 0 when platelets are not counted.
    platelet_ml_per_dose: int = 0

    def add(self, aggregate: Aggregate) -> None:
        if aggregate.component == PLATELETS:
            self._add_platelets(aggregate)
            return
        ml = aggregate.volume_ml * aggregate.donations
        self.collected_ml += ml
        self.donations += aggregate.donations
        if aggregate.volume_ml == self.full_volume_ml:
            self.donations_400ml += aggregate.donations
        if aggregate.channel == "drill":
            self.drill_ml += ml
        volume, count = self.by_channel.get(aggregate.channel, (0, 0))
        self.by_channel[aggregate.channel] = (volume + ml, count + aggregate.donations)

    def _add_platelets(self, aggregate: Aggregate) -> None:
        """Platelets are reported on their own; when the plan counts them, their converted
        ml join the row's collected figures and their channel's line (never the whole-blood
        donation counts or the 400 ml share)."""
        doses = aggregate.donations * aggregate.therapeutic_doses
        self.platelet_donations += aggregate.donations
        self.platelet_doses += doses
        if self.platelet_ml_per_dose:
            ml = doses * self.platelet_ml_per_dose
            self.collected_ml += ml
            volume, count = self.by_channel.get(aggregate.channel, (0, 0))
            self.by_channel[aggregate.channel] = (volume + ml, count)

    def line(self, channel: str) -> tuple[int, int]:
        """(ml, donations) counted toward a channel's target: the group line sums the
        group channels (university collections from rule version 2017.2, 二(二) ¶1), every
        other channel is its own collections."""
        if channel != GROUP:
            return self.by_channel.get(channel, (0, 0))
        parts = [self.by_channel.get(c, (0, 0)) for c in self.group_channels]
        return sum(ml for ml, _ in parts), sum(n for _, n in parts)

    def line_channels(self, channel: str) -> tuple[str, ...]:
        """The channels a line counts."""
        return self.group_channels if channel == GROUP else (channel,)

    def ratio(self, unit_ml: int) -> float:
        quota_ml = self.quota_units * unit_ml
        return self.collected_ml / quota_ml if quota_ml else 0.0

    def share_400ml(self) -> float:
        """Share of single full (400 ml) donations among whole-blood donations
        (沪府办发〔2017〕29号 二(二) ¶2 "逐步提升单次400ml献血人群比例"); the full volume is the
        largest of the rule version's volume list, not a number written here."""
        return self.donations_400ml / self.donations if self.donations else 0.0

    def drill_met(self, unit_ml: int) -> bool:
        return self.drill_ml >= self.drill_min_units * unit_ml

    def projected_units(self, elapsed_days: int, year_days: int, unit_ml: int) -> float:
        """Year-end projection at the run rate so far: collected × days in year / days elapsed."""
        return self.collected_ml * year_days / elapsed_days / unit_ml if elapsed_days else 0.0


def channel_targets(plan: PlanFigures) -> dict[str, int]:
    """City targets per channel: group 265,800 and street 173,200 (seed 二(二) ¶1-2), the drill
    minimum 6,400 (¶4), and the university and garrison carve-outs (annex)."""
    targets = {"group": plan.group_target_units, "street": plan.street_target_units,
               "drill": plan.drill_min_city_units}
    for carve in plan.carve_outs:
        if carve.kind in CARVE_OUT_CHANNEL:
            targets[carve.kind] = targets.get(carve.kind, 0) + carve.units
    return targets


def progress_as_of(year: int, today: dt.date, requested: dt.date | None) -> dt.date:
    """Default as-of date: today within the year, the year's last day for a past year."""
    if requested is not None:
        return requested
    if today.year > year:
        return dt.date(year, 12, 31)
    return max(min(today, dt.date(year, 12, 31)), dt.date(year, 1, 1))


def elapsed_days(year: int, as_of: dt.date) -> tuple[int, int]:
    """(days elapsed including ``as_of``, days in the year), clamped to the year."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    year_days = (end - start).days + 1
    if as_of < start:  # before the year: nothing elapsed (no date before 0001-01-01 exists)
        return 0, year_days
    return (min(as_of, end) - start).days + 1, year_days


def progress(quotas: Sequence[tuple[str, str, int]], aggregates: Iterable[Aggregate],
             rules: ProgressRules) -> tuple[list[Progress], Progress]:
    """Progress per allocation row and for the city: district rows take the group, street and
    drill channels of their district; carve-out rows the university and garrison channels
    (§4: universities and the garrison organise their own donors), and the increment row the
    street collections at the plan's new or moved sites (``_feeds_increment``), which then
    do not count again in their district's row. The city's group line counts the plan's group
    channels (``progress_rules``); its street line counts every street collection."""
    drill_min = rules.drill_min_per_district
    rows = {code: Progress(code, kind, units,
                           drill_min_units=drill_min if kind == DISTRICT else 0,
                           full_volume_ml=rules.full_volume_ml,
                           platelet_ml_per_dose=rules.platelet_ml_per_dose)
            for code, kind, units in quotas}
    by_kind = {row.kind: row for row in rows.values() if row.kind in CARVE_OUT_KINDS}
    city = Progress("city", "city", sum(units for _, _, units in quotas),
                    drill_min_units=drill_min * sum(
                        1 for _, kind, _ in quotas if kind == DISTRICT),
                    full_volume_ml=rules.full_volume_ml, group_channels=rules.group_channels,
                    platelet_ml_per_dose=rules.platelet_ml_per_dose)
    for aggregate in aggregates:
        city.add(aggregate)
        if _feeds_increment(aggregate, rules) and INCREMENT in by_kind:
            target: Progress | None = by_kind[INCREMENT]
        elif aggregate.channel in DISTRICT_CHANNELS:
            target = rows.get(aggregate.district)
        else:
            target = by_kind.get(CARVE_OUT_CHANNEL[aggregate.channel])
        if target is not None:
            target.add(aggregate)
    return list(rows.values()), city


def _feeds_increment(aggregate: Aggregate, rules: ProgressRules) -> bool:
    """Street collections at a new or moved site feed the 27,000-unit increment
    "采血点位优化调整后增量" (沪府办发〔2017〕29号 annex; 二(二) ¶2 asks to assess and re-site the
    vehicles and donation houses, "点位调整优化"; blood_quota.md §6 corrected 2026-12-03)."""
    return aggregate.channel == STREET and aggregate.site in rules.increment_sites
