"""Every service refuses an oversized request body with 413 problem+json before reading it; file uploads have their own limit."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI, Request
from servicekit.body_limit import BodySizeLimit

SERVICES = ("membership", "events", "awards", "notifications")


def _app(service: str, tmp_path, jwt_keys, **settings):
    module = __import__(f"{service}.bootstrap", fromlist=["create_app", "Settings"])
    return module.create_app(module.Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / service}.db", kafka_bootstrap_servers="127.0.0.1:1",
                                             jwt_public_key=jwt_keys[1], **settings))


@pytest.mark.parametrize("service", SERVICES)
async def test_a_body_over_the_limit_is_refused_before_the_service_reads_it(service, tmp_path, jwt_keys):
    # No lifespan, no database: the refusal must come before anything of the service runs.
    app = _app(service, tmp_path, jwt_keys, max_request_body_bytes=10_000)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=f"http://{service}") as client:
        response = await client.post("/anything", content=b"x" * 10_001, headers={"Content-Type": "application/json"})
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "PAYLOAD_TOO_LARGE" and "10000 bytes" in response.json()["detail"]


async def test_the_default_limit_is_one_megabyte_and_document_uploads_may_be_larger(tmp_path, jwt_keys):
    app = _app("membership", tmp_path, jwt_keys)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://membership") as client:
        big = b"x" * 1_000_001
        assert (await client.post("/organisations", content=big, headers={"Content-Type": "application/json"})).status_code == 413
        # The same size to the upload route passes the cap (and is then refused for what it is: no token).
        assert (await client.post("/documents", content=big, headers={"Content-Type": "application/octet-stream"})).status_code == 401


async def test_a_streamed_body_without_content_length_is_cut_at_the_limit():
    read = []
    inner = FastAPI()

    @inner.post("/echo")
    async def echo(request: Request) -> dict:
        body = await request.body()
        read.append(len(body))
        return {"size": len(body)}

    app = BodySizeLimit(inner, 1000, by_path_prefix={"/upload": 5000})

    async def chunks(n: int):
        for _ in range(n):
            yield b"y" * 500

    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
        assert (await client.post("/echo", content=chunks(2))).json() == {"size": 1000}
        refused = await client.post("/echo", content=chunks(50))
        assert refused.status_code == 413 and refused.json()["code"] == "PAYLOAD_TOO_LARGE"
        assert (await client.post("/upload", content=chunks(8))).status_code == 404  # under its own limit: reaches the app
    assert read == [1000]  # the oversized body never reached the endpoint whole
