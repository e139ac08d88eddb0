"""What a grading reads of a year (§9, architecture page §6): every district's final item
values, incidents and review flags in force, held as columns, and the canonical text of each
district's inputs that the run's document and digests cover.

A district's text is the canonical JSON of
``{"code", "flags": {name: [value, reason, set_by]}, "incidents": [[kind, people,
government_project, serious_consequence], ...] sorted, "items": {indicator: [value,
denominator or null, [sub-points]]}}``; stored runs replay from it bit for bit, so it never
changes. It is joined here from the columns, item by item, without a document per district.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from cityscore.services.wage_assessment.domain.scheme import canonical_json
from cityscore.services.wage_assessment.domain.scoring import ItemColumns, ItemInput, split_ids


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


@dataclass(frozen=True)
class YearInputs:
    """The inputs of every district of a year, in table order: item values as columns,
    incidents and flags (a few per district) by district code."""

    codes: tuple[str, ...]
    items: ItemColumns
    incidents: Mapping[str, tuple[IncidentInput, ...]] = field(default_factory=dict)
    flags: Mapping[str, Mapping[str, FlagInput]] = field(default_factory=dict)

    @classmethod
    def of_units(cls, units: Sequence[UnitInputs]) -> YearInputs:
        return cls(tuple(u.code for u in units), ItemColumns.of([u.items for u in units]),
                   {u.code: u.incidents for u in units if u.incidents},
                   {u.code: u.flags for u in units if u.flags})

    @classmethod
    def of_documents(cls, documents: Sequence[Mapping[str, Any]]) -> YearInputs:
        """The inputs of a stored run's document (its ``units``)."""
        rows = [(k, indicator_id, item) for k, doc in enumerate(documents)
                for indicator_id, item in doc["items"].items()]
        items = ItemColumns.of_rows(
            len(documents), [r[0] for r in rows], [r[1] for r in rows],
            [int(r[2][0]) for r in rows], [None if r[2][1] is None else int(r[2][1])
                                           for r in rows],
            [";".join(r[2][2]) for r in rows])
        return cls(tuple(d["code"] for d in documents), items,
                   {d["code"]: tuple(IncidentInput(*i) for i in d["incidents"])
                    for d in documents if d["incidents"]},
                   {d["code"]: {k: FlagInput(*v) for k, v in d["flags"].items()}
                    for d in documents if d["flags"]})

    def __len__(self) -> int:
        return len(self.codes)

    def unit_texts(self) -> Iterator[str]:
        """The canonical text of each district's inputs, in table order."""
        items = self.items
        order = np.lexsort((items.indicator, items.unit))
        starts = np.searchsorted(items.unit[order], np.arange(len(self.codes) + 1))
        names = [json.dumps(i, ensure_ascii=False) for i in items.indicators]
        subs = [json.dumps(list(split_ids(t)), ensure_ascii=False, separators=(",", ":"))
                for t in items.sub_points]
        indicator = items.indicator[order].tolist()
        value = items.value[order].tolist()
        denominator = np.where(items.has_denominator, items.denominator.astype(str),
                               "null")[order].tolist() if len(order) else []
        sub_point = items.sub_point[order].tolist()
        for k, code in enumerate(self.codes):
            head = canonical_json({
                "code": code,
                "flags": {n: [f.value, f.reason, f.set_by]
                          for n, f in self.flags.get(code, {}).items()},
                "incidents": sorted(i.document() for i in self.incidents.get(code, ()))})
            body = ",".join(
                f"{names[indicator[r]]}:[{value[r]},{denominator[r]},{subs[sub_point[r]]}]"
                for r in range(int(starts[k]), int(starts[k + 1])))
            yield f'{head[:-1]},"items":{{{body}}}}}'
