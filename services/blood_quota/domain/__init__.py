"""The rules of the yearly blood-donation targets (blood_quota.md), as pure functions.

Policy numbers (caps, volumes, the published 2017 plan and table) are versioned data in
``data/``; these modules read and apply them. Quantities are integers: units of 200 ml for
quotas, millilitres for collections, per-mille rates for caps, so nothing rounds by accident.
One module per topic; this package names what the rest of the service uses.
"""

from cityscore.core.kernel.types import ApportionmentMethod
from cityscore.services.blood_quota.domain.apportionment import (
    AllocationInputs,
    Entity,
    Result,
    Tie,
    Unit,
    apportion,
    check_district_inputs,
    district_entities,
    method_named,
    replay_apportionment,
    replay_table,
    split_pool,
    table_digest,
    unit_entities,
)
from cityscore.services.blood_quota.domain.collections import (
    CollectionRow,
    calendar_date,
    date_from_number,
    validate_collections,
)
from cityscore.services.blood_quota.domain.plan import (
    CarveOut,
    PlanFigures,
    TableRow,
    check_published_table,
    district_table,
    published_plan,
    published_table,
    validate_plan,
)
from cityscore.services.blood_quota.domain.progress import (
    Aggregate,
    Progress,
    ProgressRules,
    channel_targets,
    elapsed_days,
    progress,
    progress_as_of,
    progress_rules,
)
from cityscore.services.blood_quota.domain.rules import (
    UNIT_KINDS,
    cap_units,
    mobilisable_persons,
    parse_platelet_units_per_dose,
    parse_units_per_person,
    rule_version_for_year,
    rules,
    unit_weight,
)

__all__ = [
    "UNIT_KINDS", "Aggregate", "AllocationInputs", "ApportionmentMethod", "CarveOut",
    "CollectionRow", "Entity", "PlanFigures", "Progress", "ProgressRules", "Result", "TableRow",
    "Tie", "Unit",
    "apportion", "calendar_date", "cap_units", "channel_targets", "check_district_inputs",
    "check_published_table", "date_from_number", "district_entities", "district_table",
    "elapsed_days", "method_named", "mobilisable_persons", "parse_platelet_units_per_dose",
    "parse_units_per_person", "progress",
    "progress_as_of", "progress_rules", "published_plan", "published_table", "replay_apportionment",
    "replay_table", "rule_version_for_year", "rules", "split_pool", "table_digest", "unit_entities",
    "unit_weight", "validate_collections", "validate_plan",
]
