"""The versioned rule parameters (``data/rules.json``) and the caps they set (§7, §9).

Caps are integer per-mille rates and floor division, so nothing rounds by accident.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from functools import cache
from importlib import resources
from typing import Any

from cityscore.core.errors import FieldViolation, InvalidArgument, NotFound

DISTRICT = "district"
CARVE_OUT_KINDS = ("university", "garrison", "increment")
UNIT_KINDS = ("work_unit", "town")
CHANNELS = ("group", "street", "drill", "university", "garrison")
STREET = "street"
DRILL = "drill"
WHOLE_BLOOD = "whole_blood"
PLATELETS = "platelets"
COMPONENTS = (WHOLE_BLOOD, PLATELETS)
INCREMENT = "increment"
#: Longest street-site code stored.
SITE_MAX_LENGTH = 100
#: Channels credited to a district's quota; the others go to their carve-out row.
DISTRICT_CHANNELS = ("group", "street", "drill")
CARVE_OUT_CHANNEL = {"university": "university", "garrison": "garrison"}


@dataclass(frozen=True, slots=True)
class RuleSet:
    """One version of the rule parameters (``data/rules.json``)."""

    version: str
    work_unit_cap_per_mille: int
    town_cap_per_mille: int
    unit_ml: int
    volumes_ml: tuple[int, ...]
    default_units_per_person: str
    max_units_per_person: Fraction
    #: Channels whose collections count toward the city's group target (2017.1: group only;
    #: 2017.2: group and university, 二(二) ¶1 "以社区、企事业单位和高校为主").
    group_target_channels: tuple[str, ...] = ("group",)
    #: Whether a district's split shares its quota less the drill minimum (§9; 2017.2 on).
    split_keeps_drill_minimum: bool = False
    #: Therapeutic doses an apheresis platelet donation may give (GB 18467-2011: 1-2).
    platelet_doses: tuple[int, ...] = ()

    @property
    def full_volume_ml(self) -> int:
        """The single full donation whose share the seed asks to raise ("单次400ml", 二(二)
        ¶2): the largest whole-blood volume of the version's list."""
        return max(self.volumes_ml)


def data_text(name: str) -> str:
    """A shipped data file of the service (rules, published plans and tables)."""
    return resources.files("cityscore.services.blood_quota.data").joinpath(name).read_text("utf-8")


@cache
def _rules_document() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(data_text("rules.json"))
    return document


def rule_version_for_year(year: int) -> str:
    """The rule version a new plan of ``year`` applies (the newest one when none is pinned)."""
    document = _rules_document()
    return str(document["years"].get(str(year), document["default_version"]))


@cache
def rules(version: str) -> RuleSet:
    """The rule set stored under ``version``; versions are never edited in place."""
    entry = _rules_document()["versions"].get(version)
    if entry is None:
        raise NotFound("rule version", version)
    return RuleSet(version=version, work_unit_cap_per_mille=int(entry["work_unit_cap_per_mille"]),
                   town_cap_per_mille=int(entry["town_cap_per_mille"]),
                   unit_ml=int(entry["unit_ml"]),
                   volumes_ml=tuple(int(v) for v in entry["volumes_ml"]),
                   default_units_per_person=str(entry["default_units_per_person"]),
                   max_units_per_person=Fraction(Decimal(entry["max_units_per_person"])),
                   group_target_channels=tuple(entry.get("group_target_channels", ["group"])),
                   split_keeps_drill_minimum=bool(entry.get("split_keeps_drill_minimum", False)),
                   platelet_doses=tuple(int(d) for d in entry.get("platelet_doses", [])))


def parse_platelet_units_per_dose(text: str, rule_set: RuleSet, field_path: str) -> Fraction:
    """Units of 200 ml counted per therapeutic dose of platelets: an exact decimal above 0
    whose dose comes to whole millilitres of whole-blood equivalent (so counted figures stay
    integer ml). The opinions give no conversion (blood_quota.md §2): each plan states its own
    and its source."""
    try:
        value = Fraction(Decimal(text))
    except (InvalidOperation, ValueError, OverflowError):
        raise InvalidArgument("the platelet conversion must be a decimal number", [
            FieldViolation(field_path, f"{text!r} is not a decimal number")]) from None
    if value <= 0 or (value * rule_set.unit_ml).denominator != 1:
        raise InvalidArgument("the platelet conversion is out of range", [FieldViolation(
            field_path, f"must be above 0 and a whole number of ml at {rule_set.unit_ml} ml "
                        f"per unit")])
    return value


def parse_units_per_person(text: str, rule_set: RuleSet, field_path: str) -> Fraction:
    """Units per mobilised person as an exact decimal in (0, max] (§7: 1.0 = all give 200 ml)."""
    try:
        value = Fraction(Decimal(text))
    except (InvalidOperation, ValueError, OverflowError):
        raise InvalidArgument("units per person must be a decimal number", [
            FieldViolation(field_path, f"{text!r} is not a decimal number")]) from None
    if not 0 < value <= rule_set.max_units_per_person:
        raise InvalidArgument("units per person is out of range", [FieldViolation(
            field_path, f"must be above 0 and at most {float(rule_set.max_units_per_person)}")])
    return value


def mobilisable_persons(employees: int, residents_without_work_unit: int,
                        rule_set: RuleSet) -> int:
    """employees × 65 // 1000 + residents × 25 // 1000 (§7; caps of 沪府办发〔2017〕29号 二(二) ¶1).

    Integer per-mille rates and floor division: never binary floating point.
    """
    return (employees * rule_set.work_unit_cap_per_mille // 1000
            + residents_without_work_unit * rule_set.town_cap_per_mille // 1000)


def unit_weight(kind: str, headcount: int, rule_set: RuleSet) -> int:
    """A unit's mobilisable persons (§9): work units 6.5 % of employees, towns 2.5 % of
    residents without a work unit (沪府办发〔2017〕29号 二(二) ¶1)."""
    rate = rule_set.work_unit_cap_per_mille if kind == "work_unit" else rule_set.town_cap_per_mille
    return headcount * rate // 1000


def cap_units(persons: int, units_per_person: Fraction) -> int:
    """Upper bound ⌊persons × units_per_person⌋, exact (§7)."""
    return persons * units_per_person.numerator // units_per_person.denominator
