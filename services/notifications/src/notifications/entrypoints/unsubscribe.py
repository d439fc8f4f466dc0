"""Preferences through the link in each message, without an account (an opaque token: see adapters/links.py).

GET shows a page with a button (mail scanners follow links; a GET must change nothing).
POST unsubscribes: the page's button and RFC 8058 one-click (``List-Unsubscribe=One-Click``) alike.
"""

from __future__ import annotations

from datetime import UTC, datetime
from html import escape

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from servicekit.errors import ProblemError

from notifications.adapters.links import InvalidLink, LinkTarget
from notifications.domain.model import Category

router = APIRouter(tags=["preferences"])

_TEXT = {
    "en": ("Unsubscribe", "Stop sending {what} to {who}?", "Unsubscribe", "{who} will no longer receive {what}.", "Subscribe again",
           "{who} receives {what} again.", {"event_reminders": "event reminders", "membership_updates": "membership updates",
                                      "awards_updates": "Fair ICT Awards updates"}),
    "nl": ("Uitschrijven", "Geen {what} meer sturen naar {who}?", "Uitschrijven", "{who} ontvangt geen {what} meer.", "Opnieuw inschrijven",
           "{who} ontvangt opnieuw {what}.", {"event_reminders": "herinneringen aan evenementen", "membership_updates": "berichten over het lidmaatschap",
                                      "awards_updates": "berichten over de Fair ICT Awards"}),
    "fr": ("Se désabonner", "Ne plus envoyer de {what} à {who} ?", "Se désabonner", "{who} ne recevra plus de {what}.", "Se réabonner",
           "{who} reçoit à nouveau des {what}.", {"event_reminders": "rappels d'événements", "membership_updates": "nouvelles sur l'adhésion",
                                      "awards_updates": "nouvelles des Fair ICT Awards"}),
    "de": ("Abmelden", "Keine {what} mehr an {who} senden?", "Abmelden", "{who} erhält keine {what} mehr.", "Wieder anmelden",
           "{who} erhält wieder {what}.", {"event_reminders": "Erinnerungen an Veranstaltungen", "membership_updates": "Nachrichten zur Mitgliedschaft",
                                      "awards_updates": "Nachrichten zu den Fair ICT Awards"}),
}


async def _target(request: Request, token: str) -> LinkTarget:
    runtime = request.app.state.runtime
    target = None
    if runtime.legacy_links.looks_legacy(token):
        try:
            target = runtime.legacy_links.read(token)
        except InvalidLink:
            pass
    elif len(token) <= 64:
        async with runtime.uow() as uow:
            target = await uow.unsubscribe_links.target(token)
    if target is None:
        raise ProblemError(404, "INVALID_LINK", "Invalid link", "This link is not valid; use the link from a recent message.")
    if target.category == Category.TRANSACTIONAL.value or target.category not in {c.value for c in Category}:
        raise ProblemError(422, "CATEGORY_NOT_SWITCHABLE", "Cannot be switched off", "Service messages cannot be switched off.")
    return target


def _page(target: LinkTarget, token: str, *, subscribed: bool, done: bool) -> HTMLResponse:
    title, question, button, gone, again, back, names = _TEXT.get(target.language, _TEXT["en"])
    what, who = escape(names[target.category]), escape(target.recipient)
    if subscribed:
        text, action, label = (back if done else question), f"/unsubscribe/{token}", button
    else:
        text, action, label = gone, f"/unsubscribe/{token}/resubscribe", again
    body = (f'<!DOCTYPE html><html lang="{target.language}"><head><meta charset="utf-8"><title>{title}</title></head>'
            f'<body style="font-family:Arial,sans-serif;max-width:560px;margin:40px auto"><h1>{title}</h1>'
            f'<p>{text.format(what=what, who=who)}</p><form method="post" action="{action}">'
            f'<button type="submit">{label}</button></form></body></html>')
    return HTMLResponse(body)


async def _set(request: Request, target: LinkTarget, subscribed: bool) -> None:
    async with request.app.state.runtime.uow() as uow:
        await uow.preferences.set(target.recipient, target.category, subscribed, datetime.now(UTC))
        await uow.commit()


@router.get("/unsubscribe/{token}", response_class=HTMLResponse, summary="The unsubscribe page of a signed link (changes nothing)")
async def unsubscribe_page(token: str, request: Request):
    target = await _target(request, token)
    async with request.app.state.runtime.uow() as uow:
        subscribed = await uow.preferences.subscribed(target.recipient, target.category)
    return _page(target, token, subscribed=subscribed, done=False)


@router.post("/unsubscribe/{token}", response_class=HTMLResponse, summary="Unsubscribe (RFC 8058 one-click, and the page's button)")
async def unsubscribe(token: str, request: Request):
    target = await _target(request, token)
    await _set(request, target, False)
    return _page(target, token, subscribed=False, done=True)


@router.post("/unsubscribe/{token}/resubscribe", response_class=HTMLResponse, summary="Subscribe again to the link's category")
async def resubscribe(token: str, request: Request):
    target = await _target(request, token)
    await _set(request, target, True)
    return _page(target, token, subscribed=True, done=True)


# The same link as data, for the web site (through the gateway): what the token switches, never to whom.
def _state(target: LinkTarget, subscribed: bool) -> dict:
    return {"category": target.category, "language": target.language, "subscribed": subscribed}


@router.get("/unsubscribe-links/{token}", summary="What an unsubscribe link switches (category, language) and whether it is on")
async def link_state(token: str, request: Request) -> dict:
    target = await _target(request, token)
    async with request.app.state.runtime.uow() as uow:
        return _state(target, await uow.preferences.subscribed(target.recipient, target.category))


@router.post("/unsubscribe-links/{token}/unsubscribe", summary="Unsubscribe by the link's token (for the web site)")
async def link_unsubscribe(token: str, request: Request) -> dict:
    target = await _target(request, token)
    await _set(request, target, False)
    return _state(target, False)


@router.post("/unsubscribe-links/{token}/resubscribe", summary="Subscribe again by the link's token (for the web site)")
async def link_resubscribe(token: str, request: Request) -> dict:
    target = await _target(request, token)
    await _set(request, target, True)
    return _state(target, True)
