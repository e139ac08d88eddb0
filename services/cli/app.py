"""The ``cityscore`` client: a thin gRPC client for district offices and the city office.

It imports no server modules. ``cityscore serve`` and ``cityscore migrate`` are not its
commands: the entry point (``services/main.py``) hands those two words to the server side
(``services/launch.py``) before the client is loaded; the client's help only mentions them.
"""

from __future__ import annotations

import json
import uuid
from importlib.metadata import version as installed_version
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from cityscore.common.v1 import common_pb2, common_pb2_grpc
from cityscore.services.cli import blood, equipment, lpg, operations, roads, tracing, wage
from cityscore.services.cli.channel import Connection
from cityscore.services.cli.common import show_report, stub_for
from cityscore.services.cli.config import Profile, load_profile, read_token_file
from cityscore.services.cli.context import CliState, FileOptions, active, call, state, stderr
from cityscore.services.cli.options import hoist_global_options
from cityscore.services.cli.output import (
    OutputFormat,
    ReportFile,
    one_document,
    render_record,
)

DEFAULT_TARGET = "127.0.0.1:50051"
DEFAULT_TIMEOUT = 30.0


class ClientGroup(TyperGroup):
    """The root command: its options may come before or after the command
    (``cityscore districts -o json``), and a file that cannot be read or written is a usage
    error (exit 2), never a traceback."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        return super().parse_args(ctx, hoist_global_options(self, ctx, args))

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except OSError as error:
            stderr.print(f"[bold red]error[/]: {error}", highlight=False)
            raise typer.Exit(2) from None


cli = typer.Typer(name="cityscore", cls=ClientGroup, no_args_is_help=True,
                  help="Assess and track the city's districts (client of the cityscore services).",
                  epilog="The options above may also follow the command (cityscore districts "
                         "-o json). Files to import may be CSV (UTF-8 or GBK, as Excel saves "
                         "them) or .xlsx (first sheet, or --sheet); '-' reads standard input; "
                         "each area's template command writes an empty file to fill in. "
                         "Reports written to a .xlsx file are workbooks. Profiles: "
                         "~/.config/cityscore/config.toml. The server side: cityscore serve "
                         "runs the services and cityscore migrate brings their databases up "
                         "to date (see cityscore serve --help, cityscore migrate --help).")

_reference = stub_for(common_pb2_grpc.ReferenceServiceStub)
ROLE_NAMES = {value: name.removeprefix("ROLE_").lower()
              for name, value in common_pb2.Role.items()}


def _version(shown: bool) -> None:
    if shown:
        typer.echo(f"cityscore {installed_version('cityscore')}")
        raise typer.Exit()


def _existing(path: Path | None, flag: str) -> Path | None:
    if path is not None and not path.is_file():
        raise typer.BadParameter(f"{path} is not a file", param_hint=flag)
    return path


@cli.callback()
def client_options(
    ctx: typer.Context,
    target: Annotated[str | None, typer.Option(
        envvar="CITYSCORE_TARGET", show_default=False,
        help=f"Server host:port (default: the profile's, else {DEFAULT_TARGET}).")] = None,
    token: Annotated[str | None, typer.Option(envvar="CITYSCORE_TOKEN", show_default=False,
                                              help="Bearer token.")] = None,
    token_file: Annotated[Path | None, typer.Option(
        envvar="CITYSCORE_TOKEN_FILE", dir_okay=False, show_default=False,
        help="File holding the bearer token (beats the profile's; --token beats it).")] = None,
    timeout: Annotated[float | None, typer.Option(
        min=0.1, show_default=False,
        help=f"Deadline of each call, seconds (default: {DEFAULT_TIMEOUT:g}).")] = None,
    output: Annotated[OutputFormat, typer.Option("--output", "-o", help="Output format.")
                      ] = OutputFormat.TABLE,
    ca_file: Annotated[Path | None, typer.Option(
        envvar="CITYSCORE_CA_FILE", dir_okay=False, show_default=False,
        help="CA certificate: use TLS.")] = None,
    client_cert: Annotated[Path | None, typer.Option(
        envvar="CITYSCORE_CLIENT_CERT", dir_okay=False, show_default=False,
        help="Client certificate for mutual TLS (with --client-key and --ca-file).")] = None,
    client_key: Annotated[Path | None, typer.Option(
        envvar="CITYSCORE_CLIENT_KEY", dir_okay=False, show_default=False,
        help="Private key of --client-cert.")] = None,
    profile: Annotated[str | None, typer.Option(
        envvar="CITYSCORE_PROFILE", show_default=False,
        help="Profile of ~/.config/cityscore/config.toml to use.")] = None,
    request_id: Annotated[str | None, typer.Option(
        show_default=False, help="Request id of the command's writes: the id a failed "
                                 "command printed, to retry it.")] = None,
    encoding: Annotated[str | None, typer.Option(
        show_default=False, help="Read CSV files in this encoding (default: detect UTF-8 or "
                                 "GBK).")] = None,
    sheet: Annotated[str | None, typer.Option(
        show_default=False, help="Read this sheet of .xlsx files (name or number; default "
                                 "the first).")] = None,
    bom: Annotated[bool, typer.Option(
        "--bom", help="Start CSV written to files or stdout with a BOM, for Excel.")] = False,
    version: Annotated[bool, typer.Option(
        "--version", callback=_version, is_eager=True, help="Show the version and exit.")
                       ] = False,
) -> None:
    chosen = load_profile(profile) or Profile("")
    tls = [_existing(path, flag) for path, flag in (
        (ca_file or chosen.ca_file, "--ca-file"),
        (client_cert or chosen.client_cert, "--client-cert"),
        (client_key or chosen.client_key, "--client-key"))]
    if (tls[1] is None) != (tls[2] is None) or (tls[1] is not None and tls[0] is None):
        raise typer.BadParameter("mutual TLS needs --ca-file, --client-cert and --client-key "
                                 "together", param_hint="--client-cert")
    if token is None:
        kept = token_file or chosen.token_file
        token = read_token_file(kept) if kept is not None else None
    connection = Connection(
        target=target or chosen.target or DEFAULT_TARGET, token=token,
        timeout=timeout or chosen.timeout or DEFAULT_TIMEOUT,
        ca_file=tls[0], client_cert=tls[1], client_key=tls[2],
        request_id=request_id or uuid.uuid4().hex, explicit_request_id=request_id is not None)
    ctx.obj = CliState(connection, output, FileOptions(encoding, sheet, bom))
    ctx.call_on_close(connection.close)
    ctx.with_resource(active(ctx.obj))
    ctx.with_resource(one_document(output))
    ctx.with_resource(tracing.command_span(f"cityscore {ctx.invoked_subcommand or ''}".strip()))


@cli.command()
def districts(ctx: typer.Context, out: ReportFile = None) -> None:
    """List the 16 districts with their codes."""
    response = call(ctx, _reference(ctx).ListDistricts, common_pb2.ListDistrictsRequest())
    show_report(ctx, [{"order": d.order, "code": d.code, "name_zh": d.name_zh,
                       "name_en": d.name_en} for d in response.districts],
                title="Districts", out=out)


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
cli.add_typer(equipment.app, name="equipment")
cli.add_typer(lpg.app, name="lpg")
cli.add_typer(operations.app, name="operations")
cli.add_typer(roads.app, name="roads")
cli.add_typer(wage.app, name="wage")


@token_app.command("new")
def token_new(
    ctx: typer.Context,
    principal: Annotated[str, typer.Option(help="Who holds the token, e.g. pudong-office.")],
    role: Annotated[str, typer.Option(help="city_office, assessor, district_office, "
                                           "lpg_enterprise or operator.")],
    scope: Annotated[str, typer.Option(help="District code or LPG enterprise id.")] = "",
) -> None:
    """Print a new random token (give it to its holder; it alone goes to stdout, ready for a
    --token-file) and its tokens-file entry (stderr). With -o json: both in one document."""
    from hashlib import sha256
    from secrets import token_urlsafe

    if role not in ROLE_NAMES.values() or role == "unspecified":
        raise typer.BadParameter(f"unknown role {role!r}", param_hint="--role")
    token = token_urlsafe(32)
    entry = {"sha256": sha256(token.encode()).hexdigest(), "principal": principal,
             "role": role, "scope": scope}
    if state(ctx).output is OutputFormat.JSON:
        render_record({"token": token, "entry": entry}, output=OutputFormat.JSON)
        return
    stderr.print("token (shown once; store it safely):")
    typer.echo(token)
    stderr.print("tokens-file entry:")
    typer.echo(json.dumps(entry), err=True)


def main() -> None:
    cli()
