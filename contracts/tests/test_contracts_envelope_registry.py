"""The CloudEvents envelope and the event type registry."""

import pytest
from contracts.envelope import MissingHeader
from contracts.registry import UnknownEventType

from contracts import REGISTRY, Envelope, IntegrationEvent, event, spec_for


def test_envelope_round_trips_through_kafka_headers():
    envelope = Envelope(
        source="membership", type="membership.organisation.registered.v1", subject="org-1",
        correlationid="corr-1", causationid="cause-1",
    )
    headers = envelope.to_headers()
    assert ("content-type", b"application/json") in headers
    assert all(isinstance(v, bytes) for _, v in headers)
    assert Envelope.from_headers(headers) == envelope
    assert Envelope.from_headers({k: v.decode() for k, v in headers}) == envelope


def test_envelope_without_causation_omits_the_header_and_defaults_correlation():
    headers = [h for h in Envelope(source="s", type="a.b.v1", subject="x", correlationid="c").to_headers()
               if h[0] != "ce_correlationid"]
    assert "ce_causationid" not in dict(headers)
    restored = Envelope.from_headers(headers)
    assert restored.causationid is None and restored.correlationid == restored.id


def test_envelope_reports_missing_headers():
    with pytest.raises(MissingHeader, match="ce_type.*ce_subject"):
        Envelope.from_headers([("ce_id", b"1"), ("ce_source", b"s")])


@pytest.mark.parametrize("name", ["Membership.Org.Registered.v1", "membership.registered", "membership.x.v0", "single.v1x"])
def test_registry_rejects_malformed_type_names(name):
    with pytest.raises(ValueError, match="must look like"):
        event(name, topic="t", aggregate="id")


def test_registry_rejects_a_duplicate_type_and_a_missing_aggregate_field():
    name = "testing.thing.happened.v1"
    try:
        @event(name, topic="testing.thing", aggregate="thing_id")
        class ThingHappened(IntegrationEvent):
            thing_id: str

        assert spec_for(name).model is ThingHappened
        assert ThingHappened(thing_id="t-1").aggregate_id == "t-1"
        with pytest.raises(ValueError, match="defined twice"):
            @event(name, topic="testing.thing", aggregate="thing_id")
            class ThingHappenedAgain(IntegrationEvent):
                thing_id: str
    finally:
        REGISTRY.pop(name, None)  # keep the real registry clean for the schema tests

    with pytest.raises(ValueError, match="no aggregate field"):
        @event("testing.thing.other.v1", topic="testing.thing", aggregate="thing_id")
        class Other(IntegrationEvent):
            other_id: str
    assert "testing.thing.other.v1" not in REGISTRY


def test_unknown_type_lookup_fails_clearly():
    with pytest.raises(UnknownEventType):
        spec_for("nobody.nothing.happened.v1")
