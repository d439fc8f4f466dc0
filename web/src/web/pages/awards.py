"""The Fair ICT Awards: the editions, and one edition with its categories, public nominations and results."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from web.pages.rendering import gateway_id, query, render

PUBLIC_NOMINATIONS = ("ELIGIBLE", "SHORTLISTED", "WINNER", "NOT_WINNER")  # submitted and ineligible ones stay with the secretariat


async def editions(request: Request) -> Response:
    data = await query(request, "AwardEditions")
    listed = sorted(data["awardEditions"]["nodes"], key=lambda e: e["votingClosesAt"], reverse=True)
    return render(request, "awards.html", editions=listed)


async def edition(request: Request) -> Response:
    identifier = gateway_id(request.path_params["id"])
    if identifier is None:
        raise HTTPException(404)
    found = (await query(request, "AwardEdition", {"id": identifier}))["edition"]
    nominations = [n for n in found["nominations"] if n["status"] in PUBLIC_NOMINATIONS]
    categories = [{**category, "nominations": [n for n in nominations if n["categoryId"] == category["id"]]}
                  for category in found["categories"]]
    result = found["result"] if found["result"] and found["result"]["published"] else None
    return render(request, "edition.html", edition=found, categories=categories, result=result)


ROUTES = [
    ("/awards", editions, ["GET"]),
    ("/awards/{id}", edition, ["GET"]),
]
