"""Membership's HTTP API in-process on each database, without a broker (events wait in the outbox)."""

import httpx
import pytest
from membership.bootstrap import create_app
from servicekit.testing import service_env


@pytest.fixture
def membership_env() -> dict[str, str]:
    """Extra MEMBERSHIP_* settings for the app under test; override in a test module."""
    return {}


@pytest.fixture
async def api(database_url, monkeypatch, jwt_keys, membership_env):
    service_env(monkeypatch, "membership", database_url=database_url, kafka="127.0.0.1:1", public_key=jwt_keys[1], **membership_env)
    app = create_app()
    async with app.router.lifespan_context(app):
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://membership") as client:
            client.runtime = app.state.runtime
            yield client
