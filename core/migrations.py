"""Alembic wiring: one migration history per service, each with its own version table.

A service's ``migrations/env.py`` calls :func:`run_env`; the server (or an operator with
``alembic -n <service> upgrade head``, or ``cityscore migrate``) calls :func:`upgrade`.
See ``docs/decisions/0004-migrations.md``.
"""

from __future__ import annotations

import importlib
from importlib import resources

from alembic import command, context
from alembic.config import Config
from sqlalchemy import Engine, MetaData, Table
from sqlalchemy.schema import SchemaItem
from sqlmodel import SQLModel

from cityscore.core.config import Settings
from cityscore.core.db import make_engine, support_tables


def version_table(service: str) -> str:
    return f"alembic_version_{service}"


def _owned_by(service: str, name: str | None) -> bool:
    return bool(name) and str(name).startswith(f"{service}_")


def service_metadata(service: str, package: str) -> MetaData:
    """The service's tables: its package's ``models`` module plus its audit and request logs."""
    importlib.import_module(f"{package}.models")
    support_tables(service)
    return SQLModel.metadata


def alembic_config(service: str, package: str, engine: Engine | None = None) -> Config:
    """``package`` is the service's Python package, whose ``migrations`` folder holds its
    history (core names no service; each passes its own)."""
    location = resources.files(package).joinpath("migrations")
    config = Config()
    config.set_main_option("script_location", str(location))
    config.attributes["service"] = service
    if engine is not None:
        config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, service: str, package: str, revision: str = "head") -> None:
    """Bring ``service``'s tables in ``engine`` up to ``revision``."""
    command.upgrade(alembic_config(service, package, engine), revision)


def run_env(service: str, package: str) -> None:
    """The body of every service's ``migrations/env.py``."""
    config = context.config
    metadata = service_metadata(service, package)

    def include_object(obj: SchemaItem, name: str | None, type_: str, _reflected: bool,
                       _compare_to: object) -> bool:
        if type_ == "table":
            return _owned_by(service, name)
        table = getattr(obj, "table", None)
        return not isinstance(table, Table) or _owned_by(service, table.name)

    if context.is_offline_mode():
        context.configure(url=Settings().database_url_for(service), literal_binds=True,
                          target_metadata=metadata, version_table=version_table(service),
                          include_object=include_object, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = config.attributes.get("engine") or make_engine(
        config.get_main_option("sqlalchemy.url") or Settings().database_url_for(service))
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=metadata,
                          version_table=version_table(service), include_object=include_object,
                          render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()
