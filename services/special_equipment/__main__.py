"""``python -m cityscore.services.special_equipment``: this service alone, as Kubernetes runs it."""

from cityscore.services.launch import serve_one

raise SystemExit(serve_one("special_equipment"))
