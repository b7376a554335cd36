"""The compiled read path as a schema extension.

Strawberry runs `on_execute` after parsing and validation and skips its executor when the result
is already set: this extension compiles the operation (resolvers/fastpath), runs the one
statement, and sets the result. Anything it does not cover, and any argument error, falls through
to the general executor, so errors and authorisation are the general path's own.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from typing import Any

import orjson
from graphql import ExecutionResult, OperationType
from graphql.utilities import get_operation_ast
from sqlalchemy.exc import OperationalError
from strawberry.extensions import SchemaExtension

from resolvers.fastpath.compiler import Compiler, Unsupported
from resolvers.fastpath.mapping import GRAPH
from schema.context import Context
from schema.errors import ClientError

logger = logging.getLogger("civicgraph.compiled_reads")


async def run_compiled(
    schema: Any, context: Context, document: Any, operation_name: str | None, variables: Any
) -> dict[str, Any] | None:
    """The operation's `data` computed by one SQL statement, or None when the general executor
    must answer it."""
    operation = get_operation_ast(document, operation_name)
    if operation is None or operation.operation is not OperationType.QUERY:
        return None
    try:
        compiled = Compiler(
            schema._schema, schema, GRAPH, context, document, operation, variables
        ).compile()
    except (Unsupported, ClientError) as reason:
        logger.debug("general executor: %s", reason)
        return None
    try:
        text = await context.db.scalar(compiled.statement)
    except ClientError:
        return None  # e.g. the database is away: the general path reports it the usual way
    except OperationalError as error:
        # e.g. SQLite's parser refuses a very deep query: the general executor answers it.
        logger.warning("compiled read refused by the database (%s); general executor", error.orig)
        await context.db.recover()
        return None
    except Exception:
        # A statement the compiler should not have written: log it, answer the general way.
        logger.exception("compiled read failed; falling back to the general executor")
        await context.db.recover()
        return None
    data: dict[str, Any] = orjson.loads(text)
    if any(data.get(key) is None for key in compiled.lookups):
        return None  # the general executor explains the null (NOT_FOUND)
    return data


class CompiledReads(SchemaExtension):
    async def on_execute(self) -> AsyncIterator[None]:
        execution = self.execution_context
        context = execution.context
        if (
            isinstance(context, Context)
            and context.settings.compiled_reads
            and execution.graphql_document is not None
        ):
            data = await run_compiled(
                execution.schema,
                context,
                execution.graphql_document,
                execution.operation_name,
                execution.variables,
            )
            if data is not None:
                execution.result = ExecutionResult(data=data, errors=None)
        yield
