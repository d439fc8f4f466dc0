"""The delivery's retry rule and the language rule, in plain Python."""

from datetime import UTC, datetime, timedelta

from notifications.domain.model import Category, Channel, Delivery, DeliveryStatus, MessageKind, choose_language, retry_delay

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def _delivery() -> Delivery:
    return Delivery(id="d", dedupe_key="e", source_event_id="e", channel=Channel.EMAIL, recipient="a@b.example", kind="reminder",
                    category=Category.EVENT_REMINDERS, language="nl", payload={}, created_at=NOW, next_attempt_at=NOW)


def test_backoff_doubles_up_to_the_cap_and_gives_up_after_the_last_attempt():
    assert [retry_delay(n, base_seconds=30, max_seconds=3600).total_seconds() for n in (1, 2, 3, 8, 9)] == [30, 60, 120, 3600, 3600]
    delivery = _delivery()
    assert delivery.record_failure("refused", NOW, max_attempts=3, base_seconds=30, max_seconds=3600) is False
    assert delivery.next_attempt_at == NOW + timedelta(seconds=30) and delivery.status is DeliveryStatus.PENDING
    assert delivery.record_failure("refused", NOW, max_attempts=3, base_seconds=30, max_seconds=3600) is False
    assert delivery.record_failure("refused", NOW, max_attempts=3, base_seconds=30, max_seconds=3600) is True
    assert delivery.status is DeliveryStatus.FAILED and delivery.attempts == 3 and delivery.last_error == "refused"


def test_the_default_schedule_spans_hours():
    total = sum(retry_delay(n, base_seconds=30, max_seconds=3600).total_seconds() for n in range(1, 12))
    assert 5 * 3600 < total < 8 * 3600


def test_language_is_the_preference_then_the_event_or_document_then_english():
    assert choose_language("nl", "fr") == "nl"
    assert choose_language(None, "fr") == "fr"
    assert choose_language("es", None) == "en"
    assert choose_language("DE") == "de"


def test_only_reminders_membership_and_awards_updates_can_be_switched_off():
    switchable = {k for k in MessageKind if not k.transactional}
    assert MessageKind.JURY_INVITATION not in switchable
    assert {MessageKind.NOMINATION_RECEIVED, MessageKind.NOMINATION_SCREENED, MessageKind.AWARD_WON} <= switchable
    assert MessageKind.JOIN_LINK not in switchable and MessageKind.REGISTRATION_CANCELLED not in switchable
    assert MessageKind.REGISTRATION_CONFIRMED not in switchable and MessageKind.EVENT_CANCELLED not in switchable
    assert MessageKind.REMINDER in switchable and MessageKind.SIGNATURE_VERIFIED in switchable
