"""Live draft events (graphql-transport-ws): the ministry's inbox and each office's own drafts.

Delivery: each committed step once, in the order the bus delivers them, to a subscriber that stays
connected. A client that reconnects passes the last event id it saw as `after`: the stored steps
after it (that it may see) are replayed first, then the live ones follow. The bus is joined before
the history is read, so a step committed in between is not lost; a live notice of a step already
replayed is dropped, so none comes twice. Across a reconnection that is "at least once" (a client
that lost its last id may see a step again; the id lets it drop it). The stream ends with
UNAUTHENTICATED when the token expires.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncGenerator
from typing import Annotated, Any, Final

import strawberry
from sqlalchemy import and_, select

from core.errors import BadUserInput, Forbidden, ServiceUnavailable, Unauthenticated
from core.ids import parse_id
from db.events import DraftEventNotice, Notice
from db.tables import draft, event
from schema.context import Info
from schema.declare import instance, source_of
from schema.municipalities.types import DraftDirectiveEvent

#: The most steps one reconnection replays; a client further behind re-reads the drafts.
REPLAY_MAX: Final = 1000


async def _history_after(info: Info, after: int) -> list[DraftEventNotice]:
    """The stored steps after `after`, oldest first, as the notices the bus would have carried
    (`submitted`: the draft had been submitted by the time of the step)."""
    statement = (
        select(
            event.c.id,
            event.c.draft_directive_id,
            draft.c.municipality_id,
            event.c.from_status,
            event.c.to_status,
            and_(
                draft.c.submitted_at.is_not(None), draft.c.submitted_at <= event.c.occurred_at
            ).label("submitted"),
        )
        .join(draft, draft.c.id == event.c.draft_directive_id)
        .where(event.c.id > after)
        .order_by(event.c.id)
        .limit(REPLAY_MAX + 1)
    )
    rows = await info.context.db.all(statement)
    if len(rows) > REPLAY_MAX:
        raise BadUserInput(
            f"More than {REPLAY_MAX} steps happened after event {after}: read the drafts "
            "again, then subscribe without `after`.",
            argument="after",
        )
    return [
        DraftEventNotice(
            event_id=row.id,
            draft_directive_id=row.draft_directive_id,
            municipality_id=row.municipality_id,
            from_status=row.from_status,
            to_status=row.to_status,
            submitted=bool(row.submitted),
        )
        for row in rows
    ]


def _seconds_left(info: Info) -> float | None:
    """Until the token expires (its `exp`, with the leeway verification allows)."""
    expires_at = info.context.viewer.expires_at
    if expires_at is None:
        return None
    return expires_at + info.context.settings.jwt_leeway_seconds - time.time()


async def _next_notice(queue: asyncio.Queue[Notice], info: Info) -> Notice:
    """The next live notice; UNAUTHENTICATED once the token has expired."""
    left = _seconds_left(info)
    try:
        async with asyncio.timeout(left if left is None else max(left, 0)):
            return await queue.get()
    except TimeoutError:
        raise Unauthenticated(
            "The bearer token has expired: subscribe again with a fresh one.",
            messageFa="توکن دسترسی منقضی شده است؛ با توکن تازه دوباره مشترک شوید.",
        ) from None


@strawberry.type
class MunicipalitiesSubscription:
    @strawberry.subscription(
        description=(
            "Each step of a draft's life as it happens (after it is committed), for the drafts "
            "the caller may see under the read rules: a mayor's office its own in every status; "
            "the committee and the ministry every draft once submitted; everyone an adopted one. "
            "Needs a bearer token (in the WebSocket's `connection_init` payload as "
            "`Authorization`, or the handshake's header)."
        )
    )
    async def draft_directive_events(
        self,
        info: Info,
        municipality_id: Annotated[
            strawberry.ID | None,
            strawberry.argument(description="Only the drafts of this municipality."),
        ] = None,
        draft_directive_id: Annotated[
            strawberry.ID | None, strawberry.argument(description="Only this draft.")
        ] = None,
        after: Annotated[
            strawberry.ID | None,
            strawberry.argument(
                description=(
                    "The id of the last event the client saw: the steps after it are replayed "
                    f"from the history (at most {REPLAY_MAX}) before the live ones, with no gap "
                    "and no duplicate at the seam."
                )
            ),
        ] = None,
    ) -> AsyncGenerator[DraftDirectiveEvent, None]:
        context = info.context
        viewer = context.viewer
        if viewer.token_error is not None:
            raise Unauthenticated(f"The bearer token was refused: {viewer.token_error}.")
        if not viewer.is_authenticated:
            raise Unauthenticated("Draft events need a bearer token.")
        only_municipality = (
            parse_id(municipality_id, kind="Municipality", argument="municipalityId")
            if municipality_id is not None
            else None
        )
        only_draft = (
            parse_id(draft_directive_id, kind="DraftDirective", argument="draftDirectiveId")
            if draft_directive_id is not None
            else None
        )
        if (
            only_municipality is not None
            and viewer.municipality_id is not None
            and only_municipality != viewer.municipality_id
        ):
            raise Forbidden("A mayor's office follows its own municipality's drafts only.")
        replay_after = (
            parse_id(after, kind="DraftDirectiveEvent", argument="after")
            if after is not None
            else None
        )
        if context.events is None:
            raise ServiceUnavailable("Live events are not available on this server.")

        def wanted(notice: Notice) -> bool:
            if not isinstance(notice, DraftEventNotice):
                return False
            return only_municipality in (None, notice.municipality_id) and only_draft in (
                None,
                notice.draft_directive_id,
            )

        async def shown(notice: Notice) -> Any:
            context.refresh_reads()  # nested fields read the draft as it is now
            # The event's read rule decides, as on every other path: a step of a draft the
            # caller may not see (yet) is not there for them.
            row = await context.reads.lookup(source_of(DraftDirectiveEvent), notice.event_id)
            return instance(DraftDirectiveEvent, row) if row is not None else None

        # Joined before the history is read: a step committed meanwhile is queued, not lost.
        async with context.events.subscribe() as queue:
            replayed: set[int] = set()
            if replay_after is not None:
                for notice in await _history_after(info, replay_after):
                    replayed.add(notice.event_id)
                    if wanted(notice) and (item := await shown(notice)) is not None:
                        yield item
            while True:
                # An idle subscriber holds no database connection.
                await context.db.close()
                live = await _next_notice(queue, info)
                if not isinstance(live, DraftEventNotice):
                    continue  # another domain's event on the shared bus
                notice = live
                if notice.event_id in replayed:
                    replayed.discard(notice.event_id)  # already sent from the history
                    continue
                if wanted(notice) and (item := await shown(notice)) is not None:
                    yield item
