"""Targets T1-T17 of the 2018 implementation opinions (rural_roads.md §2.1-2.4)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, Decimal
from enum import StrEnum

from cityscore.services.rural_roads.domain.aggregation import round_half_up
from cityscore.services.rural_roads.domain.rules import TargetPolicy


class Status(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    IN_PROGRESS = "in_progress"
    NO_DATA = "no_data"
    NOT_ASSESSED = "not_assessed"


class Direction(StrEnum):
    RISING = "rising"
    FLAT = "flat"
    FALLING = "falling"
    NO_PREVIOUS = "no_previous"


@dataclass(frozen=True, slots=True)
class TargetResult:
    code: str
    indicator: str
    clause: str
    value: float
    display: str
    threshold: str
    status: Status
    trend: Direction = Direction.NO_PREVIOUS
    previous: float = math.nan
    note: str = ""


@dataclass(frozen=True)
class TargetFacts:
    """The recorded facts of one district (or the city) and year that the targets read."""

    year: int
    villages: int = 0
    villages_two_lane: int = 0
    villages_bus: int = 0
    survey_pqi: float | None = None
    survey_share: float | None = None
    # The index the survey's share is measured on (rural_roads.md §6.3): "pqi" or "mqi".
    share_index: str = "pqi"
    previous_pqi: float | None = None
    greenable_km: float = 0.0
    greened_km: float = 0.0
    previous_greening: float | None = None
    safety_identified: int = 0
    safety_remediated: int = 0
    upgrade_km_cumulative: float = 0.0
    hazard_remediated_cumulative: int = 0
    hazard_open: int = 0
    major_medium_km: float | None = None
    network_m: float = 0.0
    maintenance_base_m: float = 0.0
    projects_handed_over: int = 0
    projects_passed: int = 0
    township_village_m: Mapping[str, float] = field(default_factory=dict)
    specialists: Mapping[str, int] = field(default_factory=dict)
    evaluated_m: float = 0.0
    plan_approvals: Mapping[str, dt.date | None] = field(default_factory=dict)
    dangerous_bridges: int = 0
    bridges: int = 0
    district: str = ""
    pci_unmeasured_m: float = 0.0
    city_upgrade_km: float = 0.0
    city_hazard_remediated: int = 0


def specialists_needed(township_village_m: float, km_per_specialist: int) -> int:
    """⌈km / km_per_specialist⌉ in exact decimals (rural_roads.md §2.4 decision on T14:
    minimum at 30 km, comfortable at 25 km per specialist, 四(二) ¶1)."""
    km = Decimal(repr(township_village_m)) / 1000
    return int((km / km_per_specialist).to_integral_value(rounding=ROUND_CEILING))


def _ratio(num: float, den: float) -> float:
    return num / den if den else math.nan


def _pct(value: float) -> str:
    return "–" if math.isnan(value) else f"{round_half_up(value * 100):.2f} %"


def _meets(value: float, threshold: float) -> Status:
    if math.isnan(value):
        return Status.NO_DATA
    return Status.PASS if value >= threshold - 1e-12 else Status.FAIL


def _trend(current: float, previous: float | None) -> tuple[Direction, float]:
    if previous is None or math.isnan(previous) or math.isnan(current):
        return Direction.NO_PREVIOUS, math.nan
    now, before = round_half_up(current, 2), round_half_up(previous, 2)
    if now > before:
        return Direction.RISING, previous
    return (Direction.FLAT if now == before else Direction.FALLING), previous


# Targets whose facts are recorded year by year (a survey, a district's yearly statistics,
# projects and sites by completion year), so the previous year has a value of its own; the
# register's villages, bridges and plans have no history. T3 and T4 carry their own trend.
YEARLY = frozenset({"T2", "T5", "T10", "T11", "T12", "T13", "T14", "T15"})
# Targets shown as a percentage: compared at the 2 decimals of the percentage people read.
PERCENT = frozenset({"T1", "T2", "T4", "T5", "T6", "T12", "T13", "T15"})


def with_trends(results: list[TargetResult], before: list[TargetResult]
                ) -> list[TargetResult]:
    """Each yearly target's direction against its value of the previous year, computed by
    the same rules from that year's records (rural_roads.md §2.4: T3 compares "at 2
    decimals"; the others are read alike). A target without a value in either year keeps
    "no previous"."""
    prior = {r.code: r for r in before}
    out = []
    for r in results:
        b = prior.get(r.code)
        if (r.code in YEARLY and r.trend is Direction.NO_PREVIOUS and b is not None
                and b.status is not Status.NO_DATA and r.status is not Status.NO_DATA
                and not math.isnan(b.value) and not math.isnan(r.value)):
            scale = 100 if r.code in PERCENT else 1
            direction, _ = _trend(r.value * scale, b.value * scale)
            out.append(dataclasses.replace(r, trend=direction, previous=b.value))
        else:
            out.append(r)
    return out


def evaluate_targets(facts: TargetFacts, policy: TargetPolicy) -> list[TargetResult]:
    """Targets T1-T17 of the 2018 implementation opinions (rural_roads.md §2.1-2.4).

    Ratios follow §2.4; T3 and T4 need a rise on the previous year compared at 2 decimals;
    T10/T11 are cumulative from 2018 and only fail once the 2022 deadline year is reached;
    T12 takes the register's mileage on the policy's base day (1 January) as its base; T14
    needs ⌈km/30⌉ specialists per district. T7, T8, T9 and T17 are qualitative and are
    shown with their facts.
    """
    p = policy
    out: list[TargetResult] = []
    two_lane = _ratio(facts.villages_two_lane, facts.villages)
    out.append(TargetResult("T1", "villages with a two-lane road", "三(一)", two_lane,
                            f"{facts.villages_two_lane} of {facts.villages}",
                            f"≥ {_pct(p.two_lane_coverage)}",
                            _meets(two_lane, p.two_lane_coverage)))
    share = math.nan if facts.survey_share is None else facts.survey_share
    out.append(TargetResult("T2", f"excellent/good/fair share ({facts.share_index.upper()} "
                                  "≥ 70)", "三(二)", share,
                            _pct(share), f"≥ {_pct(p.excellent_good_fair_share)}",
                            _meets(share, p.excellent_good_fair_share),
                            note=_share_coverage(facts)))
    pqi = math.nan if facts.survey_pqi is None else facts.survey_pqi
    trend, before = _trend(pqi, facts.previous_pqi)
    pqi_status = (Status.NO_DATA if math.isnan(pqi) or trend is Direction.NO_PREVIOUS
                  else Status.PASS if trend is Direction.RISING else Status.FAIL)
    out.append(TargetResult("T3", "PQI (length-weighted)", "三(二)", pqi,
                            "–" if math.isnan(pqi) else f"{pqi:.2f}", "rises year on year",
                            pqi_status, trend, before,
                            "" if trend is not Direction.NO_PREVIOUS
                            else "needs closed surveys of this and the previous year"))
    greening = _ratio(facts.greened_km, facts.greenable_km)
    g_trend, g_before = _trend(greening * 100, None if facts.previous_greening is None
                               else facts.previous_greening * 100)
    g_status = _meets(greening, p.greening_rate)
    if g_status is Status.PASS and g_trend in (Direction.FLAT, Direction.FALLING):
        g_status = Status.FAIL
    out.append(TargetResult("T4", "greening rate (greened / greenable km)", "三(三)", greening,
                            _pct(greening), f"≥ {_pct(p.greening_rate)} and rising", g_status,
                            g_trend, g_before / 100 if not math.isnan(g_before) else math.nan,
                            "no previous year to compare" if g_trend is Direction.NO_PREVIOUS
                            else ""))
    safety = _ratio(facts.safety_remediated, facts.safety_identified)
    out.append(TargetResult("T5", "safety life-protection works remediated", "三(四)", safety,
                            f"{facts.safety_remediated} of {facts.safety_identified}",
                            f"{_pct(p.safety_works_remediation)}",
                            _meets(safety, p.safety_works_remediation)))
    bus = _ratio(facts.villages_bus, facts.villages)
    out.append(TargetResult("T6", "villages with bus service", "三(五)", bus,
                            f"{facts.villages_bus} of {facts.villages}", f"{_pct(p.bus_service)}",
                            _meets(bus, p.bus_service)))
    out.append(TargetResult("T7", "every road maintained; staff and funds in place", "三(二)",
                            math.nan, "–", "qualitative", Status.NOT_ASSESSED,
                            note="see T12 and T14 for the measurable parts"))
    out.append(TargetResult("T8", "dangerous bridges handled promptly", "三(四)",
                            float(facts.dangerous_bridges),
                            f"{facts.dangerous_bridges} dangerous of {facts.bridges} bridges",
                            "qualitative", Status.NOT_ASSESSED))
    out.append(TargetResult("T9", "urban-rural logistics, transport with post", "三(五)",
                            math.nan, "–", "qualitative", Status.NOT_ASSESSED))
    out.extend(city_commitments(facts, p))
    network_km = facts.maintenance_base_m / 1000
    maintenance = (math.nan if facts.major_medium_km is None
                   else _ratio(facts.major_medium_km, network_km))
    out.append(TargetResult("T12", "major and medium maintenance share of mileage", "四(三) ¶3",
                            maintenance, _pct(maintenance),
                            f"≥ {_pct(p.major_medium_maintenance_share)}",
                            _meets(maintenance, p.major_medium_maintenance_share),
                            note=f"base {network_km:,.3f} km of the register on "
                                 f"{p.maintenance_base(facts.year).isoformat()}"))
    first = _ratio(facts.projects_passed, facts.projects_handed_over)
    out.append(TargetResult("T13", "first-time handover acceptance pass rate", "四(一) ¶2",
                            first, f"{facts.projects_passed} of {facts.projects_handed_over}",
                            f"{_pct(p.first_handover_pass_rate)}",
                            _meets(first, p.first_handover_pass_rate)))
    out.append(_specialists(facts, p))
    coverage = _ratio(facts.evaluated_m, facts.network_m)
    out.append(TargetResult("T15", "condition survey coverage", "四(三) ¶3", coverage,
                            _pct(coverage), f"{_pct(p.inspection_coverage)} every year",
                            _meets(coverage, p.inspection_coverage
                                   - p.inspection_coverage_tolerance)
                            if facts.survey_share is not None else Status.NO_DATA))
    approvals = facts.plan_approvals
    on_time = [d for d, day in approvals.items() if day is not None
               and day <= p.plan_approval_deadline]
    late = sorted(set(approvals) - set(on_time))
    out.append(TargetResult("T16", "construction plan approved", "四(一) ¶1",
                            float(len(on_time)), f"{len(on_time)} of {len(approvals)} districts",
                            f"by {p.plan_approval_deadline.isoformat()}",
                            Status.NO_DATA if not approvals else
                            Status.PASS if len(on_time) == len(approvals) else Status.FAIL,
                            note="; ".join(f"{d}: {_approval(approvals[d])}" for d in late)))
    out.append(TargetResult("T17", "construction plan revised on a rolling 5-year cycle",
                            "四(一) ¶1", math.nan, "–", "qualitative", Status.NOT_ASSESSED))
    return out


def _share_coverage(facts: TargetFacts) -> str:
    """What T2's share stands on (rural_roads.md §6.3, corrected 2026-12-03: missing is not
    zero): the length with a PQI, and the length whose PCI was not measured."""
    if facts.survey_share is None:
        return "no closed survey for the year"
    return (f"on {facts.evaluated_m / 1000:,.3f} km with a PQI; PCI not measured on "
            f"{facts.pci_unmeasured_m / 1000:,.3f} km")


def _approval(day: dt.date | None) -> str:
    return "not approved" if day is None else f"approved {day.isoformat()}"


def _specialists(facts: TargetFacts, p: TargetPolicy) -> TargetResult:
    """T14, 四(二) ¶1 "原则上按每25-30公里乡村道配备1名专管员": every district needs
    ⌈km/30⌉ specialists (rural_roads.md §2.4 decision); a city total that fails names the
    districts that are short and by how much, or that recorded no staffing figure."""
    needed = sum(specialists_needed(m, p.specialist_km_minimum)
                 for m in facts.township_village_m.values())
    comfortable = sum(specialists_needed(m, p.specialist_km_comfortable)
                      for m in facts.township_village_m.values())
    in_post = sum(facts.specialists.get(d, 0) for d in facts.township_village_m)
    staffed = [d for d in facts.township_village_m
               if facts.specialists.get(d, 0) >= specialists_needed(
                   facts.township_village_m[d], p.specialist_km_minimum)]
    missing_staff = not set(facts.township_village_m) <= set(facts.specialists)
    short = []
    for d in sorted(facts.township_village_m):
        need = specialists_needed(facts.township_village_m[d], p.specialist_km_minimum)
        km = facts.township_village_m[d] / 1000
        if d not in facts.specialists:
            short.append(f"{d}: no staffing figure for {facts.year} (needs ≥ {need} for "
                         f"{km:,.3f} km)")
        elif facts.specialists[d] < need:
            short.append(f"{d}: {facts.specialists[d]} in post, needs ≥ {need} for "
                         f"{km:,.3f} km")
    status = (Status.NO_DATA if missing_staff and not facts.specialists else
              Status.PASS if len(staffed) == len(facts.township_village_m) else Status.FAIL)
    return TargetResult("T14", "rural-road specialists (1 per 25-30 km of township and "
                        "village roads)", "四(二) ¶1", float(in_post),
                        f"{in_post} in post", f"≥ {needed} (comfortable {comfortable})",
                        status, note="; ".join(short) if status is Status.FAIL else "")


def city_commitments(facts: TargetFacts, p: TargetPolicy) -> list[TargetResult]:
    """T10 and T11, 四(三) ¶1-2 "到2022年底,完成农村公路提档升级改造2000公里…安全隐患
    整治800处": city commitments, cumulative from 2018 (rural_roads.md §2.4, corrected
    2026-12-03). The city report compares the city sum with the target and fails only once
    the deadline year is reached; a district's report shows its contribution and its share
    of the city's sum, judged only against a share the city issued (``district_shares``)."""
    deadline_passed = facts.year >= p.cumulative_deadline_year
    share = p.district_shares.get(facts.district) if facts.district else None
    out = []
    for code, name, clause, value, city_value, target, district_target, unit in (
            ("T10", "upgrade and renovation km since 2018", "四(三) ¶1",
             facts.upgrade_km_cumulative, facts.city_upgrade_km, p.upgrade_km_cumulative,
             None if share is None else share.upgrade_km, "km"),
            ("T11", "hazard sites remediated since 2018", "四(三) ¶2",
             float(facts.hazard_remediated_cumulative), float(facts.city_hazard_remediated),
             float(p.hazard_sites_cumulative),
             None if share is None else float(share.hazard_sites), "sites")):
        shown = f"{value:,.3f}".rstrip("0").rstrip(".")
        by = f"by end-{p.cumulative_deadline_year}"
        open_sites = f"{facts.hazard_open} sites still open" if code == "T11" else ""
        if not facts.district:
            status = (Status.PASS if value >= target else
                      Status.FAIL if deadline_passed else Status.IN_PROGRESS)
            out.append(TargetResult(code, name, clause, value, f"{shown} {unit}",
                                    f"city ≥ {target:,.0f} {unit} {by}", status,
                                    note=open_sites))
            continue
        city_shown = f"{city_value:,.3f}".rstrip("0").rstrip(".")
        part = _pct(_ratio(value, city_value))
        contribution = f"{shown} {unit}, {part} of the city's {city_shown} {unit}"
        notes = [f"a contribution to the city total of ≥ {target:,.0f} {unit} {by}"]
        if district_target is None:
            status = Status.NOT_ASSESSED
            notes.append("the city has issued no district share")
            threshold = f"city ≥ {target:,.0f} {unit} {by}"
        else:
            status = (Status.PASS if value >= district_target else
                      Status.FAIL if deadline_passed else Status.IN_PROGRESS)
            threshold = f"district share ≥ {district_target:,.3f}".rstrip("0").rstrip(".") \
                + f" {unit} {by}"
        if open_sites:
            notes.append(open_sites)
        out.append(TargetResult(code, name, clause, value, contribution, threshold, status,
                                note="; ".join(notes)))
    return out
