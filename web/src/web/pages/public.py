"""Home, the signatories, one organisation, and the accessibility and privacy statements."""

from __future__ import annotations

from collections import defaultdict

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from web.pages.rendering import gateway_id, query, render


async def home(request: Request) -> Response:
    data = await query(request, "Home", {"language": request.path_params["lang"].upper()})
    upcoming = data["upcoming"]
    return render(request, "home.html", participants=data["participants"]["totalCount"], supporters=data["supporters"]["totalCount"],
                  upcoming_count=upcoming["totalCount"], next_event=(upcoming["nodes"] or [None])[0])


async def signatories(request: Request) -> Response:
    data = await query(request, "Signatories")
    nodes = [n for n in data["signatories"]["nodes"] if n["organisation"]]
    participants = [n for n in nodes if n["documentKind"] == "PACT"]
    supporters = sorted((n for n in nodes if n["documentKind"] == "LETTER_OF_SUPPORT"), key=lambda n: n["organisation"]["name"].lower())
    by_country: dict[str, list[dict]] = defaultdict(list)
    for node in sorted(participants, key=lambda n: n["organisation"]["name"].lower()):
        by_country[node["organisation"]["country"]].append(node)
    return render(request, "signatories.html", by_country=sorted(by_country.items()), participants=participants, supporters=supporters,
                  letters=data["letters"]["nodes"], more=data["signatories"]["pageInfo"]["hasNextPage"])


async def organisation(request: Request) -> Response:
    identifier = gateway_id(request.path_params["id"])
    if identifier is None:
        raise HTTPException(404)
    data = await query(request, "OrganisationPage", {"id": identifier})
    if data["organisation"] is None:
        raise HTTPException(404)
    signed = [s for s in data["signatures"]["nodes"] + data["supportLetters"]["nodes"] if s["status"] == "VERIFIED"]
    unique = {(s["documentKind"], s["signedOn"]): s for s in signed}
    return render(request, "organisation.html", organisation=data["organisation"],
                  signed=sorted(unique.values(), key=lambda s: s["signedOn"]))


async def accessibility(request: Request) -> Response:
    return render(request, "accessibility.html")


async def privacy(request: Request) -> Response:
    return render(request, "privacy.html")


ROUTES = [
    ("/", home, ["GET"]),
    ("/signatories", signatories, ["GET"]),
    ("/organisations/{id}", organisation, ["GET"]),
    ("/accessibility", accessibility, ["GET"]),
    ("/privacy", privacy, ["GET"]),
]
