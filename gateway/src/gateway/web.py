"""What browsers and web clients need from the gateway: CORS, compression, and a cap on request size."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import JSONResponse

from gateway.settings import Settings


class BodySizeLimit:
    """ASGI middleware: 413 for a body over ``limit`` bytes, declared or streamed (never read beyond it).

    A streamed body that grows too large looks like a client disconnect to the app; whatever
    the app then answers or raises is dropped and the 413 is sent instead.
    """

    def __init__(self, app, limit: int):
        self.app = app
        self.limit = limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope["headers"]).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.limit:
            return await self._refuse(scope, receive, send)
        received, too_large = 0, False

        async def limited_receive():
            nonlocal received, too_large
            if too_large:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    too_large = True
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message):
            if not too_large:
                await send(message)

        try:
            await self.app(scope, limited_receive, guarded_send)
        except Exception:
            if not too_large:
                raise
        if too_large:
            await self._refuse(scope, receive, send)

    async def _refuse(self, scope, receive, send):
        message = f"The request body is larger than {self.limit} bytes; send a smaller query or use persisted queries."
        response = JSONResponse({"errors": [{"message": message, "extensions": {"code": "PAYLOAD_TOO_LARGE"}}]}, status_code=413)
        await response(scope, receive, send)


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
    app.add_middleware(BodySizeLimit, limit=settings.max_body_bytes)  # outermost: refuse before anything reads
