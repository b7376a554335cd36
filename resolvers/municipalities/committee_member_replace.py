"""committeeMemberReplace: an administrator hands one seat of the sitting committee over to another
sitting mayor, from a given day; the seat keeps its role (replacing the chair makes a new chair).

The database does the hand-over in one statement (the seat ends, the successor is seated), so the
committee never has fewer than five. Fails with UNAUTHENTICATED, FORBIDDEN (not an administrator),
NOT_FOUND (no such seat or mayor), VALIDATION (the seat has ended or is not on the sitting
committee, the mayor already sits on it or is out of office, the day is before the seat began).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

import strawberry
from sqlalchemy import Row, select, update
from sqlalchemy.exc import IntegrityError

from core.auth import Role
from db.tables import committee, membership
from resolvers.municipalities.committee_admin import refused_by_database, sitting_mayor
from resolvers.mutations import (
    Changed,
    MutationContext,
    invalid,
    not_found,
    parse_key,
    require_role,
    respond,
)
from schema.context import Info
from schema.municipalities.types import CommitteeMembership
from schema.payloads import MutationError, errors_field


@dataclass(frozen=True)
class CommitteeMemberReplaceData:
    membership_id: int
    mayor_id: int
    on: date | None = None


async def committee_member_replace(
    ctx: MutationContext, data: CommitteeMemberReplaceData
) -> Row[Any]:
    """The successor's new seat."""
    require_role(ctx.viewer, Role.ADMINISTRATOR)
    on = data.on or ctx.clock().date()

    async with ctx.db.transaction() as conn:
        result = await conn.execute(
            select(membership, committee.c.term_end.label("committee_term_end"))
            .join(committee, committee.c.id == membership.c.committee_id)
            .where(membership.c.id == data.membership_id)
        )
        seat = result.first()
        if seat is None:
            raise not_found(
                f"No committee seat has id {data.membership_id}.",
                "عضویتی با این شناسه نیست.",
                field="membershipId",
            )
        if seat.ended_on is not None or seat.committee_term_end is not None:
            raise invalid(
                "Only a seat held now on the sitting committee is handed over.",
                "تنها عضویت کنونی در کمیته کنونی واگذار می‌شود.",
                field="membershipId",
            )
        await sitting_mayor(conn, data.mayor_id, field="mayorId")
        seated = await conn.scalar(
            select(membership.c.id).where(
                membership.c.committee_id == seat.committee_id,
                membership.c.mayor_id == data.mayor_id,
                membership.c.ended_on.is_(None),
            )
        )
        if seated is not None:
            raise invalid(
                f"Mayor {data.mayor_id} already sits on the committee.",
                "این شهردار هم‌اکنون عضو کمیته است.",
                field="mayorId",
            )
        if on < seat.started_on:
            raise invalid(
                "The hand-over cannot be before the seat began.",
                "واگذاری نمی‌تواند پیش از آغاز عضویت باشد.",
                field="on",
            )
        try:
            async with conn.begin_nested():
                await conn.execute(
                    update(membership)
                    .where(membership.c.id == seat.id, membership.c.ended_on.is_(None))
                    .values(ended_on=on, successor_mayor_id=data.mayor_id)
                )
        except IntegrityError as exc:
            raise refused_by_database(exc) from None
        result = await conn.execute(
            select(membership).where(
                membership.c.committee_id == seat.committee_id,
                membership.c.mayor_id == data.mayor_id,
                membership.c.ended_on.is_(None),
            )
        )
        return result.one()


# --- GraphQL ---------------------------------------------------------------------------------------


@strawberry.input(description="Hand one seat of the sitting committee over to another mayor.")
class CommitteeMemberReplaceInput:
    membership_id: strawberry.ID = strawberry.field(description="The seat held now.")
    mayor_id: strawberry.ID = strawberry.field(description="The sitting mayor who takes it over.")
    on: date | None = strawberry.field(
        default=None, description="The day of the hand-over (default today)."
    )


@strawberry.type(description="The result of committeeMemberReplace.")
class CommitteeMemberReplacePayload:
    membership: CommitteeMembership | None = strawberry.field(
        description="The successor's seat; null on errors."
    )
    errors: list[MutationError] = errors_field()


async def resolve(
    info: Info,
    input: Annotated[
        CommitteeMemberReplaceInput, strawberry.argument(description="The hand-over.")
    ],
) -> CommitteeMemberReplacePayload:
    async def run(ctx: MutationContext) -> Changed:
        row = await committee_member_replace(
            ctx,
            CommitteeMemberReplaceData(
                membership_id=parse_key(
                    input.membership_id, kind="CommitteeMembership", field="membershipId"
                ),
                mayor_id=parse_key(input.mayor_id, kind="Mayor", field="mayorId"),
                on=input.on,
            ),
        )
        return {"membership": (CommitteeMembership, row.id)}

    return await respond(info, CommitteeMemberReplacePayload, run)


MUTATION = strawberry.mutation(
    resolver=resolve,
    description="An administrator hands a seat of the sitting committee to another mayor.",
)
