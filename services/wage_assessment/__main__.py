"""``python -m cityscore.services.wage_assessment``: this service alone, as Kubernetes runs it."""

from cityscore.core.grpc.server import serve

raise SystemExit(serve(["wage_assessment"]))
