"""GraphQL types of the ministry domain, declared field by field (schema/declare.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

import strawberry
from sqlalchemy import BigInteger, ColumnElement, cast, func, select

from db.tables import category, obligation, transfer
from db.tables.calendar import solar_hijri_of_day
from schema import rules
from schema.declare import Alias, Node, column, connection, expression, many, one, table_type
from schema.municipalities.types import Municipality
from schema.pagination import Connection
from schema.scalars import Money


@table_type(
    category,
    description=(
        "One of the four categories of cost the Social Security Organization must pay by law. "
        "The seeds do not name them, so categories are data (see `isSample`)."
    ),
)
class ObligationCategory(Node):
    id: strawberry.ID = column("The category's id.")
    code: str = column("A stable code, e.g. CAT_1.")
    name_fa: str = column("Persian name.")
    name_en: str = column("English name.")
    description: str = column("What the category covers.")
    is_sample: bool = column("True for invented placeholder categories.")


def collected(row: Alias) -> ColumnElement[Any]:
    """What has been transferred against an obligation: the sum of its transfers (0 for none)."""
    paid = transfer.alias()
    total = select(func.sum(paid.c.amount)).where(paid.c.obligation_id == row.c.id)
    return cast(func.coalesce(total.scalar_subquery(), 0), BigInteger)  # PostgreSQL sums numeric


@table_type(
    obligation,
    rule=rules.social_security_obligation,
    description=(
        "تعهدات سازمان تأمین اجتماعی: what one municipality owes in one category for one Solar "
        "Hijri year, and what it has collected and passed on against it. Seed 002 says the "
        "Social Security Organization bears about 1,500 billion tomans a year in four "
        "categories and that a significant part of the resources for them depends on "
        "municipalities' performance; it gives no municipality's dues. Every obligation shipped "
        "is sample data, and that one year's dues add up to about that sum is the sample's "
        "assumption, not the seed's."
    ),
)
class SocialSecurityObligation(Node):
    id: strawberry.ID = column("The obligation's id.")
    year: int = column("Solar Hijri year, e.g. 1404.")
    amount_due: Money = column("Amount due, in rials.")
    is_sample: bool = column("True for invented sample data.")
    amount_collected: Money = expression(
        collected, description="Collected and transferred so far: the sum of `transfers`."
    )
    amount_outstanding: Money = expression(
        lambda o: o.c.amount_due - collected(o),
        description="Due less collected, in rials; negative when more was transferred than due.",
    )
    municipality: Municipality = one(
        via=("municipality_id", "id"), description="The municipality that owes it."
    )
    category: ObligationCategory = one(
        via=("category_id", "id"), description="The category of cost."
    )
    transfers: list[ObligationTransfer] = many(
        via=("id", "obligation_id"),
        order=lambda t: [t.c.transferred_on],
        description="The transfers made against it, earliest first.",
    )


@connection("A page of social-security obligations.")
class SocialSecurityObligationConnection(Connection[SocialSecurityObligation]):
    pass


@table_type(
    transfer,
    rule=rules.obligation_transfer,
    description="Money a municipality collected and passed on against an obligation.",
)
class ObligationTransfer(Node):
    id: strawberry.ID = column("The transfer's id.")
    transferred_on: date = column("The day of the transfer (ISO date).")
    amount: Money = column("Amount transferred, in rials.")
    reference: str = column("The payment's reference, as recorded.")
    is_sample: bool = column("True for invented sample data.")
    transferred_on_solar_hijri: str = expression(
        lambda t: solar_hijri_of_day(t.c.transferred_on),
        description="The day of the transfer, Solar Hijri.",
    )
