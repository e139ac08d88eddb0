"""``python -m cityscore.services.blood_quota``: this service alone, as Kubernetes runs it."""

from cityscore.core.grpc.server import serve

raise SystemExit(serve(["blood_quota"]))
