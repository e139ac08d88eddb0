"""``cityscore lpg ...``: the bottled-LPG registry for enterprises and gas authorities.

Register enterprises, stations, staff, vehicles, users and cylinders (one at a time or from
CSV), record fills and deliveries, look up a cylinder's history, run the compliance sweep and
follow the registration campaign. Resident ID numbers and phones are shown masked only.
"""

from __future__ import annotations

# Each module registers its commands when imported: ``operations`` on ``app`` itself, the others
# on their group, added here in the order of the help.
from cityscore.services.cli.lpg import campaign, cylinders, enterprises, operations, users
from cityscore.services.cli.lpg.shared import app

app.add_typer(enterprises.enterprise_app, name="enterprise")
app.add_typer(users.user_app, name="user")
app.add_typer(cylinders.cylinder_app, name="cylinder")
app.add_typer(campaign.campaign_app, name="campaign")

__all__ = ["app", "campaign", "cylinders", "enterprises", "operations", "users"]
