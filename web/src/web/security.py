"""Security headers on every answer, CSRF tokens on every form, and the signed cookie that carries a result
across a redirect (so no personal data ever goes into a URL)."""

from __future__ import annotations

import secrets
from typing import Any

from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# No inline script or style anywhere: JSON-LD in <script type="application/ld+json"> is data, never run.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
CSRF_COOKIE = "pact_csrf"
CSRF_FIELD = "csrf_token"
CSRF_MAX_AGE = 4 * 3600  # a form left open longer than this is sent back with a note, not refused with an error page
RESULT_COOKIE = "pact_result"
RESULT_MAX_AGE = 30 * 60


class SecurityHeaders:
    """Pure ASGI middleware: adds the headers to every HTTP answer, error pages and static files included."""

    def __init__(self, app: ASGIApp, *, hsts: bool):
        self.app, self.hsts = app, hsts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                for name, value in self._headers():
                    if name.encode() not in present:
                        headers.append((name.encode(), value.encode()))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)

    def _headers(self) -> list[tuple[str, str]]:
        headers = [("content-security-policy", CSP), ("x-content-type-options", "nosniff"), ("referrer-policy", "same-origin"),
                   ("x-frame-options", "DENY"), ("cross-origin-opener-policy", "same-origin"),
                   ("permissions-policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()")]
        if self.hsts:
            headers.append(("strict-transport-security", "max-age=31536000; includeSubDomains"))
        return headers


class Signer:
    """Signed double-submit CSRF tokens and the short-lived result cookie, under one secret (different salts)."""

    def __init__(self, secret: str, *, secure: bool):
        self._csrf = URLSafeTimedSerializer(secret, salt="pact-web-csrf")
        self._result = URLSafeTimedSerializer(secret, salt="pact-web-result")
        self.secure = secure

    # CSRF: the cookie holds a random nonce, the form the nonce signed; a cross-site page can neither read
    # the cookie nor forge the signature.
    def csrf_token(self, request: Request, response_cookies: dict[str, str]) -> str:
        nonce = request.cookies.get(CSRF_COOKIE) or response_cookies.get(CSRF_COOKIE)
        if not nonce or len(nonce) > 64:
            nonce = secrets.token_urlsafe(24)
            response_cookies[CSRF_COOKIE] = nonce
        return self._csrf.dumps(nonce)

    def csrf_valid(self, request: Request, token: Any) -> bool:
        nonce = request.cookies.get(CSRF_COOKIE)
        if not nonce or not isinstance(token, str):
            return False
        try:
            return secrets.compare_digest(self._csrf.loads(token, max_age=CSRF_MAX_AGE), nonce)
        except BadSignature:
            return False

    def set_csrf_cookie(self, response: Response, nonce: str) -> None:
        response.set_cookie(CSRF_COOKIE, nonce, httponly=True, samesite="lax", secure=self.secure, path="/")

    def set_result(self, response: Response, value: dict) -> None:
        response.set_cookie(RESULT_COOKIE, self._result.dumps(value), max_age=RESULT_MAX_AGE, httponly=True, samesite="lax",
                            secure=self.secure, path="/")

    def result(self, request: Request) -> dict | None:
        raw = request.cookies.get(RESULT_COOKIE)
        if not raw:
            return None
        try:
            value = self._result.loads(raw, max_age=RESULT_MAX_AGE)
        except BadSignature:
            return None
        return value if isinstance(value, dict) else None
