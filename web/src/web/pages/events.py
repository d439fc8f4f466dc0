"""The events: upcoming and past with filters, and one event with its programme, seats and JSON-LD."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from web.i18n import LANGUAGES
from web.pages.rendering import gateway_id, in_language, query, render, url_id

KINDS = ("IN_PERSON_MEETING", "ONLINE_CONFERENCE", "WORKSHOP", "WEBINAR")


async def event_list(request: Request) -> Response:
    timing = "PAST" if request.query_params.get("when") == "past" else "UPCOMING"
    kind = request.query_params.get("kind", "")
    language = request.query_params.get("language", "")
    kind = kind if kind in KINDS else ""
    language = language if language in LANGUAGES else ""
    data = await query(request, "Events", {"timing": timing, "kind": kind or None, "language": language.upper() or None,
                                           "titleLanguage": request.path_params["lang"].upper()})
    events = data["events"]["nodes"]
    if timing == "PAST":
        events = sorted(events, key=lambda e: e["startsAt"], reverse=True)
    return render(request, "events.html", events=events, total=data["events"]["totalCount"], timing=timing, kind=kind,
                  language=language, kinds=KINDS)


async def load_event(request: Request) -> dict:
    identifier = gateway_id(request.path_params["id"])
    if identifier is None:
        raise HTTPException(404)
    event = (await query(request, "EventPage", {"id": identifier}))["event"]
    if event is None:
        raise HTTPException(404)
    return event


async def event_page(request: Request) -> Response:
    event = await load_event(request)
    return render(request, "event.html", event=event, structured=structured_data(event, request), **texts(event, request))


def texts(event: dict, request: Request) -> dict[str, str]:
    """The event's title and description in the visitor's language where it has them, and the languages they are in."""
    language = request.path_params["lang"]
    title, title_lang = in_language(event["titles"], language)
    description, description_lang = in_language(event["descriptions"], language)
    spoken = event["languages"][0].lower() if event["languages"] else language
    return {"title": title, "title_lang": title_lang, "description": description, "description_lang": description_lang, "spoken": spoken}


def structured_data(event: dict, request: Request) -> dict:
    """schema.org Event: what search engines and calendars read. Never the join link: online, the location is this page."""
    renderer = request.app.state.renderer
    language = request.path_params["lang"]
    page = f"{renderer.public_base_url}/{language}/events/{url_id(event['id'])}"
    title, _ = in_language(event["titles"], language)
    description, _ = in_language(event["descriptions"], language)
    status = {"CANCELLED": "https://schema.org/EventCancelled"}.get(event["status"], "https://schema.org/EventScheduled")
    data = {
        "@context": "https://schema.org", "@type": "Event", "name": title, "url": page,
        "startDate": event["startsAt"], "endDate": event["endsAt"], "eventStatus": status,
        "eventAttendanceMode": "https://schema.org/OnlineEventAttendanceMode" if event["online"] else "https://schema.org/OfflineEventAttendanceMode",
        "location": {"@type": "VirtualLocation", "url": page} if event["online"] else
                    {"@type": "Place", "name": event["venue"] or "", "address": event["venue"] or ""},
        "inLanguage": [code.lower() for code in event["languages"]],
        "organizer": [{"@type": "Organization", "name": o["name"]} for o in event["organisers"]],
        "isAccessibleForFree": True,
    }
    if description:
        data["description"] = description
    if event["capacity"] is not None:
        data["maximumAttendeeCapacity"] = event["capacity"]
        data["remainingAttendeeCapacity"] = event["seatsLeft"]
    if event["registrationOpen"]:
        data["offers"] = {"@type": "Offer", "price": "0", "priceCurrency": "EUR", "url": f"{page}/register",
                          "availability": "https://schema.org/InStock" if event["seatsLeft"] != 0 else "https://schema.org/SoldOut"}
    return data


ROUTES = [
    ("/events", event_list, ["GET"]),
    ("/events/{id}", event_page, ["GET"]),
]
