"""The registrant's own pages, behind the signed links of their e-mails: status, ticket, calendar file, join, cancel.

The site checks nothing itself: it passes the link's token through the gateway to the events service, which
signed it and alone decides what it opens. Whoever holds no valid token sees a 403 page and nobody's data.
These pages are never cached and send no referrer (their address holds the token).
"""

from __future__ import annotations

import logging
import re
from urllib.parse import parse_qs, urlsplit

import segno
from markupsafe import Markup
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from web.gateway import GatewayError
from web.pages.rendering import in_language, query, render
from web.security import CSRF_FIELD

log = logging.getLogger("web")
REGISTRATION_ID = re.compile(r"[A-Za-z0-9_-]{1,100}")
TOKEN = re.compile(r"[A-Za-z0-9_.-]{1,500}")
PRIVATE = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer", "X-Robots-Tag": "noindex"}
REFUSED = ("FORBIDDEN", "UNAUTHENTICATED", "NOT_FOUND", "BAD_USER_INPUT")


def _link(request: Request) -> tuple[str, str]:
    """(registration id, token) of the link, or the page saying the link is not valid."""
    registration_id, token = request.path_params["rid"], request.query_params.get("token", "")
    if not REGISTRATION_ID.fullmatch(registration_id) or not TOKEN.fullmatch(token):
        raise InvalidLink()
    return registration_id, token


class InvalidLink(Exception):
    """The link's token does not open this page (wrong, cut short, or for another purpose)."""


async def invalid_link(request: Request, exc: InvalidLink) -> Response:
    return render(request, "personal_invalid.html", status=403, headers=PRIVATE)


async def _ask(request: Request, name, variables: dict) -> dict:
    try:
        return await query(request, name, variables)
    except GatewayError as error:
        if error.code in REFUSED:
            log.warning("web.personal_link_refused operation=%s code=%s reason=%s", name, error.code, error.reason)
            raise InvalidLink() from None
        raise


def token_in(url: str | None) -> str | None:
    """The token of one of the personal links the gateway hands out (the site builds its own addresses with it)."""
    if not url:
        return None
    return (parse_qs(urlsplit(url).query).get("token") or [None])[0]


async def _registration(request: Request) -> tuple[str, str, dict]:
    registration_id, token = _link(request)
    registration = (await _ask(request, "MyRegistration", {"id": registration_id, "token": token}))["registration"]
    return registration_id, token, registration


def _context(request: Request, registration_id: str, token: str, registration: dict) -> dict:
    event = registration.get("event") or {}
    title, title_lang = in_language(event.get("titles") or [], request.path_params["lang"])
    base = f"/{request.path_params['lang']}/registrations/{registration_id}"
    personal = token_in(registration.get("cancelUrl"))  # None when the page was opened with the ticket link
    links = {"status": f"{base}?token={personal}" if personal else None, "cancel": f"{base}/cancel?token={personal}" if personal else None,
             "ticket": None, "calendar": None, "join": None}
    if personal:  # the holder of the cancel link reaches the ticket page with it (and back)
        links["ticket"] = f"{base}/ticket?token={personal}"
    for key, url, path in (("ticket", None if personal else registration.get("ticketUrl"), "/ticket"), ("calendar", registration.get("calendarUrl"), "/calendar.ics"),
                           ("join", registration.get("joinUrl"), "/join")):
        own = token_in(url)
        if own:
            links[key] = f"{base}{path}?token={own}"
    return {"registration": registration, "event": event, "title": title, "title_lang": title_lang, "links": links}


async def status_page(request: Request) -> Response:
    registration_id, token, registration = await _registration(request)
    context = _context(request, registration_id, token, registration)
    if not context["links"]["status"]:  # the ticket link opens the ticket only
        raise InvalidLink()
    return render(request, "personal_status.html", headers=PRIVATE, **context)


def qr_svg(code: str, label: str) -> Markup:
    """The ticket code as an inline SVG QR code, drawn on the server (segno): no script, no image request."""
    svg = segno.make(code, error="m").svg_inline(scale=6, border=4, svgclass="qr", lineclass=None, omitsize=False)
    return Markup(svg.replace("<svg ", f'<svg role="img" aria-label="{Markup.escape(label)}" ', 1))


async def ticket_page(request: Request) -> Response:
    registration_id, token, registration = await _registration(request)
    context = _context(request, registration_id, token, registration)
    if registration["status"] == "CANCELLED" or not registration.get("ticketCode"):
        return render(request, "personal_ticket.html", status=410, headers=PRIVATE, qr=None, **context)
    return render(request, "personal_ticket.html", headers=PRIVATE, qr=qr_svg(registration["ticketCode"], registration["ticketCode"]),
                  **context)


async def calendar_file(request: Request) -> Response:
    registration_id, token = _link(request)
    body = (await _ask(request, "MyCalendar", {"id": registration_id, "token": token}))["registrationCalendar"]
    return Response(body, media_type="text/calendar; charset=utf-8",
                    headers={**PRIVATE, "Content-Disposition": 'attachment; filename="registration.ics"'})


async def join_page(request: Request) -> Response:
    registration_id, token = _link(request)
    link = (await _ask(request, "MyJoinLink", {"id": registration_id, "token": token}))["registrationJoinLink"]
    return render(request, "personal_join.html", status=200 if link["active"] else 410, headers=PRIVATE, link=link)


async def cancel_page(request: Request) -> Response:
    registration_id, token, registration = await _registration(request)
    context = _context(request, registration_id, token, registration)
    if not context["links"]["cancel"]:
        raise InvalidLink()
    return render(request, "personal_cancel.html", headers=PRIVATE, problem=None, **context)


async def cancel(request: Request) -> Response:
    registration_id, token = _link(request)
    form = await request.form()
    if not request.app.state.renderer.signer.csrf_valid(request, form.get(CSRF_FIELD)):
        registration = (await _ask(request, "MyRegistration", {"id": registration_id, "token": token}))["registration"]
        return render(request, "personal_cancel.html", status=400, headers=PRIVATE, problem="expired",
                      **_context(request, registration_id, token, registration))
    await _ask(request, "CancelMyRegistration", {"id": registration_id, "token": token})
    return RedirectResponse(f"/{request.path_params['lang']}/registrations/{registration_id}/cancelled?token={token}", 303,
                            headers=PRIVATE)


async def cancelled_page(request: Request) -> Response:
    registration_id, token, registration = await _registration(request)
    if registration["status"] != "CANCELLED":
        raise HTTPException(404)
    return render(request, "personal_cancelled.html", headers=PRIVATE, **_context(request, registration_id, token, registration))


ROUTES = [
    ("/registrations/{rid}", status_page, ["GET"]),
    ("/registrations/{rid}/ticket", ticket_page, ["GET"]),
    ("/registrations/{rid}/calendar.ics", calendar_file, ["GET"]),
    ("/registrations/{rid}/join", join_page, ["GET"]),
    ("/registrations/{rid}/cancel", cancel_page, ["GET"]),
    ("/registrations/{rid}/cancel", cancel, ["POST"]),
    ("/registrations/{rid}/cancelled", cancelled_page, ["GET"]),
]
