"""Grading (Art. 8, 10, 11; §9): the versioned grade rules, each district's inputs, and the
A/B/C grade with its explanation; ranks come from the kernel."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from functools import cache
from importlib import resources
from typing import Any

import numpy as np

from cityscore.core.errors import NotFound, ViolationCollector
from cityscore.core.kernel import api
from cityscore.services.wage_assessment.domain.scheme import (
    IndicatorDef,
    SchemeDef,
    canonical_json,
    format_points,
    text_digest,
)
from cityscore.services.wage_assessment.domain.scoring import (
    ItemInput,
    score_items,
    unreported_items,
)

FLAGS = ("a_conditions_met", "work_ineffective", "serious_adverse_impact")
INCIDENT_KINDS = ("mass", "extreme", "information")
GRADES = ("A", "B", "C")



@dataclass(frozen=True, slots=True)
class GradePolicy:
    """The grade-rule parameters of one version of the measures (Art. 8, 10; §9, §9.4)."""

    version: str
    document: str
    years: tuple[int, ...]
    a_max_rank: int
    mass_incident_min_people: int
    c_mass_incidents: int
    c_government_project_incidents: int
    c_extreme_incidents: int
    rectification_report_days: int
    falsification_gap_share: str
    completion_years_after: int
    """Art. 7: the assessment of year Y completes by the end of May of Y+1 (years after Y)."""
    completion_month: int
    completion_day: int
    rectification_period_days: int | None
    """Art. 10 sets time-limited rectification (限期整改) but no period: None means the Joint
    Conference names the deadline at each interview."""


@cache
def grade_policies() -> dict[str, GradePolicy]:
    """The shipped grade-rule versions (``data/grade_rules.json``)."""
    text = resources.files("cityscore.services.wage_assessment.data") \
        .joinpath("grade_rules.json").read_text("utf-8")
    return {name: GradePolicy(version=name, **{**body, "years": tuple(body["years"])})
            for name, body in json.loads(text)["versions"].items()}


def policy_for(year: int, version: str = "") -> GradePolicy:
    """The named grade rules, or the version whose years cover ``year`` (§3 decision)."""
    policies = grade_policies()
    if version:
        if version not in policies:
            raise NotFound("grade rules", version)
        return policies[version]
    for policy in policies.values():
        if year in policy.years:
            return policy
    raise NotFound("grade rules", f"for year {year}",
                   f"no grade rules cover {year}; name a policy_version")


def gap_exceeds(policy: GradePolicy, indicator: IndicatorDef, self_cents: int,
                verified_cents: int) -> bool:
    """Possible falsification (Art. 11, 弄虚作假、瞒报谎报): the self-check score exceeds the
    verified score by more than the configured share of the item's max points
    (wage_assessment.md §7: only over-reporting is flagged; a self-check below the verified
    value, as in its CRD-1 vector, is not). The flag is not a grading input, so no stored
    grading replays differently."""
    limit = Fraction(Decimal(policy.falsification_gap_share)) * indicator.max_cents
    return self_cents - verified_cents > limit


def rectification_due(policy: GradePolicy, interview: dt.date) -> dt.date:
    """The written rectification report is due 14 calendar days after the interview
    (Art. 10, 被约谈后2周内提交书面报告; §9.4 decision)."""
    return interview + dt.timedelta(days=policy.rectification_report_days)




@dataclass(frozen=True, slots=True)
class IncidentInput:
    kind: str
    people: int
    government_project: bool
    serious_consequence: bool

    def document(self) -> list[Any]:
        return [self.kind, self.people, self.government_project, self.serious_consequence]


@dataclass(frozen=True, slots=True)
class FlagInput:
    value: bool
    reason: str
    set_by: str


@dataclass(frozen=True, slots=True)
class UnitInputs:
    """Everything one district's grade depends on, apart from the other districts' scores."""

    code: str
    items: Mapping[str, ItemInput]
    incidents: tuple[IncidentInput, ...] = ()
    flags: Mapping[str, FlagInput] = field(default_factory=dict)

    def document(self) -> dict[str, Any]:
        return {"code": self.code,
                "items": {k: v.document() for k, v in sorted(self.items.items())},
                "incidents": sorted(i.document() for i in self.incidents),
                "flags": {k: [f.value, f.reason, f.set_by]
                          for k, f in sorted(self.flags.items())}}

    @classmethod
    def from_document(cls, doc: Mapping[str, Any]) -> UnitInputs:
        return cls(doc["code"], {k: ItemInput.from_document(v) for k, v in doc["items"].items()},
                   tuple(IncidentInput(*i) for i in doc["incidents"]),
                   {k: FlagInput(*v) for k, v in doc["flags"].items()})


@dataclass(frozen=True, slots=True)
class GradeOutcome:
    code: str
    score_cents: int
    rank: int
    grade: str
    decided_by: str
    explanation: dict[str, Any]
    input_digest: str


@dataclass(frozen=True, slots=True)
class Grading:
    outcomes: tuple[GradeOutcome, ...]
    tie_reports: tuple[str, ...]
    inputs_json: str
    """The exact inputs of the run in canonical JSON, as stored for replay."""
    input_digest: str
    rules_version: str

    def distribution(self) -> dict[str, int]:
        counts = dict.fromkeys(GRADES, 0)
        for outcome in self.outcomes:
            counts[outcome.grade] += 1
        return counts


def run_inputs_json(scheme: SchemeDef, policy: GradePolicy, units: Sequence[UnitInputs]) -> str:
    """The exact inputs of a grading run in canonical JSON (what its digest covers)."""
    return _run_json(scheme, policy, [canonical_json(u.document()) for u in units])


def _run_json(scheme: SchemeDef, policy: GradePolicy, unit_texts: Sequence[str]) -> str:
    """``canonical_json`` of the run document, joined from the units' canonical texts so that
    a national-scale year is serialised once (keys sort before "units")."""
    head = canonical_json({"policy_version": policy.version, "scheme_digest": scheme.digest,
                           "scheme_version": scheme.version})
    return f'{head[:-1]},"units":[{",".join(unit_texts)}]}}'


def grade(scheme: SchemeDef, policy: GradePolicy, units: Sequence[UnitInputs]) -> Grading:
    """Score, rank and grade every unit (Art. 8; wage_assessment.md §9.1-9.3).

    C if any of C1 (work ineffective), C2 (≥ 5 mass incidents of ≥ 50 people, or ≥ 2 of them
    on government-invested projects), C3 (≥ 1 extreme incident with serious consequences),
    C4 (serious adverse social impact); else A if A1 (conditions met) and A2 (competition
    rank ≤ 5, ties at the boundary all included); else B. Precedence C > A > B.
    """
    _item_cents, totals = score_items(scheme, [u.items for u in units])
    ranks = api.competition_rank(totals).ranks if units else np.zeros(0, dtype=np.int64)
    rules_version = f"{scheme.version}@{scheme.digest[:12]}+{policy.version}"
    texts = [canonical_json(u.document()) for u in units]
    outcomes = tuple(_grade_one(policy, unit, int(totals[k]), int(ranks[k]), rules_version,
                                unreported_items(scheme, unit.items), text_digest(texts[k]))
                     for k, unit in enumerate(units))
    inputs_json = _run_json(scheme, policy, texts)
    return Grading(outcomes, _boundary_ties(policy, units, ranks), inputs_json,
                   text_digest(inputs_json), rules_version)


def _boundary_ties(policy: GradePolicy, units: Sequence[UnitInputs],
                   ranks: np.ndarray) -> tuple[str, ...]:
    """Districts sharing the rank that straddles the A boundary all qualify (§9.2 decision)."""
    by_rank: dict[int, list[str]] = {}
    for unit, rank in zip(units, ranks.tolist(), strict=True):
        by_rank.setdefault(int(rank), []).append(unit.code)
    reports = []
    for rank, codes in sorted(by_rank.items()):
        if len(codes) > 1 and rank <= policy.a_max_rank < rank + len(codes) - 1:
            within = sum(1 for r in ranks.tolist() if r <= policy.a_max_rank)
            reports.append(f"{', '.join(sorted(codes))} share rank {rank} at the top-"
                           f"{policy.a_max_rank} boundary; all qualify, so {within} districts "
                           f"have rank <= {policy.a_max_rank}")
    return tuple(reports)


def _grade_one(policy: GradePolicy, unit: UnitInputs, score: int, rank: int,
               rules_version: str, unreported: Sequence[str], input_digest: str
               ) -> GradeOutcome:
    counted = [i for i in unit.incidents
               if i.kind == "mass" and i.people >= policy.mass_incident_min_people]
    count_all = len(counted)
    count_gov = sum(1 for i in counted if i.government_project)
    count_ext = sum(1 for i in unit.incidents if i.kind == "extreme" and i.serious_consequence)

    def flag(name: str) -> tuple[bool, dict[str, str]]:
        found = unit.flags.get(name)
        if found is None:
            return False, {"flag": "unset"}
        return found.value, {"flag": str(found.value).lower(), "reason": found.reason,
                             "set_by": found.set_by}

    c1, c1_in = flag("work_ineffective")
    c4, c4_in = flag("serious_adverse_impact")
    a1, a1_in = flag("a_conditions_met")
    c2 = (count_all >= policy.c_mass_incidents
          or count_gov >= policy.c_government_project_incidents)
    c3 = count_ext >= policy.c_extreme_incidents
    a2 = rank <= policy.a_max_rank
    rules = [
        _rule("C1", c1_in, "work_ineffective flag", c1),
        _rule("C2", {"count_all": str(count_all), "count_gov": str(count_gov)},
              f"count_all>={policy.c_mass_incidents} or "
              f"count_gov>={policy.c_government_project_incidents} "
              f"(mass incidents of >={policy.mass_incident_min_people} people)", c2),
        _rule("C3", {"count_ext": str(count_ext)},
              f"count_ext>={policy.c_extreme_incidents}", c3),
        _rule("C4", c4_in, "serious_adverse_impact flag", c4),
        _rule("A1", a1_in, "a_conditions_met flag", a1),
        _rule("A2", {"rank": str(rank)}, f"rank<={policy.a_max_rank}", a2),
    ]
    notes: list[str] = []
    c_rules = [r["rule"] for r in rules[:4] if r["result"]]
    if c_rules:
        grade_, decided_by = "C", "+".join(c_rules)
        if a1 and a2:
            notes.append("C overrides A (precedence C > A > B)")
    elif a1 and a2:
        grade_, decided_by = "A", "A1+A2"
    else:
        grade_ = "B"
        decided_by = "not " + ("A2" if a1 else ("A1" if a2 else "A1/A2"))
        notes.append(f"B: {decided_by[4:]} not met and no C condition")
    if unreported:
        notes.append(f"not reported, scored 0: {', '.join(unreported)}")
    explanation = {"district": unit.code, "score": format_points(score), "rank": rank,
                   "grade": grade_, "decided_by": decided_by, "rules": rules, "notes": notes,
                   "rules_version": rules_version}
    return GradeOutcome(unit.code, score, rank, grade_, decided_by, explanation, input_digest)


def _rule(name: str, inputs: Mapping[str, str], threshold: str, result: bool
          ) -> dict[str, Any]:
    return {"rule": name, "inputs": dict(inputs), "threshold": threshold, "result": result}


def check_incident(found: ViolationCollector, year: int, incident_date: dt.date | None,
                   people: int, kind: str, path: str = "incident") -> None:
    """Incidents count by date within the assessment year (§9.2); people are a count.
    ``path`` names the incident (``incidents[3]`` in an import); an unknown date (already
    reported) is not checked again."""
    if incident_date is not None and not dt.date(year, 1, 1) <= incident_date <= dt.date(
            year, 12, 31):
        found.add(f"{path}.incident_date", f"must fall within the assessment year {year}")
    if people < 0:
        found.add(f"{path}.people", "must not be negative")
    if kind not in INCIDENT_KINDS:
        found.add(f"{path}.kind", f"must be one of {', '.join(INCIDENT_KINDS)}")
