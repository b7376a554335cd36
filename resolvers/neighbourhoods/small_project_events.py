"""Live small-project events (graphql-transport-ws): each committed step of a project's life —
written, submitted, signed, returned, sent — to those who may see it under the read rules.

As the drafts' events: a client that reconnects passes the last event id it saw as `after`; the
stored steps after it (that it may see) are replayed first, then the live ones follow, with no gap
and no duplicate at the seam (the bus is joined before the history is read). The stream ends with
UNAUTHENTICATED when the token expires.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncGenerator
from typing import Annotated, Any, Final

import strawberry
from sqlalchemy import select

from core.errors import BadUserInput, ServiceUnavailable, Unauthenticated
from core.ids import parse_id
from db.events import Notice, ProjectEventNotice
from db.tables import small_project, small_project_event
from schema.context import Info
from schema.declare import instance, source_of
from schema.neighbourhoods.types import SmallProjectEvent

#: The most steps one reconnection replays.
REPLAY_MAX: Final = 1000


async def _history_after(info: Info, after: int) -> list[ProjectEventNotice]:
    statement = (
        select(
            small_project_event.c.id,
            small_project_event.c.project_id,
            small_project.c.district_id,
            small_project_event.c.to_status,
        )
        .join(small_project, small_project.c.id == small_project_event.c.project_id)
        .where(small_project_event.c.id > after)
        .order_by(small_project_event.c.id)
        .limit(REPLAY_MAX + 1)
    )
    rows = await info.context.db.all(statement)
    if len(rows) > REPLAY_MAX:
        raise BadUserInput(
            f"More than {REPLAY_MAX} steps happened after event {after}: read the projects "
            "again, then subscribe without `after`.",
            argument="after",
        )
    return [
        ProjectEventNotice(
            event_id=row.id,
            project_id=row.project_id,
            district_id=row.district_id,
            to_status=row.to_status,
        )
        for row in rows
    ]


async def _next_notice(queue: asyncio.Queue[Notice], info: Info) -> Notice:
    expires_at = info.context.viewer.expires_at
    left = (
        None
        if expires_at is None
        else expires_at + info.context.settings.jwt_leeway_seconds - time.time()
    )
    try:
        async with asyncio.timeout(left if left is None else max(left, 0)):
            return await queue.get()
    except TimeoutError:
        raise Unauthenticated(
            "The bearer token has expired: subscribe again with a fresh one.",
            messageFa="توکن دسترسی منقضی شده است؛ با توکن تازه دوباره مشترک شوید.",
        ) from None


@strawberry.type
class NeighbourhoodsSubscription:
    @strawberry.subscription(
        description=(
            "Each step of a small project's life as it happens (after it is committed), for the "
            "projects the caller may see under the read rules: a council's members their own "
            "council's in every status; a district's officials their district's once submitted; "
            "the headquarters every submitted one; everyone a sent one. Needs a bearer token."
        )
    )
    async def small_project_events(
        self,
        info: Info,
        district_id: Annotated[
            strawberry.ID | None,
            strawberry.argument(description="Only the projects of this district."),
        ] = None,
        project_id: Annotated[
            strawberry.ID | None, strawberry.argument(description="Only this project.")
        ] = None,
        after: Annotated[
            strawberry.ID | None,
            strawberry.argument(
                description=(
                    "The id of the last event the client saw: the steps after it are replayed "
                    f"(at most {REPLAY_MAX}) before the live ones."
                )
            ),
        ] = None,
    ) -> AsyncGenerator[SmallProjectEvent, None]:
        context = info.context
        viewer = context.viewer
        if viewer.token_error is not None:
            raise Unauthenticated(f"The bearer token was refused: {viewer.token_error}.")
        if not viewer.is_authenticated:
            raise Unauthenticated("Small-project events need a bearer token.")
        only_district = (
            parse_id(district_id, kind="CityDistrict", argument="districtId")
            if district_id is not None
            else None
        )
        only_project = (
            parse_id(project_id, kind="SmallProject", argument="projectId")
            if project_id is not None
            else None
        )
        replay_after = (
            parse_id(after, kind="SmallProjectEvent", argument="after")
            if after is not None
            else None
        )
        if context.events is None:
            raise ServiceUnavailable("Live events are not available on this server.")

        def wanted(notice: ProjectEventNotice) -> bool:
            return only_district in (None, notice.district_id) and only_project in (
                None,
                notice.project_id,
            )

        async def shown(notice: ProjectEventNotice) -> Any:
            context.refresh_reads()
            row = await context.reads.lookup(source_of(SmallProjectEvent), notice.event_id)
            return instance(SmallProjectEvent, row) if row is not None else None

        async with context.events.subscribe() as queue:
            replayed: set[int] = set()
            if replay_after is not None:
                for notice in await _history_after(info, replay_after):
                    replayed.add(notice.event_id)
                    if wanted(notice) and (item := await shown(notice)) is not None:
                        yield item
            while True:
                await context.db.close()
                live = await _next_notice(queue, info)
                if not isinstance(live, ProjectEventNotice):
                    continue  # another domain's event on the shared bus
                if live.event_id in replayed:
                    replayed.discard(live.event_id)
                    continue
                if wanted(live) and (item := await shown(live)) is not None:
                    yield item
