"""Root fields of the councils domain."""

from __future__ import annotations

from typing import Annotated

import strawberry

from core.errors import NotFound
from core.ids import parse_id
from resolvers.councils import queries
from resolvers.councils.lists import (
    COUNCIL_RESOLUTIONS,
    COUNCILS,
    council_args,
    council_resolution_args,
)
from resolvers.listing import fetch_page
from schema.context import Info
from schema.councils.inputs import (
    CouncilFilter,
    CouncilOrder,
    CouncilResolutionFilter,
    CouncilResolutionOrder,
)
from schema.councils.types import (
    CityCouncil,
    CityCouncilConnection,
    CouncilResolution,
    CouncilResolutionConnection,
    CouncilsAssembly,
    CouncilTerm,
    GovernmentBill,
)
from schema.pagination import After, First

IdArgument = Annotated[strawberry.ID, strawberry.argument(description="The id to look up.")]


@strawberry.type
class CouncilsQuery:
    @strawberry.field(description="The terms of the Islamic city councils, earliest first.")
    async def council_terms(self, info: Info) -> list[CouncilTerm]:
        return [CouncilTerm.from_row(row) for row in await queries.council_terms(info.context.db)]

    @strawberry.field(
        description=(
            "City councils across the country; by their city's English name unless `orderBy` says."
        )
    )
    async def councils(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        filter: Annotated[
            CouncilFilter | None, strawberry.argument(description="Narrow the list.")
        ] = None,
        order_by: Annotated[
            CouncilOrder | None, strawberry.argument(description="Order of the list.")
        ] = None,
    ) -> CityCouncilConnection:
        args = council_args(info.context.page_size(first), after, filter, order_by)
        page = await fetch_page(info.context.db, COUNCILS, args)
        return CityCouncilConnection.from_page(page, CityCouncil.from_row)

    @strawberry.field(description="One city council by id; a NOT_FOUND error when there is none.")
    async def council(self, info: Info, id: IdArgument) -> CityCouncil | None:
        row = await info.context.loaders.council.load(parse_id(id, kind="CityCouncil"))
        if row is None:
            raise NotFound(f"No city council has id {id}.", argument="id")
        return CityCouncil.from_row(row)

    @strawberry.field(
        description=(
            "The assembly of heads of councils of metropolises and provincial centres in the "
            "newest term; null if none is recorded."
        )
    )
    async def councils_assembly(self, info: Info) -> CouncilsAssembly | None:
        row = await queries.current_assembly(info.context.db)
        return CouncilsAssembly.from_row(row) if row is not None else None

    @strawberry.field(
        description="Resolutions of every council; latest adopted first unless `orderBy` says."
    )
    async def council_resolutions(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        filter: Annotated[
            CouncilResolutionFilter | None, strawberry.argument(description="Narrow the list.")
        ] = None,
        order_by: Annotated[
            CouncilResolutionOrder | None, strawberry.argument(description="Order of the list.")
        ] = None,
    ) -> CouncilResolutionConnection:
        args = council_resolution_args(info.context.page_size(first), after, filter, order_by)
        page = await fetch_page(info.context.db, COUNCIL_RESOLUTIONS, args)
        return CouncilResolutionConnection.from_page(page, CouncilResolution.from_row)

    @strawberry.field(
        description="One council resolution by id; a NOT_FOUND error when there is none."
    )
    async def council_resolution(self, info: Info, id: IdArgument) -> CouncilResolution | None:
        row = await info.context.loaders.council_resolution.load(
            parse_id(id, kind="CouncilResolution")
        )
        if row is None:
            raise NotFound(f"No council resolution has id {id}.", argument="id")
        return CouncilResolution.from_row(row)

    @strawberry.field(description="The government bills the councils' assembly follows.")
    async def government_bills(self, info: Info) -> list[GovernmentBill]:
        rows = await queries.government_bills(info.context.db)
        return [GovernmentBill.from_row(row) for row in rows]
