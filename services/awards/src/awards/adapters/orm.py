"""The awards service's tables (its own database)."""

from servicekit.db import UtcDateTime, erasures_table, inbox_table, new_metadata, outbox_table
from sqlalchemy import JSON, Boolean, Column, ForeignKey, Integer, String, Table, Text, UniqueConstraint

metadata = new_metadata()

known_organisations = Table(
    "known_organisations",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("country", String(2), nullable=False),
    Column("registered_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("archived_at", UtcDateTime, nullable=True),
)

# One row per signature, as last reported by membership. Membership status is derived from all of
# an organisation's signatures: events of different signatures can arrive in any order.
known_signatures = Table(
    "known_signatures",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("organisation_id", String(36), nullable=False, index=True),
    Column("status", String(20), nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
)

# The events service's events and sessions, as its events report them: an edition's ceremony is one session.
known_events = Table(
    "known_events",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("title", JSON, nullable=False),  # language -> title
    Column("status", String(20), nullable=False),  # published | cancelled
    Column("updated_at", UtcDateTime, nullable=False),
)

known_sessions = Table(
    "known_sessions",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("event_id", String(36), nullable=False, index=True),
    Column("title", String(300), nullable=False),
    Column("kind", String(30), nullable=False),
    Column("starts_at", UtcDateTime, nullable=False),
    Column("duration_minutes", Integer, nullable=False),
)

editions = Table(
    "editions",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("organiser", String(200), nullable=False),
    Column("nominations_open_at", UtcDateTime, nullable=False),
    Column("nominations_close_at", UtcDateTime, nullable=False),
    Column("voting_opens_at", UtcDateTime, nullable=False),
    Column("voting_closes_at", UtcDateTime, nullable=False),
    Column("ceremony_event_id", String(36), nullable=True),
    Column("ceremony_session_id", String(36), nullable=True),
    Column("quorum", Integer, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("voting_closed_at", UtcDateTime, nullable=True),
    Column("commitment", String(64), nullable=True),
    # Sealed when voting closes; the nonce and result stay secret until publication.
    Column("sealed_result", Text, nullable=True),
    Column("sealed_export", Text, nullable=True),
    Column("result_nonce", String(64), nullable=True),
    Column("results_published_at", UtcDateTime, nullable=True),
    Column("results_published_by", String(200), nullable=True),
)

categories = Table(
    "categories",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("edition_id", String(36), ForeignKey("editions.id"), nullable=False, index=True),
    Column("position", Integer, nullable=False),
    Column("name", String(200), nullable=False),
    Column("description", Text, nullable=True),
    Column("eligible_kinds", JSON, nullable=False),
    Column("self_nomination_allowed", Boolean, nullable=False),
    Column("scale_min", Integer, nullable=False),
    Column("scale_max", Integer, nullable=False),
)

criteria = Table(
    "criteria",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("category_id", String(36), ForeignKey("categories.id"), nullable=False, index=True),
    Column("position", Integer, nullable=False),
    Column("name", String(200), nullable=False),
    Column("weight", Integer, nullable=False),
)

nominations = Table(
    "nominations",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("edition_id", String(36), ForeignKey("editions.id"), nullable=False, index=True),
    Column("category_id", String(36), ForeignKey("categories.id"), nullable=False),
    Column("nominee_id", String(36), nullable=False),
    Column("nominator_id", String(36), nullable=False),
    Column("motivation", JSON, nullable=False),
    Column("links", JSON, nullable=False),
    Column("status", String(20), nullable=False),
    Column("submitted_at", UtcDateTime, nullable=False),
    Column("submitted_by", String(200), nullable=False),
    Column("screening_reason", Text, nullable=True),
    Column("screened_by", String(200), nullable=True),
    Column("screened_at", UtcDateTime, nullable=True),
    Column("shortlisted_at", UtcDateTime, nullable=True),
    UniqueConstraint("category_id", "nominee_id", name="uq_nominations_category_nominee"),
)

jurors = Table(
    "jurors",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("edition_id", String(36), ForeignKey("editions.id"), nullable=False, index=True),
    Column("name", String(200), nullable=False),
    Column("email", String(320), nullable=False),
    Column("language", String(2), nullable=False),
    Column("organisation_id", String(36), nullable=True),
    Column("status", String(20), nullable=False),
    Column("invited_at", UtcDateTime, nullable=False),
    Column("accepted_at", UtcDateTime, nullable=True),
    Column("removed_at", UtcDateTime, nullable=True),
    Column("removed_by", String(200), nullable=True),
    Column("removal_reason", Text, nullable=True),
    Column("erased_at", UtcDateTime, nullable=True),  # pseudonymised on the person's request; id, status and ballots kept
    UniqueConstraint("edition_id", "email", name="uq_jurors_edition_email"),
)

conflicts = Table(
    "conflicts",
    metadata,
    Column("juror_id", String(36), ForeignKey("jurors.id"), primary_key=True),
    Column("nomination_id", String(36), ForeignKey("nominations.id"), primary_key=True),
    Column("reason", Text, nullable=False),
    Column("declared_at", UtcDateTime, nullable=False),
)

# One row per juror and nomination (the unique key makes two simultaneous first ballots one ballot);
# every cast version is kept in ballot_versions and the row points at the current one.
ballots = Table(
    "ballots",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("edition_id", String(36), ForeignKey("editions.id"), nullable=False, index=True),
    Column("juror_id", String(36), ForeignKey("jurors.id"), nullable=False),
    Column("nomination_id", String(36), ForeignKey("nominations.id"), nullable=False),
    Column("version", Integer, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    UniqueConstraint("juror_id", "nomination_id", name="uq_ballots_juror_nomination"),
)

ballot_versions = Table(
    "ballot_versions",
    metadata,
    Column("ballot_id", String(36), ForeignKey("ballots.id"), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("scores", JSON, nullable=False),
    Column("comment", Text, nullable=True),
    # The digest the receipt was made with, kept when the comment is later redacted (a person's erasure);
    # NULL: the digest of ``comment`` as stored.
    Column("comment_sha256", String(64), nullable=True),
    Column("nonce", String(64), nullable=False),
    Column("receipt", String(64), nullable=False, unique=True),
    Column("cast_at", UtcDateTime, nullable=False),
)

# Erasure requests carried out (issue 10): hashes and counts only, an audit trail and the redelivery check.
erasures = erasures_table(metadata)

outbox = outbox_table(metadata)
inbox = inbox_table(metadata)
