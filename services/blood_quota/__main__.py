"""``python -m cityscore.services.blood_quota``: this service alone, as Kubernetes runs it."""

from cityscore.services.launch import serve_one

raise SystemExit(serve_one("blood_quota"))
