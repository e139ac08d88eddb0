"""``cityscore blood plan create|show``: a year's plan, the targets and rules every allocation,
split and progress report of the year is made under."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any

import typer

from cityscore.blood_quota.v1 import blood_quota_service_pb2 as pb
from cityscore.services.cli.blood.shared import Year, row_kind, stub
from cityscore.services.cli.common import request_id
from cityscore.services.cli.context import call, state
from cityscore.services.cli.output import render_record

CARVE_KINDS = {"university": pb.ROW_KIND_UNIVERSITY, "garrison": pb.ROW_KIND_GARRISON,
               "increment": pb.ROW_KIND_INCREMENT}


def _plan_record(plan: pb.Plan) -> dict[str, Any]:
    record: dict[str, Any] = {
        "year": plan.year, "city_target_units": plan.city_target_units,
        "group_target_units": plan.group_target_units,
        "street_target_units": plan.street_target_units, "reserve_units": plan.reserve_units,
        "drill_min_city_units": plan.drill_min_city_units,
        "drill_min_per_district_units": plan.drill_min_per_district_units,
        "units_per_person": plan.units_per_person,
        "district_pool_units": plan.district_pool_units, "rule_version": plan.rule_version,
        "garrison_counts_toward_group": plan.garrison_counts_toward_group,
        "increment_sites": ", ".join(plan.increment_sites),
        "platelet_units_per_dose": plan.platelet_units_per_dose,
        "platelet_conversion_source": plan.platelet_conversion_source,
        "platelets_count_toward_targets": plan.platelets_count_toward_targets}
    for carve in plan.carve_outs:
        record[f"carve_out.{carve.code}"] = f"{carve.units} ({row_kind(carve.kind)})"
    return record


def _show_plan(ctx: typer.Context, plan: pb.Plan, warnings: Sequence[str]) -> None:
    render_record(_plan_record(plan), title=f"Plan {plan.year}", output=state(ctx).output,
                  key="plan", warnings=list(warnings))


plan_app = typer.Typer(no_args_is_help=True, help="Create and show a year's plan.")


@plan_app.command("create")
def plan_create(
    ctx: typer.Context, year: Year,
    published: Annotated[bool, typer.Option(help="Use the published plan of the year.")] = False,
    city_target: Annotated[int, typer.Option(help="City target, units.")] = 0,
    group_target: Annotated[int, typer.Option(help="Group donation target, units.")] = 0,
    street_target: Annotated[int, typer.Option(help="Street donation target, units.")] = 0,
    reserve: Annotated[int, typer.Option(help="Emergency reserve, units.")] = 0,
    drill_min_city: Annotated[int, typer.Option(help="Citywide drill minimum, units.")] = 0,
    drill_min_district: Annotated[int, typer.Option(help="Drill minimum per district.")] = 400,
    carve_out: Annotated[list[str] | None, typer.Option(
        help="code:kind:units, kind university, garrison or increment; repeat.")] = None,
    units_per_person: Annotated[str, typer.Option(help="Units per mobilised person.")] = "1.0",
    garrison_in_group: Annotated[bool, typer.Option(
        help="Count garrison collections toward the group target too.")] = False,
    increment_site: Annotated[list[str] | None, typer.Option(
        help="A new or moved street site feeding the increment row; repeat.")] = None,
    platelet_units_per_dose: Annotated[str, typer.Option(
        help="Units counted per therapeutic dose of apheresis platelets (e.g. 10); with "
             "--published, replaces the shipped conversion.")] = "",
    platelet_source: Annotated[str, typer.Option(
        help="Where the platelet conversion comes from (required with a conversion).")] = "",
    count_platelets: Annotated[bool, typer.Option(
        help="Count platelet donations toward the whole-blood targets (default: recorded and "
             "reported only).")] = False,
) -> None:
    """Create the plan of a year (or load the published one with --published)."""
    if platelet_units_per_dose and not platelet_source:
        raise typer.BadParameter("say where the conversion comes from",
                                 param_hint="--platelet-source")
    carves = []
    for text in carve_out or []:
        code, _, rest = text.partition(":")
        kind, _, units = rest.partition(":")
        if kind not in CARVE_KINDS or not units.isdigit():
            raise typer.BadParameter(f"{text!r} is not code:kind:units with kind one of "
                                     f"{', '.join(CARVE_KINDS)}", param_hint="--carve-out")
        carves.append(pb.CarveOut(code=code, name=code, kind=CARVE_KINDS[kind], units=int(units)))
    plan = pb.Plan(year=year, city_target_units=city_target, group_target_units=group_target,
                   street_target_units=street_target, reserve_units=reserve,
                   drill_min_city_units=drill_min_city,
                   drill_min_per_district_units=drill_min_district, carve_outs=carves,
                   units_per_person=units_per_person,
                   garrison_counts_toward_group=garrison_in_group,
                   increment_sites=increment_site or [],
                   platelet_units_per_dose=platelet_units_per_dose,
                   platelet_conversion_source=platelet_source,
                   platelets_count_toward_targets=count_platelets)
    response = call(ctx, stub(ctx).CreatePlan, pb.CreatePlanRequest(
        request_id=request_id(ctx), plan=plan, use_published=published))
    _show_plan(ctx, response.plan, response.warnings)


@plan_app.command("show")
def plan_show(ctx: typer.Context, year: Year) -> None:
    """Show a year's plan and its validation warnings."""
    response = call(ctx, stub(ctx).GetPlan, pb.GetPlanRequest(year=year))
    _show_plan(ctx, response.plan, response.warnings)

