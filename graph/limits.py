"""What one operation may cost: parsing, limits and validation as one schema extension.

`RequestLimits` replaces Strawberry's `ParserCache` and `ValidationCache` and runs, in this order:

1. **tokens**: the document's lexical tokens are counted before it is parsed (the parser's cost is
   linear in them); too many → `TOKEN_LIMIT_EXCEEDED`. A document that does not parse →
   `GRAPHQL_PARSE_FAILED`.
2. **depth, aliases, directives, root fields, cost**, measured on the parsed document *before*
   validation (some of graphql-core's rules are quadratic in the document, so a hostile document
   must be refused before they run). The first limit exceeded is the one error reported.
3. **validation**, cached per document text: the GraphQL specification's rules, plus no
   introspection (`__schema`, `__type`, Federation's `_service`) unless the settings allow it.
   Without field suggestions (production), "Did you mean …?" is taken out of messages.

The **cost** of an operation is the number of objects it may ask for, from the schema: a field of
object type counts one object per parent object; a list multiplies by its `first` argument, or
inside a connection by the connection's page size (`first`, else the default page size), or else
by its usual size where the domain bounds it (`LIST_SIZES`: 31 provinces, five seats), else by
the default page size; a few fields weigh more (`FIELD_WEIGHTS`). `first` counts at most the
maximum page size: a larger one is the resolver's `BAD_USER_INPUT`. Introspection's own fields are
not measured (they are off in production).

Limits come from `info.context.settings`, so tests and the server may differ; 0 turns one off.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Final

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    ListValueNode,
    NoSchemaIntrospectionCustomRule,
    ObjectValueNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    Source,
    ValidationRule,
    VariableNode,
    Visitor,
    get_named_type,
    get_nullable_type,
    is_list_type,
    parse,
    visit,
)
from graphql.language import Lexer, TokenKind
from strawberry.extensions import SchemaExtension
from strawberry.schema.schema import validate_document

from core.caches import BytesLRU, document_bytes, text_bytes
from core.errors import ErrorCode
from core.settings import Settings, get_settings
from schema.errors import ClientError

#: Fields that cost more than the objects they return (they aggregate in the database).
FIELD_WEIGHTS: Final[Mapping[tuple[str, str], int]] = {
    ("Query", "obligationsSummary"): 50,
    ("Query", "draftPipelineSummary"): 50,
    ("Query", "draftThroughput"): 50,
    ("Query", "_entities"): 1,
}
#: Lists without `first` whose size the domain bounds (or nearly): counted at this size rather
#: than the default page size. A list not named here counts as a default page.
LIST_SIZES: Final[Mapping[tuple[str, str], int]] = {
    ("Query", "provinces"): 31,
    ("Query", "obligationCategories"): 4,
    ("MayorsCommittee", "members"): 5,
    ("MayorsCommittee", "memberships"): 10,
    ("Municipality", "mayors"): 5,
    ("Mayor", "committeeMemberships"): 5,
    ("DraftDirective", "events"): 10,
    ("SocialSecurityObligation", "transfers"): 12,
}
#: Scalar fields that run a statement of their own (a COUNT) count one object.
COUNTED_SCALARS: Final = frozenset({"totalCount"})


class ParseFailed(ClientError):
    code = ErrorCode.GRAPHQL_PARSE_FAILED


class LimitExceeded(ClientError):
    """A limit of `Settings`: the message says which and by how much; so do `extensions`."""

    def __init__(
        self,
        code: ErrorCode,
        message: str,
        *,
        limit: str,
        maximum: int,
        actual: int,
        argument: str | None = None,
        **extra: Any,
    ):
        self.code = code
        super().__init__(
            message, argument=argument, limit=limit, maximum=maximum, actual=actual, **extra
        )


def list_too_long(argument: str, maximum: int, actual: int) -> LimitExceeded:
    """A list argument (or a list inside one) longer than `maxListLength`: the caller's input,
    refused before it is coerced, compiled or sent to the database."""
    return LimitExceeded(
        ErrorCode.BAD_USER_INPUT,
        f"`{argument}` has {actual} values; at most {maximum} are allowed.",
        limit="maxListLength",
        maximum=maximum,
        actual=actual,
        argument=argument,
        messageFa=f"«{argument}» {actual} مقدار دارد؛ حداکثر {maximum} مقدار مجاز است.",
    )


def long_list_in_value(value: Any, path: str, maximum: int) -> LimitExceeded | None:
    """The first list longer than `maximum` in a variable's value (lists and input objects,
    at any depth)."""
    if isinstance(value, list):
        if len(value) > maximum:
            return list_too_long(path, maximum, len(value))
        for item in value:
            found = long_list_in_value(item, path, maximum)
            if found is not None:
                return found
    elif isinstance(value, dict):
        for name, item in value.items():
            found = long_list_in_value(item, f"{path}.{name}", maximum)
            if found is not None:
                return found
    return None


def check_variable_lists(
    variables: Mapping[str, Any] | None,
    settings: Settings,
    batches: frozenset[str] = frozenset(),
) -> LimitExceeded | None:
    """The first variable holding a list longer than `maxListLength` (0: no limit). The
    variables in `batches` are a gateway's `_entities` representations: their length is the
    gateway's batch (as long as the rows its query fetched), only what each holds is checked."""
    maximum = settings.max_list_length
    if not maximum or not variables:
        return None
    for name, value in variables.items():
        items = value if name in batches and isinstance(value, list) else [value]
        for item in items:
            found = long_list_in_value(item, f"${name}", maximum)
            if found is not None:
                return found
    return None


#: The field through which a gateway fetches entities, and its batch argument.
ENTITIES, REPRESENTATIONS = "_entities", "representations"


def entity_batches(document: DocumentNode) -> frozenset[str]:
    """The variables a document passes as `_entities(representations:)`."""
    names: set[str] = set()

    class Batches(Visitor):
        def enter_field(self, node: FieldNode, *_: Any) -> None:
            if node.name.value != ENTITIES:
                return
            for argument in node.arguments or ():
                if argument.name.value == REPRESENTATIONS and isinstance(
                    argument.value, VariableNode
                ):
                    names.add(argument.value.name.value)

    visit(document, Batches())
    return frozenset(names)


def _long_list_in_node(node: Any, path: str, maximum: int) -> LimitExceeded | None:
    """The first literal list longer than `maximum` in an argument's value."""
    if isinstance(node, ListValueNode):
        if len(node.values) > maximum:
            return list_too_long(path, maximum, len(node.values))
        for item in node.values:
            found = _long_list_in_node(item, path, maximum)
            if found is not None:
                return found
    elif isinstance(node, ObjectValueNode):
        for field in node.fields:
            found = _long_list_in_node(field.value, f"{path}.{field.name.value}", maximum)
            if found is not None:
                return found
    return None


class FederationIntrospectionRule(ValidationRule):
    """Federation's `_service { sdl }` prints the whole schema: it is introspection too."""

    def enter_field(self, node: FieldNode, *_: Any) -> None:
        parent = self.context.get_parent_type()
        if node.name.value == "_service" and parent is self.context.schema.query_type:
            self.report_error(
                GraphQLError(
                    "GraphQL introspection has been disabled, but the requested query"
                    " contained the field '_service'.",
                    node,
                )
            )


# -- 1. tokens and parsing -------------------------------------------------------------------

#: Parsed documents by text (and token limit), weighed by their text and their tokens.
_PARSED: BytesLRU[tuple[str, int], DocumentNode] = BytesLRU(
    weigh=lambda key, document: text_bytes(key) + document_bytes(document, len(key[0]))
)


def count_tokens(text: str, stop_after: int) -> int:
    """Lexical tokens of `text` (comments excluded), counting no further than `stop_after + 1`.
    A lexing error stops the count; the parser then reports it."""
    lexer = Lexer(Source(text))
    count = 0
    try:
        while lexer.advance().kind is not TokenKind.EOF:
            count += 1
            if count > stop_after:
                break
    except GraphQLError:
        pass
    return count


def check_query_size(text: str, max_bytes: int) -> None:
    """QUERY_TOO_LARGE for a document of more than `max_bytes` UTF-8 bytes (0: no limit). Checked
    before anything else looks at the text, the caches keyed by it included."""
    if not max_bytes or len(text) * 4 <= max_bytes:  # at most 4 bytes a character
        return
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        raise LimitExceeded(
            ErrorCode.QUERY_TOO_LARGE,
            f"The document has {size} bytes; at most {max_bytes} are allowed.",
            limit="maxQueryBytes",
            maximum=max_bytes,
            actual=size,
        )


def parse_document(text: str, max_tokens: int, max_bytes: int = 0) -> DocumentNode:
    """The parsed document, from a cache of recent ones; raises a coded `ClientError`."""
    check_query_size(text, max_bytes)
    key = (text, max_tokens)
    document = _PARSED.get(key)
    if document is not None:
        return document
    if max_tokens:
        tokens = count_tokens(text, max_tokens)
        if tokens > max_tokens:
            raise LimitExceeded(
                ErrorCode.TOKEN_LIMIT_EXCEEDED,
                f"The document has more than {max_tokens} tokens.",
                limit="maxTokens",
                maximum=max_tokens,
                actual=tokens,
            )
    try:
        document = parse(text)
    except GraphQLError as error:
        failed = ParseFailed(error.message)
        failed.source, failed.positions, failed.locations = (
            error.source,
            error.positions,
            error.locations,
        )
        raise failed from None
    _PARSED[key] = document
    return document


# -- 2. measuring an operation ---------------------------------------------------------------


@dataclass
class Measure:
    depth: int = 0
    aliases: int = 0
    directives: int = 0
    root_fields: int = 0
    cost: int = 0
    #: The first literal list argument over `maxListLength` (the operation's, not summed).
    long_list: LimitExceeded | None = None

    def add(self, other: Measure, times: int = 1) -> None:
        self.depth = max(self.depth, other.depth)
        self.aliases += other.aliases * times
        self.directives += other.directives * times
        self.root_fields += other.root_fields * times
        self.cost += other.cost * times


def _is_connection(type_: GraphQLNamedType | None) -> bool:
    return (
        isinstance(type_, GraphQLObjectType)
        and type_.name.endswith("Connection")
        and "edges" in type_.fields
    )


class Measurer:
    """Walks an operation once; fragments are measured once per page size (memoised), so a
    document that spreads fragments into each other cannot make the walk exponential."""

    def __init__(
        self,
        schema: GraphQLSchema,
        document: DocumentNode,
        variables: Mapping[str, Any] | None,
        settings: Settings,
    ) -> None:
        self.schema = schema
        self.variables = variables or {}
        self.default_page = settings.default_page_size
        self.max_page = settings.max_page_size
        self.max_list = settings.max_list_length
        #: The first literal list argument over `max_list_length`, if any.
        self.long_list: LimitExceeded | None = None
        self.fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        self._memo: dict[tuple[str, int | None], Measure] = {}
        self._in_progress: set[str] = set()

    def operation(self, operation: OperationDefinitionNode) -> Measure:
        root = self.schema.get_root_type(operation.operation)
        measure = self.selections(operation.selection_set, root, None, root=True)
        measure.directives += len(operation.directives or ())
        return measure

    def _first(self, node: FieldNode) -> int | None:
        for argument in node.arguments or ():
            if argument.name.value != "first":
                continue
            value: Any = argument.value
            if isinstance(value, IntValueNode):
                value = int(value.value)
            elif isinstance(value, VariableNode):
                value = self.variables.get(value.name.value)
            if isinstance(value, int) and not isinstance(value, bool):
                return max(0, min(value, self.max_page))
            return self.default_page
        return None

    def selections(
        self,
        selection_set: SelectionSetNode | None,
        parent: GraphQLNamedType | None,
        page: int | None,
        *,
        root: bool = False,
    ) -> Measure:
        total = Measure()
        if selection_set is None:
            return total
        for selection in selection_set.selections:
            total.directives += len(selection.directives or ())
            if isinstance(selection, FieldNode):
                total.add(self.field(selection, parent, page))
                total.root_fields += 1 if root else 0
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                type_ = self.schema.get_type(condition.name.value) if condition else parent
                total.add(self.selections(selection.selection_set, type_, page, root=root))
            elif isinstance(selection, FragmentSpreadNode):
                total.add(self.spread(selection.name.value, page, root=root))
        return total

    def spread(self, name: str, page: int | None, *, root: bool) -> Measure:
        fragment = self.fragments.get(name)
        if fragment is None or name in self._in_progress:
            return Measure()  # unknown or cyclic: validation reports it
        key = (name if not root else f"{name}@root", page)
        if key not in self._memo:
            self._in_progress.add(name)
            type_ = self.schema.get_type(fragment.type_condition.name.value)
            measure = self.selections(fragment.selection_set, type_, page, root=root)
            measure.directives += len(fragment.directives or ())
            self._in_progress.discard(name)
            self._memo[key] = measure
        return self._memo[key]

    def field(self, node: FieldNode, parent: GraphQLNamedType | None, page: int | None) -> Measure:
        name = node.name.value
        alias = 1 if node.alias is not None else 0
        if self.max_list and self.long_list is None:
            for argument in node.arguments or ():
                value = argument.value
                # a gateway's batch of representations is as long as the rows it fetched
                batch = (
                    name == ENTITIES
                    and argument.name.value == REPRESENTATIONS
                    and isinstance(value, ListValueNode)
                )
                for item in value.values if batch else (value,):  # type: ignore[attr-defined]
                    self.long_list = _long_list_in_node(item, argument.name.value, self.max_list)
                    if self.long_list is not None:
                        break
                if self.long_list is not None:
                    break
        if name.startswith("__"):
            return Measure(depth=1, aliases=alias)  # introspection: allowed or refused whole
        fields = getattr(parent, "fields", None)  # object and interface types
        definition = fields.get(name) if isinstance(fields, dict) else None
        if definition is None:  # unknown: validation reports it; measure what is there
            child = self.selections(node.selection_set, None, None)
            return Measure(
                depth=1 + child.depth,
                aliases=alias + child.aliases,
                directives=child.directives,
                cost=child.cost,
            )
        type_ = get_named_type(definition.type)
        first = self._first(node)
        size = 1
        if is_list_type(get_nullable_type(definition.type)):
            if first is not None:
                size = first
            elif _is_connection(parent) and page is not None:
                size = page
            else:
                size = LIST_SIZES.get((getattr(parent, "name", ""), name), self.default_page)
        child_page = (
            (first if first is not None else self.default_page) if _is_connection(type_) else None
        )
        child = self.selections(node.selection_set, type_, child_page)
        parent_name = getattr(parent, "name", "")
        if node.selection_set is not None:
            weight = FIELD_WEIGHTS.get((parent_name, name), 1)
        else:
            weight = 1 if name in COUNTED_SCALARS else 0
        return Measure(
            depth=1 + child.depth,
            aliases=alias + child.aliases,
            directives=child.directives,
            cost=size * (weight + child.cost),
        )


def measure(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation_name: str | None,
    variables: Mapping[str, Any] | None,
    settings: Settings,
) -> Measure:
    """The operation that will run (or, when that is ambiguous, the largest of each figure)."""
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if operation_name is not None:
        operations = [o for o in operations if o.name and o.name.value == operation_name]
    measurer = Measurer(schema, document, variables, settings)
    result = Measure()
    for operation in operations:
        if operation.operation is OperationType.SUBSCRIPTION and not schema.subscription_type:
            continue
        if schema.get_root_type(operation.operation) is None:
            continue
        one = measurer.operation(operation)
        result.depth = max(result.depth, one.depth)
        result.aliases = max(result.aliases, one.aliases)
        result.directives = max(result.directives, one.directives)
        result.root_fields = max(result.root_fields, one.root_fields)
        result.cost = max(result.cost, one.cost)
    result.long_list = measurer.long_list
    return result


_MESSAGES: Final = {
    "maxDepth": "The operation nests fields {actual} deep; at most {maximum} are allowed.",
    "maxAliases": "The operation has {actual} aliases; at most {maximum} are allowed.",
    "maxDirectives": "The operation has {actual} directives; at most {maximum} are allowed.",
    "maxRootFields": "The operation asks for {actual} root fields; at most {maximum} are allowed.",
    "maxCost": "The operation may ask for {actual} objects; at most {maximum} are allowed:"
    " ask for smaller pages or fewer nested lists.",
}


def check_limits(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation_name: str | None,
    variables: Mapping[str, Any] | None,
    settings: Settings,
) -> LimitExceeded | None:
    """The first limit the operation exceeds, or None. A list argument over `maxListLength`
    (a variable's or a literal one) comes first: it is the caller's input, not the operation."""
    too_long = check_variable_lists(variables, settings)
    if too_long is not None:  # unless it is a gateway's batch (the document is read only then)
        too_long = check_variable_lists(variables, settings, entity_batches(document))
    if too_long is not None:
        return too_long
    found = measure(schema, document, operation_name, variables, settings)
    if found.long_list is not None:
        return found.long_list
    checks = (
        (ErrorCode.DEPTH_LIMIT_EXCEEDED, "maxDepth", settings.max_depth, found.depth),
        (ErrorCode.ALIAS_LIMIT_EXCEEDED, "maxAliases", settings.max_aliases, found.aliases),
        (
            ErrorCode.DIRECTIVE_LIMIT_EXCEEDED,
            "maxDirectives",
            settings.max_directives,
            found.directives,
        ),
        (
            ErrorCode.ROOT_FIELD_LIMIT_EXCEEDED,
            "maxRootFields",
            settings.max_root_fields,
            found.root_fields,
        ),
        (ErrorCode.COST_LIMIT_EXCEEDED, "maxCost", settings.max_cost, found.cost),
    )
    for code, limit, maximum, actual in checks:
        if maximum and actual > maximum:
            return LimitExceeded(
                code,
                _MESSAGES[limit].format(actual=actual, maximum=maximum),
                limit=limit,
                maximum=maximum,
                actual=actual,
            )
    return None


# -- 3. validation ---------------------------------------------------------------------------

#: Validation's errors by schema, text and rules (a few hundred bytes an error).
_VALIDATED: BytesLRU[tuple[Any, ...], list[GraphQLError]] = BytesLRU(
    weigh=lambda key, errors: text_bytes(key) + 1024 * len(errors)
)
_SUGGESTION = re.compile(r"\s*Did you mean [^?]*\?")


def validate_cached(
    schema: GraphQLSchema, document: DocumentNode, text: str | None, rules: tuple[Any, ...]
) -> list[GraphQLError]:
    key = (id(schema), text, rules)
    if text is not None and key in _VALIDATED:
        known: list[GraphQLError] = _VALIDATED[key]
        return known
    errors = validate_document(schema, document, rules)
    if text is not None:
        _VALIDATED[key] = errors
    return errors


def without_suggestions(error: GraphQLError) -> GraphQLError:
    message = _SUGGESTION.sub("", error.message)
    if message == error.message:
        return error
    return GraphQLError(
        message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        original_error=error.original_error,
        extensions=error.extensions,
    )


class RequestLimits(SchemaExtension):
    """Parses (cached, tokens counted), applies the limits, then validates (cached)."""

    def _settings(self) -> Settings:
        settings = getattr(self.execution_context.context, "settings", None)
        return settings if isinstance(settings, Settings) else get_settings()

    def on_parse(self) -> Iterator[None]:
        execution = self.execution_context
        if execution.graphql_document is None and execution.query is not None:
            settings = self._settings()
            execution.graphql_document = parse_document(
                execution.query, settings.max_tokens, settings.max_query_bytes
            )
        yield

    def on_validate(self) -> Iterator[None]:
        execution = self.execution_context
        document = execution.graphql_document
        settings = self._settings()
        if document is not None and execution.pre_execution_errors is None:
            schema = execution.schema._schema
            variables = execution.variables
            exceeded = check_limits(
                schema,
                document,
                execution.operation_name,
                variables if isinstance(variables, dict) else None,
                settings,
            )
            if exceeded is not None:
                execution.pre_execution_errors = [exceeded]
            else:
                rules = tuple(execution.validation_rules)
                if not settings.allow_introspection:
                    rules += (NoSchemaIntrospectionCustomRule, FederationIntrospectionRule)
                errors = validate_cached(schema, document, execution.query, rules)
                if errors and not settings.show_field_suggestions:
                    errors = [without_suggestions(error) for error in errors]
                execution.pre_execution_errors = list(errors)
        yield
