"""Grade rules as data (wage_assessment.md §9, §10): a versioned document of named rules —
conditions over the score, the rank from the top or the bottom, an item's score, incident
counts and review flags, combined with ``any_of`` / ``all_of`` / ``not`` — the grades they
decide with their precedence, and the parameters of the measures (the points base, deadlines,
the falsification share). The 2018 measures are one such document
(``data/grade_rules/hfb-2018-30.json``); a year with other rules is another document.

Runs graded before rules were data were graded by the 2018 measures as the code had them; that
version is a document too (``data/grade_rules/legacy/``, run format 1), with the wording its
explanations had, so that those runs replay as stored.

This module reads and validates the documents; ``evaluation`` applies them to a unit."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from cityscore.core.errors import FieldViolation, InvalidArgument, ViolationCollector
from cityscore.services.wage_assessment.domain.scheme import (
    CALENDAR_YEARS,
    canonical_digest,
    canonical_json,
    parse_points,
    parse_ratio,
)

INCIDENT_KINDS = ("mass", "extreme", "information")
GRADES = ("A", "B", "C")
#: The leaf conditions and the combinations a rule may use (§10 configuration shape).
_LEAVES = ("flag", "count", "rank_lte", "bottom_lte", "score_lt", "score_gte", "item")
_COMBINATIONS = ("any_of", "all_of", "not")
_COUNT_FILTERS = ("kind", "min_people", "government_project", "serious_consequence")
#: Room for ``decided_by`` ("not " and every rule name joined), as stored.
DECIDED_BY_LENGTH = 200
_NAME_LENGTH = 16
#: Room for a flag's name, as stored.
FLAG_LENGTH = 32
_MAX_DEPTH = 6
#: The format of the runs graded now: each names its rules by version and digest, and each
#: rule in an explanation carries its text. Format 1 is the one of runs graded before rules
#: were data: the rules named by version only, no rule text, and the wording of the rule's
#: ``wording`` (its threshold as text and the names of its inputs) where it differs.
RUN_FORMAT = 2


@dataclass(frozen=True, slots=True)
class GradePolicy:
    """One version of the grade rules and the measures' parameters (Art. 7-11; §9, §10)."""

    version: str
    document: str
    years: tuple[int, ...]
    base_cents: int
    """The base score the scheme's categories sum to (Art. 8, 基准分为100分 in 2018)."""
    falsification_gap_share: str
    rectification_report_days: int
    completion_years_after: int
    """Art. 7: the assessment of year Y completes by the end of May of Y+1 (years after Y)."""
    completion_month: int
    completion_day: int
    rectification_period_days: int | None
    """Art. 10 sets time-limited rectification (限期整改) but no period: None means the Joint
    Conference names the deadline at each interview."""
    rules: tuple[tuple[str, Mapping[str, Any]], ...]
    grades: Mapping[str, tuple[str, tuple[str, ...]]]
    """Grade → ("any_of" | "all_of", rule names)."""
    precedence: tuple[str, ...]
    source: Mapping[str, Any]
    """The document as validated; its canonical JSON is what is stored and digested."""
    run_format: int
    """The format of the runs graded by these rules (``RUN_FORMAT``; 1 for a legacy version)."""

    @property
    def digest(self) -> str:
        return canonical_digest(dict(self.source))

    @property
    def fallback(self) -> str:
        """The grade of a unit no rule decides (B in 2018: 既非A也非C)."""
        return self.precedence[-1]

    def canonical(self) -> str:
        return canonical_json(dict(self.source))

    def run_names(self) -> dict[str, str]:
        """How a run document names these rules: version and digest (format 1: version)."""
        named = {"policy_version": self.version}
        return {**named, "policy_digest": self.digest} if self.run_format > 1 else named

    @property
    def label(self) -> str:
        """These rules in a run's ``rules_version``: version@head of digest (format 1:
        version)."""
        return f"{self.version}@{self.digest[:12]}" if self.run_format > 1 else self.version

    def rank_bounds(self, key: str) -> list[int]:
        """Every N of ``rank_lte`` / ``bottom_lte`` conditions, for the boundary tie reports."""
        found: set[int] = set()
        for _name, condition in self.rules:
            _collect(condition, key, found)
        return sorted(found)

    def flags(self) -> list[str]:
        """The review flags the rules read (the only ones a year may set)."""
        found: set[str] = set()
        for _name, condition in self.rules:
            _collect(condition, "flag", found)
        return sorted(found)

    def items(self) -> list[str]:
        """The indicator ids the rules read a score of (checked against the year's scheme)."""
        found: set[str] = set()
        for _name, condition in self.rules:
            _collect(condition, "item", found)
        return sorted(found)


def _collect(condition: Mapping[str, Any], key: str, found: set[Any]) -> None:
    if key in condition:
        found.add(condition[key])
    for part in condition.get("any_of", condition.get("all_of", [])):
        _collect(part, key, found)
    if "not" in condition:
        _collect(condition["not"], key, found)


# --- reading and validating ----------------------------------------------------------------


def policy_from_document(document: Any, *, legacy: bool = False) -> GradePolicy:
    """A validated rules document, or INVALID_ARGUMENT naming every problem by its path."""
    problems = policy_problems(document, legacy=legacy)
    if problems:
        raise InvalidArgument("the grade rules are not valid", problems)
    return _build(document)


def policy_from_text(text: str) -> GradePolicy:
    """A rules document sent as JSON text (``document`` of CreateGradeRules)."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise InvalidArgument("the grade rules are not JSON", [FieldViolation(
            "document", f"line {error.lineno} column {error.colno}: {error.msg}")]) from None
    except RecursionError:
        raise InvalidArgument("the grade rules nest too deep", [FieldViolation(
            "document", "JSON nested too deep")]) from None
    return policy_from_document(document)


def policy_problems(document: Any, *, legacy: bool = False) -> list[FieldViolation]:
    """Every problem of a rules document, each named by its path (``rules[2].when.gte``).
    Only a shipped legacy version (``legacy``) has a ``run_format`` and ``wording``: rules
    loaded through the API grade runs of the current format."""
    found = ViolationCollector()
    if not isinstance(document, dict):
        found.add("document", "must be a JSON object")
        return found.violations
    known = {"version", "document", "years", "base_points", "falsification_gap_share",
             "rectification_report_days", "rectification_period_days",
             "completion_years_after", "completion_month", "completion_day", "rules",
             "grades", "precedence", "boundary_ties", *(("run_format",) if legacy else ())}
    for key in sorted(set(document) - known):
        found.add(key, "unknown field")
    if legacy and document.get("run_format") not in range(1, RUN_FORMAT):
        found.add("run_format", f"a legacy run format, 1 to {RUN_FORMAT - 1}")
    version = document.get("version")
    if not isinstance(version, str) or not version.strip() or len(version) > 64 \
            or version != version.strip():
        found.add("version", "a version key of 1 to 64 characters is required")
    if not isinstance(document.get("document"), str) or not document["document"].strip():
        found.add("document", "name the measures the rules come from")
    _parameters(found, document)
    names = _rules(found, document.get("rules"), legacy)
    _grades(found, document, names)
    if document.get("boundary_ties", "include_all") != "include_all":
        found.add("boundary_ties", "only include_all (ties at a rank boundary all qualify)")
    return found.violations


def _integer(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _parameters(found: ViolationCollector, document: Mapping[str, Any]) -> None:
    after: Any = document.get("completion_years_after")
    if not _integer(after) or not 0 <= after <= 1:
        found.add("completion_years_after", "must be 0 or 1")
    years = document.get("years")
    if not isinstance(years, list) or not years or not all(_integer(y) for y in years):
        found.add("years", "list the assessment years the rules cover")
    else:
        for k, year in enumerate(years):
            if year not in CALENDAR_YEARS:
                found.add(f"years[{k}]", f"must lie between {CALENDAR_YEARS[0]} and "
                          f"{CALENDAR_YEARS[-1]}")
        if len(set(years)) != len(years):
            found.add("years", "lists a year twice")
    month: Any = document.get("completion_month")
    day: Any = document.get("completion_day")
    if not _integer(month) or not 1 <= month <= 12:
        found.add("completion_month", "must be a month, 1 to 12")
    elif not _integer(day) or not 1 <= day <= _MONTH_DAYS[month - 1]:
        found.add("completion_day", "must be a day of completion_month")
    for key in ("rectification_report_days",):
        if not _integer(document.get(key)) or document[key] < 1:
            found.add(key, "must be a whole number of days, at least 1")
    period = document.get("rectification_period_days")
    if period is not None and (not _integer(period) or period < 1):
        found.add("rectification_period_days", "null (set at each interview) or at least 1")
    base = document.get("base_points")
    try:
        if not isinstance(base, str) or parse_points(base) <= 0:
            found.add("base_points", "a positive decimal text, e.g. \"100\"")
    except ValueError as error:
        found.add("base_points", str(error))
    share = document.get("falsification_gap_share")
    try:
        if not isinstance(share, str):
            raise ValueError("a decimal text in (0, 1], e.g. \"0.20\"")
        parse_ratio(share)
    except ValueError as error:
        found.add("falsification_gap_share", str(error))


#: Days of each month in a leap year (a completion day must exist in every year it is used).
_MONTH_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _rules(found: ViolationCollector, rules: Any, legacy: bool) -> list[str]:
    if not isinstance(rules, list) or not rules:
        found.add("rules", "list at least one named rule")
        return []
    names: list[str] = []
    for k, rule in enumerate(rules):
        path = f"rules[{k}]"
        if not isinstance(rule, dict):
            found.add(path, "must be an object with name and when")
            continue
        for key in sorted(set(rule) - {"name", "when", "text", *(("wording",) if legacy else ())}):
            found.add(f"{path}.{key}", "unknown field")
        name = rule.get("name")
        if not isinstance(name, str) or not name or len(name) > _NAME_LENGTH \
                or not name.replace("_", "").replace("-", "").isalnum():
            found.add(f"{path}.name", f"1 to {_NAME_LENGTH} letters, digits, '-' or '_'")
        elif name in names:
            found.add(f"{path}.name", f"{name} appears twice")
        else:
            names.append(name)
        if "text" in rule and not isinstance(rule["text"], str):
            found.add(f"{path}.text", "must be text")
        if "wording" in rule:
            _wording(found, f"{path}.wording", rule["wording"])
        _condition(found, f"{path}.when", rule.get("when"))
    if sum(len(n) + 1 for n in names) + len("not ") > DECIDED_BY_LENGTH:
        found.add("rules", "the rule names are too long to state what decided a grade")
    return names


def _wording(found: ViolationCollector, path: str, wording: Any) -> None:
    """A legacy rule's wording: its threshold as text, and its inputs' names as they were."""
    if not isinstance(wording, dict) or not wording:
        found.add(path, "an object with threshold or inputs")
        return
    for key in sorted(set(wording) - {"threshold", "inputs"}):
        found.add(f"{path}.{key}", "unknown field")
    if "threshold" in wording and not isinstance(wording["threshold"], str):
        found.add(f"{path}.threshold", "must be text")
    names = wording.get("inputs", {})
    if not isinstance(names, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in names.items()):
        found.add(f"{path}.inputs", "maps an input's name to its name as it was")


def _condition(found: ViolationCollector, path: str, condition: Any, depth: int = 0) -> None:
    """One condition: exactly one leaf or combination (§10), nested at most a few deep."""
    if depth > _MAX_DEPTH:
        found.add(path, f"conditions nest at most {_MAX_DEPTH} deep")
        return
    if not isinstance(condition, dict):
        found.add(path, "must be a condition object")
        return
    kinds = ["item"] if "item" in condition else [
        k for k in (*_LEAVES, *_COMBINATIONS) if k in condition]
    if len(kinds) != 1:
        found.add(path, "needs exactly one of " + ", ".join((*_LEAVES, *_COMBINATIONS)))
        return
    kind = kinds[0]
    allowed = {"count": {"count", "gte", "as"}, "item": {"item", "score_lt", "score_gte"}}
    for key in sorted(set(condition) - allowed.get(kind, {kind})):
        found.add(f"{path}.{key}", f"not part of a {kind} condition")
    value = condition[kind]
    if kind == "flag":
        if not is_flag_name(value):
            found.add(f"{path}.flag", f"a flag name: lower-case letters, digits and '_', up "
                      f"to {FLAG_LENGTH} characters")
    elif kind in ("rank_lte", "bottom_lte"):
        if not _integer(value) or value < 1:
            found.add(f"{path}.{kind}", "a rank, at least 1")
    elif kind in ("score_lt", "score_gte"):
        _points(found, f"{path}.{kind}", value)
    elif kind == "item":
        if not isinstance(value, str) or not value:
            found.add(f"{path}.item", "an indicator id of the year's scheme")
        bounds = [k for k in ("score_lt", "score_gte") if k in condition]
        if len(bounds) != 1:
            found.add(path, "an item condition needs score_lt or score_gte")
        else:
            _points(found, f"{path}.{bounds[0]}", condition[bounds[0]])
    elif kind == "count":
        _count(found, path, condition)
    elif kind == "not":
        _condition(found, f"{path}.not", value, depth + 1)
    elif not isinstance(value, list) or not value:
        found.add(f"{path}.{kind}", "list at least one condition")
    else:
        for j, part in enumerate(value):
            _condition(found, f"{path}.{kind}[{j}]", part, depth + 1)


def is_flag_name(value: Any) -> bool:
    """A review flag's name: the 2018 measures' flags, or any a rules version reads."""
    return isinstance(value, str) and value.isidentifier() and value == value.lower() \
        and len(value) <= FLAG_LENGTH


def _points(found: ViolationCollector, path: str, value: Any) -> None:
    try:
        if not isinstance(value, str):
            raise ValueError("points as decimal text, e.g. \"70\"")
        parse_points(value)
    except ValueError as error:
        found.add(path, str(error))


def _count(found: ViolationCollector, path: str, condition: Mapping[str, Any]) -> None:
    what = condition["count"]
    if not isinstance(what, dict):
        found.add(f"{path}.count", "an object naming the incidents counted")
    else:
        for key in sorted(set(what) - set(_COUNT_FILTERS)):
            found.add(f"{path}.count.{key}", "unknown filter")
        if what.get("kind") not in INCIDENT_KINDS:
            found.add(f"{path}.count.kind", f"must be one of {', '.join(INCIDENT_KINDS)}")
        if "min_people" in what and (not _integer(what["min_people"])
                                     or what["min_people"] < 0):
            found.add(f"{path}.count.min_people", "a number of people, at least 0")
        for key in ("government_project", "serious_consequence"):
            if key in what and not isinstance(what[key], bool):
                found.add(f"{path}.count.{key}", "true or false")
    if not _integer(condition.get("gte")) or condition["gte"] < 1:
        found.add(f"{path}.gte", "a count, at least 1")
    label = condition.get("as", "count")
    if not isinstance(label, str) or not label.isidentifier():
        found.add(f"{path}.as", "a name for the count in the explanation")


def _grades(found: ViolationCollector, document: Mapping[str, Any], names: list[str]) -> None:
    precedence = document.get("precedence")
    if not isinstance(precedence, list) or sorted(map(str, precedence)) != list(GRADES):
        found.add("precedence", f"order every grade of {', '.join(GRADES)}, the last being "
                  "the grade of a district no rule decides")
        return
    grades = document.get("grades")
    if not isinstance(grades, dict):
        found.add("grades", "map each grade but the last of precedence to its rules")
        return
    for grade in precedence[:-1]:
        if grade not in grades:
            found.add("grades", f"grade {grade} needs any_of or all_of its rules")
    for grade, spec in grades.items():
        path = f"grades.{grade}"
        if grade == precedence[-1] or grade not in GRADES:
            found.add(path, f"only {', '.join(precedence[:-1])} are decided by rules")
            continue
        if not isinstance(spec, dict) or len(spec) != 1 or next(iter(spec)) not in (
                "any_of", "all_of"):
            found.add(path, "exactly one of any_of or all_of, listing rule names")
            continue
        joined = next(iter(spec.values()))
        if not isinstance(joined, list) or not joined:
            found.add(path, "list at least one rule name")
            continue
        for j, name in enumerate(joined):
            if name not in names:
                found.add(f"{path}.{next(iter(spec))}[{j}]", f"no rule named {name!r}")


def _build(document: Mapping[str, Any]) -> GradePolicy:
    source = {**document, "boundary_ties": document.get("boundary_ties", "include_all")}
    return GradePolicy(
        version=document["version"], document=document["document"],
        years=tuple(document["years"]), base_cents=parse_points(document["base_points"]),
        falsification_gap_share=document["falsification_gap_share"],
        rectification_report_days=document["rectification_report_days"],
        completion_years_after=document["completion_years_after"],
        completion_month=document["completion_month"],
        completion_day=document["completion_day"],
        rectification_period_days=document.get("rectification_period_days"),
        rules=tuple((r["name"], r["when"]) for r in document["rules"]),
        grades={g: (next(iter(s)), tuple(next(iter(s.values()))))
                for g, s in document["grades"].items()},
        precedence=tuple(document["precedence"]), source=source,
        run_format=document.get("run_format", RUN_FORMAT))


@cache
def shipped_policies() -> dict[str, GradePolicy]:
    """The rule versions shipped with the service (``data/grade_rules/*.json``)."""
    return _shipped("grade_rules", legacy=False)


@cache
def legacy_policies() -> dict[str, GradePolicy]:
    """The rule versions as the code had them before rules were data
    (``data/grade_rules/legacy/*.json``), for the runs graded then; no year is opened with
    them."""
    return _shipped("grade_rules/legacy", legacy=True)


def _shipped(folder: str, *, legacy: bool) -> dict[str, GradePolicy]:
    entries = resources.files("cityscore.services.wage_assessment.data").joinpath(folder)
    found = [policy_from_document(json.loads(entry.read_text("utf-8")), legacy=legacy)
             for entry in entries.iterdir() if entry.name.endswith(".json")]
    return {p.version: p for p in sorted(found, key=lambda p: p.version)}
