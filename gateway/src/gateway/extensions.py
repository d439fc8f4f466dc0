"""Schema extensions that make every error carry a code and keep internals out of responses, and a parse cache."""

from __future__ import annotations

from collections.abc import Iterator

from graphql import ExecutionResult, GraphQLError, VariableDefinitionNode
from strawberry.extensions import MaskErrors, ParserCache, SchemaExtension

from gateway.errors import INTERNAL_MESSAGE


def _code(error: GraphQLError) -> str | None:
    return (error.extensions or {}).get("code")


def is_expected(error: GraphQLError) -> bool:
    """Coded errors, and errors graphql-core raises about the request (no path, no exception)."""
    if _code(error):
        return True
    original = error.original_error
    return error.path is None and (original is None or isinstance(original, GraphQLError))


def _with_code(errors: list[GraphQLError] | None, code: str) -> None:
    for error in errors or []:
        if not _code(error):
            # A fresh dict: graphql-core may share the extensions dict with the original exception.
            error.extensions = {**(error.extensions or {}), "code": code}


class RefuseInvalidToken(SchemaExtension):
    """A sent-but-refused token fails every operation, public ones included.

    Running such a request as public would hide an expired session from the client
    until a write fails; failing at once tells it to sign in again.
    """

    def on_execute(self) -> Iterator[None]:
        auth_error = getattr(self.execution_context.context, "auth_error", None)
        if auth_error:
            # strawberry skips execution when an extension has already set the result.
            error = GraphQLError(auth_error, extensions={"code": "UNAUTHENTICATED"})
            self.execution_context.result = ExecutionResult(data=None, errors=[error])
        yield


class CodeRequestErrors(SchemaExtension):
    """Codes for errors graphql-core raises about the request itself (they have no path)."""

    def on_parse(self) -> Iterator[None]:
        yield
        _with_code(self.execution_context.pre_execution_errors, "GRAPHQL_PARSE_FAILED")

    def on_validate(self) -> Iterator[None]:
        yield
        _with_code(self.execution_context.pre_execution_errors, "GRAPHQL_VALIDATION_FAILED")

    def on_execute(self) -> Iterator[None]:
        yield
        errors = getattr(self.execution_context.result, "errors", None) or []
        for error in errors:
            if error.path is None and not _code(error):
                # Variables that do not fit the schema (an unknown enum value, a missing
                # field) are the caller's input; anything else pathless is about the document.
                about_variables = any(isinstance(node, VariableDefinitionNode) for node in error.nodes or ())
                _with_code([error], "BAD_USER_INPUT" if about_variables else "GRAPHQL_VALIDATION_FAILED")


def masked(error: GraphQLError) -> GraphQLError:
    """The error as the client sees an unexpected one: where it happened, not what."""
    return GraphQLError(INTERNAL_MESSAGE, error.nodes, error.source, error.positions, error.path, extensions={"code": "INTERNAL"})


class MaskUnexpectedErrors(MaskErrors):
    """Any error still without a code is a bug: send a generic INTERNAL error, log the real one.

    Expected errors (``GatewayError``, permission errors, request errors) all carry a
    code by now, so they pass unmasked.
    """

    def __init__(self) -> None:
        super().__init__(should_mask_error=lambda error: not _code(error), error_message=INTERNAL_MESSAGE)

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        return masked(error)


class CachedParse(ParserCache):
    """strawberry's ParserCache, except that a document that does not parse is left to strawberry's own parse.

    ParserCache raises the syntax error from inside the extension hook, where strawberry does not catch it
    (the client would get INTERNAL); leaving the document unset makes strawberry parse it and report
    GRAPHQL_PARSE_FAILED (or the token limit) as without the cache.
    """

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        try:
            context.graphql_document = self.cached_parse_document(context.query, **context.parse_options)
        except GraphQLError:
            context.graphql_document = None
        yield
