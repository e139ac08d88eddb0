"""Collection rows as reported (§10): donations of one volume on one day, credited to a
district and possibly a unit or town; a batch is checked whole so every bad row is named."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from cityscore.core.errors import ViolationCollector
from cityscore.services.blood_quota.domain.rules import (
    CHANNELS,
    SITE_MAX_LENGTH,
    STREET,
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

    ``rule_sets`` holds the rules of each planned year: a row's year must have a plan, and its
    volume must be one of that year's volumes (200/300/400 ml, GB 18467-2011). Donations ≥ 1,
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
        if rule_set is not None and row.volume_ml not in rule_set.volumes_ml:
            errors.add(f"{where}.volume_ml", f"{row.volume_ml} ml is not one of "
                                             f"{'/'.join(map(str, rule_set.volumes_ml))} ml")
        if row.donations < 1:
            errors.add(f"{where}.donations", "must be at least 1")
        if row.site and row.channel != STREET:
            errors.add(f"{where}.site", "only street collections carry a site")
        elif len(row.site) > SITE_MAX_LENGTH:
            errors.add(f"{where}.site", f"longer than {SITE_MAX_LENGTH} characters")
    errors.raise_if_any("collection rows are not valid")
