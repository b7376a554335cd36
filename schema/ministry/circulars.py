"""National circulars: what the ministry adopts from the municipalities' drafts."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Self

import strawberry
from sqlalchemy import Row

from core.calendar import solar_hijri
from core.errors import NotFound
from core.ids import parse_id
from schema.context import Info
from schema.municipalities.types import DraftDirective


@strawberry.type(
    description=(
        "بخشنامه ملی: a national circular the Ministry of Interior adopted from one or more "
        "municipalities' draft directives."
    )
)
class NationalCircular:
    id: strawberry.ID = strawberry.field(description="The circular's id.")
    number: str = strawberry.field(
        description="Its own number: Solar Hijri year / serial in that year, e.g. 1404/0007."
    )
    title: str = strawberry.field(description="Title, in Persian.")
    body: str = strawberry.field(description="Full text, in Persian.")
    adopted_at: datetime = strawberry.field(description="When the ministry adopted it (UTC).")
    adopted_by: str = strawberry.field(description="The ministry reviewer who adopted it.")

    @classmethod
    def from_row(cls, row: Row[Any]) -> Self:
        return cls(
            id=strawberry.ID(str(row.id)),
            number=row.number,
            title=row.title,
            body=row.body,
            adopted_at=row.adopted_at,
            adopted_by=row.adopted_by,
        )

    @strawberry.field(description="The day it was adopted, Solar Hijri (Tehran time).")
    def adopted_on_solar_hijri(self) -> str:
        return solar_hijri(self.adopted_at) or ""

    @strawberry.field(description="The drafts it was adopted from.")
    async def draft_directives(self, info: Info) -> list[DraftDirective]:
        ids = await info.context.workflow.drafts_of_circular.load(int(self.id))
        rows = await info.context.loaders.draft_directive.load_many(ids)
        return [DraftDirective.from_row(row) for row in rows if row is not None]


@strawberry.type
class CircularsQuery:
    @strawberry.field(
        description="One national circular by id; a NOT_FOUND error when there is none."
    )
    async def national_circular(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The id to look up.")],
    ) -> NationalCircular | None:
        row = await info.context.workflow.circular.load(parse_id(id, kind="NationalCircular"))
        if row is None:
            raise NotFound(f"No national circular has id {id}.", argument="id")
        return NationalCircular.from_row(row)
