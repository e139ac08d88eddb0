"""``python -m cityscore.services.rural_roads``: this service alone, as Kubernetes runs it."""

from cityscore.core.grpc.server import serve

raise SystemExit(serve(["rural_roads"]))
