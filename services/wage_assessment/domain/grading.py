"""Grading (Art. 8, 10, 11; §9): the versioned grade rules, each district's inputs, and the
A/B/C grade with its explanation; ranks come from the kernel."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np

from cityscore.core.errors import FieldViolation, InvalidArgument, NotFound, ViolationCollector
from cityscore.core.kernel import api
from cityscore.services.wage_assessment.domain.evaluation import Facts, decide
from cityscore.services.wage_assessment.domain.inputs import YearInputs
from cityscore.services.wage_assessment.domain.rules import (
    GRADES,
    INCIDENT_KINDS,
    GradePolicy,
    legacy_policies,
    shipped_policies,
)
from cityscore.services.wage_assessment.domain.scheme import (
    IndicatorDef,
    SchemeDef,
    canonical_json,
    format_points,
    text_digest,
)
from cityscore.services.wage_assessment.domain.scoring import score_columns


def policy_for(year: int, version: str = "",
               stored: Mapping[str, GradePolicy] | None = None) -> GradePolicy:
    """The named grade rules, or the version whose years cover ``year`` (§3 decision): the
    shipped versions first, then those loaded through the API (``stored``), by version."""
    policies = {**shipped_policies(), **(stored or {})}
    if version:
        if version not in policies:
            raise NotFound("grade rules", version)
        return policies[version]
    for policy in policies.values():
        if year in policy.years:
            return policy
    raise InvalidArgument("no grade rules cover the year", [FieldViolation(
        "year", f"no grade rules cover {year}; load rules for it and name their version")])


def policy_of_run(document: Mapping[str, Any], year: int,
                  stored: Mapping[str, GradePolicy]) -> GradePolicy:
    """The grade rules a stored run was graded by: the version its document names. A run
    that names no rules digest was graded before rules were data, by that version as the
    code had it: its legacy document (``data/grade_rules/legacy/``), explanations worded as
    they were then."""
    version = document["policy_version"]
    if "policy_digest" in document:
        return policy_for(year, version, stored)
    legacy = legacy_policies()
    if version not in legacy:
        raise NotFound("grade rules", f"{version} as graded before rules were data")
    return legacy[version]


def require_covers(policy: GradePolicy, year: int) -> None:
    """A new year is assessed only by rules that cover it, so that every date the rules set
    for it (31 May of the year after, Art. 7) exists."""
    if year not in policy.years:
        raise InvalidArgument("the grade rules do not cover the year", [FieldViolation(
            "policy_version", f"{policy.version} covers {_years_text(policy)}, not {year}")])


def _years_text(policy: GradePolicy) -> str:
    return ", ".join(str(y) for y in policy.years)


def gap_exceeds(policy: GradePolicy, indicator: IndicatorDef, self_cents: int,
                verified_cents: int) -> bool:
    """Possible falsification (Art. 11, 弄虚作假、瞒报谎报): the self-check score exceeds the
    verified score by more than the configured share of the item's max points
    (wage_assessment.md §7: only over-reporting is flagged; a self-check below the verified
    value, as in its CRD-1 vector, is not). The flag is not a grading input, so no stored
    grading replays differently."""
    return self_cents - verified_cents > _gap_share(policy, indicator)


def _gap_share(policy: GradePolicy, indicator: IndicatorDef) -> Fraction:
    return Fraction(Decimal(policy.falsification_gap_share)) * indicator.max_cents


def gap_limit(policy: GradePolicy, indicator: IndicatorDef) -> int:
    """The largest gap, in hundredths, that is not flagged (the share of the max points)."""
    return math.floor(_gap_share(policy, indicator))


def rectification_due(policy: GradePolicy, interview: dt.date) -> dt.date:
    """The written rectification report is due 14 calendar days after the interview
    (Art. 10, 被约谈后2周内提交书面报告; §9.4 decision)."""
    return interview + dt.timedelta(days=policy.rectification_report_days)




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


def run_inputs_json(scheme: SchemeDef, policy: GradePolicy, year: YearInputs) -> str:
    """The exact inputs of a grading run in canonical JSON (what its digest covers)."""
    return _run_json(scheme, policy, list(year.unit_texts()))


def _run_json(scheme: SchemeDef, policy: GradePolicy, unit_texts: Sequence[str]) -> str:
    """``canonical_json`` of the run document, joined from the units' canonical texts so that
    a national-scale year is serialised once (keys sort before "units")."""
    head = canonical_json({**policy.run_names(), "scheme_digest": scheme.digest,
                           "scheme_version": scheme.version})
    return f'{head[:-1]},"units":[{",".join(unit_texts)}]}}'


def rules_version(scheme: SchemeDef, policy: GradePolicy) -> str:
    """The scheme and the grade rules a grading used, each with the head of its digest (a
    legacy version of the rules: its version alone, as such runs name it)."""
    return f"{scheme.version}@{scheme.digest[:12]}+{policy.label}"


#: Units graded between two progress reports.
PROGRESS_UNITS = 1000


def _no_progress(step: str, units: int) -> None:
    """Progress goes nowhere (a grading in one call)."""


def grade(scheme: SchemeDef, policy: GradePolicy, year: YearInputs,
          progress: Callable[[str, int], None] = _no_progress) -> Grading:
    """Score, rank and grade every unit by the year's grade rules (Art. 8; wage_assessment.md
    §9, §10): each named rule evaluated over the unit's score, competition rank (ties at a
    boundary all included), rank from the bottom, item scores, incidents and review flags;
    the first grade of the rules' precedence whose rules hold, else the last (B in 2018).
    ``progress`` hears ("scored", units) once and ("graded", units so far) as it goes."""
    item_cents, totals, present = score_columns(scheme, year.items)
    progress("scored", len(year))
    ranks = api.competition_rank(totals).ranks if len(year) else np.zeros(0, dtype=np.int64)
    bottom = np.searchsorted(np.sort(totals), totals, side="left") + 1 if len(year) \
        else np.zeros(0, dtype=np.int64)
    version = rules_version(scheme, policy)
    named = set(policy.items())
    read = {i: j for j, i in enumerate(x.id for x in scheme.indicators) if i in named}
    ids = [x.id for x in scheme.indicators]
    missing = ~present
    texts: list[str] = []
    outcomes: list[GradeOutcome] = []
    for k, (code, text) in enumerate(zip(year.codes, year.unit_texts(), strict=True)):
        incidents = year.incidents.get(code, ())
        flags = year.flags.get(code, {})
        texts.append(text)
        outcomes.append(_grade_one(policy, code, Facts(
            int(totals[k]), int(ranks[k]), int(bottom[k]),
            {i: int(item_cents[k, j]) for i, j in read.items()},
            [(i.kind, i.people, i.government_project, i.serious_consequence)
             for i in incidents],
            {n: (f.value, f.reason, f.set_by) for n, f in flags.items()}),
            version, [ids[j] for j in np.flatnonzero(missing[k]).tolist()],
            text_digest(text)))
        if (k + 1) % PROGRESS_UNITS == 0:
            progress("graded", k + 1)
    progress("graded", len(year))
    inputs_json = _run_json(scheme, policy, texts)
    ties = (*_boundary_ties(policy, year.codes, ranks, "rank_lte", "rank", "top"),
            *_boundary_ties(policy, year.codes, bottom, "bottom_lte", "bottom_rank", "bottom"))
    return Grading(tuple(outcomes), ties, inputs_json, text_digest(inputs_json), version)


def _boundary_ties(policy: GradePolicy, codes: Sequence[str], ranks: np.ndarray,
                   key: str, label: str, side: str) -> tuple[str, ...]:
    """Districts sharing the rank that straddles a rank boundary of the rules all qualify
    (§9.2 decision); each such tie is reported."""
    by_rank: dict[int, list[str]] = {}
    for code, rank in zip(codes, ranks.tolist(), strict=True):
        by_rank.setdefault(int(rank), []).append(code)
    reports = []
    for bound in policy.rank_bounds(key):
        for rank, sharing in sorted(by_rank.items()):
            if len(sharing) > 1 and rank <= bound < rank + len(sharing) - 1:
                within = sum(1 for r in ranks.tolist() if r <= bound)
                shared = "rank" if side == "top" else "bottom rank"
                reports.append(f"{', '.join(sorted(sharing))} share {shared} {rank} at the "
                               f"{side}-{bound} boundary; all qualify, so {within} districts "
                               f"have {label} <= {bound}")
    return tuple(reports)


def _grade_one(policy: GradePolicy, code: str, facts: Facts, rules_version: str,
               unreported: Sequence[str], input_digest: str) -> GradeOutcome:
    grade_, decided_by, rules, notes = decide(policy, facts)
    if unreported:
        notes.append(f"not reported, scored 0: {', '.join(unreported)}")
    explanation = {"district": code, "score": format_points(facts.score_cents),
                   "rank": facts.rank, "grade": grade_, "decided_by": decided_by,
                   "rules": rules, "notes": notes, "rules_version": rules_version}
    return GradeOutcome(code, facts.score_cents, facts.rank, grade_, decided_by,
                        explanation, input_digest)


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
