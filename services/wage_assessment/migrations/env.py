"""Alembic environment of the wage_assessment service (one history per service)."""

from cityscore.core.migrations import run_env

run_env("wage_assessment", "cityscore.services.wage_assessment")
