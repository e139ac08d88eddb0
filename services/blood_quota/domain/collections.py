"""Collection rows as reported: donations of one volume of whole blood (or of a number of
therapeutic doses of apheresis platelets) on one day, credited to a district and possibly a
unit or town; a batch is checked whole so every bad row is named."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from cityscore.core.errors import ViolationCollector
from cityscore.services.blood_quota.domain.rules import (
    CHANNELS,
    COMPONENTS,
    DRILL,
    PLATELETS,
    SITE_MAX_LENGTH,
    STREET,
    WHOLE_BLOOD,
    RuleSet,
)


@dataclass(frozen=True, slots=True)
class CollectionRow:
    donation_date: dt.date | None
    district: str
    unit_code: str
    channel: str
    volume_ml: int
    donations: int
    site: str = ""
    #: "whole_blood", or "platelets" (apheresis: therapeutic doses, no volume).
    component: str = WHOLE_BLOOD
    #: Therapeutic doses per platelet donation; 0 for whole blood.
    therapeutic_doses: int = 0


def calendar_date(year: int, month: int, day: int) -> dt.date | None:
    """The date, or None when it is not a calendar date (reported by validation)."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


@lru_cache(maxsize=4096)
def date_from_number(value: int) -> dt.date | None:
    """A yyyymmdd number as a date, or None when it is not a calendar date (a bulk upload has
    few distinct dates, hence the cache)."""
    return calendar_date(value // 10000, value // 100 % 100, value % 100)


def validate_collections(rows: Sequence[CollectionRow], *, today: dt.date,
                         rule_sets: Mapping[int, RuleSet], is_district: Callable[[str], bool],
                         units: Mapping[tuple[int, str], set[str]], prefix: str = "rows",
                         indexed: bool = True) -> None:
    """Every bad row of a collection batch, in one INVALID_ARGUMENT (issue "Bad input").

    ``rule_sets`` holds the rules of each planned year: a row's year must have a plan, and a
    whole-blood row's volume must be one of that year's volumes (200/300/400 ml, GB 18467-2011);
    a platelet row has no volume, gives its therapeutic doses per donation from the rule
    version's list (1 or 2, GB 18467-2011) and is not a drill collection. Donations ≥ 1,
    dates not after today, districts known, unit codes registered for (year, district). Fields
    are named ``rows[i].field`` (or ``prefix.field`` for one row when ``indexed`` is False).
    """
    errors = ViolationCollector()
    fallback = next(iter(rule_sets.values()), None)
    for i, row in enumerate(rows):
        where = f"{prefix}[{i}]" if indexed else prefix
        year = row.donation_date.year if row.donation_date is not None else 0
        if row.donation_date is None:
            errors.add(f"{where}.donation_date", "is not a calendar date")
        elif row.donation_date > today:
            errors.add(f"{where}.donation_date", f"{row.donation_date} is after today")
        elif year not in rule_sets:
            errors.add(f"{where}.donation_date", f"no plan for {year}")
        if not is_district(row.district):
            errors.add(f"{where}.district", f"{row.district!r} is not a district code")
        elif row.unit_code and row.unit_code not in units.get((year, row.district), set()):
            errors.add(f"{where}.unit_code",
                       f"{row.unit_code!r} is not a registered unit of {row.district} in {year}")
        if row.channel not in CHANNELS:
            errors.add(f"{where}.channel", f"must be one of {', '.join(CHANNELS)}")
        rule_set = rule_sets.get(year, fallback)
        if row.component not in COMPONENTS:
            errors.add(f"{where}.component", f"must be one of {', '.join(COMPONENTS)}")
        elif row.component == PLATELETS:
            _check_platelets(row, where, rule_set, errors)
        else:
            if rule_set is not None and row.volume_ml not in rule_set.volumes_ml:
                errors.add(f"{where}.volume_ml", f"{row.volume_ml} ml is not one of "
                                                 f"{'/'.join(map(str, rule_set.volumes_ml))} ml")
            if row.therapeutic_doses:
                errors.add(f"{where}.therapeutic_doses", "whole blood has no therapeutic doses")
        if row.donations < 1:
            errors.add(f"{where}.donations", "must be at least 1")
        if row.site and row.channel != STREET:
            errors.add(f"{where}.site", "only street collections carry a site")
        elif len(row.site) > SITE_MAX_LENGTH:
            errors.add(f"{where}.site", f"longer than {SITE_MAX_LENGTH} characters")
    errors.raise_if_any("collection rows are not valid")


def _check_platelets(row: CollectionRow, where: str, rule_set: RuleSet | None,
                     errors: ViolationCollector) -> None:
    """An apheresis platelet row (单采血小板, 沪府办发〔2017〕29号 二(二) ¶1): its doses per
    donation from the rule version's list (GB 18467-2011: 1-2 therapeutic doses), no whole-blood
    volume, and not the drill, whose minimum is counted in whole-blood units."""
    if row.volume_ml:
        errors.add(f"{where}.volume_ml", "a platelet donation has no whole-blood volume; "
                                         "give therapeutic_doses")
    if rule_set is not None and row.therapeutic_doses not in rule_set.platelet_doses:
        errors.add(f"{where}.therapeutic_doses",
                   f"{row.therapeutic_doses} is not one of "
                   f"{'/'.join(map(str, rule_set.platelet_doses))} doses per donation")
    if row.channel == DRILL:
        errors.add(f"{where}.channel", "the drill is counted in whole blood")
