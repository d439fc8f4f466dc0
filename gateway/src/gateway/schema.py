"""The GraphQL schema: each service's queries and mutations merged into one Query and one Mutation.

A service's part lives in ``gateway/resolvers/<service>.py``; add its types to
QUERIES and MUTATIONS below.
"""

from __future__ import annotations

import strawberry
import structlog
from graphql import GraphQLError
from strawberry.extensions import QueryDepthLimiter
from strawberry.tools import merge_types
from strawberry.types import ExecutionContext

from gateway.extensions import CodeRequestErrors, MaskUnexpectedErrors, RefuseInvalidToken, is_expected
from gateway.resolvers.membership import MembershipMutation, MembershipQuery
from gateway.resolvers.notifications import NotificationsMutation, NotificationsQuery

log = structlog.get_logger()

QUERIES: tuple[type, ...] = (MembershipQuery, NotificationsQuery)
MUTATIONS: tuple[type, ...] = (MembershipMutation, NotificationsMutation)

Query = strawberry.type(merge_types("Query", QUERIES), description="Read the pact's platform: organisations, signatures, the register.")
Mutation = strawberry.type(merge_types("Mutation", MUTATIONS), description="Change the pact's platform.")


class GatewaySchema(strawberry.Schema):
    def process_errors(self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None) -> None:
        # Runs before masking, so the logs keep what the client will not see.
        for error in errors:
            if is_expected(error):
                log.info("graphql.error", code=error.extensions.get("code"), message=error.message, path=error.path)
            else:
                log.error("graphql.unexpected_error", message=error.message, path=error.path, exc_info=error.original_error)


def build_schema(*, max_query_depth: int = 10) -> strawberry.Schema:
    return GatewaySchema(
        query=Query,
        mutation=Mutation,
        extensions=[
            RefuseInvalidToken,
            lambda: QueryDepthLimiter(max_depth=max_query_depth),
            CodeRequestErrors,
            MaskUnexpectedErrors,
        ],
    )


schema = build_schema()
