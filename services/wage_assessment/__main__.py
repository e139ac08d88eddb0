"""``python -m cityscore.services.wage_assessment``: this service alone, as Kubernetes runs it."""

from cityscore.services.launch import serve_one

raise SystemExit(serve_one("wage_assessment"))
