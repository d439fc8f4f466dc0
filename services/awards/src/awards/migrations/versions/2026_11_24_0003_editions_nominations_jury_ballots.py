"""editions, nominations, jury, ballots; copy of events' sessions

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24
"""
import sqlalchemy as sa
from alembic import op


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('editions',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('organiser', sa.String(length=200), nullable=False),
    sa.Column('nominations_open_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('nominations_close_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('voting_opens_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('voting_closes_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ceremony_event_id', sa.String(length=36), nullable=True),
    sa.Column('ceremony_session_id', sa.String(length=36), nullable=True),
    sa.Column('quorum', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('voting_closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('commitment', sa.String(length=64), nullable=True),
    sa.Column('sealed_result', sa.Text(), nullable=True),
    sa.Column('sealed_export', sa.Text(), nullable=True),
    sa.Column('result_nonce', sa.String(length=64), nullable=True),
    sa.Column('results_published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('results_published_by', sa.String(length=200), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_editions')),
    sa.UniqueConstraint('name', name=op.f('uq_editions_name'))
    )
    op.create_table('known_events',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('title', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_known_events'))
    )
    op.create_table('known_sessions',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('event_id', sa.String(length=36), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('duration_minutes', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_known_sessions'))
    )
    with op.batch_alter_table('known_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_known_sessions_event_id'), ['event_id'], unique=False)

    op.create_table('categories',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('edition_id', sa.String(length=36), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('eligible_kinds', sa.JSON(), nullable=False),
    sa.Column('self_nomination_allowed', sa.Boolean(), nullable=False),
    sa.Column('scale_min', sa.Integer(), nullable=False),
    sa.Column('scale_max', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['edition_id'], ['editions.id'], name=op.f('fk_categories_edition_id_editions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_categories'))
    )
    with op.batch_alter_table('categories', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_categories_edition_id'), ['edition_id'], unique=False)

    op.create_table('jurors',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('edition_id', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=320), nullable=False),
    sa.Column('language', sa.String(length=2), nullable=False),
    sa.Column('organisation_id', sa.String(length=36), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('invited_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('accepted_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['edition_id'], ['editions.id'], name=op.f('fk_jurors_edition_id_editions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_jurors')),
    sa.UniqueConstraint('edition_id', 'email', name='uq_jurors_edition_email')
    )
    with op.batch_alter_table('jurors', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_jurors_edition_id'), ['edition_id'], unique=False)

    op.create_table('criteria',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('category_id', sa.String(length=36), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('weight', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['category_id'], ['categories.id'], name=op.f('fk_criteria_category_id_categories')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_criteria'))
    )
    with op.batch_alter_table('criteria', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_criteria_category_id'), ['category_id'], unique=False)

    op.create_table('nominations',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('edition_id', sa.String(length=36), nullable=False),
    sa.Column('category_id', sa.String(length=36), nullable=False),
    sa.Column('nominee_id', sa.String(length=36), nullable=False),
    sa.Column('nominator_id', sa.String(length=36), nullable=False),
    sa.Column('motivation', sa.JSON(), nullable=False),
    sa.Column('links', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('submitted_by', sa.String(length=200), nullable=False),
    sa.Column('screening_reason', sa.Text(), nullable=True),
    sa.Column('screened_by', sa.String(length=200), nullable=True),
    sa.Column('screened_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('shortlisted_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['category_id'], ['categories.id'], name=op.f('fk_nominations_category_id_categories')),
    sa.ForeignKeyConstraint(['edition_id'], ['editions.id'], name=op.f('fk_nominations_edition_id_editions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_nominations')),
    sa.UniqueConstraint('category_id', 'nominee_id', name='uq_nominations_category_nominee')
    )
    with op.batch_alter_table('nominations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_nominations_edition_id'), ['edition_id'], unique=False)

    op.create_table('ballots',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('edition_id', sa.String(length=36), nullable=False),
    sa.Column('juror_id', sa.String(length=36), nullable=False),
    sa.Column('nomination_id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['edition_id'], ['editions.id'], name=op.f('fk_ballots_edition_id_editions')),
    sa.ForeignKeyConstraint(['juror_id'], ['jurors.id'], name=op.f('fk_ballots_juror_id_jurors')),
    sa.ForeignKeyConstraint(['nomination_id'], ['nominations.id'], name=op.f('fk_ballots_nomination_id_nominations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ballots')),
    sa.UniqueConstraint('juror_id', 'nomination_id', name='uq_ballots_juror_nomination')
    )
    with op.batch_alter_table('ballots', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ballots_edition_id'), ['edition_id'], unique=False)

    op.create_table('conflicts',
    sa.Column('juror_id', sa.String(length=36), nullable=False),
    sa.Column('nomination_id', sa.String(length=36), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('declared_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['juror_id'], ['jurors.id'], name=op.f('fk_conflicts_juror_id_jurors')),
    sa.ForeignKeyConstraint(['nomination_id'], ['nominations.id'], name=op.f('fk_conflicts_nomination_id_nominations')),
    sa.PrimaryKeyConstraint('juror_id', 'nomination_id', name=op.f('pk_conflicts'))
    )
    op.create_table('ballot_versions',
    sa.Column('ballot_id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('scores', sa.JSON(), nullable=False),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.Column('nonce', sa.String(length=64), nullable=False),
    sa.Column('receipt', sa.String(length=64), nullable=False),
    sa.Column('cast_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['ballot_id'], ['ballots.id'], name=op.f('fk_ballot_versions_ballot_id_ballots')),
    sa.PrimaryKeyConstraint('ballot_id', 'version', name=op.f('pk_ballot_versions')),
    sa.UniqueConstraint('receipt', name=op.f('uq_ballot_versions_receipt'))
    )


def downgrade() -> None:
    op.drop_table('ballot_versions')
    op.drop_table('conflicts')
    with op.batch_alter_table('ballots', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ballots_edition_id'))

    op.drop_table('ballots')
    with op.batch_alter_table('nominations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_nominations_edition_id'))

    op.drop_table('nominations')
    with op.batch_alter_table('criteria', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_criteria_category_id'))

    op.drop_table('criteria')
    with op.batch_alter_table('jurors', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_jurors_edition_id'))

    op.drop_table('jurors')
    with op.batch_alter_table('categories', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_categories_edition_id'))

    op.drop_table('categories')
    with op.batch_alter_table('known_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_known_sessions_event_id'))

    op.drop_table('known_sessions')
    op.drop_table('known_events')
    op.drop_table('editions')
