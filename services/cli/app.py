"""The ``cityscore`` client: a thin gRPC client for district offices and the city office.

It imports no server modules. ``cityscore serve`` and ``cityscore migrate`` are not its
commands: the entry point (``services/main.py``) hands those two words to the server side
(``services/launch.py``) before the client is loaded; the client's help only mentions them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from cityscore.common.v1 import common_pb2, common_pb2_grpc
from cityscore.services.cli import blood, lpg, roads, wage
from cityscore.services.cli.channel import Connection
from cityscore.services.cli.common import stub_for
from cityscore.services.cli.context import CliState, call, state, stderr
from cityscore.services.cli.output import OutputFormat, render, render_record

cli = typer.Typer(name="cityscore", no_args_is_help=True, add_completion=False,
                  help="Assess and track the city's districts (client of the cityscore services).",
                  epilog="Files to import may be CSV (UTF-8 or GBK, as Excel saves them) or "
                         ".xlsx (first sheet); '-' reads standard input. The server side: "
                         "cityscore serve runs the services and cityscore migrate brings their "
                         "databases up to date (see cityscore serve --help, cityscore migrate "
                         "--help).")

_reference = stub_for(common_pb2_grpc.ReferenceServiceStub)
ROLE_NAMES = {value: name.removeprefix("ROLE_").lower()
              for name, value in common_pb2.Role.items()}


@cli.callback()
def client_options(
    ctx: typer.Context,
    target: Annotated[str, typer.Option(envvar="CITYSCORE_TARGET", help="Server host:port.")
                      ] = "127.0.0.1:50051",
    token: Annotated[str | None, typer.Option(envvar="CITYSCORE_TOKEN", show_default=False,
                                              help="Bearer token.")] = None,
    timeout: Annotated[float, typer.Option(min=0.1, help="Deadline of each call, seconds.")
                       ] = 30.0,
    output: Annotated[OutputFormat, typer.Option("--output", "-o", help="Output format.")
                      ] = OutputFormat.TABLE,
    ca_file: Annotated[Path | None, typer.Option(envvar="CITYSCORE_CA_FILE", exists=True,
                                                 dir_okay=False,
                                                 help="CA certificate: use TLS.")] = None,
) -> None:
    ctx.obj = CliState(Connection(target=target, token=token, timeout=timeout, ca_file=ca_file),
                       output)
    ctx.call_on_close(ctx.obj.connection.close)


@cli.command()
def districts(ctx: typer.Context) -> None:
    """List the 16 districts with their codes."""
    response = call(ctx, _reference(ctx).ListDistricts, common_pb2.ListDistrictsRequest())
    render([{"order": d.order, "code": d.code, "name_zh": d.name_zh, "name_en": d.name_en}
            for d in response.districts], title="Districts", output=state(ctx).output)


@cli.command()
def whoami(ctx: typer.Context) -> None:
    """Show who the server takes you for: principal, role and scope."""
    principal = call(ctx, _reference(ctx).WhoAmI, common_pb2.WhoAmIRequest()).principal
    render_record({"principal": principal.name, "role": ROLE_NAMES[principal.role],
                   "scope": principal.scope, "anonymous": principal.anonymous},
                  title="Caller", output=state(ctx).output)


token_app = typer.Typer(no_args_is_help=True, help="Make tokens for the server's tokens file.")
cli.add_typer(token_app, name="token")
cli.add_typer(blood.app, name="blood")
cli.add_typer(lpg.app, name="lpg")
cli.add_typer(roads.app, name="roads")
cli.add_typer(wage.app, name="wage")


@token_app.command("new")
def token_new(
    principal: Annotated[str, typer.Option(help="Who holds the token, e.g. pudong-office.")],
    role: Annotated[str, typer.Option(help="city_office, assessor, district_office, "
                                           "lpg_enterprise or operator.")],
    scope: Annotated[str, typer.Option(help="District code or LPG enterprise id.")] = "",
) -> None:
    """Print a new random token (give it to its holder) and its tokens-file entry."""
    from hashlib import sha256
    from secrets import token_urlsafe

    if role not in ROLE_NAMES.values() or role == "unspecified":
        raise typer.BadParameter(f"unknown role {role!r}", param_hint="--role")
    token = token_urlsafe(32)
    stderr.print("token (shown once; store it safely):")
    typer.echo(token)
    stderr.print("tokens-file entry:")
    typer.echo(json.dumps({"sha256": sha256(token.encode()).hexdigest(), "principal": principal,
                           "role": role, "scope": scope}), err=True)


def main() -> None:
    cli()
