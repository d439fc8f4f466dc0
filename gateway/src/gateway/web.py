"""What browsers and web clients need from the gateway: CORS, compression, a cap on request size, coded request errors."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import JSONResponse, Response
from servicekit.body_limit import BodySizeLimit
from servicekit.logging import current_correlation_id

from gateway.settings import Settings

GRAPHQL_RESPONSE = "application/graphql-response+json"


def graphql_request_error(request: Request, status: int, message: str, *, code: str = "BAD_REQUEST",
                          headers: dict[str, str] | None = None) -> Response:
    """A request that is not a GraphQL request (GraphQL over HTTP: no ``data``, a 4xx status), as a coded GraphQL error.

    In the media type the client asked for: ``application/graphql-response+json`` when it accepts it, JSON otherwise.
    """
    error = {"message": message, "extensions": {"code": code, "requestId": current_correlation_id()}}
    media_type = GRAPHQL_RESPONSE if GRAPHQL_RESPONSE in request.headers.get("accept", "") else "application/json"
    return JSONResponse({"errors": [error]}, status_code=status, media_type=media_type, headers=headers)


def graphql_too_large(limit: int) -> JSONResponse:
    message = f"The request body is larger than {limit} bytes; send a smaller query or use persisted queries."
    return JSONResponse({"errors": [{"message": message, "extensions": {"code": "PAYLOAD_TOO_LARGE"}}]}, status_code=413)


def install_web_client_support(app: FastAPI, settings: Settings) -> None:
    app.add_middleware(GZipMiddleware, minimum_size=1000)
    origins = [o.strip() for o in settings.cors_origins.split(",") if o.strip()]
    if origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=origins,
            allow_methods=["GET", "POST", "OPTIONS"],
            allow_headers=["Authorization", "Content-Type", "X-Correlation-Id", "traceparent"],
            expose_headers=["X-Correlation-Id"],
            max_age=600,
        )
    app.add_middleware(BodySizeLimit, limit=settings.max_body_bytes, refuse=graphql_too_large)  # outermost: refuse before anything reads
