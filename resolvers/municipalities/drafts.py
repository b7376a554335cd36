"""What the draft mutations share: input checks, finding a draft, the caller's scope, the
committee seat of the caller, the current review round."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Row, and_, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from core.auth import Role, Viewer
from core.text import normalize_text, refused_character, search_key
from db.tables import DraftStatus, committee, draft, event, membership
from resolvers.municipalities.draft_lifecycle import lock_draft
from resolvers.mutations import forbidden, invalid, not_found
from resolvers.reads import ViewerScope
from schema.declare import source_of
from schema.municipalities.types import DraftDirective

TITLE_MAX = 300
BODY_MAX = 20_000
REASON_MAX = 2_000
SUMMARY_MAX = 20_000

#: How the committee is named in a draft's history (as in the shipped data).
COMMITTEE_ACTOR = "کمیته پنج‌نفره"


def clean_text(
    value: str | None,
    *,
    field: str,
    label: str,
    label_fa: str,
    maximum: int,
    required: bool,
    normalise: Callable[[str], str] = normalize_text,
) -> str | None:
    """Normalised text (Persian letters, Latin digits, tidy spaces), within its length, free of
    the characters core/text.py refuses. Every mutation's text input passes here."""
    character = refused_character(value) if value is not None else None
    if character is not None:
        raise invalid(
            f"{label} may not hold the control character {character}.",
            f"{label_fa} نویسه کنترلی غیرمجاز ({character}) دارد.",
            field=field,
        )
    text = normalise(value) if value is not None else ""
    if not search_key(text):  # nothing but spaces, joiners or marks
        if required:
            raise invalid(f"{label} is required.", f"{label_fa} را وارد کنید.", field=field)
        return None
    if len(text) > maximum:
        raise invalid(
            f"{label} is at most {maximum} characters (it has {len(text)}).",
            f"{label_fa} حداکثر {maximum} نویسه است.",
            field=field,
        )
    return text


def normalize_paragraphs(value: str) -> str:
    """Like `normalize_text`, but a long text keeps its lines (and the blank lines between them)."""
    lines = [normalize_text(line) for line in value.replace("\r\n", "\n").split("\n")]
    return "\n".join(lines).strip("\n")


def clean_title(value: str | None, *, required: bool = True) -> str | None:
    return clean_text(
        value,
        field="title",
        label="The title",
        label_fa="عنوان",
        maximum=TITLE_MAX,
        required=required,
    )


def clean_body(value: str | None, *, required: bool = True) -> str | None:
    return clean_text(
        value,
        field="body",
        label="The text",
        label_fa="متن",
        maximum=BODY_MAX,
        required=required,
        normalise=normalize_paragraphs,
    )


def clean_reason(value: str | None, *, required: bool, field: str = "reason") -> str | None:
    return clean_text(
        value,
        field=field,
        label="The reason",
        label_fa="دلیل",
        maximum=REASON_MAX,
        required=required,
    )


def check_expected_version(row: Row[Any], expected: int | None) -> None:
    from resolvers.mutations import version_conflict

    if expected is not None and expected != row.version:
        raise version_conflict(row.version, expected)


async def find_draft(
    conn: AsyncConnection, draft_id: int, viewer: Viewer, *, field: str = "id"
) -> Row[Any]:
    """The draft, locked for this transaction; NOT_FOUND when there is none or the caller may
    not see it (the read rule's own condition): an office cannot learn by writing that another
    office's unsent draft exists."""
    seen = source_of(DraftDirective).visible(ViewerScope(viewer), draft)  # the type's read rule
    row = await lock_draft(conn, draft_id, seen)
    if row is None:
        raise not_found(
            f"No draft directive has id {draft_id}.", "پیش‌نویسی با این شناسه نیست.", field=field
        )
    return row


def require_own(viewer: Viewer, row: Row[Any], *, field: str = "id") -> None:
    """A mayor's office acts on its own municipality's drafts only."""
    if viewer.role is Role.MAYOR_OFFICE and viewer.municipality_id != row.municipality_id:
        raise forbidden(
            "This draft belongs to another municipality.",
            "این پیش‌نویس از آنِ شهرداری دیگری است.",
            field=field,
        )


async def sitting_seat(conn: AsyncConnection, mayor_id: int | None) -> Row[Any] | None:
    """The mayor's active seat on the sitting committee, if any."""
    if mayor_id is None:
        return None
    result = await conn.execute(
        select(membership)
        .join(committee, committee.c.id == membership.c.committee_id)
        .where(
            membership.c.mayor_id == mayor_id,
            membership.c.ended_on.is_(None),
            committee.c.term_end.is_(None),
        )
    )
    return result.first()


async def require_seat(conn: AsyncConnection, viewer: Viewer) -> Row[Any]:
    seat = await sitting_seat(conn, viewer.mayor_id)
    if seat is None:
        raise forbidden(
            "Only a sitting member of the mayors' committee may do this.",
            "تنها اعضای کنونی کمیته پنج‌نفره اجازه این کار را دارند.",
        )
    return seat


async def current_round(conn: AsyncConnection, draft_id: int) -> int:
    """The id of the SUBMITTED event that opened the draft's current review round."""
    round_id = await conn.scalar(
        select(func.max(event.c.id)).where(
            and_(
                event.c.draft_directive_id == draft_id,
                event.c.to_status == DraftStatus.SUBMITTED.value,
            )
        )
    )
    assert round_id is not None, "a draft under review has been submitted"
    return int(round_id)


async def reload(conn: AsyncConnection, draft_id: int) -> Row[Any]:
    result = await conn.execute(select(draft).where(draft.c.id == draft_id))
    row = result.first()
    assert row is not None
    return row
