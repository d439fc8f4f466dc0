"""Metrics (Prometheus) and traces (OpenTelemetry, W3C trace context) for services and the gateway.

One trace follows a request from the gateway through a service's HTTP API, its outbox row
(the ``traceparent`` header is stored with the event), Kafka, and the consumer that handles it.
Spans are exported when ``OTEL_EXPORTER_OTLP_ENDPOINT`` is set; without it they still carry
the trace id into logs and headers.
"""

from __future__ import annotations

import os
import time
from collections.abc import Awaitable, Callable, Mapping

from fastapi import FastAPI, Request, Response
from opentelemetry import propagate, trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.trace import SpanKind
from prometheus_client import CONTENT_TYPE_LATEST, Counter, Gauge, Histogram, generate_latest

HTTP_REQUESTS = Counter("pact_http_requests_total", "HTTP requests answered.", ["service", "method", "route", "status"])
HTTP_LATENCY = Histogram("pact_http_request_duration_seconds", "Time to answer an HTTP request.", ["service", "method", "route"])
OUTBOX_PENDING = Gauge("pact_outbox_pending_events", "Events committed but not yet published.", ["service"])
OUTBOX_OLDEST_AGE = Gauge("pact_outbox_oldest_pending_age_seconds", "Age of the oldest unpublished event (0 when none).", ["service"])
OUTBOX_PUBLISHED = Counter("pact_outbox_published_events_total", "Events the relay published.", ["service"])
CONSUMER_LAG = Gauge("pact_consumer_lag_events", "Events on the topic the consumer group has not yet committed.", ["service", "consumer", "topic"])
HANDLER_DURATION = Histogram("pact_consumer_handler_duration_seconds", "Time to apply one event (inbox and effect).", ["consumer", "event_type"])
DEAD_LETTERED = Counter("pact_consumer_dead_lettered_total", "Messages parked in a dead-letter topic.", ["consumer", "topic"])

_configured = False


def configure_tracing(service: str) -> None:
    """Once per process: the first service's name labels the process's spans."""
    global _configured
    if _configured:
        return
    provider = TracerProvider(resource=Resource.create({"service.name": service}))
    if os.environ.get("OTEL_EXPORTER_OTLP_ENDPOINT"):
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
        from opentelemetry.sdk.trace.export import BatchSpanProcessor

        provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    trace.set_tracer_provider(provider)
    _configured = True


tracer = trace.get_tracer("pact.servicekit")


def inject_trace_context(carrier: dict[str, str]) -> dict[str, str]:
    """Adds ``traceparent`` (and ``tracestate``) for the current span to ``carrier``."""
    propagate.inject(carrier)
    return carrier


def consumer_span(name: str, headers: Mapping[str, str]):
    """A span for handling one message, child of the span that emitted it."""
    return tracer.start_as_current_span(name, context=propagate.extract(dict(headers)), kind=SpanKind.CONSUMER)


def current_trace_ids() -> dict[str, str]:
    context = trace.get_current_span().get_span_context()
    if not context.is_valid:
        return {}
    return {"trace_id": format(context.trace_id, "032x"), "span_id": format(context.span_id, "016x")}


def install_observability(app: FastAPI, service: str, *, collect: Callable[[], Awaitable[None]] | None = None) -> None:
    """A server span and request metrics per HTTP request, and ``GET /metrics`` (refreshed by ``collect``)."""
    configure_tracing(service)

    @app.middleware("http")
    async def observe(request: Request, call_next):
        started = time.perf_counter()
        name = f"{request.method} {request.url.path}"
        with tracer.start_as_current_span(name, context=propagate.extract(dict(request.headers)), kind=SpanKind.SERVER) as span:
            response = await call_next(request)
            # The route's template, not the path, keeps label values bounded; strawberry's router
            # matches with an empty template under its prefix, hence the path as the fallback.
            route = request.scope.get("route")
            template = (getattr(route, "path", "") or request.url.path) if route is not None else "unmatched"
            span.update_name(f"{request.method} {template}")
            span.set_attribute("http.status_code", response.status_code)
        HTTP_REQUESTS.labels(service, request.method, template, str(response.status_code)).inc()
        HTTP_LATENCY.labels(service, request.method, template).observe(time.perf_counter() - started)
        return response

    @app.get("/metrics", tags=["health"], summary="Prometheus metrics", include_in_schema=False)
    async def metrics() -> Response:
        if collect is not None:
            await collect()
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
