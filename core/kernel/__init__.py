"""The shared scoring kernel (architecture.md §4): fast, exact, with a plain-Python twin.

Services call ``cityscore.core.kernel.api`` (or the names re-exported here). ``implementation()``
says which backend runs and ``instruction_set()`` which compiled build (both exported as
``cityscore_kernel_implementation_info``); ``use()`` picks one, ``set_threads()`` caps the OpenMP
threads of a single call.
"""

from __future__ import annotations

from . import api, parameters
from ._backend import (
    KernelUnavailableError,
    implementation,
    instruction_set,
    set_threads,
    threads,
    use,
)
from .api import (
    apportion,
    band_scores,
    competition_rank,
    compliance_sweep,
    condition_index,
    damage_ratio,
    day_number,
    from_day_number,
    grouped_length_weighted,
    pavement_indices,
    round_half_up,
    score_indicators,
)
from .types import (
    NO_DATE,
    Apportionment,
    ApportionmentTie,
    CompliancePolicy,
    ComplianceResult,
    ComplianceStatus,
    ConditionWeights,
    GradeBands,
    GroupedAggregate,
    IndicatorRule,
    IndicatorScores,
    InfeasibleBoundsError,
    PavementIndices,
    PavementParameters,
    Ranking,
    RuleType,
)

__all__ = [
    "NO_DATE",
    "Apportionment",
    "ApportionmentTie",
    "CompliancePolicy",
    "ComplianceResult",
    "ComplianceStatus",
    "ConditionWeights",
    "GradeBands",
    "GroupedAggregate",
    "IndicatorRule",
    "IndicatorScores",
    "InfeasibleBoundsError",
    "KernelUnavailableError",
    "PavementIndices",
    "PavementParameters",
    "Ranking",
    "RuleType",
    "api",
    "apportion",
    "band_scores",
    "competition_rank",
    "compliance_sweep",
    "condition_index",
    "damage_ratio",
    "day_number",
    "from_day_number",
    "grouped_length_weighted",
    "implementation",
    "instruction_set",
    "parameters",
    "pavement_indices",
    "round_half_up",
    "score_indicators",
    "set_threads",
    "threads",
    "use",
]
