"""The compiled read path as a schema extension.

Strawberry runs `on_execute` after parsing and validation and skips its executor when the result
is already set: this extension compiles the operation (resolvers/fastpath), runs the one
statement, and sets the result. Anything it does not cover, and any argument error, falls through
to the general executor, so errors and authorisation are the general path's own.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Hashable
from typing import Any

import orjson
from graphql import ExecutionResult, OperationType
from graphql.utilities import get_operation_ast
from sqlalchemy.exc import OperationalError
from strawberry.extensions import SchemaExtension

from core import metrics
from core.auth import Viewer, gateway_trace_requested
from core.caches import BytesLRU, document_bytes, text_bytes
from core.errors import DomainError
from core.settings import Settings
from resolvers.compiled.compiler import Compiled, Compiler
from resolvers.context import Context
from resolvers.reads import ViewerScope
from schema.declare import Finished, Uncompilable
from schema.errors import ClientError

logger = logging.getLogger("civicgraph.compiled_reads")


class CompiledJSON:
    """An operation's `data`, as the JSON text the database built. The HTTP view embeds it in
    the response untouched (`encode_json`); `parsed()` is for the rare reader in Python."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def parsed(self) -> dict[str, Any]:
        data: dict[str, Any] = orjson.loads(self.text)
        return data


def encode_default(value: object) -> orjson.Fragment:
    """orjson's `default`: writes `CompiledJSON` as the JSON it already is."""
    if isinstance(value, CompiledJSON):
        return orjson.Fragment(value.text)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


#: What a compiled statement keeps besides the texts of its key (SQLAlchemy's expression tree,
#: the prepared SQL): bounded by the operation's tokens, so a fixed estimate.
COMPILED_BYTES = 32 * 1024

#: Compiled statements of recent operations, by everything that shapes them. A statement holds
#: no connection and no request state, so any request with the same key may run it.
_COMPILED: BytesLRU[Hashable, Compiled | None] = BytesLRU(
    weigh=lambda key, compiled: text_bytes(key) + (COMPILED_BYTES if compiled else 0)
)


def cache_key(
    schema_id: int,
    query: str,
    operation_name: str | None,
    variables: Any,
    dialect: str,
    settings: Settings,
    viewer: Viewer,
) -> Hashable:
    """Everything that shapes an operation's compiled statement: the same text may mean other
    fields in another subgraph's schema, hence the schema's identity; the read rules branch on
    the caller's role, hence the role (the caller's own ids are parameters). The variables that
    only give a lookup its id (the statement's slots) do not shape it, and are left out."""
    slotted = _SLOTTED.get((schema_id, query, operation_name))
    if slotted and variables:
        variables = {name: value for name, value in variables.items() if name not in slotted}
    return (
        schema_id,
        query,
        operation_name,
        orjson.dumps(variables or {}, option=orjson.OPT_SORT_KEYS, default=_one_of_a_kind),
        dialect,
        settings.default_page_size,
        settings.max_page_size,
        ViewerScope(viewer).key,
    )


def _one_of_a_kind(value: Any) -> str:
    """A variable JSON cannot write (an uploaded file): a key no other request shares (such an
    operation is a mutation, which never compiles)."""
    return f"<{type(value).__name__} {id(value)}>"


#: The variables that are slots of a document's compiled statement, by schema, text and
#: operation name (known once the document has compiled).
_SLOTTED: BytesLRU[Hashable, frozenset[str]] = BytesLRU()

#: Documents Strawberry parsed and validated whose operation compiled, by schema, text and
#: operation name. Validation does not depend on variables: the same text with other variables
#: needs only variable coercion and compiling, both of which the compiler does itself.
_DOCUMENTS: BytesLRU[tuple[int, str, str | None], Any] = BytesLRU(
    weigh=lambda key, document: text_bytes(key) + document_bytes(document, len(key[1]))
)


def cached(key: Hashable) -> Compiled | None:
    """The compiled statement of an operation already compiled (None when unknown, or known
    to need the general executor)."""
    return _COMPILED.get(key)


def compile_known(
    schema: Any,
    context: Context,
    query: str,
    operation_name: str | None,
    variables: Any,
) -> Compiled | None:
    """The compiled statement of a document already validated, for (perhaps new) variables;
    None when the document is unknown or the operation needs the general executor."""
    document = _DOCUMENTS.get((id(schema), query, operation_name))
    if document is None:
        return None
    return _compile(schema, context, document, query, operation_name, variables)


def _compile(
    schema: Any,
    context: Context,
    document: Any,
    query: str | None,
    operation_name: str | None,
    variables: Any,
) -> Compiled | None:
    def key_of() -> Hashable:
        return cache_key(
            id(schema),
            query or "",
            operation_name,
            variables,
            context.db.dialect,
            context.settings,
            context.viewer,
        )

    key: Hashable = None
    if query is not None:
        key = key_of()
        if key in _COMPILED:
            known: Compiled | None = _COMPILED[key]
            return known
    operation = get_operation_ast(document, operation_name)
    compiled: Compiled | None = None
    if operation is not None and operation.operation is OperationType.QUERY:
        try:
            compiled = Compiler(
                schema._schema, schema, context, document, operation, variables
            ).compile()
        except (Uncompilable, ClientError, DomainError) as reason:
            logger.debug("general executor: %s", reason)
        except Exception:
            # A compiler bug must not fail the request: the general executor is the reference.
            logger.exception("the compiler failed on an operation; general executor")
    if key is not None and query is not None:
        if compiled is not None and compiled.slots:
            document_key = (id(schema), query, operation_name)
            if document_key not in _SLOTTED:
                _SLOTTED[document_key] = frozenset(slot.variable for slot in compiled.slots)
                key = key_of()  # without the slots' variables, now known
        _COMPILED[key] = compiled
        if compiled is not None:
            _DOCUMENTS[(id(schema), query, operation_name)] = document
    return compiled


async def run_compiled(
    schema: Any,
    context: Context,
    document: Any,
    operation_name: str | None,
    variables: Any,
    query: str | None = None,
) -> CompiledJSON | None:
    """The operation's `data` as the JSON text one SQL statement built, or None when the
    general executor must answer it. The text goes out as it is: parsing and re-encoding half a
    megabyte would cost more than the query."""
    compiled = _compile(schema, context, document, query, operation_name, variables)
    if compiled is None or compiled.too_deep:
        return None
    values = compiled.bind(variables, context.viewer)
    if values is None:
        return None  # an id the general executor refuses with its own error
    try:
        if compiled.finished is not None:
            return CompiledJSON(await _finish(context, compiled.finished, values))
        text = await context.db.scalar(compiled.statement, values)
    except DomainError:
        return None  # e.g. the database is away: the general path reports it the usual way
    except OperationalError as error:
        await context.db.recover()
        if "parser stack overflow" in str(error.orig):
            # SQLite's parser holds a fixed depth of nesting (100 states): a deep selection
            # nests subqueries past it. A limit of the embedded database, not a fault of the
            # statement: the general executor answers this operation from now on.
            compiled.too_deep = True
            logger.info("compiled read too deep for SQLite's parser; general executor")
            return None
        logger.warning("compiled read refused by the database (%s); general executor", error.orig)
        return None
    except Exception:
        # A statement the compiler should not have written: log it, answer the general way.
        logger.exception("compiled read failed; falling back to the general executor")
        await context.db.recover()
        return None
    if text is None:
        return None  # a lookup found nothing: the general executor explains the null (NOT_FOUND)
    return CompiledJSON(text)


async def _finish(context: Context, finished: tuple[str, Finished], values: dict[str, int]) -> str:
    """The `data` of an operation whose one root Python finishes from its statement's rows."""
    key, root = finished

    async def again(statement: Any) -> Any:
        return await context.db.all(statement, values)

    rows = await context.db.all(root.statement, values)
    return orjson.dumps({key: await root.finish(rows, again)}).decode()


def _wants_trace(context: Context) -> bool:
    """A federated trace (ftv1) times each resolver, so a traced request takes the general
    executor: the trace then names every field."""
    headers = getattr(context.request, "headers", None)
    return headers is not None and gateway_trace_requested(headers, context.settings)


class CompiledReads(SchemaExtension):
    async def on_execute(self) -> AsyncIterator[None]:
        execution = self.execution_context
        context = execution.context
        if (
            isinstance(context, Context)
            and context.settings.compiled_reads
            and execution.graphql_document is not None
            and not _wants_trace(context)
        ):
            data = await run_compiled(
                execution.schema,
                context,
                execution.graphql_document,
                # the name the request gave (None when it gave none): the express lane keys
                # by what requests carry, and Strawberry fills in the document's own name
                getattr(execution, "_provided_operation_name", execution.operation_name),
                execution.variables,
                execution.query,
            )
            if data is not None:
                metrics.note(path="compiled")
                # `data` is JSON text; the HTTP view writes it with orjson, which embeds it.
                execution.result = ExecutionResult(data=data, errors=None)  # type: ignore[arg-type]
        yield
