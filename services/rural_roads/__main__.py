"""Run the rural_roads service alone: ``python -m cityscore.services.rural_roads``."""

from cityscore.core.grpc.server import serve

raise SystemExit(serve(["rural_roads"]))
