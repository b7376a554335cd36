"""Live draft events (graphql-transport-ws): the ministry's inbox and each office's own drafts."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import Annotated

import strawberry

from core.errors import Forbidden, ServiceUnavailable, Unauthenticated
from core.ids import parse_id
from db.events import DraftEventNotice
from schema.context import Info
from schema.declare import instance, source_of
from schema.municipalities.types import DraftDirectiveEvent


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
        if context.events is None:
            raise ServiceUnavailable("Live events are not available on this server.")

        def wanted(notice: DraftEventNotice) -> bool:
            return only_municipality in (None, notice.municipality_id) and only_draft in (
                None,
                notice.draft_directive_id,
            )

        async with context.events.subscribe() as queue:
            while True:
                # An idle subscriber holds no database connection.
                await context.db.close()
                notice = await queue.get()
                if not wanted(notice):
                    continue
                context.refresh_reads()  # nested fields read the draft as it is now
                # The event's read rule decides, as on every other path: a step of a draft the
                # caller may not see (yet) is not there for them.
                row = await context.reads.lookup(source_of(DraftDirectiveEvent), notice.event_id)
                if row is None:
                    continue
                yield instance(DraftDirectiveEvent, row)
