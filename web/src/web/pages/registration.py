"""Registering for an event: a form that works without JavaScript, POST then redirect, a result page.

Errors come back as the form itself (GOV.UK pattern: a summary at the top linking to each field, the
message next to the field), in the page's language. Nothing personal goes into a URL: the result
travels to the next page in a short-lived signed cookie, and it holds only the status and position.
"""

from __future__ import annotations

import re
import uuid

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from web.gateway import GatewayError
from web.i18n import LANGUAGES
from web.pages.events import load_event, texts
from web.pages.rendering import query, render, url_id
from web.security import CSRF_FIELD


def N_(message: str) -> str:
    """Marks a message for the catalogues; it is translated where it is shown."""
    return message


EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")
IDEMPOTENCY_KEY = re.compile(r"[0-9a-f]{32}")
MAX_LENGTH = 200
MESSAGES = {
    "name": N_("Enter your name"),
    "name_long": N_("Your name must be 200 characters or fewer"),
    "email": N_("Enter your e-mail address"),
    "email_format": N_("Enter an e-mail address in the correct format, like name@example.org"),
    "organisation_long": N_("The organisation's name must be 200 characters or fewer"),
    "language": N_("Choose the language we write to you in"),
    "consent": N_("Tick the box to agree that we keep your data for this event"),
    "expired": N_("The form was open too long or came from another site. Check your answers and send it again."),
    "full": N_("All seats are taken and this event keeps no waiting list."),
    "refused": N_("The registration was refused. Check your answers and send it again."),
}
FIELD_ORDER = ("name", "email", "organisation", "language", "consent")


def validate(form: dict[str, str]) -> dict[str, str]:
    """Field -> message id, in the order the fields appear."""
    errors = {}
    if not form["name"]:
        errors["name"] = MESSAGES["name"]
    elif len(form["name"]) > MAX_LENGTH:
        errors["name"] = MESSAGES["name_long"]
    if not form["email"]:
        errors["email"] = MESSAGES["email"]
    elif len(form["email"]) > 254 or not EMAIL.fullmatch(form["email"]):
        errors["email"] = MESSAGES["email_format"]
    if len(form["organisation"]) > MAX_LENGTH:
        errors["organisation"] = MESSAGES["organisation_long"]
    if form["language"] not in LANGUAGES:
        errors["language"] = MESSAGES["language"]
    if form["consent"] != "yes":
        errors["consent"] = MESSAGES["consent"]
    return errors


async def form_page(request: Request) -> Response:
    event = await load_event(request)
    blank = {"name": "", "email": "", "organisation": "", "language": request.path_params["lang"], "consent": "",
             "idempotency_key": uuid.uuid4().hex}
    return _form(request, event, blank, {})


async def submit(request: Request) -> Response:
    event = await load_event(request)
    raw = await request.form()
    form = {name: str(raw.get(name, "")).strip()[:1000] for name in (*FIELD_ORDER, "idempotency_key")}
    if not IDEMPOTENCY_KEY.fullmatch(form["idempotency_key"]):
        form["idempotency_key"] = uuid.uuid4().hex
    if not request.app.state.renderer.signer.csrf_valid(request, raw.get(CSRF_FIELD)):
        return _form(request, event, form, {}, problem=MESSAGES["expired"], status=400)
    errors = validate(form)
    if errors:
        return _form(request, event, form, errors, status=422)
    variables = {"eventId": event["id"], "idempotencyKey": form["idempotency_key"],
                 "input": {"name": form["name"], "email": form["email"], "organisation": form["organisation"] or None,
                           "language": form["language"].upper(), "consent": True}}
    try:
        registered = (await query(request, "Register", variables))["register"]
    except GatewayError as error:
        return _refused(request, event, form, error)
    response = RedirectResponse(f"/{request.path_params['lang']}/events/{url_id(event['id'])}/registration", 303)
    request.app.state.renderer.signer.set_result(response, {"event": event["id"], "status": registered["status"],
                                                            "position": registered["waitlistPosition"]})
    return response


def _refused(request: Request, event: dict, form: dict, error: GatewayError) -> Response:
    reason = error.reason or error.code
    if reason in ("REGISTRATION_CLOSED", "REGISTRATION_NOT_OPEN"):
        return _form(request, {**event, "registrationOpen": False}, form, {}, status=409)
    if reason == "EVENT_FULL":
        return _form(request, event, form, {}, problem=MESSAGES["full"], status=409)
    if error.code == "BAD_USER_INPUT":
        errors = {}
        for item in error.fields:
            field = str(item.get("field", "")).rsplit(".", 1)[-1]
            if field in FIELD_ORDER and field not in errors:
                errors[field] = MESSAGES["email_format"] if field == "email" else MESSAGES.get(field, MESSAGES["refused"])
        return _form(request, event, form, errors, problem=None if errors else MESSAGES["refused"], status=422)
    raise error


def _form(request: Request, event: dict, form: dict, errors: dict, *, problem: str | None = None, status: int = 200) -> Response:
    ordered = [(field, errors[field]) for field in FIELD_ORDER if field in errors]
    return render(request, "register_form.html", status=status, event=event, form=form, errors=errors, ordered_errors=ordered,
                  problem=problem, headers={"Cache-Control": "no-store"}, **texts(event, request))


async def result_page(request: Request) -> Response:
    event = await load_event(request)
    result = request.app.state.renderer.signer.result(request)
    if not result or result.get("event") != event["id"]:
        return RedirectResponse(f"/{request.path_params['lang']}/events/{url_id(event['id'])}", 303)
    return render(request, "register_result.html", event=event, result=result, headers={"Cache-Control": "no-store"},
                  **texts(event, request))


ROUTES = [
    ("/events/{id}/register", form_page, ["GET"]),
    ("/events/{id}/register", submit, ["POST"]),
    ("/events/{id}/registration", result_page, ["GET"]),
]
