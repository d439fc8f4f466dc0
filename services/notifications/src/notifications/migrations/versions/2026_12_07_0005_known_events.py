"""known_events: the organisers of each published event, for webhooks about its cancellation and programme changes

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "known_events",
        sa.Column("id", sa.String(100), nullable=False),
        sa.Column("organiser_ids", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_known_events"),
    )


def downgrade() -> None:
    op.drop_table("known_events")
