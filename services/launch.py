"""``cityscore serve`` and ``cityscore migrate``: the server side of the ``cityscore`` command.

They live apart from the client (``services/cli``), which never imports server code; the
``cityscore`` entry point (``services/main.py``) sends these two words here.
"""

from __future__ import annotations

from typing import Annotated

import typer

from cityscore.core.config import Settings
from cityscore.core.db import make_engine
from cityscore.core.grpc.server import serve as run_server
from cityscore.core.migrations import upgrade
from cityscore.core.service import ServiceSpec
from cityscore.services import registry

app = typer.Typer(no_args_is_help=True, add_completion=False,
                  help="Run or migrate the cityscore services (settings from CITYSCORE_*).")


def _specs(names: list[str] | None) -> list[ServiceSpec]:
    try:
        return registry.specs(names or ())
    except registry.UnknownService as error:
        raise typer.BadParameter(str(error)) from None


@app.command()
def serve(
    services: Annotated[list[str] | None, typer.Argument(
        help="Services to run (default: all four).", show_default=False)] = None,
) -> None:
    """Run the services in this process (settings from CITYSCORE_* variables)."""
    raise typer.Exit(run_server(_specs(services)))


@app.command()
def migrate(
    services: Annotated[list[str] | None, typer.Argument(
        help="Services to migrate (default: all four).", show_default=False)] = None,
) -> None:
    """Bring the services' databases up to date (settings from CITYSCORE_* variables)."""
    settings = Settings()
    for spec in _specs(services):
        engine = make_engine(settings.database_url_for(spec.name))
        upgrade(engine, spec.name, spec.package)
        engine.dispose()
        typer.echo(f"{spec.name}: up to date", err=True)


def serve_one(name: str) -> int:
    """``python -m cityscore.services.<name>``: one service alone, as Kubernetes runs it."""
    return run_server(registry.specs([name]))
