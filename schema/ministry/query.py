"""Root fields of the ministry domain."""

from __future__ import annotations

from typing import Annotated

import strawberry

from resolvers.listing import fetch_page
from resolvers.ministry import queries
from resolvers.ministry.lists import SOCIAL_SECURITY_OBLIGATIONS, obligation_args
from schema.context import Info
from schema.ministry.inputs import SocialSecurityObligationFilter, SocialSecurityObligationOrder
from schema.ministry.types import (
    ObligationCategory,
    SocialSecurityObligation,
    SocialSecurityObligationConnection,
)
from schema.pagination import After, First


@strawberry.type
class MinistryQuery:
    @strawberry.field(description="The categories of social-security obligation, by code.")
    async def obligation_categories(self, info: Info) -> list[ObligationCategory]:
        rows = await queries.obligation_categories(info.context.db)
        return [ObligationCategory.from_row(row) for row in rows]

    @strawberry.field(
        description=(
            "Social-security obligations across the country; latest year first unless "
            "`orderBy` says."
        )
    )
    async def social_security_obligations(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        filter: Annotated[
            SocialSecurityObligationFilter | None,
            strawberry.argument(description="Narrow the list."),
        ] = None,
        order_by: Annotated[
            SocialSecurityObligationOrder | None,
            strawberry.argument(description="Order of the list."),
        ] = None,
    ) -> SocialSecurityObligationConnection:
        args = obligation_args(info.context.page_size(first), after, filter, order_by)
        page = await fetch_page(info.context.db, SOCIAL_SECURITY_OBLIGATIONS, args)
        return SocialSecurityObligationConnection.from_page(page, SocialSecurityObligation.from_row)
