"""Limits that keep one client from exhausting the gateway or the services behind it.

Static query cost (checked before anything runs):
  * every selected field costs 1;
  * a field that takes ``first`` or ``last`` (a connection) multiplies the cost of its selection
    by the number asked for (the default page size, 50, when not given), so nested pages multiply;
  * fragments count where they are spread.
``{ organisations(first: 100) { nodes { id name } } }`` costs 1 + 100 * (1 + 2) = 301.

Rate: a token bucket per caller (the token's subject, else the client address), refilled at
``rate_limit_per_minute``. Over the limit, the operation fails with ``RATE_LIMITED`` and
``extensions.retryAfterSeconds``.
"""

from __future__ import annotations

import math
import time
from collections import OrderedDict
from collections.abc import Iterator

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
)
from strawberry.extensions import SchemaExtension
from strawberry.types import ExecutionResult

from gateway.connections import DEFAULT_PAGE

PAGE_ARGUMENTS = ("first", "last")


def query_cost(schema: GraphQLSchema, document, operation_name: str | None, variables: dict | None) -> int:
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    operation = next((o for o in operations if operation_name is None or (o.name and o.name.value == operation_name)), None)
    if operation is None:
        return 0
    root = schema.get_root_type(operation.operation)
    return _Cost(schema, fragments, variables or {}).of(operation.selection_set, root, frozenset())


class _Cost:
    def __init__(self, schema: GraphQLSchema, fragments: dict, variables: dict):
        self.schema, self.fragments, self.variables = schema, fragments, variables

    def of(self, selection_set: SelectionSetNode | None, parent, seen: frozenset[str]) -> int:
        if selection_set is None or parent is None:
            return 0
        total = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                definition = getattr(parent, "fields", {}).get(selection.name.value)
                child = get_named_type(definition.type) if definition else None
                total += 1 + self._multiplier(selection, definition) * self.of(selection.selection_set, child, seen)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                total += self.of(selection.selection_set, self.schema.get_type(condition.name.value) if condition else parent, seen)
            elif isinstance(selection, FragmentSpreadNode) and selection.name.value not in seen:
                fragment = self.fragments.get(selection.name.value)
                if fragment is not None:  # an unknown fragment is a validation error, reported elsewhere
                    total += self.of(fragment.selection_set, self.schema.get_type(fragment.type_condition.name.value),
                                     seen | {selection.name.value})
        return total

    def _multiplier(self, field: FieldNode, definition) -> int:
        if definition is None or not any(name in definition.args for name in PAGE_ARGUMENTS):
            return 1
        for argument in field.arguments or ():
            if argument.name.value in PAGE_ARGUMENTS:
                value = argument.value
                if isinstance(value, IntValueNode):
                    return max(1, int(value.value))
                if isinstance(value, VariableNode) and isinstance(self.variables.get(value.name.value), int):
                    return max(1, self.variables[value.name.value])
        return DEFAULT_PAGE


def _refuse(execution_context, message: str, **extensions) -> None:
    # strawberry skips execution when an extension has already set the result.
    execution_context.result = ExecutionResult(data=None, errors=[GraphQLError(message, extensions=extensions)])


class QueryCostLimiter(SchemaExtension):
    def __init__(self, *, max_cost: int):
        self.max_cost = max_cost

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        if context.result is None and context.graphql_document is not None:
            cost = query_cost(context.schema._schema, context.graphql_document, context.operation_name, context.variables)
            if cost > self.max_cost:
                _refuse(context, f"This query would cost {cost}, more than the limit of {self.max_cost}: ask for smaller pages "
                                 "(first/last) or fewer nested lists.", code="QUERY_TOO_COMPLEX", cost=cost, maxCost=self.max_cost)
        yield


class TokenBuckets:
    """Per-caller buckets; the least recently seen callers are forgotten beyond ``max_callers``."""

    def __init__(self, per_minute: int, *, max_callers: int = 100_000, clock=time.monotonic):
        self.capacity = per_minute
        self.rate = per_minute / 60.0
        self.max_callers = max_callers
        self.clock = clock
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    def take(self, caller: str) -> float:
        """0 when allowed, else the seconds to wait for the next token."""
        now = self.clock()
        tokens, last = self._buckets.pop(caller, (float(self.capacity), now))
        tokens = min(self.capacity, tokens + (now - last) * self.rate)
        wait = 0.0 if tokens >= 1 else (1 - tokens) / self.rate
        self._buckets[caller] = (tokens - 1 if tokens >= 1 else tokens, now)
        while len(self._buckets) > self.max_callers:
            self._buckets.popitem(last=False)
        return wait


class RateLimiter(SchemaExtension):
    def __init__(self, *, buckets: TokenBuckets):
        self.buckets = buckets

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        caller = getattr(context.context, "rate_key", None)
        if context.result is None and caller:
            wait = self.buckets.take(caller)
            if wait:
                _refuse(context, f"Too many requests: at most {self.buckets.capacity} operations a minute; retry in {math.ceil(wait)} s.",
                        code="RATE_LIMITED", retryAfterSeconds=math.ceil(wait))
        yield
