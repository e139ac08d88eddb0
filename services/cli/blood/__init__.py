"""``cityscore blood``: the year's blood-donation plan, allocation, splits and collections.

Its files: the published allocation table (``blood import``), the districts' inputs of an
apportionment (``blood apportion``), a district's work units and towns (``blood split``) and
collection rows (``blood record``); ``cityscore blood template <kind>`` writes each empty. The
allocation table exported (``blood export --report table``) is the file ``blood import``
reads: it has no total row (the import adds the rows up itself); the total is printed with it.
"""

from __future__ import annotations

# Each module registers its commands (and its import kinds' templates) on ``app`` when
# imported, in the order of the help; the plan is a group of its own.
from cityscore.services.cli.blood import allocations, apportionment, collections, plan, reports
from cityscore.services.cli.blood.shared import app

app.add_typer(plan.plan_app, name="plan")

__all__ = ["allocations", "app", "apportionment", "collections", "plan", "reports"]
