"""Parameter and result types of the scoring kernel, shared by both implementations.

Everything here is a small frozen dataclass or a constant, so callers can build parameter sets
without touching NumPy and results can be passed between threads safely.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum
from typing import Literal

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
Int32Array = npt.NDArray[np.int32]
Int8Array = npt.NDArray[np.int8]

ApportionmentMethod = Literal["webster", "dhondt", "adams", "huntington_hill", "hamilton"]
APPORTIONMENT_METHODS: tuple[ApportionmentMethod, ...] = (
    "webster", "dhondt", "adams", "huntington_hill", "hamilton",
)

NO_DATE = int(np.iinfo(np.int32).min)
"""Day-number sentinel for "no such date" (a cylinder never inspected)."""


@dataclass(frozen=True, slots=True)
class PavementParameters:
    """Constants of one pavement parameter set (rural_roads.md §4.2-4.6).

    ``rdi_mid_base`` is the value of the middle RDI segment at ``rdi_rda`` (90 in JTG 5210-2018,
    60 in JTG H20-2007). PQI weights of 0 keep an index out of PQI without making it "missing".
    ``decimals`` is the half-up rounding of every unit index (§5); ``None`` keeps full precision.
    """

    set_id: str
    standard: str
    pci_a0: float
    pci_a1: float
    rqi_a0: float
    rqi_a1: float
    rdi_a0: float = 1.0
    rdi_a1: float = 3.0
    rdi_rda: float = 10.0
    rdi_rdb: float = 40.0
    rdi_mid_base: float = 90.0
    pbi_deductions: tuple[float, float, float] = (25.0, 50.0, 100.0)
    pwi_a0: float = 1.696
    pwi_a1: float = 0.785
    weight_pci: float = 0.6
    weight_rqi: float = 0.4
    weight_rdi: float = 0.0
    weight_pbi: float = 0.0
    weight_pwi: float = 0.0
    decimals: int | None = 2

    def coefficients(self) -> FloatArray:
        """The packed vector both kernel implementations read, in a fixed order."""
        return np.array(
            [self.pci_a0, self.pci_a1, self.rqi_a0, self.rqi_a1,
             self.rdi_a0, self.rdi_a1, self.rdi_rda, self.rdi_rdb, self.rdi_mid_base,
             *self.pbi_deductions, self.pwi_a0, self.pwi_a1,
             self.weight_pci, self.weight_rqi, self.weight_rdi, self.weight_pbi, self.weight_pwi],
            dtype=np.float64,
        )


@dataclass(frozen=True, slots=True)
class ConditionWeights:
    """The MQI weights of one rule set (rural_roads.md §4.1: JTG 5210-2018 SCI 0.08, PQI 0.70,
    BCI 0.12, TCI 0.10) and the structure class that sets a unit's MQI to 0 (class 5, a
    dangerous bridge, tunnel or culvert). ``decimals`` is the half-up rounding (§5)."""

    sci: float
    pqi: float
    bci: float
    tci: float
    dangerous_class: int = 5
    decimals: int | None = 2

    def coefficients(self) -> FloatArray:
        """The packed vector both kernel implementations read, in a fixed order."""
        return np.array([self.sci, self.pqi, self.bci, self.tci, float(self.dangerous_class)],
                        dtype=np.float64)


@dataclass(frozen=True, slots=True)
class PavementIndices:
    """Unit-level results; NaN where an index could not be computed (input not measured)."""

    damage_ratio: FloatArray
    pci: FloatArray
    rqi: FloatArray
    rdi: FloatArray
    pbi: FloatArray
    pwi: FloatArray
    pqi: FloatArray


@dataclass(frozen=True, slots=True)
class GroupedAggregate:
    """Per-group sums of one length-weighted aggregation (rural_roads.md §6.2-6.3).

    ``evaluated_length`` counts rows whose value was measured; ``mean`` and ``share_at_or_above``
    use it as denominator and are NaN for a group with no evaluated length.
    """

    evaluated_length: FloatArray
    total_length: FloatArray
    weighted_sum: FloatArray
    value_sum: FloatArray
    length_at_or_above: FloatArray
    count: IntArray
    mean: FloatArray
    share_at_or_above: FloatArray


@dataclass(frozen=True, slots=True)
class GradeBands:
    """Grade codes with their inclusive lower bounds, best grade first, bounds strictly falling."""

    codes: tuple[str, ...]
    lower_bounds: tuple[float, ...]
    counts_as_good: tuple[bool, ...]


class RuleType(IntEnum):
    """Indicator rule types (wage_assessment.md §6.2)."""

    POINTS_AWARDED = 0
    DEDUCT_PER_FINDING = 1
    ALL_OR_NOTHING = 2
    RATE_THRESHOLD = 3
    LADDER = 4


@dataclass(frozen=True, slots=True)
class IndicatorRule:
    """One indicator's rule; every point value is in hundredths of a point (exact).

    Ratios are rationals ``num/den``. ``ladder`` holds ``(min_num, min_den, points_cents)`` steps,
    any order. ``vacuous_full`` gives full marks when the item's denominator is 0.
    """

    rule_type: RuleType
    max_cents: int
    step_cents: int = 0
    threshold: tuple[int, int] = (1, 1)
    proportional: bool = False
    vacuous_full: bool = False
    ladder: tuple[tuple[int, int, int], ...] = ()


@dataclass(frozen=True, slots=True)
class IndicatorScores:
    """Item scores (units × items) and totals per unit, in hundredths of a point."""

    item_cents: IntArray
    total_cents: IntArray


@dataclass(frozen=True, slots=True)
class Ranking:
    """Competition ranks ("1224") in input order, and the display order (rank, then input order)."""

    ranks: IntArray
    order: IntArray


@dataclass(frozen=True, slots=True)
class ApportionmentTie:
    """A tie at the boundary that decided ``contested`` units (blood_quota.md §8.4).

    ``winners`` got the contested units through the tie-break order; ``losers`` could have.
    """

    entities: tuple[int, ...]
    winners: tuple[int, ...]
    losers: tuple[int, ...]
    contested: int


@dataclass(frozen=True, slots=True)
class Apportionment:
    """Seats per entity (input order) and what bound or tie shaped the result."""

    method: ApportionmentMethod
    seats: IntArray
    ties: tuple[ApportionmentTie, ...]
    at_lower_bound: tuple[int, ...]
    at_upper_bound: tuple[int, ...]


class InfeasibleBoundsError(ValueError):
    """Bounds that no apportionment can meet; ``shortfall`` > 0 is how far off the pool is."""

    def __init__(self, message: str, *, shortfall: int, rows: tuple[int, ...] = ()) -> None:
        super().__init__(message)
        self.shortfall = shortfall
        self.rows = rows


class ComplianceStatus(IntEnum):
    """Cylinder status codes, worst last (lpg_registry.md §4 and §7)."""

    OK = 0
    DUE_SOON = 1
    INSPECTION_OVERDUE = 2
    PAST_SERVICE_LIFE = 3


@dataclass(frozen=True, slots=True)
class CompliancePolicy:
    """Inspection and warning rule (lpg_registry.md §4): every ``interval_years``, warn ahead."""

    inspection_interval_years: int = 4
    warning_days: int = 30


@dataclass(frozen=True, slots=True)
class ComplianceResult:
    """Per cylinder: status code, days to the nearest due date (negative when past it), dates."""

    status: Int8Array
    days_left: Int32Array
    next_inspection: Int32Array
    service_limit: Int32Array
    codes: tuple[str, ...] = field(default=tuple(s.name for s in ComplianceStatus))
