"""What every mutation shares: who acts, on which database, with which event bus; and the expected
failures it reports to the client (in the payload's `errors`, never as a raised GraphQL error)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from core.auth import Role, Viewer
from core.errors import ErrorCode
from db.session import RequestDatabase

if TYPE_CHECKING:
    from db.events import EventBus


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class MutationContext:
    """One mutation's caller and resources."""

    db: RequestDatabase
    viewer: Viewer
    events: EventBus | None = None
    clock: Callable[[], datetime] = field(default=utc_now)


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


def unauthenticated(viewer: Viewer) -> MutationFailure:
    reason = viewer.token_error or "no bearer token was sent"
    return MutationFailure(
        ErrorCode.UNAUTHENTICATED,
        f"Sign in first: {reason}.",
        "ابتدا وارد شوید: توکن دسترسی ارسال نشده یا معتبر نیست.",
    )


def require_role(viewer: Viewer, *roles: Role) -> Role:
    """The caller's role when it is one of `roles`; UNAUTHENTICATED or FORBIDDEN otherwise."""
    if viewer.role is None:
        raise unauthenticated(viewer)
    if viewer.role not in roles:
        names = ", ".join(role.value for role in roles)
        raise forbidden(
            f"A {viewer.role.value} may not do this; it takes {names}.",
            "نقش شما اجازه این کار را ندارد.",
        )
    return viewer.role


def forbidden(message: str, message_fa: str, *, field: str | None = None) -> MutationFailure:
    return MutationFailure(ErrorCode.FORBIDDEN, message, message_fa, field=field)


def not_found(message: str, message_fa: str, *, field: str | None = None) -> MutationFailure:
    return MutationFailure(ErrorCode.NOT_FOUND, message, message_fa, field=field)


def invalid(message: str, message_fa: str, *, field: str | None = None) -> MutationFailure:
    return MutationFailure(ErrorCode.VALIDATION, message, message_fa, field=field)


def version_conflict(current: int, expected: int) -> MutationFailure:
    return MutationFailure(
        ErrorCode.VERSION_CONFLICT,
        f"The draft changed since version {expected} (it is at version {current}): "
        "reload it and apply your change again.",
        f"پیش‌نویس پس از نسخه {expected} تغییر کرده است (نسخه کنونی {current}): "
        "آن را دوباره بارگذاری کنید و تغییر خود را از نو اعمال کنید.",
        field="expectedVersion",
    )


def parse_key(value: str | int, *, kind: str, field: str) -> int:
    """The integer key behind a client's `ID`, or a VALIDATION failure naming the field."""
    text = str(value).strip()
    if text.isascii() and text.isdigit() and 0 < int(text) < 2**31:
        return int(text)
    raise invalid(f"{value!r} is not a valid {kind} id.", f"شناسه {kind} معتبر نیست.", field=field)
