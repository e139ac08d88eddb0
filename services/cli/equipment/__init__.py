"""``cityscore equipment ...``: the city's elevator register and special-equipment safety
targets, for district offices and the city market-supervision bureau.

Import a district's elevators from CSV or .xlsx (all or nothing; the same file again stores
nothing twice) and export them as a file the import reads back, report the plan's 2020 targets
for a district or the city and their trend by year (as workbooks with a chart, ready to send
up), track the plan's 45-task annex, sweep and list due periodic inspections, compute the
year's deaths per 10,000 units, and rank maintenance companies.
"""

from __future__ import annotations

# Each module registers its commands on its group when imported; the groups are added here
# in the order of the help, and the import kinds' templates on ``app`` itself.
from cityscore.services.cli.equipment import (
    annex,
    companies,
    elevators,
    inspections,
    rates,
    targets,
)
from cityscore.services.cli.equipment.shared import app
from cityscore.services.cli.templates import add_template_command

for sub, name in ((elevators.elevator_app, "elevator"), (targets.targets_app, "targets"),
                  (annex.annex_app, "annex"), (inspections.inspection_app, "inspection"),
                  (rates.rate_app, "rate"), (companies.company_app, "company")):
    app.add_typer(sub, name=name)
add_template_command(app, elevators.ELEVATORS, companies.INDICATORS)

__all__ = ["annex", "app", "companies", "elevators", "inspections", "rates", "targets"]
