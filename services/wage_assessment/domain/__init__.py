"""The rules of the annual A/B/C wage-payment assessment (wage_assessment.md; 沪府办发〔2018〕30号).

Pure functions over small dataclasses: scheme validation, item scoring through the kernel,
grading with its explanation, the stage machine and the rectification deadline. Points are
exact hundredths ("cents"); ratios are exact fractions. Policy numbers come from the shipped
``data/grade_rules.json``, keyed by version. One module per topic; this package names what the
rest of the service uses.
"""

from cityscore.services.wage_assessment.domain.deadlines import (
    completion_due,
    cycle_overdue,
    rectification_deadline,
    rectification_overdue,
)
from cityscore.services.wage_assessment.domain.grading import (
    FLAGS,
    GRADES,
    INCIDENT_KINDS,
    FlagInput,
    GradeOutcome,
    GradePolicy,
    Grading,
    IncidentInput,
    UnitInputs,
    check_incident,
    gap_exceeds,
    grade,
    policy_for,
    rectification_due,
    run_inputs_json,
)
from cityscore.services.wage_assessment.domain.scheme import (
    BASE_CENTS,
    RULE_TYPES,
    CategoryDef,
    IndicatorDef,
    SchemeDef,
    canonical_json,
    format_points,
    parse_points,
    scheme_from_document,
    scheme_problems,
    text_digest,
    total_points,
)
from cityscore.services.wage_assessment.domain.scoring import (
    ItemInput,
    check_item,
    score_items,
    score_one,
)
from cityscore.services.wage_assessment.domain.stages import (
    FALSIFICATION_STAGES,
    INCIDENT_STAGES,
    RESULTS_VISIBLE,
    STAGES,
    check_advance,
    require_stage,
    stage_error,
)

__all__ = [
    "BASE_CENTS", "FALSIFICATION_STAGES", "FLAGS", "GRADES", "INCIDENT_KINDS", "INCIDENT_STAGES",
    "RESULTS_VISIBLE", "RULE_TYPES", "STAGES", "CategoryDef", "FlagInput", "GradeOutcome",
    "GradePolicy", "Grading", "IncidentInput", "IndicatorDef", "ItemInput", "SchemeDef",
    "UnitInputs", "canonical_json", "check_advance", "check_incident", "check_item",
    "completion_due", "cycle_overdue", "format_points", "gap_exceeds", "grade", "parse_points",
    "policy_for", "rectification_deadline", "rectification_due", "rectification_overdue",
    "require_stage", "run_inputs_json", "scheme_from_document", "scheme_problems", "score_items",
    "score_one", "stage_error", "text_digest", "total_points",
]
