"""Alembic environment of the rural_roads service (its own history and version table)."""

from cityscore.core.migrations import run_env

run_env("rural_roads", "cityscore.services.rural_roads")
