"""The Fair ICT Awards: the editions, and one edition with its categories, public nominations and results."""

from __future__ import annotations

import re

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from web.pages.rendering import gateway_id, query, render
from web.labels import N_
from web.security import CSRF_FIELD

PUBLIC_NOMINATIONS = ("ELIGIBLE", "SHORTLISTED", "WINNER", "NOT_WINNER")  # submitted and ineligible ones stay with the secretariat
RECEIPT = re.compile(r"[0-9a-f]{64}")  # a ballot's receipt: a SHA-256 in hex
RECEIPT_ERRORS = {"missing": N_("Enter your receipt"),
                  "malformed": N_("Enter the receipt as you were given it: 64 characters, the digits 0 to 9 and the letters a to f")}


async def editions(request: Request) -> Response:
    data = await query(request, "AwardEditions")
    listed = sorted(data["awardEditions"]["nodes"], key=lambda e: e["votingClosesAt"], reverse=True)
    return render(request, "awards.html", editions=listed)


async def _edition(request: Request) -> dict:
    identifier = gateway_id(request.path_params["id"])
    if identifier is None:
        raise HTTPException(404)
    found = (await query(request, "AwardEdition", {"id": identifier}))["edition"]
    nominations = [n for n in found["nominations"] if n["status"] in PUBLIC_NOMINATIONS]
    categories = [{**category, "nominations": [n for n in nominations if n["categoryId"] == category["id"]]}
                  for category in found["categories"]]
    result = found["result"] if found["result"] and found["result"]["published"] else None
    return {"edition": found, "categories": categories, "result": result, "check": None, "errors": {}, "ordered_errors": [], "problem": None}


async def edition(request: Request) -> Response:
    return render(request, "edition.html", **await _edition(request))


async def check_receipt(request: Request) -> Response:
    """Check my receipt: is this code among the published result's counted receipts? The answer is this page again,
    with the answer next to the form, or the error next to the field (a POST: the receipt stays out of URLs and logs)."""
    context = await _edition(request)
    if context["result"] is None:
        raise HTTPException(404)
    form = await request.form()
    receipt = str(form.get("receipt", "")).strip().lower()
    if not request.app.state.renderer.signer.csrf_valid(request, form.get(CSRF_FIELD)):
        context["problem"] = N_("The form was open too long or came from another site. Check your answers and send it again.")
        return render(request, "edition.html", status=400, **{**context, "check": {"receipt": receipt, "counted": None}})
    error = "missing" if not receipt else None if RECEIPT.fullmatch(receipt) else "malformed"
    if error:
        context.update(errors={"receipt": RECEIPT_ERRORS[error]}, ordered_errors=[("receipt", RECEIPT_ERRORS[error])])
        return render(request, "edition.html", status=422, **{**context, "check": {"receipt": receipt, "counted": None}})
    counted = receipt in context["result"]["receipts"]
    return render(request, "edition.html", **{**context, "check": {"receipt": receipt, "counted": counted}})


ROUTES = [
    ("/awards", editions, ["GET"]),
    ("/awards/{id}", edition, ["GET"]),
    ("/awards/{id}/check-receipt", check_receipt, ["POST"]),
]
