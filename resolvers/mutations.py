"""What every mutation shares: who acts, on which database, with which event bus; the expected
failures it reports to the client (in the payload's `errors`, never as a raised GraphQL error);
and how it answers (`respond`)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TypeVar, cast

from sqlalchemy import Row, Table, select
from sqlalchemy.ext.asyncio import AsyncConnection
from strawberry.types.base import get_object_definition

from core.auth import Role, Viewer
from core.errors import ErrorCode, MutationFailure
from core.ids import parse_key_or_problem
from db.session import RequestDatabase
from schema.context import Info
from schema.declare import load
from schema.payloads import MutationError

if TYPE_CHECKING:
    from db.events import EventBus


P = TypeVar("P")


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class MutationContext:
    """One mutation's caller and resources."""

    db: RequestDatabase
    viewer: Viewer
    events: EventBus | None = None
    clock: Callable[[], datetime] = field(default=utc_now)


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


async def lock_row(
    conn: AsyncConnection, table: Table, row_id: int, *, field: str, kind_fa: str
) -> Row[Any]:
    """The row with `row_id`, locked until the transaction ends (PostgreSQL; SQLite's write
    transaction already holds the database): changes to one row happen one after another.
    NOT_FOUND, naming `field`, when there is none."""
    result = await conn.execute(select(table).where(table.c.id == row_id).with_for_update())
    row = result.first()
    if row is None:
        kind = table.name.replace("_", " ")
        raise not_found(f"No {kind} has id {row_id}.", f"{kind_fa} با این شناسه نیست.", field=field)
    return row


def parse_key(value: str | int, *, kind: str, field: str) -> int:
    """The database key behind a client's `ID` of a `kind`, or a VALIDATION failure naming the
    field (another type's id is refused, never taken as this type's)."""
    key, problem = parse_key_or_problem(value, kind)
    if problem is not None:
        raise invalid(problem[0], problem[1], field=field)
    assert key is not None
    return key


#: What a mutation changed, by its payload's field: the declared type and the row's id (or None).
Changed = Mapping[str, tuple[type, int] | None]


async def respond(
    info: Info, payload: type[P], run: Callable[[MutationContext], Awaitable[Changed]]
) -> P:
    """Runs one mutation and answers its payload: the objects it changed, read afresh as the
    caller may see them, with `errors` empty; or, when it fails as expected (nothing written),
    every object null and its errors."""
    context = info.context
    mutation = MutationContext(db=context.db, viewer=context.viewer, events=context.events)
    fields = [f.python_name for f in get_object_definition(payload, strict=True).fields]
    make: Any = payload
    try:
        changed = await run(mutation)
    except MutationFailure as failure:
        nothing = {name: None for name in fields if name != "errors"}
        return cast(P, make(**nothing, errors=[MutationError.from_failure(failure)]))
    context.refresh_reads()
    objects: dict[str, Any] = {name: None for name in fields if name != "errors"}
    for name, value in changed.items():
        if value is not None:
            objects[name] = await load(info, *value)
    return cast(P, make(**objects, errors=[]))
