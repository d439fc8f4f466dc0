"""Alembic per service: each service keeps its revisions in its own package.

``upgrade`` runs them on an async engine (services call it at start in
development); ``run_env`` is the whole body of every service's ``env.py``.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command, context
from alembic.config import Config
from sqlalchemy import MetaData
from sqlalchemy.ext.asyncio import AsyncEngine

from servicekit.db import async_url, is_sqlite, make_engine


def alembic_config(script_location: Path, url: str | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(script_location))
    if url:
        cfg.set_main_option("sqlalchemy.url", async_url(url))
    return cfg


async def upgrade(engine: AsyncEngine, script_location: Path, revision: str = "head") -> None:
    cfg = alembic_config(script_location)

    def _run(connection):
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, revision)

    async with engine.begin() as conn:
        await conn.run_sync(_run)


def run_env(target_metadata: MetaData) -> None:
    """Body of a service's migrations/env.py: offline SQL, a given connection, or a URL."""
    config = context.config
    connection = config.attributes.get("connection")
    if context.is_offline_mode():
        context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=target_metadata, literal_binds=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    if connection is not None:
        _migrate(connection, target_metadata)
        return
    import asyncio

    async def _with_engine():
        engine = make_engine(config.get_main_option("sqlalchemy.url"))
        async with engine.begin() as conn:
            await conn.run_sync(_migrate, target_metadata)
        await engine.dispose()

    asyncio.run(_with_engine())


def _migrate(connection, target_metadata: MetaData) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=is_sqlite(str(connection.engine.url)),  # SQLite alters tables by copying them
    )
    with context.begin_transaction():
        context.run_migrations()


def create_messaging_tables() -> None:
    """The outbox and inbox as every service's first migration creates them.

    Written out, not derived from ``db.outbox_table``: a migration must not change when
    the code does. A later change to these tables is a new revision in each service.
    """
    import sqlalchemy as sa
    from alembic import op

    op.create_table(
        "outbox",
        sa.Column("seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True, autoincrement=True),
        sa.Column("event_id", sa.String(36), nullable=False),
        sa.Column("lane", sa.Integer(), nullable=False),
        sa.Column("topic", sa.String(200), nullable=False),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("type", sa.String(200), nullable=False),
        sa.Column("headers", sa.Text(), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("seq", name="pk_outbox"),
        sa.UniqueConstraint("event_id", name="uq_outbox_event_id"),
    )
    pending = sa.text("sent_at IS NULL")
    op.create_index("ix_outbox_pending", "outbox", ["seq"], postgresql_where=pending, sqlite_where=pending)
    op.create_table(
        "inbox",
        sa.Column("consumer", sa.String(100), nullable=False),
        sa.Column("event_id", sa.String(36), nullable=False),
        sa.Column("event_type", sa.String(200), nullable=False),
        sa.Column("processed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("consumer", "event_id", name="pk_inbox"),
    )


def drop_messaging_tables() -> None:
    from alembic import op

    op.drop_table("outbox")
    op.drop_table("inbox")


async def schema_revisions(engine: AsyncEngine, script_location: Path) -> tuple[set[str], set[str]]:
    """The revisions the database is at and the heads the code expects."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    heads = set(ScriptDirectory.from_config(alembic_config(script_location)).get_heads())
    async with engine.connect() as conn:
        current = await conn.run_sync(lambda sync: set(MigrationContext.configure(sync).get_current_heads()))
    return current, heads
