"""Rules of the "Four Good Rural Roads" service: unit scoring, aggregation and targets T1-T17.

Everything here is pure: arrays and dataclasses in, arrays and dataclasses out. The numbers
(parameter-set choice, physical ranges, distress weights, grade bands, target thresholds) are
versioned data in ``data/``; the index maths is the shared kernel's. One module per topic;
this package names what the rest of the service uses.
"""

from cityscore.services.rural_roads.domain.aggregation import (
    CONDITION_COLUMNS,
    AggregateRow,
    Aggregation,
    ResultDigest,
    UnitBatch,
    UnitColumns,
    aggregate_units,
    input_digest,
    round_half_up,
)
from cityscore.services.rural_roads.domain.records import (
    Judged,
    TargetRecords,
    district_targets,
    failing,
)
from cityscore.services.rural_roads.domain.replay import Replay, SurveyReplay
from cityscore.services.rural_roads.domain.rules import (
    Rules,
    TargetPolicy,
    load_rules,
    policy_for_year,
    policy_version,
    rule_versions,
    rules_for,
)
from cityscore.services.rural_roads.domain.scoring import (
    ChunkInput,
    RoadFacts,
    ScoredUnits,
    check_repeats,
    score_chunk,
)
from cityscore.services.rural_roads.domain.targets import (
    Direction,
    Status,
    TargetFacts,
    TargetResult,
    evaluate_targets,
    specialists_needed,
)

__all__ = [
    "CONDITION_COLUMNS", "AggregateRow", "Aggregation", "ChunkInput", "Direction", "Judged",
    "Replay", "ResultDigest", "RoadFacts", "Rules", "ScoredUnits", "Status", "SurveyReplay",
    "TargetFacts", "TargetPolicy", "TargetRecords", "TargetResult", "UnitBatch", "UnitColumns",
    "aggregate_units", "check_repeats", "district_targets", "evaluate_targets", "failing",
    "input_digest", "load_rules", "policy_for_year", "policy_version", "round_half_up",
    "rule_versions", "rules_for", "score_chunk", "specialists_needed",
]
