"""Webhook subscriptions over HTTP: a member manages its own organisation's, an operator all of them."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response, status
from servicekit.auth import Principal, Role
from servicekit.errors import PROBLEM_RESPONSES
from servicekit.http import require_roles

from notifications.domain.errors import NotificationsError
from notifications.entrypoints.consumers import WEBHOOK_EVENT_TYPES
from notifications.entrypoints.deliveries import caller_of
from notifications.entrypoints.problems import problem_for
from notifications.entrypoints.schemas import EventTypes, SubscriptionIn, SubscriptionList, SubscriptionOut, SubscriptionPatch
from notifications.service_layer import subscriptions as handlers

router = APIRouter(prefix="/webhooks", tags=["webhooks"], responses=PROBLEM_RESPONSES)
MANAGERS = (Role.OPERATOR, Role.MEMBER)


async def _run(call):
    try:
        return await call
    except NotificationsError as exc:
        raise problem_for(exc) from None


def _allow_private(request: Request) -> bool:
    return request.app.state.runtime.settings.allow_private_webhooks


@router.get("/event-types", summary="The event types a subscription may ask for")
async def event_types() -> EventTypes:
    return EventTypes(event_types=WEBHOOK_EVENT_TYPES)


@router.post("/subscriptions", status_code=status.HTTP_201_CREATED, summary="Subscribe a URL to event types; the answer holds the signing secret")
async def create_subscription(body: SubscriptionIn, request: Request, principal: Principal = require_roles(*MANAGERS)) -> SubscriptionOut:
    subscription = await _run(handlers.create(
        request.app.state.runtime.uow(), caller_of(principal), url=str(body.url), event_types=body.event_types, description=body.description,
        organisation_id=body.organisation_id, allowed_types=WEBHOOK_EVENT_TYPES, allow_private=_allow_private(request)))
    return SubscriptionOut.of(subscription)


@router.get("/subscriptions", summary="Your organisation's subscriptions (operators: all)")
async def list_subscriptions(request: Request, principal: Principal = require_roles(*MANAGERS)) -> SubscriptionList:
    async with request.app.state.runtime.uow() as uow:
        found = await uow.subscriptions.list(principal.organisation_id, everyone=principal.role is Role.OPERATOR)
    return SubscriptionList(items=[SubscriptionOut.of(s) for s in found])


@router.get("/subscriptions/{subscription_id}", summary="One subscription")
async def get_subscription(subscription_id: str, request: Request, principal: Principal = require_roles(*MANAGERS)) -> SubscriptionOut:
    return SubscriptionOut.of(await _run(handlers.get(request.app.state.runtime.uow(), caller_of(principal), subscription_id)))


@router.patch("/subscriptions/{subscription_id}", summary="Change the URL, event types or description; switch it on or off")
async def update_subscription(subscription_id: str, body: SubscriptionPatch, request: Request,
                              principal: Principal = require_roles(*MANAGERS)) -> SubscriptionOut:
    changes = body.model_dump(exclude_none=True)
    if "url" in changes:
        changes["url"] = str(body.url)
    subscription = await _run(handlers.update(request.app.state.runtime.uow(), caller_of(principal), subscription_id, changes,
                                              allowed_types=WEBHOOK_EVENT_TYPES, allow_private=_allow_private(request)))
    return SubscriptionOut.of(subscription)


@router.post("/subscriptions/{subscription_id}/rotate-secret", summary="Replace the signing secret (the old one stops working at once)")
async def rotate_secret(subscription_id: str, request: Request, principal: Principal = require_roles(*MANAGERS)) -> SubscriptionOut:
    subscription = await _run(handlers.update(request.app.state.runtime.uow(), caller_of(principal), subscription_id, {},
                                              allowed_types=WEBHOOK_EVENT_TYPES, allow_private=_allow_private(request), rotate_secret=True))
    return SubscriptionOut.of(subscription)


@router.delete("/subscriptions/{subscription_id}", status_code=status.HTTP_204_NO_CONTENT, summary="Delete a subscription")
async def delete_subscription(subscription_id: str, request: Request, principal: Principal = require_roles(*MANAGERS)) -> Response:
    await _run(handlers.delete(request.app.state.runtime.uow(), caller_of(principal), subscription_id))
    return Response(status_code=status.HTTP_204_NO_CONTENT)
