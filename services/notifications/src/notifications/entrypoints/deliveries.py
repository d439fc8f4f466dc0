"""The delivery log over HTTP: operators see everything, members the deliveries of their own webhooks."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from servicekit.auth import Principal, Role
from servicekit.errors import PROBLEM_RESPONSES, FieldError, NotFound, ProblemError
from servicekit.http import require_roles
from servicekit.inputs import single_line
from servicekit.pagination import Cursor, decode_cursor, encode_cursor

from notifications.adapters.repository import DeliveryFilter
from notifications.domain.errors import NotificationsError
from notifications.entrypoints.problems import problem_for
from notifications.entrypoints.schemas import DeliveryOut, DeliveryPage, PageInfo
from notifications.service_layer import subscriptions as handlers

router = APIRouter(prefix="/deliveries", tags=["deliveries"], responses=PROBLEM_RESPONSES)
Recipient = single_line(max_length=320)
Kind = single_line(max_length=200)
SubscriptionId = single_line(max_length=36)
READERS = (Role.OPERATOR, Role.MEMBER)


def caller_of(principal: Principal) -> handlers.Caller:
    operator = principal.role is Role.OPERATOR
    return handlers.Caller(subject=principal.subject, organisation_id=None if operator else principal.organisation_id, operator=operator)


async def _visible(request: Request, principal: Principal) -> tuple[str, ...] | None:
    if principal.role is Role.OPERATOR:
        return None
    async with request.app.state.runtime.uow() as uow:
        return tuple(s.id for s in await uow.subscriptions.list(principal.organisation_id))


def _cursor(after: str) -> tuple[datetime, str]:
    created_at, last_id = decode_cursor(after, size=2)
    try:
        return datetime.fromisoformat(created_at), last_id
    except ValueError:
        raise ProblemError(422, "BAD_USER_INPUT", "Invalid cursor", "The cursor is not one this API gave out; start again without it.",
                           [FieldError(field="after", message="not a cursor from this API", type="cursor")]) from None


@router.get("", summary="The delivery log, newest first (operators: all; members: their webhooks' deliveries)")
async def list_deliveries(
    request: Request,
    principal: Principal = require_roles(*READERS),
    status: Literal["pending", "sent", "failed", "cancelled"] | None = None,
    channel: Literal["email", "webhook"] | None = None,
    recipient: Annotated[Recipient | None, Query(description="E-mail address or subscription id")] = None,
    kind: Annotated[Kind | None, Query()] = None,
    subscription_id: Annotated[SubscriptionId | None, Query()] = None,
    first: Annotated[int, Query(ge=1, le=200)] = 50,
    after: Annotated[Cursor | None, Query(description="end_cursor of the previous page")] = None,
) -> DeliveryPage:
    cursor = _cursor(after) if after else None
    where = DeliveryFilter(status=status, channel=channel, recipient=recipient, kind=kind, subscription_id=subscription_id,
                           subscription_ids=await _visible(request, principal))
    async with request.app.state.runtime.uow() as uow:
        page, more, total = await uow.deliveries.page(where, after=cursor, limit=first)
    end = encode_cursor(page[-1].created_at.isoformat(), page[-1].id) if page else None
    return DeliveryPage(items=[DeliveryOut.of(d) for d in page], page_info=PageInfo(end_cursor=end, has_next_page=more), total_count=total)


@router.get("/{delivery_id}", summary="One delivery with its attempts and last error")
async def get_delivery(delivery_id: str, request: Request, principal: Principal = require_roles(*READERS)) -> DeliveryOut:
    visible = await _visible(request, principal)
    async with request.app.state.runtime.uow() as uow:
        delivery = await uow.deliveries.get(delivery_id)
    if delivery is None or (visible is not None and delivery.subscription_id not in visible):
        raise NotFound("Delivery", delivery_id)
    return DeliveryOut.of(delivery)


@router.post("/{delivery_id}/replay", status_code=202, summary="Send a sent or failed delivery again, as a new delivery")
async def replay_delivery(delivery_id: str, request: Request, principal: Principal = require_roles(*READERS)) -> DeliveryOut:
    try:
        copy = await handlers.replay(request.app.state.runtime.uow(), caller_of(principal), delivery_id)
    except NotificationsError as exc:
        raise problem_for(exc) from None
    return DeliveryOut.of(copy)
