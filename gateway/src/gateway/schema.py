"""The GraphQL schema: each service's queries and mutations merged into one Query and one Mutation.

A service's part lives in ``gateway/resolvers/<service>.py``; add its types to
QUERIES and MUTATIONS below.
"""

from __future__ import annotations

import strawberry
import structlog
from graphql import GraphQLError
from strawberry.extensions import AddValidationRules, DisableIntrospection, MaxTokensLimiter, ValidationCache
from strawberry.extensions.max_aliases import create_validator as aliases_rule
from strawberry.extensions.query_depth_limiter import create_validator as depth_rule
from strawberry.tools import merge_types
from strawberry.types import ExecutionContext

from gateway.extensions import CachedParse, CodeRequestErrors, MaskUnexpectedErrors, RefuseInvalidToken, is_expected
from gateway.input_text import CheckInputText
from gateway.limits import QueryCostLimiter, RateLimiter, TokenBuckets
from gateway.resolvers.awards import AwardsMutation, AwardsQuery
from gateway.resolvers.events import EventsMutation, EventsQuery
from gateway.resolvers.membership import MembershipMutation, MembershipQuery
from gateway.resolvers.membership_groups import MembershipGroupsMutation, MembershipGroupsQuery
from gateway.resolvers.membership_signing import MembershipSigningMutation, MembershipSigningQuery
from gateway.resolvers.node import NodeQuery
from gateway.resolvers.notifications import NotificationsMutation, NotificationsQuery
from gateway.resolvers.privacy import PrivacyMutation, PrivacyQuery
from gateway.resolvers.subscriptions import AwardsSubscription, EventsSubscription, MembershipSubscription
from gateway.resolvers.viewer import ViewerQuery

log = structlog.get_logger()

DOCUMENT_CACHE_SIZE = 512  # distinct query texts whose parse and validation are kept

QUERIES: tuple[type, ...] = (ViewerQuery, NodeQuery, MembershipQuery, MembershipSigningQuery, MembershipGroupsQuery, EventsQuery, AwardsQuery, NotificationsQuery, PrivacyQuery)
MUTATIONS: tuple[type, ...] = (MembershipMutation, MembershipSigningMutation, MembershipGroupsMutation, EventsMutation, AwardsMutation, NotificationsMutation, PrivacyMutation)
SUBSCRIPTIONS: tuple[type, ...] = (MembershipSubscription, EventsSubscription, AwardsSubscription)

Query = strawberry.type(merge_types("Query", QUERIES), description="Read the pact's platform: organisations, signatures, the register, events.")
Mutation = strawberry.type(merge_types("Mutation", MUTATIONS), description="Change the pact's platform.")
Subscription = strawberry.type(merge_types("Subscription", SUBSCRIPTIONS), description="Follow changes as they happen (graphql-transport-ws).")


class GatewaySchema(strawberry.Schema):
    def process_errors(self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None) -> None:
        # Runs before masking, so the logs keep what the client will not see.
        for error in errors:
            if is_expected(error):
                log.info("graphql.error", code=error.extensions.get("code"), message=error.message, path=error.path)
            else:
                log.error("graphql.unexpected_error", message=error.message, path=error.path, exc_info=error.original_error)


def build_schema(
    *,
    max_query_depth: int = 10,
    max_aliases: int = 30,
    max_tokens: int = 2000,
    max_query_cost: int = 20_000,
    rate_limit_per_minute: int | None = None,
    introspection: bool = True,
) -> strawberry.Schema:
    """The schema with its limits (see gateway.limits); the defaults suit tests and development.

    Parsing and validating the same document again is most of a request's own cost in the gateway, and web
    clients send the same few documents: both are cached (bounded LRU, per process). For the validation cache
    to hit, the limit rules are built once here, not per request (strawberry's limiter extensions make a new
    rule class per instance).
    """
    limit_rules = [depth_rule(max_query_depth, None, None), aliases_rule(max_aliases)]
    extensions = [
        RefuseInvalidToken,
        MaxTokensLimiter(max_token_count=max_tokens),
        lambda: CachedParse(maxsize=DOCUMENT_CACHE_SIZE),
        lambda: AddValidationRules(limit_rules),
        lambda: ValidationCache(maxsize=DOCUMENT_CACHE_SIZE),
        CheckInputText,  # after the cache: adds to its errors, never caches its own (they depend on the variables)
        CodeRequestErrors,
        lambda: QueryCostLimiter(max_cost=max_query_cost),
    ]
    if rate_limit_per_minute:
        buckets = TokenBuckets(rate_limit_per_minute)  # one set per schema, i.e. per gateway process
        extensions.append(lambda: RateLimiter(buckets=buckets))
    if not introspection:
        extensions.append(DisableIntrospection)
    extensions.append(MaskUnexpectedErrors)
    return GatewaySchema(query=Query, mutation=Mutation, subscription=Subscription, extensions=extensions)


schema = build_schema()
