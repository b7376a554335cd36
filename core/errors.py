"""Errors a client can switch on, as the domain raises them.

Every error the service means to show carries a code from `ErrorCode`. `DomainError` and its kinds
know nothing of GraphQL: the GraphQL layer shows an error's `extensions` (its code, and the
argument at fault) as they are (graphql-core copies them from the original exception); anything
else is an internal error, masked (schema/errors.py).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any


class ErrorCode(StrEnum):
    BAD_USER_INPUT = "BAD_USER_INPUT"
    NOT_FOUND = "NOT_FOUND"
    SERVICE_UNAVAILABLE = "SERVICE_UNAVAILABLE"
    INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR"
    # The request itself (graph/limits.py, web/): each comes alone, with HTTP 400 unless noted.
    GRAPHQL_PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
    GRAPHQL_VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
    OPERATION_RESOLUTION_FAILURE = "OPERATION_RESOLUTION_FAILURE"
    BAD_REQUEST = "BAD_REQUEST"
    DEPTH_LIMIT_EXCEEDED = "DEPTH_LIMIT_EXCEEDED"
    ALIAS_LIMIT_EXCEEDED = "ALIAS_LIMIT_EXCEEDED"
    TOKEN_LIMIT_EXCEEDED = "TOKEN_LIMIT_EXCEEDED"
    QUERY_TOO_LARGE = "QUERY_TOO_LARGE"  # the document's bytes (maxQueryBytes)
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
    #: An Article 100 appeal filed after the ten days from notification.
    APPEAL_WINDOW_CLOSED = "APPEAL_WINDOW_CLOSED"
    FILE_TOO_LARGE = "FILE_TOO_LARGE"
    UNSUPPORTED_FILE_TYPE = "UNSUPPORTED_FILE_TYPE"


class DomainError(Exception):
    """An error meant for the client: a code, a readable message, and the argument at fault."""

    code: ErrorCode = ErrorCode.BAD_USER_INPUT

    def __init__(self, message: str, *, argument: str | None = None, **extra: Any) -> None:
        super().__init__(message)
        self.message = message
        self.extensions: dict[str, Any] = {"code": self.code.value, **extra}
        if argument is not None:
            self.extensions["argument"] = argument


class BadUserInput(DomainError):
    code = ErrorCode.BAD_USER_INPUT


class NotFound(DomainError):
    code = ErrorCode.NOT_FOUND


class ServiceUnavailable(DomainError):
    code = ErrorCode.SERVICE_UNAVAILABLE


class Unauthenticated(DomainError):
    code = ErrorCode.UNAUTHENTICATED


class Forbidden(DomainError):
    code = ErrorCode.FORBIDDEN


class MutationFailure(Exception):
    """An expected failure: the mutation's transaction is rolled back and the client gets a typed
    error (code, the input field at fault, a message in English and in Persian)."""

    def __init__(
        self, code: ErrorCode, message: str, message_fa: str, *, field: str | None = None
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.message_fa = message_fa
        self.field = field
