"""Each service's Alembic revisions build exactly the tables its code declares, on SQLite and PostgreSQL."""

import importlib

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from servicekit.db import make_engine
from servicekit.migrations import upgrade

SERVICES = ["membership", "events", "awards", "notifications"]


@pytest.mark.parametrize("service", SERVICES)
async def test_migrations_match_the_tables_in_code(service, database_url):
    bootstrap = importlib.import_module(f"{service}.bootstrap")
    metadata = importlib.import_module(f"{service}.adapters.orm").metadata
    engine = make_engine(database_url)
    await upgrade(engine, bootstrap.MIGRATIONS)
    await upgrade(engine, bootstrap.MIGRATIONS)  # idempotent: a second start changes nothing

    async with engine.connect() as conn:
        differences = await conn.run_sync(lambda sync: compare_metadata(MigrationContext.configure(sync), metadata))
    await engine.dispose()
    assert differences == [], f"{service}: write a migration for {differences}"
