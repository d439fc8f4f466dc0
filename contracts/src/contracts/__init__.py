"""Every Kafka event of the pact platform, defined once and versioned.

An event type is a frozen Pydantic model registered under a versioned name
(``membership.organisation.registered.v1``). A breaking change is a new type
(``.v2``), never an edit of an existing one: ``make contracts`` exports the JSON
Schemas and the compatibility test compares them against the checked-in ones.
"""

# Importing the event modules registers their types.
from contracts import awards as _awards  # noqa: E402,F401
from contracts import events as _events  # noqa: E402,F401
from contracts import membership as _membership  # noqa: E402,F401
from contracts import notifications as _notifications  # noqa: E402,F401
from contracts import privacy as _privacy  # noqa: E402,F401
from contracts.envelope import Envelope
from contracts.registry import REGISTRY, EventSpec, IntegrationEvent, event, spec_for

__all__ = ["Envelope", "EventSpec", "IntegrationEvent", "REGISTRY", "event", "spec_for"]
