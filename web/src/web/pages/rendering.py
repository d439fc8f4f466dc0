"""Rendering a page in the visitor's language: the template, its messages, the language switch, CSRF."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from starlette.convertors import Convertor, register_url_convertor
from starlette.requests import Request
from starlette.responses import HTMLResponse

from web import labels
from web.i18n import DEFAULT_LANGUAGE, LANGUAGE_NAMES, LANGUAGES, Localiser
from web.security import CSRF_FIELD, Signer

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
URL_ID = re.compile(r"[A-Za-z0-9_-]{1,200}")


class LanguageConvertor(Convertor):
    regex = "|".join(LANGUAGES)

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return value


register_url_convertor("lang", LanguageConvertor())


def language_of(request: Request) -> str:
    language = request.path_params.get("lang")
    if language in LANGUAGES:
        return language
    first = request.url.path.strip("/").split("/", 1)[0]
    return first if first in LANGUAGES else DEFAULT_LANGUAGE


def url_id(global_id: str) -> str:
    """A gateway id as a URL segment: its base64 made URL-safe, without padding."""
    return global_id.replace("+", "-").replace("/", "_").rstrip("=")


def gateway_id(segment: str) -> str | None:
    if not URL_ID.fullmatch(segment):
        return None
    return segment.replace("-", "+").replace("_", "/") + "=" * (-len(segment) % 4)


def in_language(texts: list[dict[str, str]], language: str, key: str = "text") -> tuple[str, str]:
    """(text, its language): the visitor's language when there is one, else the first."""
    for text in texts:
        if text["language"].lower() == language:
            return text[key], language
    return (texts[0][key], texts[0]["language"].lower()) if texts else ("", language)


def json_ld(data: dict) -> Markup:
    """JSON for a <script type="application/ld+json"> block: '<' escaped so no text can end the block."""
    return Markup(json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


class Renderer:
    def __init__(self, signer: Signer, public_base_url: str):
        self.signer, self.public_base_url = signer, public_base_url.rstrip("/")
        self.env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(default=True),
                               trim_blocks=True, lstrip_blocks=True)
        self.env.globals.update(url_id=url_id, in_language=in_language, json_ld=json_ld, CSRF_FIELD=CSRF_FIELD, **labels.ALL)

    def page(self, request: Request, template: str, *, status: int = 200, headers: dict[str, str] | None = None,
             **context: Any) -> HTMLResponse:
        language = language_of(request)
        l10n = Localiser(language)
        new_cookies: dict[str, str] = {}
        html = self.env.get_template(template).render(
            request=request, lang=language, l=l10n, _=l10n.gettext, ngettext=l10n.ngettext,
            switch=self._switch(request, language), path=request.url.path,
            csrf_token=lambda: self.signer.csrf_token(request, new_cookies),
            canonical=f"{self.public_base_url}{request.url.path}", **context)
        response = HTMLResponse(html, status_code=status, headers={"Content-Language": language, **(headers or {})})
        for value in new_cookies.values():
            self.signer.set_csrf_cookie(response, value)
        return response

    @staticmethod
    def _switch(request: Request, language: str) -> list[dict[str, str]]:
        """The same page in each language (the query string kept: it holds only filters)."""
        rest = request.url.path.strip("/").split("/", 1)
        tail = rest[1] if len(rest) > 1 and rest[0] in LANGUAGES else ""
        query = f"?{request.url.query}" if request.url.query else ""
        return [{"code": code, "name": LANGUAGE_NAMES[code], "url": f"/{code}/{tail}{query}", "current": code == language}
                for code in LANGUAGES]


async def query(request: Request, name, variables: dict | None = None) -> dict:
    """Run one of the site's operations for this visitor (their address goes along for the gateway's rate limit)."""
    visitor = request.client.host if request.client else None
    return await request.app.state.gateway.run(name, variables, visitor=visitor)


def render(request: Request, template: str, **kwargs) -> HTMLResponse:
    return request.app.state.renderer.page(request, template, **kwargs)
