"""Run the rural_roads service alone: ``python -m cityscore.services.rural_roads``."""

from cityscore.services.launch import serve_one

raise SystemExit(serve_one("rural_roads"))
