"""Every string a client sends, checked once at the edge, before anything runs or reaches a service.

Each string argument and input field, whether written in the document or sent as a variable, must be text a
database stores as it came: no control characters but tab, line feed and carriage return (PostgreSQL's ``text``
refuses NUL), no lone surrogates (half of a UTF-16 pair: not encodable as UTF-8), and no longer than its kind
allows (a 64 KiB search made the upstream URL too long). Anything else, right-to-left marks, emoji and combining
characters included, passes unchanged; the services check each field's own rules.

A refusal is ``BAD_USER_INPUT`` with ``extensions.fields`` naming each offending value by its argument path
(``input.contacts.0.name``). The check is part of validation, so queries, mutations and subscriptions all get it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from graphql import (
    ArgumentNode,
    GraphQLError,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLNonNull,
    ListValueNode,
    ObjectValueNode,
    OperationDefinitionNode,
    StringValueNode,
    TypeInfo,
    TypeInfoVisitor,
    ValueNode,
    VariableNode,
    Visitor,
    get_named_type,
    visit,
)
from strawberry.extensions import SchemaExtension

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # C0 controls but tab, line feed, carriage return
SURROGATE = re.compile(r"[\ud800-\udfff]")  # only ever lone in a str: JSON "\ud800" decodes to one

# Longest accepted, by kind; each at least what the services accept for any field of the kind.
SEARCH_MAX = 200  # search text (membership accepts 200)
IDENTIFIER_MAX = 200  # ids: a uuid is 36 characters, a global id about 70
SHORT_MAX = 500  # names, e-mail addresses, titles, places (the services accept at most 200-500)
URL_MAX = 2000  # web addresses (notifications accept webhook URLs of 2000)
OPAQUE_MAX = 2000  # cursors and signed tokens the platform gave out
TEXT_MAX = 10_000  # descriptions, reasons, comments, motivations (the services accept 2000-4000)
MAX_BY_NAME = {
    "search": SEARCH_MAX,
    "url": URL_MAX, "website": URL_MAX, "joinUrl": URL_MAX, "links": URL_MAX,
    "after": OPAQUE_MAX, "before": OPAQUE_MAX, "token": OPAQUE_MAX,
    "description": TEXT_MAX, "reason": TEXT_MAX, "comment": TEXT_MAX, "text": TEXT_MAX,
}


def max_length(name: str, type_name: str) -> int:
    """The longest string accepted for an argument or input field ``name`` of scalar type ``type_name``."""
    if name in MAX_BY_NAME:
        return MAX_BY_NAME[name]
    return IDENTIFIER_MAX if type_name == "ID" else SHORT_MAX


def text_problem(text: str, limit: int) -> str | None:
    if SURROGATE.search(text):
        return "is not valid Unicode text: it holds a lone surrogate (half of a UTF-16 pair)"
    if CONTROL.search(text):
        return "holds a control character (such as NUL); only tab, line feed and carriage return are allowed"
    if len(text) > limit:
        return f"is {len(text)} characters long; at most {limit} are allowed"
    return None


class _Walk:
    """The problems in one argument's value: literals, variables and variables' defaults, through lists and input objects."""

    def __init__(self, variables: dict[str, Any], defaults: dict[str, ValueNode]):
        self.variables, self.defaults = variables, defaults

    def node(self, value: ValueNode, type_: GraphQLInputType, path: str) -> Iterator[tuple[str, str]]:
        if isinstance(value, VariableNode):
            name = value.name.value
            if name in self.variables:
                yield from self.value(self.variables[name], type_, path)
            elif name in self.defaults:
                yield from self.node(self.defaults[name], type_, path)
        elif isinstance(value, StringValueNode):
            yield from self._text(value.value, type_, path)
        elif isinstance(value, ListValueNode):
            for index, item in enumerate(value.values):
                yield from self.node(item, _item_type(type_), f"{path}.{index}")
        elif isinstance(value, ObjectValueNode):
            fields = getattr(get_named_type(type_), "fields", {})
            for field in value.fields:
                if field.name.value in fields:  # an unknown field is a validation error, reported as such
                    yield from self.node(field.value, fields[field.name.value].type, f"{path}.{field.name.value}")

    def value(self, value: Any, type_: GraphQLInputType, path: str) -> Iterator[tuple[str, str]]:
        named = get_named_type(type_)
        if isinstance(value, str):
            yield from self._text(value, type_, path)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                yield from self.value(item, _item_type(type_), f"{path}.{index}")
        elif isinstance(value, dict):
            fields = named.fields if isinstance(named, GraphQLInputObjectType) else None
            for key, item in value.items():
                if fields is None:  # a JSON scalar: every string in it
                    yield from self.value(item, type_, f"{path}.{key}")
                elif key in fields:  # an unknown field is refused when variables are coerced
                    yield from self.value(item, fields[key].type, f"{path}.{key}")

    @staticmethod
    def _text(text: str, type_: GraphQLInputType, path: str) -> Iterator[tuple[str, str]]:
        name = next((part for part in reversed(path.split(".")) if not part.isdigit()), path)
        problem = text_problem(text, max_length(name, get_named_type(type_).name))
        if problem:
            yield path, problem


def _item_type(type_: GraphQLInputType) -> GraphQLInputType:
    unwrapped = type_.of_type if isinstance(type_, GraphQLNonNull) else type_
    return unwrapped.of_type if isinstance(unwrapped, GraphQLList) else unwrapped  # a single value stands for a list of one


def input_text_errors(schema, document, variables: dict[str, Any] | None) -> list[GraphQLError]:
    defaults = {
        definition.variable.name.value: definition.default_value
        for operation in document.definitions if isinstance(operation, OperationDefinitionNode)
        for definition in operation.variable_definitions or () if definition.default_value is not None
    }
    type_info = TypeInfo(schema)
    arguments = _Arguments(type_info, _Walk(variables if isinstance(variables, dict) else {}, defaults))
    visit(document, TypeInfoVisitor(type_info, arguments))
    return arguments.errors


class _Arguments(Visitor):
    def __init__(self, type_info: TypeInfo, walk: _Walk):
        super().__init__()
        self.type_info, self.walk, self.errors = type_info, walk, []

    def enter_argument(self, node: ArgumentNode, *_):
        argument = self.type_info.get_argument()  # None for an unknown argument: a validation error, reported as such
        problems = self.walk.node(node.value, argument.type, node.name.value) if argument else ()
        fields = [{"field": path, "message": f"{path} {problem}."} for path, problem in problems]
        if fields:
            more = f" (and {len(fields) - 1} more)" if len(fields) > 1 else ""
            self.errors.append(GraphQLError(f"{fields[0]['message'][:-1]}{more}.", node,
                                            extensions={"code": "BAD_USER_INPUT", "fields": fields}))
        return self.SKIP


class CheckInputText(SchemaExtension):
    """Refuses the operation, as validation does, when a string in its arguments fails ``text_problem``.

    Runs after the validation cache has filled ``pre_execution_errors``; a fresh list, so the cached one stays as it was.
    """

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        if context.graphql_document is not None:
            errors = input_text_errors(context.schema._schema, context.graphql_document, context.variables)
            if errors:
                context.pre_execution_errors = [*(context.pre_execution_errors or []), *errors]
        yield
