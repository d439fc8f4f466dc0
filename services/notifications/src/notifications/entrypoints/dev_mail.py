"""GET /dev/mail: what the development mailcatcher received (only when NOTIFICATIONS_DEV_MAIL_DIR is set).

A page for the browser: the messages, newest first, each linking to a page with its headers, its plain
text and the names of its attachments. Every value comes from a message anyone could have sent, so
everything is escaped and the pages run no script. ``?format=json`` (or ``Accept: application/json``)
gives the list as JSON, ``?format=text`` a message as ``python -m notifications mail show`` prints it.
"""

from __future__ import annotations

from dataclasses import asdict
from html import escape
from pathlib import Path
from typing import Literal
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from servicekit.errors import NotFound

from notifications.adapters.mailcatcher import describe, list_mail, read_mail

router = APIRouter(prefix="/dev/mail", tags=["development"])

# Nothing but the page itself: no script, no outside resource, no form.
_HEADERS = {"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'",
            "X-Content-Type-Options": "nosniff", "Cache-Control": "no-store"}
_STYLE = ("body{font:15px/1.45 system-ui,sans-serif;margin:2rem;max-width:70rem}table{border-collapse:collapse;width:100%}"
          "th,td{text-align:left;padding:.3rem .6rem;border-bottom:1px solid #ddd;vertical-align:top}"
          "pre{white-space:pre-wrap;background:#f6f6f6;padding:1rem}")
Format = Literal["html", "json", "text"]


def _wants_json(request: Request, format_: Format | None) -> bool:
    if format_ is not None:
        return format_ == "json"
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def _page(title: str, body: str) -> HTMLResponse:
    return HTMLResponse(f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>'
                        f"<style>{_STYLE}</style></head><body>{body}</body></html>", headers=_HEADERS)


@router.get("", summary="Messages the mailcatcher stored: an HTML page, newest first (JSON, oldest first, with ?format=json)",
            response_class=HTMLResponse, responses={200: {"content": {"application/json": {}}}})
async def list_messages(request: Request,
                        format_: Format | None = Query(None, alias="format", description="html (default) or json")) -> Response:
    messages = list_mail(Path(request.app.state.dev_mail_dir))
    if _wants_json(request, format_):
        return JSONResponse([asdict(m) for m in messages])
    rows = "".join(
        f'<tr><td>{number}</td><td>{escape(m.date)}</td><td>{escape(m.sender)}</td><td>{escape(m.to)}</td>'
        f'<td><a href="/dev/mail/{quote(m.name)}">{escape(m.subject) or "(no subject)"}</a></td></tr>'
        for number, m in reversed(list(enumerate(messages, 1))))
    table = ('<table><thead><tr><th>#</th><th>Date</th><th>From</th><th>To</th><th>Subject</th></tr></thead>'
             f"<tbody>{rows}</tbody></table>") if messages else "<p>No mail caught yet.</p>"
    where = escape(str(request.app.state.dev_mail_dir))
    return _page("Caught mail", f"<h1>Caught mail</h1><p>{len(messages)} message{'s' * (len(messages) != 1)}, newest first, "
                                f'kept in {where}. <a href="/dev/mail?format=json">JSON</a></p>{table}')


@router.get("/{name}", summary="One stored message: headers, plain text and attachments (an HTML page; ?format=text for plain text)",
            response_class=HTMLResponse, responses={200: {"content": {"text/plain": {}}}})
async def show_message(name: str, request: Request,
                       format_: Format | None = Query(None, alias="format", description="html (default) or text")) -> Response:
    try:
        message = read_mail(Path(request.app.state.dev_mail_dir), name)
    except FileNotFoundError:
        raise NotFound("Message", name) from None
    if format_ == "text":
        return PlainTextResponse(describe(message))
    headers = "".join(f"<tr><th>{escape(key)}</th><td>{escape(' '.join(str(value).split()))}</td></tr>" for key, value in message.items())
    body = message.get_body(preferencelist=("plain",))
    text = body.get_content() if body else "(no plain text part)"
    attachments = "".join(f"<li>{escape(part.get_filename() or '(unnamed)')} ({escape(part.get_content_type())})</li>"
                          for part in message.iter_attachments())
    subject = " ".join(str(message["Subject"] or "(no subject)").split())
    return _page(subject, f'<p><a href="/dev/mail">All caught mail</a> · <a href="/dev/mail/{quote(name)}?format=text">plain text</a></p>'
                          f"<h1>{escape(subject)}</h1><table>{headers}</table><h2>Text</h2><pre>{escape(text)}</pre>"
                          + (f"<h2>Attachments</h2><ul>{attachments}</ul>" if attachments else ""))
