"""The one place where the gateway is wired: settings, token verifier, upstream clients, routes."""

from __future__ import annotations

from contextlib import AsyncExitStack, asynccontextmanager
from typing import Any

import httpx
import orjson
import structlog
from cross_web import HTTPException
from fastapi import APIRouter, FastAPI, Request, WebSocketDisconnect
from fastapi.responses import HTMLResponse, JSONResponse
from servicekit.auth import TokenVerifier
from servicekit.http import install_http_basics
from servicekit.logging import configure_logging, current_correlation_id
from servicekit.observability import install_observability
from strawberry.asgi import ASGIWebSocketAdapter
from strawberry.exceptions import ConnectionRejectionError
from strawberry.fastapi import GraphQLRouter
from strawberry.http.exceptions import WebSocketDisconnected
from strawberry.http.parse_content_type import parse_content_type
from strawberry.schema.exceptions import InvalidOperationTypeError
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.types import ExecutionResult
from strawberry.types.unset import UNSET

from gateway.clients.breaker import CircuitBreaker
from gateway.context import build_context, get_context
from gateway.extensions import masked
from gateway.graphiql import graphiql_page, install_graphiql_assets
from gateway.live import LiveEvents
from gateway.persisted_queries import PersistedQueries
from gateway.schema import build_schema
from gateway.settings import Settings
from gateway.trusted_documents import TrustedDocuments
from gateway.web import graphql_request_error, install_web_client_support

READY_TIMEOUT_SECONDS = 2.0
log = structlog.get_logger()


class TextFrames(ASGIWebSocketAdapter):
    """graphql-transport-ws messages go out as text frames, as the protocol requires.

    strawberry sends ``encode_json``'s bytes as binary frames, which gql refuses and a browser hands
    to ``JSON.parse`` as a Blob.
    """

    async def send_json(self, message) -> None:
        try:
            await self.ws.send_text(self.view.encode_json_string(message))
        except WebSocketDisconnect as exc:
            raise WebSocketDisconnected from exc


class GatewayRouter(GraphQLRouter):
    """Strawberry's router plus persisted queries and a request id on every error."""

    persisted_queries = PersistedQueries()
    websocket_adapter_class = TextFrames

    def encode_json(self, data: object) -> bytes:
        return orjson.dumps(data)  # HTTP bodies: a page of events is tens of kilobytes, orjson is several times faster than json

    async def run(self, request, context=UNSET, root_value=UNSET):
        """strawberry answers a request that is not GraphQL in plain text; here it is a coded GraphQL error."""
        try:
            return await super().run(request, context, root_value)
        except HTTPException as exc:
            if isinstance(exc.__cause__, InvalidOperationTypeError):  # a mutation over GET: GraphQL over HTTP says 405
                return graphql_request_error(request, 405, "Mutations change data: send them with POST, not GET.", headers={"Allow": "POST"})
            return graphql_request_error(request, exc.status_code, exc.reason, code="NOT_FOUND" if exc.status_code == 404 else "BAD_REQUEST")

    async def parse_http_body(self, request):
        content_type, _ = parse_content_type(request.content_type or "")
        if request.method == "POST" and content_type != "application/json":
            raise HTTPException(415, "Send the operation as JSON (Content-Type: application/json), or as query parameters of a GET.")
        return await super().parse_http_body(request)

    async def execute_operation(self, request, request_adapter, request_data, context, root_value, sub_response):
        if not isinstance(request_data, list):
            refused = request.app.state.trusted_documents.resolve(request.headers, request_data) or \
                self.persisted_queries.resolve(request_data)
            if refused is not None:
                return refused
        return await super().execute_operation(request, request_adapter, request_data, context, root_value, sub_response)

    async def render_graphql_ide(self, request: Request) -> HTMLResponse:
        return graphiql_page()  # served from the gateway, not a CDN

    async def on_ws_connect(self, context):
        """Browsers cannot set headers on a WebSocket: the token comes in connection_init's payload."""
        params = context.connection_params if isinstance(context.connection_params, dict) else {}
        authorization = params.get("Authorization") or params.get("authorization")
        if not authorization and params.get("authToken"):
            authorization = f"Bearer {params['authToken']}"
        if authorization:
            authenticated = build_context(authorization=authorization, correlation_id=context.correlation_id,
                                          verifier=context.request.app.state.verifier, upstreams=context.request.app.state.upstreams,
                                          batch=context.request.app.state.batch_loads,
                                          breakers=getattr(context.request.app.state, "breakers", None))
            if authenticated.auth_error:
                raise ConnectionRejectionError({"message": authenticated.auth_error, "code": "UNAUTHENTICATED"})
            authenticated.live, authenticated.rate_key = context.live, f"sub:{authenticated.principal.subject}"
            context.replace_with(authenticated)
        return await super().on_ws_connect(context)

    async def process_result(self, request: Request, result: ExecutionResult) -> Any:
        # Last guard: an exception strawberry catches outside the operation (graphql-core
        # giving up on absurdly nested variables, say) skips the masking extension.
        if result.errors:
            request_id = current_correlation_id()
            result.errors = [e if (e.extensions or {}).get("code") else masked(e) for e in result.errors]
            for error in result.errors:
                error.extensions = {**error.extensions, "requestId": request_id}  # quote it when reporting a problem
        return await super().process_result(request, result)


def health_router() -> APIRouter:
    router = APIRouter(prefix="/health", tags=["health"])

    @router.get("/live", summary="The process is up")
    async def live() -> dict[str, str]:
        return {"status": "ok"}

    @router.get("/ready", summary="The services the schema needs answer", responses={503: {"description": "Not ready"}})
    async def ready(request: Request) -> JSONResponse:
        # Liveness, not readiness, of membership: its API answers while its broker
        # reconnects, and so can the gateway.
        try:
            response = await request.app.state.upstreams["membership"].get("/health/live", timeout=READY_TIMEOUT_SECONDS)
            membership = "ok" if response.is_success else f"status {response.status_code}"
        except httpx.HTTPError as exc:
            membership = f"unreachable: {type(exc).__name__}"
        ok = membership == "ok"
        body = {"status": "ok" if ok else "unavailable", "checks": {"membership": membership}}
        return JSONResponse(body, status_code=200 if ok else 503)

    return router


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    configure_logging(settings.service_name, level=settings.log_level, json=settings.log_json)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        # One pool per upstream for the whole process; requests only add headers.
        timeout = httpx.Timeout(settings.upstream_timeout_seconds)
        urls = settings.upstream_urls()
        async with AsyncExitStack() as stack:
            app.state.upstreams = {
                name: await stack.enter_async_context(httpx.AsyncClient(base_url=url, timeout=timeout)) for name, url in urls.items()
            }
            app.state.breakers = {name: CircuitBreaker(name, failures=settings.breaker_failures, cooldown_seconds=settings.breaker_cooldown_seconds)
                                  for name in urls} if settings.breaker_failures > 0 else {}
            app.state.live = LiveEvents(settings.kafka_bootstrap_servers)  # readers start with the first subscription
            log.info("gateway.started", graphiql=settings.graphiql, **urls)
            try:
                yield
            finally:
                await app.state.live.close()

    app = FastAPI(
        title="Pact GraphQL gateway",
        description="One GraphQL schema over the Circular and Fair ICT Pact services.",
        version="0.1.0",
        lifespan=lifespan,
    )
    verifier = TokenVerifier(
        settings.jwt_key_material(),
        issuer=settings.jwt_issuer,
        audience=settings.jwt_audience,
        algorithms=settings.jwt_algorithm_list(),
    )
    install_http_basics(app, verifier)  # correlation ids and problem+json for the plain HTTP routes
    install_observability(app, settings.service_name)
    install_web_client_support(app, settings)
    app.state.batch_loads = settings.batch_loads
    app.state.trusted_documents = TrustedDocuments.from_settings(settings.trusted_documents, settings.web_client_secret)
    app.include_router(health_router())
    graphql = GatewayRouter(
        build_schema(
            max_query_depth=settings.max_query_depth,
            max_aliases=settings.max_aliases,
            max_tokens=settings.max_tokens,
            max_query_cost=settings.max_query_cost,
            rate_limit_per_minute=settings.rate_limit_per_minute or None,
            introspection=settings.introspection,
        ),
        context_getter=get_context,
        subscription_protocols=[GRAPHQL_TRANSPORT_WS_PROTOCOL],  # not the legacy graphql-ws protocol
        graphql_ide="graphiql" if settings.graphiql else None,
    )
    app.include_router(graphql, prefix="/graphql")
    if settings.graphiql:
        install_graphiql_assets(app)
    return app
