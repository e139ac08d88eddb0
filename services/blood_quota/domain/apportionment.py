"""Apportioning a pool over districts or over a district's units with the kernel (§7-§9), the
digest that makes each run reproducible, and its replay."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, NamedTuple

from cityscore.core.errors import (
    FailedPrecondition,
    PreconditionViolation,
    ViolationCollector,
)
from cityscore.core.kernel import api as kernel
from cityscore.core.kernel.types import (
    APPORTIONMENT_METHODS,
    ApportionmentMethod,
    InfeasibleBoundsError,
)
from cityscore.services.blood_quota.domain.plan import PlanFigures, TableRow
from cityscore.services.blood_quota.domain.rules import (
    DISTRICT,
    RuleSet,
    cap_units,
    mobilisable_persons,
    unit_weight,
)


def method_named(name: str) -> ApportionmentMethod:
    """The kernel's method of a stored or requested name."""
    for method in APPORTIONMENT_METHODS:
        if method == name:
            return method
    raise ValueError(f"{name!r} is not an apportionment method")


class Unit(NamedTuple):
    """A work unit or town of a district's roster (§9)."""

    code: str
    name: str
    kind: str
    headcount: int


@dataclass(frozen=True, slots=True)
class Entity:
    """One row to apportion over: its code, bounds and weight."""

    code: str
    name: str
    kind: str
    weight: int
    lower: int
    upper: int


@dataclass(frozen=True, slots=True)
class Tie:
    codes: tuple[str, ...]
    winners: tuple[str, ...]
    contested: int


@dataclass(frozen=True, slots=True)
class Result:
    """Units per entity (input order) and the ties that decided units."""

    units: tuple[int, ...]
    ties: tuple[Tie, ...]


@dataclass(frozen=True, slots=True)
class AllocationInputs:
    """Everything an apportionment depends on; its digest is the provenance key (arch. §6)."""

    rule_version: str
    method: ApportionmentMethod
    pool_units: int
    entities: tuple[Entity, ...]
    district: str = ""

    def digest(self) -> str:
        """sha256 of the canonical JSON of the inputs (byte-stable across databases)."""
        payload = {"rule_version": self.rule_version, "method": self.method,
                   "pool_units": self.pool_units, "district": self.district,
                   "entities": [[e.code, e.kind, e.weight, e.lower, e.upper]
                                for e in self.entities]}
        return _sha256(payload)


def _sha256(payload: object) -> str:
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def table_digest(rule_version: str, rows: Iterable[TableRow]) -> str:
    """Digest of a published table's printed rows, so a later edit shows on replay."""
    return _sha256({"rule_version": rule_version, "published": [[r.code, r.kind, r.units]
                                                               for r in rows]})


def apportion(inputs: AllocationInputs) -> Result:
    """Apportion the pool over the entities with the kernel (§8): exact, ties by code (§8.4).

    Infeasible bounds (§7 "Feasibility") become FAILED_PRECONDITION naming the shortfall and
    each binding row.
    """
    entities = inputs.entities
    codes = [e.code for e in entities]
    try:
        result = kernel.apportion([e.weight for e in entities], inputs.pool_units,
                                  method=inputs.method, lower=[e.lower for e in entities],
                                  upper=[e.upper for e in entities], tie_keys=codes)
    except InfeasibleBoundsError as error:
        violations = [PreconditionViolation("INFEASIBLE_BOUNDS", "pool", str(error))]
        violations += [PreconditionViolation(
            "BINDING_ROW", codes[i],
            f"weight {entities[i].weight}, lower bound {entities[i].lower}, "
            f"upper bound {entities[i].upper}") for i in error.rows]
        raise FailedPrecondition(str(error), violations, reason="INFEASIBLE_BOUNDS",
                                 metadata={"shortfall": str(error.shortfall)}) from None
    ties = tuple(Tie(tuple(codes[i] for i in t.entities), tuple(codes[i] for i in t.winners),
                     t.contested) for t in result.ties)
    return Result(tuple(int(s) for s in result.seats), ties)


def district_entities(rows: Sequence[Mapping[str, Any]], *, explicit: bool, plan: PlanFigures,
                      units_per_person: Fraction, pool_units: int, rule_set: RuleSet,
                      names: Mapping[str, str]) -> tuple[Entity, ...]:
    """District entities for an apportionment (§7): weight = mobilisable persons or the given
    weight; lower = the plan's drill minimum; upper = ⌊mobilisable × u⌋ when cap bases are
    given, else the pool. Explicit bounds in a row override both."""
    entities = []
    for row in rows:
        persons = mobilisable_persons(row["employees"], row["residents"], rule_set)
        has_caps = row["employees"] > 0 or row["residents"] > 0
        upper = cap_units(persons, units_per_person) if has_caps else pool_units
        lower = plan.drill_min_per_district_units
        entities.append(Entity(
            code=row["district"], name=names.get(row["district"], row["district"]),
            kind=DISTRICT, weight=row["weight"] if explicit else persons,
            lower=lower if row["lower"] is None else row["lower"],
            upper=upper if row["upper"] is None else row["upper"]))
    return tuple(entities)


def split_pool(quota_units: int, plan: PlanFigures, rule_set: RuleSet) -> tuple[int, int]:
    """(units the work units and towns share, units kept at district level) of a district
    quota: the annex footnote "每区包括应急献血实战演练最低目标400人份" puts the drill minimum in
    every district's quota, and it stays at district level when the district splits the rest
    over its work units and towns (blood_quota.md §9). From rule version 2017.2; 2017.1
    shared the whole quota, and its stored splits replay as they were.

    A quota below the drill minimum leaves nothing to split: FAILED_PRECONDITION.
    """
    if not rule_set.split_keeps_drill_minimum:
        return quota_units, 0
    drill = plan.drill_min_per_district_units
    if quota_units < drill:
        raise FailedPrecondition(
            f"quota {quota_units} is below the drill minimum {drill} kept at district level",
            [PreconditionViolation("BELOW_DRILL_MINIMUM", "quota_units",
                                   f"{quota_units} units < drill minimum {drill}")])
    return quota_units - drill, drill


def unit_entities(units: Sequence[Unit], units_per_person: Fraction,
                  rule_set: RuleSet) -> tuple[Entity, ...]:
    """Work units and towns of a district as entities (§9): lower 0, upper ⌊weight × u⌋."""
    out = []
    for code, name, kind, headcount in units:
        weight = unit_weight(kind, headcount, rule_set)
        out.append(Entity(code, name, kind, weight, 0, cap_units(weight, units_per_person)))
    return tuple(out)


def check_district_inputs(inputs: Sequence[Mapping[str, object]], *, pool: int,
                          district_pool_units: int, district_codes: Sequence[str],
                          saved: bool) -> None:
    """Every bad input row at once; a saved allocation covers all districts and the pool."""
    errors = ViolationCollector()
    seen: set[str] = set()
    for i, row in enumerate(inputs):
        code = str(row["district"])
        if code not in district_codes:
            errors.add(f"inputs[{i}].district", f"{code!r} is not a district code")
        elif code in seen:
            errors.add(f"inputs[{i}].district", f"{code!r} appears twice")
        seen.add(code)
        for name, key in (("employees", "employees"),
                          ("residents_without_work_unit", "residents"),
                          ("weight", "weight"), ("lower_units", "lower"),
                          ("upper_units", "upper")):
            value = row[key]
            if isinstance(value, int) and value < 0:
                errors.add(f"inputs[{i}].{name}", "must not be negative")
    if not inputs:
        errors.add("inputs", "give at least one district")
    if pool < 0:
        errors.add("pool_units", "must not be negative")
    if saved:
        missing = [d for d in district_codes if d not in seen]
        if missing:
            errors.add("inputs", f"a saved allocation needs every district; missing "
                                 f"{', '.join(missing)} (or use what_if)")
        if pool != district_pool_units:
            errors.add("pool_units", f"a saved allocation shares the plan's pool "
                                     f"{district_pool_units} (or use what_if)")
    errors.raise_if_any("the apportionment inputs are not valid")


@dataclass(frozen=True, slots=True)
class Replay:
    """A stored allocation recomputed: the digest of its inputs now, and what differs."""

    recomputed_digest: str
    differences: list[str]


def replay_table(rule_version: str, rows: Sequence[TableRow], stored_digest: str) -> Replay:
    """A published table is replayed by re-hashing its printed rows."""
    recomputed = table_digest(rule_version, rows)
    return Replay(recomputed, _digest_difference(stored_digest, recomputed))


def replay_apportionment(inputs: AllocationInputs, units: Sequence[int],
                         ties: Sequence[Tie], stored_digest: str) -> Replay:
    """An apportionment or split is replayed by re-hashing its inputs and re-running the kernel,
    naming every row whose units differ and whether the ties differ."""
    recomputed = inputs.digest()
    result = apportion(inputs)
    differences = [f"{e.code}: stored {stored}, recomputed {u}"
                   for e, stored, u in zip(inputs.entities, units, result.units, strict=True)
                   if stored != u]
    if tuple(ties) != result.ties:
        differences.append("the reported ties differ")
    return Replay(recomputed, _digest_difference(stored_digest, recomputed) + differences)


def _digest_difference(stored: str, recomputed: str) -> list[str]:
    return [] if recomputed == stored else [f"input digest: stored {stored}, "
                                            f"recomputed {recomputed}"]
