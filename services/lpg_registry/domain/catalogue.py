"""The safety-condition catalogue: what an inspection can find (domain page §8; seed ¶一, ¶四).

User obligations U1-U5 and the enterprise obligations E1-E7 of the notice, the catering and
commercial site conditions CAT-01… of §8.2 and the residential items RES-01… seen in practice
(§8.2), each with the user kinds it applies to, a
default severity and whether this deployment checks it. Versioned data
(``data/safety_catalogue.json``); the policy version in force names the catalogue version.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources

USER_SUBJECT, ENTERPRISE_SUBJECT = "USER", "ENTERPRISE"


@dataclass(frozen=True, slots=True)
class SafetyItem:
    rule_id: str
    description: str
    #: The user kinds a user item applies to (empty for enterprise items).
    applies_to: tuple[str, ...]
    default_severity: str
    enabled: bool
    source: str
    subject: str


@dataclass(frozen=True, slots=True)
class SafetyCatalogue:
    version: str
    items: Mapping[str, SafetyItem]

    def finding_problem(self, rule_id: str, subject: str, user_type: str | None) -> str | None:
        """Why an inspection of ``subject`` (a user of kind ``user_type``) cannot name
        ``rule_id``, or None: it must be an enabled item of that subject and user kind."""
        item = self.items.get(rule_id.strip().upper())
        if item is None:
            return f"not an item of the safety catalogue {self.version}"
        if not item.enabled:
            return f"{item.rule_id} is switched off in this deployment"
        if item.subject != subject:
            return f"{item.rule_id} is found in inspections of a {item.subject.lower()}"
        if user_type is not None and user_type not in item.applies_to:
            return f"{item.rule_id} does not apply to {user_type.lower()} users"
        return None


@cache
def load_catalogue(version: str) -> SafetyCatalogue:
    """The catalogue ``version``; versions are never edited in place."""
    text = resources.files("cityscore.services.lpg_registry.data").joinpath(
        "safety_catalogue.json").read_text("utf-8")
    raw = json.loads(text)["versions"][version]
    return SafetyCatalogue(version, {
        item["rule_id"]: SafetyItem(
            rule_id=item["rule_id"], description=item["description"],
            applies_to=tuple(item["applies_to"]), default_severity=item["default_severity"],
            enabled=bool(item["enabled"]), source=item["source"], subject=item["subject"])
        for item in raw["items"]})
