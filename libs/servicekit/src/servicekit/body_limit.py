"""A cap on request bodies, checked before any of it reaches the application.

Used by every service (problem+json 413) and by the gateway (a GraphQL-shaped 413): without it
one client could make a process buffer an arbitrarily large body in memory.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from starlette.responses import JSONResponse, Response


def problem_too_large(limit: int) -> Response:
    return JSONResponse(
        {"type": "about:blank", "title": "Payload too large", "status": 413, "code": "PAYLOAD_TOO_LARGE",
         "detail": f"The request body is larger than {limit} bytes; send less."},
        status_code=413, media_type="application/problem+json",
    )


class BodySizeLimit:
    """ASGI middleware: 413 for a body over the limit, declared (Content-Length) or streamed (never read beyond it).

    ``by_path_prefix`` raises (or lowers) the limit for some routes, e.g. file uploads. A streamed
    body that grows too large looks like a client disconnect to the app; whatever the app then
    answers or raises is dropped and the 413 is sent instead.
    """

    def __init__(self, app, limit: int, *, by_path_prefix: Mapping[str, int] | None = None,
                 refuse: Callable[[int], Response] = problem_too_large):
        self.app = app
        self.limit = limit
        self.by_path_prefix = dict(by_path_prefix or {})
        self.refuse = refuse

    def _limit_for(self, path: str) -> int:
        for prefix, limit in self.by_path_prefix.items():
            if path.startswith(prefix):
                return limit
        return self.limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        limit = self._limit_for(scope.get("path", ""))
        declared = dict(scope["headers"]).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > limit:
            return await self.refuse(limit)(scope, receive, send)
        received, too_large = 0, False

        async def limited_receive():
            nonlocal received, too_large
            if too_large:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
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
            await self.refuse(limit)(scope, receive, send)
