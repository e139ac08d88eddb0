"""``python -m cityscore.services.lpg_registry``: this service alone, as Kubernetes runs it."""

from cityscore.core.grpc.server import serve

raise SystemExit(serve(["lpg_registry"]))
