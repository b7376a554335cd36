"""Root fields of the municipalities domain."""

from __future__ import annotations

from typing import Annotated

import strawberry

from core.errors import NotFound
from core.ids import parse_id
from resolvers.listing import fetch_page
from resolvers.municipalities import queries
from resolvers.municipalities.lists import (
    DRAFT_DIRECTIVES,
    MAYORS_COMMITTEES,
    MUNICIPALITIES,
    draft_directive_args,
    mayors_committee_args,
    municipality_args,
)
from schema.context import Info
from schema.municipalities.inputs import (
    DraftDirectiveFilter,
    DraftDirectiveOrder,
    MayorsCommitteeOrder,
    MunicipalityFilter,
    MunicipalityOrder,
)
from schema.municipalities.types import (
    DraftDirective,
    DraftDirectiveConnection,
    JointSession,
    MayorsCommittee,
    MayorsCommitteeConnection,
    Municipality,
    MunicipalityConnection,
    Province,
)
from schema.pagination import After, First

IdArgument = Annotated[strawberry.ID, strawberry.argument(description="The id to look up.")]


@strawberry.type
class MunicipalitiesQuery:
    @strawberry.field(description="Iran's 31 provinces, by English name.")
    async def provinces(self, info: Info) -> list[Province]:
        return [Province.from_row(row) for row in await queries.provinces(info.context.db)]

    @strawberry.field(description="One province by id; a NOT_FOUND error when there is none.")
    async def province(self, info: Info, id: IdArgument) -> Province | None:
        row = await info.context.loaders.province.load(parse_id(id, kind="Province"))
        if row is None:
            raise NotFound(f"No province has id {id}.", argument="id")
        return Province.from_row(row)

    @strawberry.field(
        description="Municipalities across the country; by English name unless `orderBy` says."
    )
    async def municipalities(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        filter: Annotated[
            MunicipalityFilter | None, strawberry.argument(description="Narrow the list.")
        ] = None,
        order_by: Annotated[
            MunicipalityOrder | None, strawberry.argument(description="Order of the list.")
        ] = None,
    ) -> MunicipalityConnection:
        args = municipality_args(info.context.page_size(first), after, filter, order_by)
        page = await fetch_page(info.context.db, MUNICIPALITIES, args)
        return MunicipalityConnection.from_page(page, Municipality.from_row)

    @strawberry.field(description="One municipality by id; a NOT_FOUND error when there is none.")
    async def municipality(self, info: Info, id: IdArgument) -> Municipality | None:
        row = await info.context.loaders.municipality.load(parse_id(id, kind="Municipality"))
        if row is None:
            raise NotFound(f"No municipality has id {id}.", argument="id")
        return Municipality.from_row(row)

    @strawberry.field(
        description="The mayors' committee sitting now (five members, one chair); null if none."
    )
    async def mayors_committee(self, info: Info) -> MayorsCommittee | None:
        row = await queries.current_committee(info.context.db)
        return MayorsCommittee.from_row(row) if row is not None else None

    @strawberry.field(description="Every mayors' committee, the current one and its predecessors.")
    async def mayors_committees(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        order_by: Annotated[
            MayorsCommitteeOrder | None,
            strawberry.argument(description="Order of the list (latest term first by default)."),
        ] = None,
    ) -> MayorsCommitteeConnection:
        args = mayors_committee_args(info.context.page_size(first), after, order_by)
        page = await fetch_page(info.context.db, MAYORS_COMMITTEES, args)
        return MayorsCommitteeConnection.from_page(page, MayorsCommittee.from_row)

    @strawberry.field(
        description="Draft directives of every municipality; latest first unless `orderBy` says."
    )
    async def draft_directives(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        filter: Annotated[
            DraftDirectiveFilter | None, strawberry.argument(description="Narrow the list.")
        ] = None,
        order_by: Annotated[
            DraftDirectiveOrder | None, strawberry.argument(description="Order of the list.")
        ] = None,
    ) -> DraftDirectiveConnection:
        args = draft_directive_args(info.context.page_size(first), after, filter, order_by)
        page = await fetch_page(info.context.db, DRAFT_DIRECTIVES, args)
        return DraftDirectiveConnection.from_page(page, DraftDirective.from_row)

    @strawberry.field(
        description="One draft directive by id; a NOT_FOUND error when there is none."
    )
    async def draft_directive(self, info: Info, id: IdArgument) -> DraftDirective | None:
        row = await info.context.loaders.draft_directive.load(parse_id(id, kind="DraftDirective"))
        if row is None:
            raise NotFound(f"No draft directive has id {id}.", argument="id")
        return DraftDirective.from_row(row)

    @strawberry.field(
        description="The round of joint sessions of mayors, in order (seed 002: Qom hosted the first)."
    )
    async def joint_sessions(self, info: Info) -> list[JointSession]:
        return [JointSession.from_row(row) for row in await queries.joint_sessions(info.context.db)]
