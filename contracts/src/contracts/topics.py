"""Kafka topic names: one topic per aggregate type, keyed by aggregate id.

Keeping one aggregate type per topic means a consumer sees all events of one
aggregate on one partition, in the order they were committed.
"""

MEMBERSHIP_ORGANISATION = "membership.organisation"
MEMBERSHIP_PACT_DOCUMENT = "membership.pact_document"
MEMBERSHIP_SIGNATURE = "membership.signature"
MEMBERSHIP_SUPPORT_LETTER = "membership.support_letter"
MEMBERSHIP_GROUP = "membership.group"


def dead_letter(topic: str) -> str:
    """Where a consumer parks a message it could not handle after retries."""
    return f"{topic}.dlq"

EVENTS_EVENT = "events.event"
EVENTS_REGISTRATION = "events.registration"

AWARDS_EDITION = "awards.edition"
AWARDS_NOMINATION = "awards.nomination"
AWARDS_JURY = "awards.jury"

# Erasure requests and each service's answer: personal data in, hashes only on the topic.
PRIVACY_ERASURE = "privacy.erasure"

NOTIFICATIONS_WEBHOOK_SUBSCRIPTION = "notifications.webhook_subscription"
# Deliveries that failed for good (after every retry) are parked here for an operator to look at.
NOTIFICATIONS_DELIVERY_DLQ = "notifications.delivery.dlq"
