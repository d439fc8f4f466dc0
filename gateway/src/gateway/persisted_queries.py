"""Automatic persisted queries (the Apollo protocol): a client sends a query's SHA-256 instead of its text.

The first request with only the hash gets ``PERSISTED_QUERY_NOT_FOUND``; the client sends text and
hash once, and from then on the hash alone. Kept in memory per process, most recently used first.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict

from graphql import GraphQLError
from strawberry.http import GraphQLRequestData
from strawberry.types import ExecutionResult


def _refusal(message: str, code: str) -> ExecutionResult:
    return ExecutionResult(data=None, errors=[GraphQLError(message, extensions={"code": code})])


class PersistedQueries:
    def __init__(self, max_entries: int = 5000):
        self.max_entries = max_entries
        self._queries: OrderedDict[str, str] = OrderedDict()

    def resolve(self, request: GraphQLRequestData) -> ExecutionResult | None:
        """Fills ``request.query`` from its hash; an error result when that cannot be done."""
        persisted = (request.extensions or {}).get("persistedQuery")
        if not isinstance(persisted, dict):
            return None
        digest = persisted.get("sha256Hash")
        if persisted.get("version") != 1 or not isinstance(digest, str):
            return _refusal("Unsupported persistedQuery: send version 1 and a sha256Hash.", "PERSISTED_QUERY_NOT_SUPPORTED")
        if request.query:
            if hashlib.sha256(request.query.encode()).hexdigest() != digest.lower():
                return _refusal("The persistedQuery sha256Hash does not match the query sent with it.", "BAD_USER_INPUT")
            self._remember(digest.lower(), request.query)
            return None
        query = self._queries.get(digest.lower())
        if query is None:
            return _refusal("PersistedQueryNotFound", "PERSISTED_QUERY_NOT_FOUND")  # the message Apollo clients look for
        self._queries.move_to_end(digest.lower())
        request.query = query
        return None

    def _remember(self, digest: str, query: str) -> None:
        self._queries[digest] = query
        self._queries.move_to_end(digest)
        while len(self._queries) > self.max_entries:
            self._queries.popitem(last=False)
