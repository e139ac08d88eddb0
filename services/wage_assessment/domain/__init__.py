"""The rules of the annual A/B/C wage-payment assessment (wage_assessment.md; 沪府办发〔2018〕30号).

Pure functions over small dataclasses: scheme validation, item scoring through the kernel,
grading with its explanation, the stage machine and the rectification deadline. Points are
exact hundredths ("cents"); ratios are exact fractions. Policy numbers come from versioned
grade-rule documents (shipped in ``data/grade_rules/`` or loaded through the API). One module
per topic; this package names what the rest of the service uses.
"""

from cityscore.services.wage_assessment.domain.deadlines import (
    completion_due,
    cycle_overdue,
    rectification_deadline,
    rectification_overdue,
)
from cityscore.services.wage_assessment.domain.grading import (
    GradeOutcome,
    Grading,
    check_incident,
    gap_exceeds,
    gap_limit,
    grade,
    policy_for,
    policy_of_run,
    rectification_due,
    require_covers,
    rules_version,
    run_inputs_json,
)
from cityscore.services.wage_assessment.domain.inputs import (
    FlagInput,
    IncidentInput,
    UnitInputs,
    YearInputs,
)
from cityscore.services.wage_assessment.domain.rules import (
    GRADES,
    INCIDENT_KINDS,
    GradePolicy,
    policy_from_document,
    policy_from_text,
    policy_problems,
    shipped_policies,
)
from cityscore.services.wage_assessment.domain.scheme import (
    CALENDAR_YEARS,
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
    ItemColumns,
    ItemInput,
    check_item,
    join_ids,
    score_items,
    score_one,
    split_ids,
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
    "CALENDAR_YEARS", "FALSIFICATION_STAGES", "GRADES", "INCIDENT_KINDS", "INCIDENT_STAGES",
    "RESULTS_VISIBLE", "RULE_TYPES", "STAGES", "CategoryDef", "FlagInput", "GradeOutcome",
    "GradePolicy", "Grading", "IncidentInput", "IndicatorDef", "ItemColumns", "ItemInput",
    "SchemeDef", "UnitInputs", "YearInputs", "canonical_json", "check_advance", "check_incident",
    "check_item", "completion_due", "cycle_overdue", "format_points", "gap_exceeds", "gap_limit",
    "grade", "join_ids", "parse_points", "policy_for", "policy_from_document", "policy_from_text",
    "policy_of_run", "policy_problems", "rectification_deadline", "rectification_due",
    "rectification_overdue", "require_covers", "require_stage", "rules_version", "run_inputs_json",
    "scheme_from_document", "scheme_problems", "score_items", "score_one", "shipped_policies",
    "split_ids", "stage_error", "text_digest", "total_points",
]
