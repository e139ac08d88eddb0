"""``cityscore roads ...``: the rural road network, the annual condition survey and the
"Four Good Rural Roads" target report, for district road offices and the city commission.

Every import kind (the register's files, the survey's units) has its empty file:
``cityscore roads template <kind> [--format xlsx]``.
"""

from __future__ import annotations

# Each module registers its commands on ``app`` when imported, in the order of the help.
from cityscore.services.cli.roads import register, surveys, targets
from cityscore.services.cli.roads.shared import app
from cityscore.services.cli.templates import add_template_command

add_template_command(app, *register.KINDS, surveys.UNITS)

__all__ = ["app", "register", "surveys", "targets"]
