"""What every CLI command needs: the connection, the output format, the file options, and
error handling."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Annotated, Any, TypeVar

import grpc
import typer
from rich.console import Console

from cityscore.services.cli.channel import Connection, decode_failure
from cityscore.services.cli.output import OutputFormat, note

ResponseT = TypeVar("ResponseT")

#: Human messages go to stderr; stdout carries only data.
stderr = Console(stderr=True)


@dataclass(frozen=True)
class FileOptions:
    """How files are read and written in this invocation (``--encoding``, ``--sheet``,
    ``--bom``): every import and export of every area obeys them."""

    encoding: str | None = None
    sheet: str | None = None
    bom: bool = False


@dataclass
class CliState:
    connection: Connection
    output: OutputFormat
    files: FileOptions = field(default_factory=FileOptions)
    #: The request id a failed write can be retried with (printed with the failure).
    retry_id: str = ""


_current: ContextVar[CliState | None] = ContextVar("cityscore_cli_state", default=None)


@contextmanager
def active(cli_state: CliState) -> Iterator[None]:
    """Make ``cli_state`` the invocation's while it runs (the root command does it)."""
    token = _current.set(cli_state)
    try:
        yield
    finally:
        _current.reset(token)


def current() -> CliState | None:
    """This invocation's state, where no ``typer.Context`` is at hand (``None`` outside one)."""
    return _current.get()


def file_options() -> FileOptions:
    found = current()
    return found.files if found is not None else FileOptions()


def state(ctx: typer.Context) -> CliState:
    found = ctx.find_root().obj
    if not isinstance(found, CliState):
        raise typer.BadParameter("the cityscore client options were not parsed")
    return found


def _as_sent(detail: str) -> str:
    return detail


def option_flags(ctx: typer.Context) -> dict[str, str]:
    """The flags of the running command by parameter name (``district`` → ``--district``):
    a request field the server names is shown as the flag the user typed it with."""
    return {param.name: max(param.opts, key=len) for param in ctx.command.params
            if param.name and param.param_type_name == "option" and param.opts}


def _flag_renamer(flags: Mapping[str, str]) -> Callable[[str], str]:
    pattern = re.compile(r"^(\s*)([A-Za-z_][A-Za-z0-9_]*):")

    def rename(line: str) -> str:
        match = pattern.match(line)
        if match is None or match.group(2) not in flags:
            return line
        return f"{match.group(1)}{flags[match.group(2)]}:{line[match.end():]}"

    return rename


#: Lines shown of one problem before the rest are counted ("and 37 more rows ...").
SHOWN_PER_PROBLEM = 3


def _same_problem(text: str) -> str:
    """Lines that differ only in numbers (line, row, value) or quoted values tell the same
    problem."""
    return re.sub(r"\d+", "#", re.sub(r"'[^']*'", "'…'", text))


def summarise(lines: Iterable[str], shown: int = SHOWN_PER_PROBLEM) -> list[str]:
    """``lines`` with each problem shown at most ``shown`` times, then counted ("and 37 more
    rows with the same problem") instead of 40 identical lines."""
    kept: list[tuple[str, str]] = []
    counts: dict[str, int] = {}
    for line in lines:
        key = _same_problem(line)
        counts[key] = counts.get(key, 0) + 1
        if counts[key] <= shown:
            kept.append((key, line))
    last = {key: index for index, (key, _line) in enumerate(kept)}
    result: list[str] = []
    for index, (key, line) in enumerate(kept):
        result.append(line)
        more = counts[key] - shown
        if last[key] == index and more > 0:
            indent = line[:len(line) - len(line.lstrip())]
            result.append(f"{indent}and {more} more row{'' if more == 1 else 's'} with the "
                          "same problem")
    return result


def retry_advice(request_id: str) -> str:
    return (f"request id {request_id}: to retry this same request, run the command again "
            f"with --request-id {request_id} (nothing is stored twice)")


@contextmanager
def reporting_failures(detail: Callable[[str], str] = _as_sent,
                       flags: Mapping[str, str] | None = None) -> Iterator[None]:
    """Print a failed call's status and details on stderr and exit with its code.

    ``detail`` rewrites each detail line for the reader (an import names its rows by file
    line); a request field in ``flags`` is named by its CLI flag instead. The request id a
    write can be retried with is printed last.
    """
    try:
        yield
    except grpc.RpcError as error:
        failure = decode_failure(error)
        stderr.print(f"[bold red]error[/] ({failure.code.name}): {failure.message}",
                     highlight=False)
        rename = _flag_renamer(flags or {})
        # Unwrapped, so that an id or a file name can be copied whole.
        for line in summarise(detail(rename(line)) for line in failure.details):
            stderr.print(line, highlight=False, markup=False, soft_wrap=True)
        found = current()
        if found is not None and found.retry_id:
            stderr.print(retry_advice(found.retry_id), highlight=False, markup=False,
                         soft_wrap=True)
        raise typer.Exit(failure.exit_code) from None


def call(ctx: typer.Context, method: Callable[..., ResponseT], request: Any,
         timeout: float | None = None) -> ResponseT:
    """One call with the invocation's deadline, token and request id; failures exit, a
    request field named in them shown as the command's flag."""
    with reporting_failures(flags=option_flags(ctx)):
        return state(ctx).connection.call(method, request, timeout)


#: The ``--page-token`` of a command that shows one page of a list (see :func:`next_page`).
PageToken = Annotated[str, typer.Option(help="The next-page token a previous page printed.")]


def next_page(ctx: typer.Context, token: str) -> None:
    """Tell the reader how to get the page after the one just shown: with ``-o json`` as the
    document's ``next_page_token`` (empty on the last page, so every page is one shape, and
    nothing else on stdout); in a table or CSV on stderr, while there is a next page."""
    if state(ctx).output is OutputFormat.JSON:
        note("next_page_token", token)
    elif token:
        stderr.print(f"more: repeat with --page-token {token}", highlight=False, markup=False,
                     soft_wrap=True)


def every_page(ctx: typer.Context, method: Callable[..., Any], request: Any, field: str
               ) -> Iterator[Any]:
    """Every record of a paged list (AIP-158), page after page, following
    ``next_page_token`` to the last page (what a command shows whole, rather than a page at a
    time with :data:`PageToken` and :func:`next_page`)."""
    while True:
        page = call(ctx, method, request)
        yield from getattr(page, field)
        if not page.next_page_token:
            return
        request.page_token = page.next_page_token
