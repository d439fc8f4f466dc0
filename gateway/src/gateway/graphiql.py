"""GraphiQL served by the gateway itself: the page, its script and GraphiQL's files (vendored by tools/vendor_graphiql.py).

strawberry's own page loads React and GraphiQL from a CDN, so it stays blank without internet access. This one
loads everything from the gateway, has no inline script or style, and says so in its Content-Security-Policy.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

STATIC = Path(__file__).parent / "static"
ASSETS_PATH = "/graphiql"  # the page refers to its files under this path

# Only the gateway's own origin: scripts, styles, fetches and the subscription WebSocket ('self' covers ws: and
# wss: to the same host). data: for the inline fonts in graphiql.min.css and the empty favicon.
CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
])


@cache
def _page_html() -> str:
    return (STATIC / "graphiql.html").read_text(encoding="utf-8")


def graphiql_page() -> HTMLResponse:
    return HTMLResponse(_page_html(), headers={"Content-Security-Policy": CONTENT_SECURITY_POLICY, "X-Content-Type-Options": "nosniff"})


def install_graphiql_assets(app: FastAPI) -> None:
    app.mount(ASSETS_PATH, StaticFiles(directory=STATIC / "graphiql"), name="graphiql")
