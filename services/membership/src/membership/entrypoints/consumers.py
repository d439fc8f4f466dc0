"""Which events membership consumes: every service's answer to an erasure request it filed."""

from contracts import topics
from contracts.privacy import PersonErasureCompleted
from servicekit.runtime import ServiceRuntime

from membership.service_layer import privacy


def register_consumers(runtime: ServiceRuntime, privacy_services: list[str]) -> None:
    # Membership's own answer arrives here too; it was recorded when the request was filed, so it is skipped.
    runtime.consume(topics.PRIVACY_ERASURE, "privacy-answers",
                    {PersonErasureCompleted.event_type: privacy.answer_recorder(privacy_services)})
