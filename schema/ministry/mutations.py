"""Mutations of the ministry domain: deciding on the drafts the committee forwarded."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import strawberry

from resolvers.ministry.draft_directive_decide import Decision as StoredDecision
from resolvers.ministry.draft_directive_decide import DraftDirectiveDecideInput as DecideData
from resolvers.ministry.draft_directive_decide import draft_directive_decide
from resolvers.mutations import MutationContext, parse_key
from schema.context import Info
from schema.declare import load
from schema.ministry.circulars import NationalCircular
from schema.municipalities.types import DraftDirective
from schema.payloads import MutationError, perform


@strawberry.enum(description="What the ministry decides on a forwarded draft.")
class MinistryDecision(Enum):
    ADOPT = strawberry.enum_value(
        "ADOPT", description="Adopt it: it becomes a national circular with its own number."
    )
    RETURN = strawberry.enum_value(
        "RETURN", description="Return it to its office for revision, with reasons."
    )
    REJECT = strawberry.enum_value("REJECT", description="Reject it, with reasons.")


@strawberry.input(description="The ministry's decision on a draft forwarded by the committee.")
class DraftDirectiveDecideInput:
    id: strawberry.ID = strawberry.field(description="The draft.")
    decision: MinistryDecision = strawberry.field(description="Adopt, return or reject.")
    reason: str | None = strawberry.field(
        default=None, description="Why: required to return or reject (at most 2,000 characters)."
    )
    circular_title: str | None = strawberry.field(
        default=None, description="ADOPT: the circular's title, if not the draft's."
    )
    expected_version: int | None = strawberry.field(
        default=None, description="If given, the `version` the reviewer saw; a stale one conflicts."
    )


@strawberry.type(description="The result of draftDirectiveDecide.")
class DraftDirectiveDecidePayload:
    draft_directive: DraftDirective | None = strawberry.field(
        description="The draft after the decision; null on errors."
    )
    national_circular: NationalCircular | None = strawberry.field(
        description="ADOPT: the national circular it became; otherwise null."
    )
    errors: list[MutationError] = strawberry.field(description="Empty on success.")


@strawberry.type
class MinistryMutation:
    @strawberry.mutation(
        description="A ministry reviewer adopts, returns or rejects a draft forwarded to the ministry."
    )
    async def draft_directive_decide(
        self,
        info: Info,
        input: Annotated[
            DraftDirectiveDecideInput, strawberry.argument(description="The decision.")
        ],
    ) -> DraftDirectiveDecidePayload:
        async def run(ctx: MutationContext) -> tuple[DraftDirective, NationalCircular | None]:
            row, adopted = await draft_directive_decide(
                ctx,
                DecideData(
                    id=parse_key(input.id, kind="DraftDirective", field="id"),
                    decision=StoredDecision(input.decision.name),
                    reason=input.reason,
                    circular_title=input.circular_title,
                    expected_version=input.expected_version,
                ),
            )
            circular = (
                await load(info, NationalCircular, adopted.id) if adopted is not None else None
            )
            return await load(info, DraftDirective, row.id), circular

        result = await perform(info, run)
        if isinstance(result, list):
            return DraftDirectiveDecidePayload(
                draft_directive=None, national_circular=None, errors=result
            )
        return DraftDirectiveDecidePayload(
            draft_directive=result[0], national_circular=result[1], errors=[]
        )
