"""``cityscore lpg user``: users registered under real name, one at a time or from CSV."""

from __future__ import annotations

import sys
from collections.abc import Iterator, Mapping
from typing import Annotated, Any

import typer

from cityscore.lpg_registry.v1 import lpg_registry_service_pb2 as pb
from cityscore.services.cli.common import (
    enum_label,
    parse_date,
    parse_enum,
    proto_date,
    request_id,
    show_date,
)
from cityscore.services.cli.context import PageToken, call, next_page, state
from cityscore.services.cli.csv_io import chunks, with_progress
from cityscore.services.cli.imports import call_rows
from cityscore.services.cli.lpg.shared import (
    FileOpt,
    LimitOpt,
    app,
    stub,
)
from cityscore.services.cli.output import render, render_record
from cityscore.services.cli.templates import Column, ImportKind, add_template_command

user_app = typer.Typer(no_args_is_help=True, help="Real-name LPG users.")

USER_CHUNK = 2_000

USERS = ImportKind("users", "Real-name LPG users", (
    Column.enum("user_type", "What the user is", "catering", pb.UserType, "USER_TYPE_",
                aliases={"居民": "residential", "餐饮": "catering", "商业": "commercial",
                         "经营": "reseller"}),
    Column.text("enterprise_id", "Supplying enterprise id (cityscore lpg enterprise list)",
                "E1"),
    Column.text("name", "Name of the person or contact", "赵师傅"),
    Column.text("resident_id", "Resident ID number, 18 characters (required for "
                "residential); stored as a keyed hash and shown masked only", "",
                required=False),
    Column.text("phone", "Phone number", "021-6666-0000"),
    Column.text("business_name", "Business name (catering, commercial, reseller)",
                "饺子馆", required=False),
    Column.text("credit_code", "Unified social credit code, 18 characters (catering, "
                "commercial, reseller)", "51310104425000014W", required=False),
    Column.text("address", "Address of use", "3 Food St"),
    Column.text("district", "District code (cityscore districts)", "pudong"),
    Column.text("subdistrict", "Subdistrict or town (required for residential)", "Zhangjiang",
                required=False),
    Column.text("grid_cell", "Grid cell", "ZJ-01", required=False),
    Column.text("licence_number", "Gas business licence (reseller)", "", required=False),
    Column.date("licence_valid_until", "Last valid day of the licence (reseller)", "",
                required=False),
    Column.date("registered_on", "Day the user registered (default: the day of the import)",
                "2018-09-20", required=False),
), notes="A row whose resident ID, or credit code, is already registered (or repeats an "
         "earlier row) is skipped and reported as a duplicate.")
add_template_command(app, USERS)


def _user_record(user: pb.User) -> dict[str, Any]:
    return {"user_id": user.user_id, "type": enum_label(pb.UserType, "USER_TYPE_", user.user_type),
            "enterprise": user.enterprise_id, "name": user.name,
            "business": user.business_name, "resident_id": user.resident_id_masked,
            "phone": user.phone_masked, "district": user.district,
            "review": enum_label(pb.ReviewStatus, "REVIEW_STATUS_", user.review_status),
            "safety_verified": user.safety_verified,
            "registered_on": show_date(user.registered_on),
            "holds": list(user.held_cylinders),
            "licence": user.licence_number,
            "licence_valid_until": show_date(user.licence_valid_until)
            if user.HasField("licence_valid_until") else ""}


_TEXT_FIELDS = ("enterprise_id", "name", "resident_id", "phone", "business_name",
                "credit_code", "address", "district", "subdistrict", "grid_cell",
                "licence_number")


def _user_message(values: Mapping[str, Any]) -> pb.User:
    """A user from the values of a :data:`USERS` row (or the options of ``user add``)."""
    user = pb.User(user_type=values["user_type"])
    for name in _TEXT_FIELDS:
        setattr(user, name, values.get(name) or "")
    for name in ("licence_valid_until", "registered_on"):
        if values.get(name):
            getattr(user, name).CopyFrom(proto_date(values[name]))
    return user


@user_app.command("add")
def user_add(
    ctx: typer.Context,
    user_type: Annotated[str, typer.Option(
        "--type", help="residential, catering, commercial or reseller.")],
    enterprise: Annotated[str, typer.Option(help="Supplying enterprise id.")],
    name: Annotated[str, typer.Option(help="Name of the person or contact.")],
    phone: Annotated[str, typer.Option(help="Phone number.")],
    address: Annotated[str, typer.Option(help="Address of use.")],
    district: Annotated[str, typer.Option(help="District code.")],
    resident_id: Annotated[str, typer.Option(help="Resident ID number (residential).")] = "",
    subdistrict: Annotated[str, typer.Option(help="Subdistrict or town.")] = "",
    grid_cell: Annotated[str, typer.Option(help="Grid cell.")] = "",
    business: Annotated[str, typer.Option(help="Business name (catering, commercial).")] = "",
    credit_code: Annotated[str, typer.Option(help="Credit code (catering, commercial).")] = "",
    licence: Annotated[str, typer.Option(help="Gas business licence (reseller).")] = "",
    licence_valid_until: Annotated[str, typer.Option(
        help="Last valid day of the licence, YYYY-MM-DD (reseller).")] = "",
) -> None:
    """Register one user under real name."""
    valid_until = parse_date(licence_valid_until, "--licence-valid-until") \
        if licence_valid_until else None
    user = _user_message({
        "user_type": parse_enum(pb.UserType, "USER_TYPE_", user_type, "--type"),
        "enterprise_id": enterprise, "name": name, "phone": phone, "address": address,
        "district": district, "resident_id": resident_id, "subdistrict": subdistrict,
        "grid_cell": grid_cell, "business_name": business, "credit_code": credit_code,
        "licence_number": licence})
    if valid_until is not None:
        user.licence_valid_until.CopyFrom(valid_until)
    response = call(ctx, stub(ctx).RegisterUser,
                    pb.RegisterUserRequest(request_id=request_id(ctx), user=user))
    render_record(_user_record(response.user), title="User", output=state(ctx).output)


@user_app.command("import", epilog=USERS.epilog("lpg"))
def user_import(ctx: typer.Context, file: FileOpt) -> None:
    """Register users from a file, streamed in chunks as one request: all or nothing, and
    the same file sent again is a retry that registers nobody twice. Identities already
    registered are skipped and listed by their line."""
    read = USERS.read(file)
    users = [_user_message(row.values) for row in read.rows]
    rid = read.request_id(ctx, "import")

    def requests() -> Iterator[pb.ImportUsersRequest]:
        for part in with_progress(chunks(users, USER_CHUNK), len(users), "users", len):
            yield pb.ImportUsersRequest(request_id=rid, users=part)

    response = call_rows(ctx, stub(ctx).ImportUsers, requests(), "users", read.lines,
                         USERS.fields)
    render_record({"registered": response.registered,
                   "duplicates": len(response.duplicate_rows),
                   "duplicate_lines": [read.lines[r] for r in response.duplicate_rows]},
                  title="Import", output=state(ctx).output)


@user_app.command("show")
def user_show(ctx: typer.Context, user_id: Annotated[int, typer.Argument()]) -> None:
    """One user (masked) and the cylinders they hold."""
    response = call(ctx, stub(ctx).GetUser, pb.GetUserRequest(user_id=user_id))
    render_record(_user_record(response.user), title="User", output=state(ctx).output)


def _show_users(ctx: typer.Context, page: pb.ListUsersResponse | pb.FindUsersResponse) -> None:
    """A page of users (masked), and how to get the next."""
    render([_user_record(u) for u in page.users], title="Users", output=state(ctx).output)
    next_page(ctx, page.next_page_token)


@user_app.command("list")
def user_list(
    ctx: typer.Context,
    district: Annotated[str, typer.Option(help="Only this district.")] = "",
    limit: LimitOpt = 100,
    page_token: PageToken = "",
) -> None:
    """Users you may see, in order of registration, page by page."""
    response = call(ctx, stub(ctx).ListUsers, pb.ListUsersRequest(
        district=district, page_size=limit, page_token=page_token))
    _show_users(ctx, response)


@user_app.command("review")
def user_review(
    ctx: typer.Context,
    user_id: Annotated[int, typer.Argument()],
    reject: Annotated[bool, typer.Option(help="Reject instead of approving.")] = False,
) -> None:
    """Mark a registration reviewed (or rejected)."""
    status = pb.REVIEW_STATUS_REJECTED if reject else pb.REVIEW_STATUS_REVIEWED
    response = call(ctx, stub(ctx).ReviewUser, pb.ReviewUserRequest(
        request_id=request_id(ctx), user_id=user_id, review_status=status))
    render_record(_user_record(response.user), title="User", output=state(ctx).output)


@user_app.command("verify-safety")
def user_verify_safety(
    ctx: typer.Context,
    user_id: Annotated[int, typer.Argument()],
    revoke: Annotated[bool, typer.Option(help="Withdraw the verification.")] = False,
) -> None:
    """Record that a catering or commercial site's safe-use conditions were verified."""
    response = call(ctx, stub(ctx).VerifyUserSafety, pb.VerifyUserSafetyRequest(
        request_id=request_id(ctx), user_id=user_id, verified=not revoke))
    render_record(_user_record(response.user), title="User", output=state(ctx).output)


def _secret(value: str) -> str:
    """An identifier typed on the command line, or read from standard input for ``-`` (so the
    number stays out of the shell's history)."""
    return sys.stdin.readline().strip() if value == "-" else value


@user_app.command("find")
def user_find(
    ctx: typer.Context,
    resident_id: Annotated[str, typer.Option(
        help="Full resident ID number ('-': read it from standard input).")] = "",
    phone: Annotated[str, typer.Option(help=(
        "Full phone number, spelt any way (021-5555-1234, +86 21 5555 1234; '-': stdin)."))
                     ] = "",
    name: Annotated[str, typer.Option(help="Part of the name or business name.")] = "",
    address: Annotated[str, typer.Option(help="Part of the address.")] = "",
    grid_cell: Annotated[str, typer.Option(help="Grid cell.")] = "",
    district: Annotated[str, typer.Option(help="Only this district.")] = "",
    enterprise: Annotated[str, typer.Option(help="Only this enterprise's users.")] = "",
    limit: LimitOpt = 100,
    page_token: PageToken = "",
) -> None:
    """Find users you may see (city and district offices, LPG enterprises); numbers are
    matched by keyed hash and shown masked only, and a search by number is audited."""
    response = call(ctx, stub(ctx).FindUsers, pb.FindUsersRequest(
        resident_id=_secret(resident_id), phone=_secret(phone), name_contains=name,
        address_contains=address, grid_cell=grid_cell, district=district,
        enterprise_id=enterprise, page_size=limit, page_token=page_token))
    _show_users(ctx, response)


@user_app.command("review-many")
def user_review_many(
    ctx: typer.Context,
    user_ids: Annotated[list[int] | None, typer.Argument(
        help="Users to review; leave out to take every pending user of --district or "
             "--enterprise.")] = None,
    district: Annotated[str, typer.Option(help="Every pending user of this district.")] = "",
    enterprise: Annotated[str, typer.Option(help="Only this enterprise's users.")] = "",
    reject: Annotated[bool, typer.Option(help="Reject instead of approving.")] = False,
) -> None:
    """Review many registrations at once; each user's change is audited."""
    status = pb.REVIEW_STATUS_REJECTED if reject else pb.REVIEW_STATUS_REVIEWED
    response = call(ctx, stub(ctx).ReviewUsers, pb.ReviewUsersRequest(
        request_id=request_id(ctx), review_status=status, user_ids=user_ids or [],
        district=district, enterprise_id=enterprise))
    render_record({"changed": len(response.user_ids),
                   "user_ids": list(response.user_ids),
                   "unchanged": list(response.unchanged_user_ids)},
                  title="Review", output=state(ctx).output)
