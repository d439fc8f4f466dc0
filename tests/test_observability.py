"""Metrics on every process, and one trace from the gateway through a service and its outbox to a consumer."""

from __future__ import annotations

import json
import secrets

import httpx
from gateway.app import create_app as create_gateway
from gateway.settings import Settings as GatewaySettings
from membership.bootstrap import Settings as MembershipSettings
from membership.bootstrap import create_app as create_membership
from servicekit.inbox import InboxConsumer, RawMessage
from servicekit.observability import current_trace_ids
from servicekit.testing import RunningServer, bearer
from sqlalchemy import select

from prometheus_client import generate_latest

from contracts.membership import OrganisationRegistered

REGISTER = 'mutation { registerOrganisation(input: {name: "Stad Gent", kind: COORDINATING, country: "BE"}) { id } }'


def metric(text: str, name: str, **labels: str) -> float | None:
    for line in text.splitlines():
        if line.startswith(name + "{") and all(f'{k}="{v}"' in line for k, v in labels.items()):
            return float(line.rsplit(" ", 1)[1])
    return None


async def test_one_trace_from_the_gateway_to_the_consumer_and_metrics_everywhere(tmp_path, jwt_keys, token):
    membership = create_membership(MembershipSettings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'm.db'}", kafka_bootstrap_servers="127.0.0.1:1",
                                                      jwt_public_key=jwt_keys[1]))
    trace_id = secrets.token_hex(16)
    before = metric(generate_latest().decode(), "pact_http_requests_total", service="membership", method="POST", route="/organisations",
                    status="201") or 0  # the registry is the test process's: other tests count too
    async with RunningServer(membership) as m_server, \
            RunningServer(create_gateway(GatewaySettings(membership_url=m_server.url, jwt_public_key=jwt_keys[1]))) as g_server, \
            httpx.AsyncClient(timeout=20) as client:
        response = await client.post(f"{g_server.url}/graphql", json={"query": REGISTER},
                                     headers={**bearer(token("secretariat")), "traceparent": f"00-{trace_id}-{secrets.token_hex(8)}-01"})
        assert "errors" not in response.json(), response.text

        runtime = membership.state.runtime
        async with runtime.engine.connect() as conn:
            (headers,) = (await conn.execute(select(runtime.outbox.c.headers))).scalars().all()
        stored = dict(json.loads(headers))
        assert stored["traceparent"].split("-")[1] == trace_id, "the event carries the request's trace"

        seen = {}

        async def handler(event, envelope, uow):
            seen.update(current_trace_ids())

        consumer = InboxConsumer("trace-test", {OrganisationRegistered.event_type: handler}, runtime.uow, runtime.inbox, None)
        async with runtime.engine.connect() as conn:
            value = (await conn.execute(select(runtime.outbox.c.payload))).scalar_one()
        await consumer.handle(RawMessage(topic="membership.organisation", key=b"k", value=value.encode(), headers=stored))
        assert seen["trace_id"] == trace_id, "the consumer's span continues the trace"

        service_metrics = (await client.get(f"{m_server.url}/metrics")).text
        gateway_metrics = (await client.get(f"{g_server.url}/metrics")).text

    assert metric(service_metrics, "pact_http_requests_total", service="membership", method="POST", route="/organisations", status="201") == before + 1
    assert metric(service_metrics, "pact_http_request_duration_seconds_count", service="membership", route="/organisations") >= 1
    assert metric(service_metrics, "pact_outbox_pending_events", service="membership") == 1, "the broker is away: one event waits"
    assert metric(service_metrics, "pact_outbox_oldest_pending_age_seconds", service="membership") > 0
    assert metric(service_metrics, "pact_consumer_handler_duration_seconds_count", consumer="trace-test") >= 1
    assert metric(gateway_metrics, "pact_http_requests_total", service="gateway", route="/graphql", status="200") >= 1, [l for l in gateway_metrics.splitlines() if "gateway" in l]


def test_the_grafana_dashboard_charts_only_metrics_the_code_exports():
    import re
    from pathlib import Path

    from prometheus_client import REGISTRY

    suffixes = {"counter": ["_total"], "histogram": ["_bucket", "_count", "_sum"], "gauge": [""]}
    exported = {f.name + suffix for f in REGISTRY.collect() for suffix in suffixes.get(f.type, [""])}
    dashboard = json.loads((Path(__file__).resolve().parents[1] / "deploy" / "grafana" / "pact-platform.json").read_text())
    charted = {name for panel in dashboard["panels"] for target in panel["targets"] for name in re.findall(r"\bpact_[a-z_]+", target["expr"])}
    assert charted, "the dashboard charts nothing"
    missing = charted - exported
    assert not missing, f"the dashboard charts metrics nobody exports: {missing}"
