"""personal data: erasure requests and answers; register disclosures (salted commitments' openings); erasable legacy bodies

Existing register entries are left exactly as they are (re-chaining would defeat tamper evidence):
they keep their plaintext bodies until an erasure of their signatory removes the body (the digest
stays, so the chain and the tree verify).

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

PENDING = sa.text("completed_at IS NULL")


def upgrade() -> None:
    with op.batch_alter_table("register_entries") as batch:
        batch.alter_column("body", existing_type=sa.Text(), nullable=True)
        batch.add_column(sa.Column("body_erased_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "register_disclosures",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("field", sa.String(length=50), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("salt", sa.String(length=64), nullable=False),
        sa.Column("person_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("seq", "field", name="pk_register_disclosures"),
    )
    op.create_index("ix_register_disclosures_person_hash", "register_disclosures", ["person_hash"])
    op.create_table(
        "erasure_requests",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("email_hash", sa.String(length=64), nullable=False),
        sa.Column("name_hashes", sa.JSON(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("requested_by", sa.String(length=200), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_erasure_requests"),
    )
    op.create_index("uq_erasure_requests_pending_email", "erasure_requests", ["email_hash"], unique=True,
                    postgresql_where=PENDING, sqlite_where=PENDING)
    op.create_index("ix_erasure_requests_requested_at_id", "erasure_requests", ["requested_at", "id"])
    op.create_table(
        "erasure_answers",
        sa.Column("request_id", sa.String(length=36), nullable=False),
        sa.Column("service", sa.String(length=50), nullable=False),
        sa.Column("erased", sa.JSON(), nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("request_id", "service", name="pk_erasure_answers"),
        sa.ForeignKeyConstraint(["request_id"], ["erasure_requests.id"], name="fk_erasure_answers_request_id_erasure_requests"),
    )


def downgrade() -> None:
    op.drop_table("erasure_answers")
    op.drop_table("erasure_requests")
    op.drop_table("register_disclosures")
    # An erased legacy body cannot come back; downgrading a register that has one is refused by the NOT NULL.
    with op.batch_alter_table("register_entries") as batch:
        batch.drop_column("body_erased_at")
        batch.alter_column("body", existing_type=sa.Text(), nullable=False)
