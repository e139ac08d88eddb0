"""A CLI command traced end to end: the command's span, its client span, and the server's span
continuing the same trace."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator

import pytest
from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from support import ServerFactory
from typer.testing import CliRunner

from cityscore.services.cli import tracing
from cityscore.services.cli.app import cli


def _recording() -> tuple[TracerProvider, InMemorySpanExporter]:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    return provider, exporter


@pytest.fixture
def client_spans() -> Iterator[InMemorySpanExporter]:
    provider, exporter = _recording()
    tracing.use_provider(provider)
    yield exporter
    tracing.use_provider(None)


def test_a_command_is_one_trace_from_the_client_to_the_server(
        start_server: ServerFactory, client_spans: InMemorySpanExporter) -> None:
    server_provider, server_spans = _recording()
    running = start_server([], tracer_provider=server_provider)
    result = CliRunner().invoke(cli, ["--target", running.target, "--token", "city-token",
                                      "-o", "json", "districts"])
    assert result.exit_code == 0, result.output

    (command,) = [s for s in client_spans.get_finished_spans() if s.parent is None]
    assert command.name == "cityscore districts"
    (client,) = [s for s in client_spans.get_finished_spans()
                 if s.kind == trace.SpanKind.CLIENT]
    assert client.name == "cityscore.common.v1.ReferenceService/ListDistricts"
    assert client.parent is not None and client.parent.span_id == command.context.span_id
    (served,) = [s for s in server_spans.get_finished_spans()
                 if s.kind == trace.SpanKind.SERVER]
    assert served.context.trace_id == command.context.trace_id
    assert served.parent is not None and served.parent.span_id == client.context.span_id


def test_without_otel_variables_the_client_loads_no_tracing() -> None:
    probe = ("import contextlib, io, os, sys\n"
             "for name in [n for n in os.environ if n.startswith('OTEL_')]:\n"
             "    del os.environ[name]\n"
             "from cityscore.services.main import main\n"
             "sys.argv = ['cityscore', 'districts', '--help']\n"
             "with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):\n"
             "    main()\n"
             "print(sorted(m for m in sys.modules if m.startswith(('opentelemetry', "
             "'cityscore.core'))))")
    output = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            check=True).stdout
    assert output.strip() == "[]"
