"""Alembic environment of the blood_quota service (its own version table and tables)."""

from cityscore.core.migrations import run_env

run_env("blood_quota", "cityscore.services.blood_quota")
