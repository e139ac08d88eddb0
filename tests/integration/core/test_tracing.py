"""Traces: one RPC's span tree, continuing the caller's trace, and its trace id in the logs."""

from __future__ import annotations

import logging

import pytest
from opentelemetry import trace
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from support import ServerFactory

from cityscore.blood_quota.v1 import blood_quota_service_pb2 as pb
from cityscore.blood_quota.v1 import blood_quota_service_pb2_grpc as pb_grpc
from cityscore.core import kernel
from cityscore.core.tracing import provider_from_environment, serving_with

CALLER_TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"
CALLER_SPAN_ID = "00f067aa0ba902b7"


def test_one_call_is_a_server_span_over_its_database_work(
        start_server: ServerFactory, caplog: pytest.LogCaptureFixture) -> None:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    running = start_server(["blood_quota"], tracer_provider=provider)
    stub = pb_grpc.BloodQuotaServiceStub(running.channel("city-token"))

    with caplog.at_level(logging.INFO, logger="cityscore"):
        stub.CreatePlan(pb.CreatePlanRequest(request_id="traced-plan", plan=pb.Plan(year=2017),
                                             use_published=True), timeout=30,
                        metadata=(("traceparent", f"00-{CALLER_TRACE_ID}-{CALLER_SPAN_ID}-01"),))

    spans = exporter.get_finished_spans()
    server = [s for s in spans if s.kind == trace.SpanKind.SERVER]
    assert [s.name for s in server] == ["cityscore.blood_quota.v1.BloodQuotaService/CreatePlan"]
    call = server[0]
    assert format(call.context.trace_id, "032x") == CALLER_TRACE_ID
    assert call.parent is not None and format(call.parent.span_id, "016x") == CALLER_SPAN_ID
    assert call.attributes is not None
    assert call.attributes["rpc.system"] == "grpc"
    assert call.attributes["rpc.method"] == "CreatePlan"
    assert call.attributes["rpc.grpc.status_code"] == 0
    assert call.attributes["cityscore.request_id"]

    def children(of: ReadableSpan) -> list[ReadableSpan]:
        return [s for s in spans if s.parent is not None and s.parent.span_id == of.context.span_id]

    transactions = children(call)
    assert transactions and all(s.name == "db.transaction" for s in transactions)
    writes = [s for s in transactions if s.attributes and s.attributes["cityscore.writes"]]
    assert len(writes) == 1
    assert writes[0].attributes is not None and writes[0].attributes["db.system"] == "sqlite"
    assert [s.name for s in children(writes[0])] == ["db.commit"]

    finished = [r for r in caplog.records if r.getMessage() == "rpc finished"]
    assert finished and all(getattr(r, "trace_id", None) == CALLER_TRACE_ID for r in finished)
    assert {getattr(r, "span_id", None) for r in finished} == {
        format(call.context.span_id, "016x")}


@pytest.mark.parametrize(("environ", "on"), [
    ({}, False),
    ({"OTEL_TRACES_EXPORTER": "none", "OTEL_EXPORTER_OTLP_ENDPOINT": "http://c:4317"}, False),
    ({"OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4317"}, True),
    ({"OTEL_TRACES_EXPORTER": "console"}, True),
    ({"OTEL_TRACES_EXPORTER": "otlp", "OTEL_SDK_DISABLED": "true"}, False),
])
def test_tracing_is_off_unless_the_otel_variables_ask(environ: dict[str, str], on: bool) -> None:
    provider = provider_from_environment(environ)
    assert (provider is not None) is on
    if provider is not None:
        provider.shutdown()


def test_kernel_passes_inside_a_traced_call_are_spans() -> None:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    tracer = provider.get_tracer("test")
    with tracer.start_as_current_span("call") as call, serving_with(tracer):
        ranking = kernel.competition_rank([90.0, 80.0, 90.0])
    assert ranking.ranks.tolist() == [1, 3, 1]
    (span,) = [s for s in exporter.get_finished_spans() if s.name.startswith("kernel.")]
    assert span.name == "kernel.competition_rank"
    assert span.parent is not None and span.parent.span_id == call.get_span_context().span_id
    kernel.competition_rank([1.0])  # outside a traced call: no span
    assert len(exporter.get_finished_spans()) == 2
