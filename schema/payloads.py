"""What every mutation's payload carries: typed errors a client can switch on (Saleor's shape)."""

from __future__ import annotations

from enum import Enum
from typing import Any, Self

import strawberry

from core.errors import MutationFailure


@strawberry.enum(description="Why a mutation did not happen. Nothing was written when it fails.")
class MutationErrorCode(Enum):
    UNAUTHENTICATED = strawberry.enum_value(
        "UNAUTHENTICATED",
        description="No bearer token, or one that is expired, forged or malformed: sign in again.",
    )
    FORBIDDEN = strawberry.enum_value(
        "FORBIDDEN",
        description=(
            "The token is valid but lacks the right: another role's step, another "
            "municipality's draft, not a sitting committee member or not its chair."
        ),
    )
    NOT_FOUND = strawberry.enum_value(
        "NOT_FOUND", description="Nothing has the id given in `field`."
    )
    INVALID_TRANSITION = strawberry.enum_value(
        "INVALID_TRANSITION",
        description="The draft's status does not allow this step (see DraftStatus).",
    )
    VALIDATION = strawberry.enum_value(
        "VALIDATION",
        description="The input at `field` is missing, too long, or inconsistent.",
    )
    VERSION_CONFLICT = strawberry.enum_value(
        "VERSION_CONFLICT",
        description="The draft changed since `expectedVersion`: reload it and try again.",
    )
    APPEAL_WINDOW_CLOSED = strawberry.enum_value(
        "APPEAL_WINDOW_CLOSED",
        description=(
            "An Article 100 appeal filed after its window: ten days from the verdict's "
            "notification, counted in Tehran's calendar days."
        ),
    )
    FILE_TOO_LARGE = strawberry.enum_value(
        "FILE_TOO_LARGE",
        description="The file is larger than one upload may be (`message` says the limit).",
    )
    UNSUPPORTED_FILE_TYPE = strawberry.enum_value(
        "UNSUPPORTED_FILE_TYPE",
        description=(
            "The file's content is not of a kind accepted (PDF, PNG, JPEG, DOCX, XLSX, ODT, "
            "plain text), whatever its name says."
        ),
    )


@strawberry.federation.type(
    description="An expected failure of a mutation: switch on `code`.",
    shareable=True,  # the municipalities and the ministry subgraphs both return it
)
class MutationError:
    code: MutationErrorCode = strawberry.field(description="What went wrong, for programs.")
    field: str | None = strawberry.field(
        description="The input field at fault (camelCase), or null when it is not one field."
    )
    message: str = strawberry.field(description="What went wrong, in English.")
    message_fa: str = strawberry.field(description="What went wrong, in Persian, for people.")

    @classmethod
    def from_failure(cls, failure: MutationFailure) -> Self:
        return cls(
            code=MutationErrorCode(failure.code.value),
            field=failure.field,
            message=failure.message,
            message_fa=failure.message_fa,
        )


def errors_field() -> Any:
    """Every payload's `errors`."""
    return strawberry.field(description="Empty on success.")


IDEMPOTENCY_KEY = (
    "Any string unique to this request (e.g. a UUID). Sending the same key again returns the "
    "first result and changes nothing; reusing it for a different request is a VALIDATION error."
)
