"""Versioned default parameter sets, loaded from the JSON files in ``parameter_sets/``.

The kernel holds no policy numbers of its own: services pass these (or their own) into the
kernel functions, and record the set id they used. Grade bands and the LPG inspection policy
are services' policies: the rural_roads rules hold the only copy of the bands
(``services/rural_roads/data/rural_road_grade_bands.csv``), the lpg_registry's versioned
``data/policy.json`` the only copy of the inspection interval and warning days.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from .types import PavementParameters


@cache
def _load(name: str) -> dict[str, Any]:
    folder = resources.files(f"{__package__}.parameter_sets")
    data: dict[str, Any] = json.loads(folder.joinpath(name).read_text("utf-8"))
    return data


def pavement_set_ids() -> tuple[str, ...]:
    """Ids of the bundled pavement parameter sets, e.g. ``jtg5210-2018/g2-g4/asphalt``."""
    return tuple(sorted(_load("pavement.json")["sets"]))


def pavement_parameters(set_id: str) -> PavementParameters:
    """The parameter set ``set_id`` (rural_roads.md §3 table of required sets)."""
    data = _load("pavement.json")
    try:
        values = {**data["common"], **data["sets"][set_id]}
    except KeyError:
        raise KeyError(f"unknown pavement parameter set {set_id!r}") from None
    values["pbi_deductions"] = tuple(values["pbi_deductions"])
    return PavementParameters(set_id=set_id, **values)
