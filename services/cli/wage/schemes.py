"""``cityscore wage scheme``: assessment schemes, their indicators and points."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from google.protobuf import json_format

from cityscore.services.cli.common import enum_label, request_id
from cityscore.services.cli.context import call, state
from cityscore.services.cli.imports import file_request_id
from cityscore.services.cli.output import render, render_record
from cityscore.services.cli.wage.shared import points, read_text, refuse_problems, stub
from cityscore.wage_assessment.v1 import wage_assessment_service_pb2 as pb

scheme_app = typer.Typer(no_args_is_help=True, help="Assessment schemes (indicators, points).")


def _parse_scheme(text: str, path: Path) -> pb.Scheme:
    try:
        return json_format.Parse(text, pb.Scheme())
    except json_format.ParseError as error:
        raise typer.BadParameter(f"{path}: {error}") from None


@scheme_app.command("load")
def scheme_load(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(exists=True, dir_okay=False,
                                         help="Scheme JSON (see data/schemes/).")],
    publish: Annotated[bool, typer.Option(help="Publish it right away.")] = False,
) -> None:
    """Store a scheme file as a draft (optionally publish it).

    The same file loaded again (after a timeout) is a retry: nothing is stored twice.
    """
    text = read_text(path)
    scheme = _parse_scheme(text, path)
    data = text.encode("utf-8")
    scheme = call(ctx, stub(ctx).CreateScheme, pb.CreateSchemeRequest(
        request_id=file_request_id(ctx, "scheme", "load", data, "create"), scheme=scheme)).scheme
    if publish:
        scheme = call(ctx, stub(ctx).PublishScheme, pb.PublishSchemeRequest(
            request_id=file_request_id(ctx, "scheme", "load", data, "publish"),
            version=scheme.version)).scheme
    _scheme_record(ctx, scheme)


def _scheme_record(ctx: typer.Context, scheme: pb.Scheme) -> None:
    render_record({"version": scheme.version, "year": scheme.year, "title": scheme.title,
                   "status": enum_label(pb.SchemeStatus, "SCHEME_STATUS_", scheme.status),
                   "indicators": len(scheme.indicators), "digest": scheme.digest},
                  title="Scheme", output=state(ctx).output)


@scheme_app.command("validate")
def scheme_validate(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="Scheme JSON.")],
) -> None:
    """Check a scheme file (sums to 100, rule parameters) without storing it."""
    result = call(ctx, stub(ctx).ValidateScheme,
                  pb.ValidateSchemeRequest(scheme=_parse_scheme(read_text(path), path)))
    if result.valid:
        render_record({"valid": True, "total_points": points(result.total_points)},
                      title="Scheme", output=state(ctx).output)
        return
    refuse_problems(ctx, result.problems)


@scheme_app.command("publish")
def scheme_publish(ctx: typer.Context, version: str) -> None:
    """Freeze a draft scheme so that years can use it."""
    _scheme_record(ctx, call(ctx, stub(ctx).PublishScheme, pb.PublishSchemeRequest(
        request_id=request_id(ctx), version=version)).scheme)


@scheme_app.command("show")
def scheme_show(ctx: typer.Context, version: str) -> None:
    """A scheme's indicators with their points and rules."""
    scheme = call(ctx, stub(ctx).GetScheme, pb.GetSchemeRequest(version=version)).scheme
    render([{"id": i.id, "category": i.category, "max": points(i.max_points),
             "rule": enum_label(pb.RuleType, "RULE_TYPE_", i.rule_type),
             "on_site": i.verified_on_site, "name": i.name} for i in scheme.indicators],
           columns=["id", "category", "max", "rule", "on_site", "name"],
           title=f"Scheme {scheme.version} ({scheme.year})", output=state(ctx).output)


@scheme_app.command("list")
def scheme_list(ctx: typer.Context) -> None:
    """All schemes."""
    schemes = call(ctx, stub(ctx).ListSchemes, pb.ListSchemesRequest()).schemes
    render([{"version": s.version, "year": s.year,
             "status": enum_label(pb.SchemeStatus, "SCHEME_STATUS_", s.status), "title": s.title}
            for s in schemes], columns=["version", "year", "status", "title"],
           title="Schemes", output=state(ctx).output)

