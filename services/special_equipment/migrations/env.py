"""Alembic environment of the special_equipment service (one history per service)."""

from cityscore.core.migrations import run_env

run_env("special_equipment", "cityscore.services.special_equipment")
