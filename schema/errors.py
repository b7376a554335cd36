"""Errors a client can switch on.

Every error the service means to show carries `extensions.code` from `ErrorCode`; anything else is
an internal error: logged with its detail and shown to clients as a masked `INTERNAL_SERVER_ERROR`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from enum import StrEnum
from typing import Any

from graphql import GraphQLError
from strawberry.extensions import MaskErrors
from strawberry.types.execution import PreExecutionError

from logs import current_request_id

logger = logging.getLogger("civicgraph.errors")


class ErrorCode(StrEnum):
    BAD_USER_INPUT = "BAD_USER_INPUT"
    NOT_FOUND = "NOT_FOUND"
    SERVICE_UNAVAILABLE = "SERVICE_UNAVAILABLE"
    INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR"
    # The request itself (schema/limits.py, web/): each comes alone, with HTTP 400 unless noted.
    GRAPHQL_PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
    GRAPHQL_VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
    OPERATION_RESOLUTION_FAILURE = "OPERATION_RESOLUTION_FAILURE"
    BAD_REQUEST = "BAD_REQUEST"
    DEPTH_LIMIT_EXCEEDED = "DEPTH_LIMIT_EXCEEDED"
    ALIAS_LIMIT_EXCEEDED = "ALIAS_LIMIT_EXCEEDED"
    TOKEN_LIMIT_EXCEEDED = "TOKEN_LIMIT_EXCEEDED"
    DIRECTIVE_LIMIT_EXCEEDED = "DIRECTIVE_LIMIT_EXCEEDED"
    ROOT_FIELD_LIMIT_EXCEEDED = "ROOT_FIELD_LIMIT_EXCEEDED"
    COST_LIMIT_EXCEEDED = "COST_LIMIT_EXCEEDED"
    BATCHING_NOT_ENABLED = "BATCHING_NOT_ENABLED"
    BATCH_LIMIT_EXCEEDED = "BATCH_LIMIT_EXCEEDED"
    REQUEST_TIMEOUT = "REQUEST_TIMEOUT"
    PAYLOAD_TOO_LARGE = "PAYLOAD_TOO_LARGE"  # HTTP 413
    NOT_ACCEPTABLE = "NOT_ACCEPTABLE"  # HTTP 406
    UNSUPPORTED_MEDIA_TYPE = "UNSUPPORTED_MEDIA_TYPE"  # HTTP 415
    METHOD_NOT_ALLOWED = "METHOD_NOT_ALLOWED"  # HTTP 405: a mutation over GET
    PERSISTED_QUERY_NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND"
    PERSISTED_QUERY_NOT_ALLOWED = "PERSISTED_QUERY_NOT_ALLOWED"
    PERSISTED_QUERY_HASH_MISMATCH = "PERSISTED_QUERY_HASH_MISMATCH"
    RATE_LIMITED = "RATE_LIMITED"  # HTTP 429, with Retry-After
    # The caller: no token, or a token that is expired, forged or malformed.
    UNAUTHENTICATED = "UNAUTHENTICATED"
    # A valid token without the right to do this (role, municipality, committee seat).
    FORBIDDEN = "FORBIDDEN"
    # Mutations (reported in their payload's `errors`):
    INVALID_TRANSITION = "INVALID_TRANSITION"
    VALIDATION = "VALIDATION"
    VERSION_CONFLICT = "VERSION_CONFLICT"


class ClientError(GraphQLError):
    """An error meant for the client: a code, a readable message, and the argument at fault."""

    code: ErrorCode = ErrorCode.BAD_USER_INPUT

    def __init__(self, message: str, *, argument: str | None = None, **extra: Any) -> None:
        extensions: dict[str, Any] = {"code": self.code.value, **extra}
        if argument is not None:
            extensions["argument"] = argument
        super().__init__(message, extensions=extensions)


class BadUserInput(ClientError):
    code = ErrorCode.BAD_USER_INPUT


class NotFound(ClientError):
    code = ErrorCode.NOT_FOUND


class ServiceUnavailable(ClientError):
    code = ErrorCode.SERVICE_UNAVAILABLE


class Unauthenticated(ClientError):
    code = ErrorCode.UNAUTHENTICATED


class Forbidden(ClientError):
    code = ErrorCode.FORBIDDEN


def _is_internal(error: GraphQLError) -> bool:
    original = error.original_error
    if original is None or isinstance(original, ClientError):
        return False
    # graphql-core's own request errors (a variable whose value does not coerce) wrap a
    # GraphQLError and have no path: they are meant for the client. Anything else is internal.
    return not (error.path is None and isinstance(original, GraphQLError))


class MaskInternalErrors(MaskErrors):
    """Hides unexpected exceptions behind one generic error; logs them with their traceback.

    Parse and validation errors and `ClientError`s pass through unchanged.
    """

    def __init__(self) -> None:
        super().__init__(should_mask_error=_is_internal, error_message="Internal server error.")

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
