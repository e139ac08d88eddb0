"""``python -m cityscore.services.lpg_registry``: this service alone, as Kubernetes runs it."""

from cityscore.services.launch import serve_one

raise SystemExit(serve_one("lpg_registry"))
