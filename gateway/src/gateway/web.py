"""What browsers and web clients need from the gateway: CORS, compression, and a cap on request size."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import JSONResponse
from servicekit.body_limit import BodySizeLimit

from gateway.settings import Settings


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
