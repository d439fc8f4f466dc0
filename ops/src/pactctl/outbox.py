"""The outbox of each service, read from its database with the service's own settings."""

from __future__ import annotations

from datetime import UTC, datetime

from servicekit.db import make_engine, new_metadata, outbox_table
from servicekit.relay import pending_count
from servicekit.settings import settings_for
from sqlalchemy.exc import SQLAlchemyError

OUTBOX = outbox_table(new_metadata())


async def outbox_status(services: list[str]) -> list[dict]:
    rows = []
    for service in services:
        url = settings_for(service, port=0)().database_url
        engine = make_engine(url)
        try:
            pending, oldest = await pending_count(engine, OUTBOX)
            age = (datetime.now(UTC) - oldest.replace(tzinfo=oldest.tzinfo or UTC)).total_seconds() if oldest else None
            rows.append({"service": service, "pending": pending, "oldest_age_seconds": age})
        except (SQLAlchemyError, OSError) as exc:
            rows.append({"service": service, "pending": None, "oldest_age_seconds": None, "error": f"cannot read the outbox: {type(exc).__name__}"})
        finally:
            await engine.dispose()
    return rows
