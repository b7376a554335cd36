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

logger = logging.getLogger("civicgraph.errors")


class ErrorCode(StrEnum):
    BAD_USER_INPUT = "BAD_USER_INPUT"
    NOT_FOUND = "NOT_FOUND"
    SERVICE_UNAVAILABLE = "SERVICE_UNAVAILABLE"
    INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR"
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
    return original is not None and not isinstance(original, ClientError)


class MaskInternalErrors(MaskErrors):
    """Hides unexpected exceptions behind one generic error; logs them with their traceback.

    Parse and validation errors and `ClientError`s pass through unchanged.
    """

    def __init__(self) -> None:
        super().__init__(should_mask_error=_is_internal, error_message="Internal server error.")

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        logger.error(
            "internal error at %s",
            ".".join(str(p) for p in error.path or ()),
            exc_info=error.original_error,
        )
        masked = super().anonymise_error(error)
        masked.extensions = {"code": ErrorCode.INTERNAL_SERVER_ERROR.value}
        return masked

    def on_operation(self) -> Iterator[None]:
        yield from super().on_operation()
        result = self.execution_context.result
        for error in getattr(result, "errors", None) or ():
            if error.extensions is None or "code" not in error.extensions:
                # Parse and validation errors: graphql-core gives them no code.
                error.extensions = {**(error.extensions or {}), "code": "GRAPHQL_VALIDATION_FAILED"}
