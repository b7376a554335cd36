"""Types of the committee's review of a draft: votes and the chair's consolidated summary."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Any, Self

import strawberry
from sqlalchemy import Row

from schema.context import Info
from schema.municipalities.types import Mayor


@strawberry.enum(description="A committee member's vote on a draft.")
class CommitteeVoteChoice(Enum):
    FOR = strawberry.enum_value(
        "FOR", description="Forward it to the ministry (three of five forward it)."
    )
    AGAINST = strawberry.enum_value(
        "AGAINST", description="Return it to its office (three of five return it)."
    )


@strawberry.type(description="One committee member's vote on one submission of a draft.")
class CommitteeVote:
    id: strawberry.ID = strawberry.field(description="The vote's id.")
    choice: CommitteeVoteChoice = strawberry.field(description="For or against.")
    comment: str | None = strawberry.field(description="What the member said with the vote.")
    cast_at: datetime = strawberry.field(description="When it was cast (UTC).")
    mayor_id: strawberry.Private[int]

    @classmethod
    def from_row(cls, row: Row[Any]) -> Self:
        return cls(
            id=strawberry.ID(str(row.id)),
            choice=CommitteeVoteChoice(row.choice),
            comment=row.comment,
            cast_at=row.cast_at,
            mayor_id=row.mayor_id,
        )

    @strawberry.field(description="The member who voted.")
    async def mayor(self, info: Info) -> Mayor:
        row = await info.context.loaders.mayor.load(self.mayor_id)
        assert row is not None
        return Mayor.from_row(row)


@strawberry.type(
    description="The committee's consolidated presentation of a draft to the ministry, by its chair."
)
class CommitteeSummary:
    summary: str = strawberry.field(description="The text, in Persian.")
    set_at: datetime = strawberry.field(description="When the chair last set it (UTC).")
    chair_mayor_id: strawberry.Private[int]

    @classmethod
    def from_row(cls, row: Row[Any]) -> Self:
        return cls(summary=row.summary, set_at=row.set_at, chair_mayor_id=row.chair_mayor_id)

    @strawberry.field(description="The chair who wrote it.")
    async def chair(self, info: Info) -> Mayor:
        row = await info.context.loaders.mayor.load(self.chair_mayor_id)
        assert row is not None
        return Mayor.from_row(row)
