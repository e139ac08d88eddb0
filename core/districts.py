"""The 16 districts (glossary terms 1–16; order of the 2017 allocation table, seed 001)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True, slots=True)
class District:
    code: str
    name_zh: str
    name_en: str
    order: int


@cache
def all_districts() -> tuple[District, ...]:
    """The districts in published-table order, loaded from the shipped ``districts.csv``."""
    text = resources.files("cityscore.core.data").joinpath("districts.csv").read_text("utf-8")
    rows = csv.DictReader(text.splitlines())
    found = [
        District(r["code"], r["name_zh"], r["name_en"], int(r["order"])) for r in rows
    ]
    return tuple(sorted(found, key=lambda d: d.order))


@cache
def district_codes() -> frozenset[str]:
    return frozenset(d.code for d in all_districts())


def is_district(code: str) -> bool:
    return code in district_codes()
