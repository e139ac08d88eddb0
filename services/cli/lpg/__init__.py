"""``cityscore lpg ...``: the bottled-LPG registry for enterprises and gas authorities.

Register enterprises, stations, staff, vehicles, users and cylinders (one at a time or from
CSV), find users and list an enterprise's stations, staff and vehicles, record fills and
deliveries (also uploaded later, with when they happened), inspections and their findings,
look up a cylinder's history, run the compliance sweep and follow the registration campaign.
Resident ID numbers and phones are shown masked only.
"""

from __future__ import annotations

# Each module registers its commands when imported: ``operations`` and ``safety`` on ``app``
# itself, the others on their group, added here in the order of the help.
from cityscore.services.cli.lpg import (
    assets,
    campaign,
    cylinders,
    enterprises,
    operations,
    safety,
    users,
)
from cityscore.services.cli.lpg.shared import app

app.add_typer(enterprises.enterprise_app, name="enterprise")
app.add_typer(assets.station_app, name="station")
app.add_typer(assets.staff_app, name="staff")
app.add_typer(assets.vehicle_app, name="vehicle")
app.add_typer(users.user_app, name="user")
app.add_typer(cylinders.cylinder_app, name="cylinder")
app.add_typer(safety.hazard_app, name="hazard")
app.add_typer(campaign.campaign_app, name="campaign")

__all__ = ["app", "assets", "campaign", "cylinders", "enterprises", "operations", "safety",
           "users"]
