"""Alembic environment of the lpg_registry service (one history per service)."""

from cityscore.core.migrations import run_env

run_env("lpg_registry", "cityscore.services.lpg_registry")
