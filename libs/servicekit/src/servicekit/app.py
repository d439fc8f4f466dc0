"""Build a service's FastAPI app around its runtime; the lifespan starts and stops the runtime."""

from __future__ import annotations

from contextlib import asynccontextmanager

from fastapi import APIRouter, Depends, FastAPI

from servicekit.auth import TokenVerifier
from servicekit.body_limit import BodySizeLimit
from servicekit.errors import COMMON_PROBLEMS
from servicekit.http import document_optional_auth, install_http_basics
from servicekit.inputs import refuse_unstorable_path_params
from servicekit.logging import configure_logging
from servicekit.observability import install_observability
from servicekit.runtime import ServiceRuntime, health_router


def create_service_app(
    runtime: ServiceRuntime, *, title: str, description: str, routers: list[APIRouter], body_limits: dict[str, int] | None = None
) -> FastAPI:
    """The service's HTTP app. ``body_limits`` maps path prefixes to their own request size limits (file uploads)."""
    s = runtime.settings
    configure_logging(s.service_name, level=s.log_level, json=s.log_json)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        await runtime.start()
        try:
            yield
        finally:
            await runtime.stop()

    # No redirect from /events/ to /events: a path the OpenAPI document does not list answers 404, not a list.
    app = FastAPI(title=title, description=description, version="0.1.0", lifespan=lifespan, redirect_slashes=False)
    app.state.runtime = runtime
    verifier = TokenVerifier(
        s.jwt_key_material(), issuer=s.jwt_issuer, audience=s.jwt_audience, algorithms=[a.strip() for a in s.jwt_algorithms.split(",")]
    )
    install_http_basics(app, verifier)
    install_observability(app, s.service_name, collect=runtime.collect_metrics)
    app.include_router(health_router(runtime))
    for router in routers:
        app.include_router(router, responses=COMMON_PROBLEMS, dependencies=[Depends(refuse_unstorable_path_params)])
    document_optional_auth(app)
    app.add_middleware(BodySizeLimit, limit=s.max_request_body_bytes, by_path_prefix=body_limits)  # outermost: before anything reads

    @app.get("/asyncapi.json", tags=["health"], summary="AsyncAPI document: what this service publishes and consumes")
    async def asyncapi() -> dict:
        from faststream.specification import AsyncAPI

        spec = AsyncAPI(runtime.broker, title=title, description=description).to_specification()
        return spec.to_jsonable()

    return app
