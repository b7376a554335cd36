"""GraphQL types of the ministry domain."""

from __future__ import annotations

from datetime import date
from typing import Any, Self

import strawberry
from sqlalchemy import Row

from core.calendar import solar_hijri
from resolvers.loaders import obligation as obligation_table
from resolvers.ministry.lists import SOCIAL_SECURITY_OBLIGATIONS, obligation_args
from schema.context import Info
from schema.ministry.inputs import SocialSecurityObligationFilter, SocialSecurityObligationOrder
from schema.municipalities.types import Municipality
from schema.pagination import Connection
from schema.scalars import Money


@strawberry.type(
    description=(
        "One of the four categories of cost the Social Security Organization must pay by law. "
        "The seeds do not name them, so categories are data (see `isSample`)."
    )
)
class ObligationCategory:
    id: strawberry.ID = strawberry.field(description="The category's id.")
    code: str = strawberry.field(description="A stable code, e.g. CAT_1.")
    name_fa: str = strawberry.field(description="Persian name.")
    name_en: str = strawberry.field(description="English name.")
    description: str = strawberry.field(description="What the category covers.")
    is_sample: bool = strawberry.field(description="True for invented placeholder categories.")

    @classmethod
    def from_row(cls, row: Row[Any]) -> Self:
        return cls(
            id=strawberry.ID(str(row.id)),
            code=row.code,
            name_fa=row.name_fa,
            name_en=row.name_en,
            description=row.description,
            is_sample=row.is_sample,
        )


@strawberry.type(
    description=(
        "تعهدات سازمان تأمین اجتماعی: what one municipality owes in one category for one Solar "
        "Hijri year, and what it has collected and passed on against it."
    )
)
class SocialSecurityObligation:
    id: strawberry.ID = strawberry.field(description="The obligation's id.")
    year: int = strawberry.field(description="Solar Hijri year, e.g. 1404.")
    amount_due: Money = strawberry.field(description="Amount due, in rials.")
    is_sample: bool = strawberry.field(description="True for invented sample data.")
    municipality_id: strawberry.Private[int]
    category_id: strawberry.Private[int]

    @classmethod
    def from_row(cls, row: Row[Any]) -> Self:
        return cls(
            id=strawberry.ID(str(row.id)),
            year=row.year,
            amount_due=Money(row.amount_due),
            is_sample=row.is_sample,
            municipality_id=row.municipality_id,
            category_id=row.category_id,
        )

    @strawberry.field(description="Collected and transferred so far: the sum of `transfers`.")
    async def amount_collected(self, info: Info) -> Money:
        return Money(await info.context.loaders.collected_of_obligation.load(int(self.id)))

    @strawberry.field(
        description="Due less collected, in rials; negative when more was transferred than due."
    )
    async def amount_outstanding(self, info: Info) -> Money:
        collected = await info.context.loaders.collected_of_obligation.load(int(self.id))
        return Money(self.amount_due - collected)

    @strawberry.field(description="The municipality that owes it.")
    async def municipality(self, info: Info) -> Municipality:
        row = await info.context.loaders.municipality.load(self.municipality_id)
        assert row is not None
        return Municipality.from_row(row)

    @strawberry.field(description="The category of cost.")
    async def category(self, info: Info) -> ObligationCategory:
        row = await info.context.loaders.obligation_category.load(self.category_id)
        assert row is not None
        return ObligationCategory.from_row(row)

    @strawberry.field(description="The transfers made against it, earliest first.")
    async def transfers(self, info: Info) -> list[ObligationTransfer]:
        rows = await info.context.loaders.transfers_of_obligation.load(int(self.id))
        return [ObligationTransfer.from_row(row) for row in rows]


@strawberry.type(description="A page of social-security obligations.")
class SocialSecurityObligationConnection(Connection[SocialSecurityObligation]):
    pass


@strawberry.type(description="Money a municipality collected and passed on against an obligation.")
class ObligationTransfer:
    id: strawberry.ID = strawberry.field(description="The transfer's id.")
    transferred_on: date = strawberry.field(description="The day of the transfer (ISO date).")
    amount: Money = strawberry.field(description="Amount transferred, in rials.")
    reference: str = strawberry.field(description="The payment's reference, as recorded.")
    is_sample: bool = strawberry.field(description="True for invented sample data.")

    @classmethod
    def from_row(cls, row: Row[Any]) -> Self:
        return cls(
            id=strawberry.ID(str(row.id)),
            transferred_on=row.transferred_on,
            amount=Money(row.amount),
            reference=row.reference,
            is_sample=row.is_sample,
        )

    @strawberry.field(description="The day of the transfer, Solar Hijri.")
    def transferred_on_solar_hijri(self) -> str:
        return solar_hijri(self.transferred_on) or ""


async def obligations_of_municipality(
    info: Info,
    municipality_id: int,
    first: int | None,
    after: str | None,
    where: SocialSecurityObligationFilter | None,
    order: SocialSecurityObligationOrder | None,
) -> SocialSecurityObligationConnection:
    """`Municipality.socialSecurityObligations`, batched over every municipality of the request."""
    args = obligation_args(info.context.page_size(first), after, where, order)
    key = ("municipality.socialSecurityObligations", args.first, after, repr(where), repr(order))
    loader = info.context.loaders.pages(
        SOCIAL_SECURITY_OBLIGATIONS, obligation_table.c.municipality_id, args, key
    )
    page = await loader.load(municipality_id)
    return SocialSecurityObligationConnection.from_page(page, SocialSecurityObligation.from_row)
