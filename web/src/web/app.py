"""The one place where the site is wired: settings, the gateway client, templates, routes, error pages."""

from __future__ import annotations

from contextlib import asynccontextmanager

import logging
from pathlib import Path

import httpx
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from web.gateway import Gateway, GatewayError
from web.i18n import DEFAULT_LANGUAGE, LANGUAGES, best_language
from web.pages import awards, events, personal, public, register, registration, unsubscribe
from web.pages.rendering import Renderer, language_of
from web.security import SecurityHeaders, Signer
from web.settings import Settings

STATIC = Path(__file__).parent / "static"
log = logging.getLogger("web")


def create_app(settings: Settings | None = None) -> Starlette:
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: Starlette):
        # One connection pool to the gateway for the process; a page's queries reuse it.
        async with httpx.AsyncClient(timeout=settings.gateway_timeout_seconds) as http:
            app.state.gateway = Gateway(http, settings.gateway_url, client_secret=settings.gateway_client_secret)
            log.info("web.started gateway=%s environment=%s", settings.gateway_url, settings.environment)
            yield

    routes = [
        Route("/", choose_language),
        Route("/health/live", live),
        Route("/health/ready", ready),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
        *[Route(f"/{{lang:lang}}{path}", endpoint, methods=methods)
          for module in (public, events, registration, personal, unsubscribe, awards, register) for path, endpoint, methods in module.ROUTES],
        Route("/{lang:lang}", lambda request: RedirectResponse(f"/{request.path_params['lang']}/", 308)),
    ]
    app = Starlette(routes=routes, lifespan=lifespan, exception_handlers={
        GatewayError: gateway_failed, personal.InvalidLink: personal.invalid_link, HTTPException: http_error, Exception: unexpected})
    app.state.settings = settings
    app.state.renderer = Renderer(Signer(settings.secret_key, secure=settings.secure_cookies), settings.public_base_url)
    app.add_middleware(SecurityHeaders, hsts=settings.environment == "production")
    return app


async def choose_language(request: Request) -> Response:
    """``/``: the visitor's first language the site has (Accept-Language), else English."""
    response = RedirectResponse(f"/{best_language(request.headers.get('accept-language'))}/", 303)
    response.headers["Vary"] = "Accept-Language"
    return response


async def live(request: Request) -> Response:
    return JSONResponse({"status": "ok"})


async def ready(request: Request) -> Response:
    """Ready when the gateway answers its own readiness check."""
    base = request.app.state.settings.gateway_url.rsplit("/graphql", 1)[0]
    try:
        answer = await request.app.state.gateway.http.get(f"{base}/health/ready", timeout=2)
        gateway = "ok" if answer.is_success else f"status {answer.status_code}"
    except httpx.HTTPError as exc:
        gateway = f"unreachable: {type(exc).__name__}"
    ok = gateway == "ok"
    return JSONResponse({"status": "ok" if ok else "unavailable", "checks": {"gateway": gateway}}, status_code=200 if ok else 503)


async def gateway_failed(request: Request, exc: GatewayError) -> Response:
    renderer: Renderer = request.app.state.renderer
    if exc.code in ("NOT_FOUND", "BAD_USER_INPUT"):  # on a page: an id that names nothing
        return renderer.page(request, "error.html", status=404, kind="not_found")
    if exc.code == "RATE_LIMITED":
        return renderer.page(request, "error.html", status=429, kind="rate_limited")
    log.warning("web.gateway_failed code=%s reason=%s path=%s: %s", exc.code, exc.reason, request.url.path, exc.message)
    return renderer.page(request, "error.html", status=503, kind="unavailable")


async def http_error(request: Request, exc: HTTPException) -> Response:
    kind = "not_found" if exc.status_code == 404 else "method" if exc.status_code == 405 else "bad_request"
    return request.app.state.renderer.page(request, "error.html", status=exc.status_code, kind=kind)


async def unexpected(request: Request, exc: Exception) -> Response:
    log.exception("web.unexpected path=%s", request.url.path)
    return request.app.state.renderer.page(request, "error.html", status=500, kind="unexpected")


__all__ = ["create_app", "LANGUAGES", "DEFAULT_LANGUAGE", "language_of"]
