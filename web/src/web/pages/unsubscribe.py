"""The unsubscribe page behind the link in every message that can be switched off, in the message's language.

The link's token (random, stored by notifications) is the only credential: the site passes it through the gateway and
shows what it switches (the kind of messages), never to whom it belongs. A GET changes nothing (mail scanners follow
links): the visitor confirms with a form (CSRF), sees the result, and can undo it there.
"""

from __future__ import annotations

import re

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from web.pages.personal import PRIVATE, InvalidLink, _ask
from web.pages.rendering import render
from web.security import CSRF_FIELD

TOKEN = re.compile(r"[A-Za-z0-9_.-]{1,500}")


def _token(request: Request) -> str:
    token = request.path_params["token"]
    if not TOKEN.fullmatch(token):
        raise InvalidLink()
    return token


def _base(request: Request, token: str) -> str:
    return f"/{request.path_params['lang']}/unsubscribe/{token}"


async def _show(request: Request, token: str, *, done: bool, status: int = 200, problem: str | None = None) -> Response:
    link = (await _ask(request, "MyUnsubscribeLink", {"token": token}))["unsubscribeLink"]
    base = _base(request, token)
    return render(request, "unsubscribe.html", status=status, headers=PRIVATE, link=link, done=done, problem=problem,
                  unsubscribe_action=base, resubscribe_action=f"{base}/resubscribe")


async def page(request: Request) -> Response:
    return await _show(request, _token(request), done=False)


async def result_page(request: Request) -> Response:
    return await _show(request, _token(request), done=True)


async def _switch(request: Request, operation: str) -> Response:
    token = _token(request)
    form = await request.form()
    if not request.app.state.renderer.signer.csrf_valid(request, form.get(CSRF_FIELD)):
        return await _show(request, token, done=operation == "Resubscribe", status=400, problem="expired")
    await _ask(request, operation, {"token": token})
    return RedirectResponse(f"{_base(request, token)}/done", 303, headers=PRIVATE)


async def unsubscribe(request: Request) -> Response:
    return await _switch(request, "Unsubscribe")


async def resubscribe(request: Request) -> Response:
    return await _switch(request, "Resubscribe")


ROUTES = [
    ("/unsubscribe/{token}", page, ["GET"]),
    ("/unsubscribe/{token}", unsubscribe, ["POST"]),
    ("/unsubscribe/{token}/done", result_page, ["GET"]),
    ("/unsubscribe/{token}/resubscribe", resubscribe, ["POST"]),
]
