"""Which events the events service consumes, and from which topics."""

from contracts.privacy import PersonErasureRequested
from servicekit.runtime import ServiceRuntime

from contracts import topics
from events.adapters.links import Links
from events.service_layer import erasure


def register_consumers(runtime: ServiceRuntime, links: Links) -> None:
    # A person's erasure, asked in membership: pseudonymise their registrations (service_layer/erasure.py).
    runtime.consume(topics.PRIVACY_ERASURE, "privacy-erasure", {PersonErasureRequested.event_type: erasure.consumer(links)})
