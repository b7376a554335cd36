"""Errors as GraphQL shows them.

Domain errors (core/errors.py) reach clients with their code; `ClientError` is the same for what
only the GraphQL layer raises (a document that does not parse, a limit, a scalar that does not
coerce); anything else is an internal error: logged with its detail and shown to clients as a
masked `INTERNAL_SERVER_ERROR`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

from graphql import GraphQLError
from strawberry.extensions import MaskErrors
from strawberry.types.execution import PreExecutionError

from core.errors import DomainError, ErrorCode
from core.logs import current_request_id

logger = logging.getLogger("civicgraph.errors")

#: What a client sees of an internal error (the detail is logged, never sent).
INTERNAL_MESSAGE = "Internal server error."


class ClientError(GraphQLError):
    """An error meant for the client: a code, a readable message, and the argument at fault."""

    code: ErrorCode = ErrorCode.BAD_USER_INPUT

    def __init__(self, message: str, *, argument: str | None = None, **extra: Any) -> None:
        extensions: dict[str, Any] = {"code": self.code.value, **extra}
        if argument is not None:
            extensions["argument"] = argument
        super().__init__(message, extensions=extensions)


def is_shown(exception: BaseException) -> bool:
    """True for an exception a resolver raises for the client (a coded error); anything else
    is internal, and shown masked wherever errors go (the response, a federated trace)."""
    return isinstance(exception, ClientError | DomainError)


def _is_internal(error: GraphQLError) -> bool:
    original = error.original_error
    if original is None or is_shown(original):
        return False
    # graphql-core's own request errors (a variable whose value does not coerce) wrap a
    # GraphQLError and have no path: they are meant for the client. Anything else is internal.
    return not (error.path is None and isinstance(original, GraphQLError))


class MaskInternalErrors(MaskErrors):
    """Hides unexpected exceptions behind one generic error; logs them with their traceback.

    Parse and validation errors and `ClientError`s pass through unchanged.
    """

    def __init__(self) -> None:
        super().__init__(should_mask_error=_is_internal, error_message=INTERNAL_MESSAGE)

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        request_id = current_request_id()
        logger.error(
            "internal error at %s (request %s)",
            ".".join(str(p) for p in error.path or ()),
            request_id,
            exc_info=error.original_error,
        )
        masked = super().anonymise_error(error)
        masked.extensions = {"code": ErrorCode.INTERNAL_SERVER_ERROR.value}
        if request_id is not None:
            masked.extensions["requestId"] = request_id
        return masked

    def on_operation(self) -> Iterator[None]:
        yield from super().on_operation()
        result = self.execution_context.result
        before_execution = isinstance(result, PreExecutionError)
        for error in getattr(result, "errors", None) or ():
            if error.extensions is None or "code" not in error.extensions:
                code = _code_of(error, before_execution)
                error.extensions = {**(error.extensions or {}), "code": code.value}


def _code_of(error: GraphQLError, before_execution: bool) -> ErrorCode:
    """The code of an error graphql-core made without one."""
    if before_execution:
        return ErrorCode.GRAPHQL_VALIDATION_FAILED
    if error.path is not None:
        return ErrorCode.INTERNAL_SERVER_ERROR  # a field error that was not masked: none are
    if isinstance(error.original_error, GraphQLError) or error.message.startswith("Variable '$"):
        return ErrorCode.BAD_USER_INPUT  # a variable's value is missing or does not coerce
    if error.message.startswith(("Must provide operation name", "Unknown operation named")):
        return ErrorCode.OPERATION_RESOLUTION_FAILURE
    return ErrorCode.GRAPHQL_VALIDATION_FAILED
