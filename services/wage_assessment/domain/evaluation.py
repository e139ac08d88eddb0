"""Evaluating a version of the grade rules (wage_assessment.md §9.3, generalised; §10): each
named rule's condition over what the rules read of one unit (its ``Facts``), with the inputs it
read and its threshold as text, and the grade the rules' precedence decides, explained in the
wording of the rules' run format. Reading and validating the rules document is
``rules``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from cityscore.services.wage_assessment.domain.rules import GradePolicy
from cityscore.services.wage_assessment.domain.scheme import format_points, parse_points


@dataclass(frozen=True, slots=True)
class Facts:
    """What the rules read of one unit."""

    score_cents: int
    rank: int
    bottom_rank: int
    item_cents: Mapping[str, int]
    incidents: Sequence[tuple[str, int, bool, bool]]
    """(kind, people, government project, serious consequence) of each incident in force."""
    flags: Mapping[str, tuple[bool, str, str]]
    """Flag → (value, reason, set by)."""


def evaluate(condition: Mapping[str, Any], facts: Facts) -> tuple[bool, dict[str, str], str]:
    """A condition's outcome, the inputs it read, and its threshold as text."""
    if "flag" in condition:
        name = condition["flag"]
        found = facts.flags.get(name)
        if found is None:
            return False, {name: "unset"}, f"{name} flag"
        return found[0], {name: str(found[0]).lower(), f"{name}.reason": found[1],
                          f"{name}.set_by": found[2]}, f"{name} flag"
    if "count" in condition:
        what, label = condition["count"], condition.get("as", "count")
        n = sum(1 for kind, people, gov, serious in facts.incidents
                if kind == what["kind"] and people >= what.get("min_people", 0)
                and what.get("government_project", gov) == gov
                and what.get("serious_consequence", serious) == serious)
        return (n >= condition["gte"], {label: str(n)},
                f"{label}>={condition['gte']} ({_counted(what)})")
    if "rank_lte" in condition:
        return (facts.rank <= condition["rank_lte"], {"rank": str(facts.rank)},
                f"rank<={condition['rank_lte']}")
    if "bottom_lte" in condition:
        return (facts.bottom_rank <= condition["bottom_lte"],
                {"bottom_rank": str(facts.bottom_rank)},
                f"bottom_rank<={condition['bottom_lte']} (1 = lowest score)")
    if "item" in condition:
        item = condition["item"]
        return _compare(condition, facts.item_cents.get(item, 0), item, f"{item} score")
    if "score_lt" in condition or "score_gte" in condition:
        return _compare(condition, facts.score_cents, "score", "score")
    if "not" in condition:
        result, inputs, text = evaluate(condition["not"], facts)
        return not result, inputs, f"not ({text})"
    joined = "any_of" if "any_of" in condition else "all_of"
    parts = [evaluate(part, facts) for part in condition[joined]]
    inputs = {k: v for _r, part_inputs, _t in parts for k, v in part_inputs.items()}
    texts = [f"({t})" if " or " in t or " and " in t else t for _r, _i, t in parts]
    results = [r for r, _i, _t in parts]
    return (any(results) if joined == "any_of" else all(results), inputs,
            (" or " if joined == "any_of" else " and ").join(texts))


def _compare(condition: Mapping[str, Any], cents: int, key: str, label: str
             ) -> tuple[bool, dict[str, str], str]:
    if "score_lt" in condition:
        bound = parse_points(condition["score_lt"])
        return cents < bound, {key: format_points(cents)}, f"{label}<{format_points(bound)}"
    bound = parse_points(condition["score_gte"])
    return cents >= bound, {key: format_points(cents)}, f"{label}>={format_points(bound)}"


def _counted(what: Mapping[str, Any]) -> str:
    text = f"{what['kind']} incidents"
    if what.get("min_people"):
        text += f" of >={what['min_people']} people"
    if "government_project" in what:
        text += " on government-invested projects" if what["government_project"] \
            else " not on government-invested projects"
    if "serious_consequence" in what:
        text += " with serious consequences" if what["serious_consequence"] \
            else " without serious consequences"
    return text


def _explained(policy: GradePolicy, rule: Mapping[str, Any], result: bool,
               inputs: Mapping[str, str], threshold: str) -> dict[str, Any]:
    """A rule's entry in a unit's explanation, in the wording of the rules' run format: a
    legacy rule's ``wording`` gives its threshold text and its inputs' names as they were."""
    wording = rule.get("wording", {})
    names = wording.get("inputs", {})
    entry = {"rule": rule["name"], "inputs": {names.get(k, k): v for k, v in inputs.items()},
             "threshold": wording.get("threshold", threshold), "result": result}
    if policy.run_format > 1:
        entry["text"] = rule.get("text", "")
    return entry


def decide(policy: GradePolicy, facts: Facts) -> tuple[str, str, list[dict[str, Any]],
                                                      list[str]]:
    """The grade, what decided it, every rule's outcome and the notes (§9.3, generalised):
    the first grade of the precedence whose rules hold; the last grade otherwise."""
    rules = []
    outcome: dict[str, bool] = {}
    for rule in policy.source["rules"]:
        result, inputs, threshold = evaluate(rule["when"], facts)
        outcome[rule["name"]] = result
        rules.append(_explained(policy, rule, result, inputs, threshold))
    met = {}
    for grade in policy.precedence[:-1]:
        joined, names = policy.grades[grade]
        holds = [outcome[n] for n in names]
        if any(holds) if joined == "any_of" else all(holds):
            met[grade] = "+".join(n for n in names if outcome[n])
    order = " > ".join(policy.precedence)
    notes: list[str] = []
    decided = [g for g in policy.precedence[:-1] if g in met]
    if decided:
        grade = decided[0]
        notes.extend(f"{grade} overrides {other} (precedence {order})" for other in decided[1:])
        return grade, met[grade], rules, notes
    grade = policy.fallback
    failed = [n for g in policy.precedence[:-1] if policy.grades[g][0] == "all_of"
              for n in policy.grades[g][1] if not outcome[n]]
    if failed:
        decided_by = "not " + "/".join(dict.fromkeys(failed))
        others = [g for g in policy.precedence[:-1] if policy.grades[g][0] == "any_of"]
        notes.append(f"{grade}: {decided_by[4:]} not met"
                     + (f" and no {'/'.join(others)} condition" if others else ""))
    else:
        decided_by = "no rule met"
        notes.append(f"{grade}: no rule of {', '.join(policy.precedence[:-1])} met")
    return grade, decided_by, rules, notes
