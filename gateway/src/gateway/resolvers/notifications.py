"""Notifications' part of the schema: the delivery log and webhook subscriptions."""

from __future__ import annotations

from functools import partial
from typing import Annotated

import strawberry
from servicekit.auth import Role

from gateway.clients.membership import MAX_PAGE
from gateway.connections import AfterArg, BeforeArg, FirstArg, LastArg, build_connection, whole_list
from gateway.context import Info
from gateway.permissions import require_roles
from gateway.types.notification import (
    CreateWebhookSubscriptionInput,
    Delivery,
    DeliveryChannel,
    DeliveryConnection,
    DeliveryEdge,
    DeliveryStatus,
    UnsubscribeLink,
    UpdateWebhookSubscriptionInput,
    WebhookSubscription,
    WebhookSubscriptionConnection,
    WebhookSubscriptionEdge,
)

MANAGERS = (Role.OPERATOR, Role.MEMBER)


@strawberry.type
class NotificationsQuery:
    @strawberry.field(description="The delivery log, newest first: operators see all; members their webhooks' deliveries.",
                      extensions=[require_roles(*MANAGERS)])
    async def deliveries(
        self,
        info: Info,
        first: FirstArg = None,
        after: AfterArg = None,
        last: LastArg = None,
        before: BeforeArg = None,
        status: Annotated[DeliveryStatus | None, strawberry.argument(description="Only deliveries in this status.")] = None,
        channel: Annotated[DeliveryChannel | None, strawberry.argument(description="Only this channel.")] = None,
        recipient: Annotated[str | None, strawberry.argument(description="Only to this e-mail address or subscription id.")] = None,
    ) -> DeliveryConnection:
        fetch = partial(info.context.notifications.list_deliveries, status=status.value if status else None,
                        channel=channel.value if channel else None, recipient=recipient)
        return await build_connection(first, after, fetch, last=last, before=before, edge=DeliveryEdge, node=Delivery.from_upstream, connection=DeliveryConnection)

    @strawberry.field(description="Your organisation's webhook subscriptions (operators: all).", extensions=[require_roles(*MANAGERS)])
    async def webhooks(
        self, info: Info, first: FirstArg = None, after: AfterArg = None, last: LastArg = None, before: BeforeArg = None
    ) -> WebhookSubscriptionConnection:
        return await build_connection(first, after, whole_list(info.context.notifications.list_webhook_subscriptions), last=last, before=before,
                                      edge=WebhookSubscriptionEdge, node=WebhookSubscription.from_upstream, connection=WebhookSubscriptionConnection)

    @strawberry.field(description="Your organisation's webhook subscriptions (operators: all).", extensions=[require_roles(*MANAGERS)],
                      deprecation_reason="Use webhooks: the same list as a Relay connection.")
    async def webhook_subscriptions(self, info: Info) -> list[WebhookSubscription]:
        return [WebhookSubscription.from_upstream(s) for s in await info.context.notifications.list_webhook_subscriptions()]

    @strawberry.field(description=(
        "What the unsubscribe link of a message switches (category, language) and whether it is on; for whoever holds "
        "the link. NOT_FOUND (reason INVALID_LINK) for a token that names no link."))
    async def unsubscribe_link(
        self, info: Info, token: Annotated[str, strawberry.argument(description="The token of the link (its last path segment).")]
    ) -> UnsubscribeLink:
        return UnsubscribeLink.from_upstream(await info.context.notifications.unsubscribe_link(token))

    @strawberry.field(description="The event types a webhook subscription may ask for.")
    async def webhook_event_types(self, info: Info) -> list[str]:
        return await info.context.notifications.webhook_event_types()


@strawberry.type
class NotificationsMutation:
    @strawberry.mutation(description="Subscribe a URL to event types (members: for their own organisation). The answer holds the secret.",
                         extensions=[require_roles(*MANAGERS)])
    async def create_webhook_subscription(
        self, info: Info, input: Annotated[CreateWebhookSubscriptionInput, strawberry.argument(description="The subscription.")]
    ) -> WebhookSubscription:
        return WebhookSubscription.from_upstream(await info.context.notifications.create_webhook_subscription(input.to_upstream()))

    @strawberry.mutation(description="Change a webhook subscription, or switch it off or back on.", extensions=[require_roles(*MANAGERS)])
    async def update_webhook_subscription(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The subscription's id.")],
        input: Annotated[UpdateWebhookSubscriptionInput, strawberry.argument(description="What to change.")],
    ) -> WebhookSubscription:
        return WebhookSubscription.from_upstream(await info.context.notifications.update_webhook_subscription(str(id), input.to_upstream()))

    @strawberry.mutation(description="Send a sent or failed delivery again, as a new delivery.", extensions=[require_roles(*MANAGERS)])
    async def replay_delivery(self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(description="The delivery's id.")]) -> Delivery:
        return Delivery.from_upstream(await info.context.notifications.replay_delivery(str(id)))

    @strawberry.mutation(description="Stop the messages an unsubscribe link names (the link's token is the credential).")
    async def unsubscribe(
        self, info: Info, token: Annotated[str, strawberry.argument(description="The token of the link (its last path segment).")]
    ) -> UnsubscribeLink:
        return UnsubscribeLink.from_upstream(await info.context.notifications.switch_unsubscribe_link(token, False))

    @strawberry.mutation(description="Receive the messages an unsubscribe link names again (undoes unsubscribe).")
    async def resubscribe(
        self, info: Info, token: Annotated[str, strawberry.argument(description="The token of the link (its last path segment).")]
    ) -> UnsubscribeLink:
        return UnsubscribeLink.from_upstream(await info.context.notifications.switch_unsubscribe_link(token, True))
