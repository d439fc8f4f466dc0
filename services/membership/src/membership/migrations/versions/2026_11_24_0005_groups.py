"""buyer, working and steering groups and their members

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

ACTIVE_ORGANISATION_MEMBER = sa.text("left_on IS NULL AND organisation_id IS NOT NULL")


def upgrade() -> None:
    op.create_table(
        "groups",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("name_key", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("coordinator_organisation_id", sa.String(length=36), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("founded_on", sa.Date(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_groups"),
        sa.UniqueConstraint("name_key", name="uq_groups_name_key"),
        sa.ForeignKeyConstraint(["coordinator_organisation_id"], ["organisations.id"], name="fk_groups_coordinator_organisation_id_organisations"),
    )
    op.create_index("ix_groups_kind", "groups", ["kind"])
    op.create_index("ix_groups_coordinator_organisation_id", "groups", ["coordinator_organisation_id"])
    op.create_table(
        "group_members",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("group_id", sa.String(length=36), nullable=False),
        sa.Column("organisation_id", sa.String(length=36), nullable=True),
        sa.Column("person_name", sa.String(length=200), nullable=True),
        sa.Column("person_organisation_id", sa.String(length=36), nullable=True),
        sa.Column("joined_on", sa.Date(), nullable=False),
        sa.Column("left_on", sa.Date(), nullable=True),
        sa.Column("added_by", sa.String(length=200), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("removed_by", sa.String(length=200), nullable=True),
        sa.Column("removed_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_group_members"),
        sa.ForeignKeyConstraint(["group_id"], ["groups.id"], name="fk_group_members_group_id_groups"),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"], name="fk_group_members_organisation_id_organisations"),
        sa.ForeignKeyConstraint(["person_organisation_id"], ["organisations.id"],
                                name="fk_group_members_person_organisation_id_organisations"),
    )
    op.create_index("ix_group_members_group_id", "group_members", ["group_id"])
    op.create_index("ix_group_members_organisation_id", "group_members", ["organisation_id"])
    op.create_index("uq_group_members_active_organisation", "group_members", ["group_id", "organisation_id"], unique=True,
                    postgresql_where=ACTIVE_ORGANISATION_MEMBER, sqlite_where=ACTIVE_ORGANISATION_MEMBER)


def downgrade() -> None:
    op.drop_table("group_members")
    op.drop_table("groups")
