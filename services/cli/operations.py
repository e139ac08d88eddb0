"""``cityscore operations``: jobs a server runs after the call that started them (closing a
national survey), followed by name: shown, listed, waited for with a progress bar, cancelled.

The commands that start such a job (``cityscore roads close-survey``) start it and wait for it
here too (:func:`start`, with their ``--no-wait`` as :data:`NoWait`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import grpc
import typer
from google.longrunning import operations_pb2_grpc as lro_grpc  # type: ignore[import-untyped]
from google.longrunning import operations_proto_pb2 as lro
from google.protobuf import any_pb2, duration_pb2, json_format, symbol_database
from google.protobuf.message import Message
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from cityscore.services.cli.common import stub_for
from cityscore.services.cli.context import call, every_page, reporting_failures, state, stderr
from cityscore.services.cli.output import OutputFormat, render, render_record

ResponseT = TypeVar("ResponseT", bound=Message)

app = typer.Typer(no_args_is_help=True, help="Jobs the server runs after the call that "
                                              "started them: show, list, wait, cancel.")
stub = stub_for(lro_grpc.OperationsStub)

#: How long one WaitOperation call asks the server to wait (it may answer sooner).
WAIT_SECONDS = 5
PAGE_SIZE = 100

Name = Annotated[str, typer.Argument(help="The operation's name, operations/<service>/<id>.")]

#: The ``--no-wait`` of a command that starts an operation (see :func:`start`).
NoWait = Annotated[bool, typer.Option(
    "--no-wait", help="Print the operation's name and return; follow it with "
                      "cityscore operations wait NAME.")]


def _unpacked(packed: any_pb2.Any) -> Message | None:
    """The message in ``packed``, when this client knows its type."""
    if not packed.type_url:
        return None
    try:
        kind = symbol_database.Default().GetSymbol(packed.TypeName())
    except KeyError:
        return None
    message: Message = kind()
    return message if packed.Unpack(message) else None


def _state(operation: lro.Operation) -> str:
    if not operation.done:
        return "running"
    if operation.WhichOneof("result") == "error":
        return "cancelled" if operation.error.code == grpc.StatusCode.CANCELLED.value[0] \
            else "failed"
    return "done"


def _progress(operation: lro.Operation) -> tuple[int, int, str]:
    """done, total and note of the operation's metadata (0, 0, "" when it says none)."""
    metadata = _unpacked(operation.metadata)
    if metadata is None:
        return 0, 0, ""
    fields = {f.name for f in metadata.DESCRIPTOR.fields}
    return (int(getattr(metadata, "done", 0)) if "done" in fields else 0,
            int(getattr(metadata, "total", 0)) if "total" in fields else 0,
            str(getattr(metadata, "note", "")) if "note" in fields else "")


def operation_record(operation: lro.Operation) -> dict[str, Any]:
    done, total, note = _progress(operation)
    record: dict[str, Any] = {"name": operation.name, "state": _state(operation),
                              "progress": f"{done}/{total}" if total else "", "note": note}
    if operation.WhichOneof("result") == "error":
        record["error"] = operation.error.message
    response = _unpacked(operation.response) if operation.HasField("response") else None
    if response is not None:
        record["response"] = json_format.MessageToDict(response)
    return record


class _OperationFailed(grpc.RpcError, grpc.Call):
    """An operation's error as the failed call it stands for, so it is reported alike."""

    def __init__(self, status: Any) -> None:
        self._status = status

    def code(self) -> grpc.StatusCode:
        return next((c for c in grpc.StatusCode if c.value[0] == self._status.code),
                    grpc.StatusCode.UNKNOWN)

    def details(self) -> str:
        return str(self._status.message)

    def trailing_metadata(self) -> Any:
        return (("grpc-status-details-bin", self._status.SerializeToString()),)

    def initial_metadata(self) -> Any:
        return ()

    def is_active(self) -> bool:
        return False

    def time_remaining(self) -> float:
        return 0.0

    def cancel(self) -> bool:
        return False

    def add_callback(self, callback: Any) -> bool:
        return False


def result(operation: lro.Operation, response_type: type[ResponseT]) -> ResponseT:
    """The answer a done operation holds; its error exits as the failed call would have."""
    if operation.WhichOneof("result") == "error":
        with reporting_failures():
            raise _OperationFailed(operation.error)
    response = response_type()
    if not operation.response.Unpack(response):
        stderr.print(f"[bold red]error[/]: {operation.name} answered "
                     f"{operation.response.TypeName()}, not {response_type.DESCRIPTOR.full_name}",
                     highlight=False)
        raise typer.Exit(1)
    return response


def wait_for(ctx: typer.Context, name: str, label: str) -> lro.Operation:
    """Wait until ``name`` is done, with a progress bar on stderr (data stays on stdout)."""
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn())
    with Progress(*columns, console=stderr, transient=True) as bar:
        task = bar.add_task(label, total=None)
        while True:
            operation: lro.Operation = call(ctx, stub(ctx).WaitOperation, lro.WaitOperationRequest(
                name=name, timeout=duration_pb2.Duration(seconds=WAIT_SECONDS)))
            done, total, note = _progress(operation)
            bar.update(task, completed=done, total=total or None,
                       description=f"{label}: {note}" if note else label)
            if operation.done:
                return operation


def start(ctx: typer.Context, method: Callable[..., Any], request: Message,
          response_type: type[ResponseT], *, label: str, no_wait: bool) -> ResponseT | None:
    """Start an operation with ``method`` (a ``Start…`` RPC, whose answer names the operation
    with its first metadata); with ``no_wait``, print its name on stdout (to
    follow with ``cityscore operations wait``; with ``-o json``, the operation as one JSON
    document, as ``operations get`` shows it) and answer None, else wait for it with a
    progress bar captioned ``label`` and answer what it holds (its error exits as the failed
    call would have)."""
    started = call(ctx, method, request)
    if no_wait:
        if state(ctx).output is OutputFormat.JSON:
            operation = lro.Operation(name=started.name, metadata=started.metadata,
                                      done=started.done)
            render_record(operation_record(operation), title="Operation",
                          output=OutputFormat.JSON)
        else:
            typer.echo(started.name)
        return None
    return result(wait_for(ctx, started.name, label), response_type)


@app.command("get")
def get(ctx: typer.Context, name: Name) -> None:
    """Show an operation: its state, progress, and its answer or error once done."""
    operation = call(ctx, stub(ctx).GetOperation, lro.GetOperationRequest(name=name))
    render_record(operation_record(operation), title="Operation", output=state(ctx).output)


@app.command("list")
def list_operations(
        ctx: typer.Context,
        service: Annotated[str, typer.Argument(help="The service, e.g. rural_roads.")]) -> None:
    """The operations of a service, newest first (yours; all of them for the city office and
    operators)."""
    request = lro.ListOperationsRequest(name=f"operations/{service}", page_size=PAGE_SIZE)
    rows = [operation_record(o)
            for o in every_page(ctx, stub(ctx).ListOperations, request, "operations")]
    render([{k: v for k, v in r.items() if k != "response"} for r in rows],
           columns=["name", "state", "progress", "note"], title="Operations",
           output=state(ctx).output)


@app.command("wait")
def wait(ctx: typer.Context, name: Name) -> None:
    """Wait for an operation to end, with a progress bar; show it (a failed one exits as its
    call would have)."""
    operation = wait_for(ctx, name, name.rpartition("/")[2][:8])
    render_record(operation_record(operation), title="Operation", output=state(ctx).output)
    if operation.WhichOneof("result") == "error":
        with reporting_failures():
            raise _OperationFailed(operation.error)


@app.command("cancel")
def cancel(ctx: typer.Context, name: Name) -> None:
    """Ask the server to stop an operation; a cancelled job stores nothing."""
    call(ctx, stub(ctx).CancelOperation, lro.CancelOperationRequest(name=name))
    stderr.print(f"cancellation of {name} requested", highlight=False)
