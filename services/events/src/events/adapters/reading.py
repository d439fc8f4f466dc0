"""Sessions for queries: on SQLite they begin DEFERRED, so a reader never takes the write lock."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker


@asynccontextmanager
async def reading(sessionmaker: async_sessionmaker) -> AsyncIterator[AsyncSession]:
    async with sessionmaker() as session:
        await session.connection(execution_options={"sqlite_begin": "DEFERRED"})
        yield session
