"""Mutations of the municipalities domain: the life of a draft on the offices' and the committee's
side, and the committee's administration. Each returns a payload with the changed object and
`errors` (empty on success); nothing is written when `errors` is not empty."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry

from db.tables import CommitteeVoteChoice as StoredChoice
from db.tables import DraftKind as StoredKind
from resolvers.municipalities.committee_member_replace import (
    CommitteeMemberReplaceInput as ReplaceData,
)
from resolvers.municipalities.committee_member_replace import committee_member_replace
from resolvers.municipalities.committee_summary_set import CommitteeSummarySetInput as SummaryData
from resolvers.municipalities.committee_summary_set import committee_summary_set
from resolvers.municipalities.committee_vote_cast import CommitteeVoteCastInput as VoteData
from resolvers.municipalities.committee_vote_cast import committee_vote_cast
from resolvers.municipalities.draft_directive_create import DraftDirectiveCreateInput as CreateData
from resolvers.municipalities.draft_directive_create import draft_directive_create
from resolvers.municipalities.draft_directive_edit import DraftDirectiveEditInput as EditData
from resolvers.municipalities.draft_directive_edit import draft_directive_edit
from resolvers.municipalities.draft_directive_submit import DraftDirectiveSubmitInput as SubmitData
from resolvers.municipalities.draft_directive_submit import draft_directive_submit
from resolvers.municipalities.draft_directive_withdraw import (
    DraftDirectiveWithdrawInput as WithdrawData,
)
from resolvers.municipalities.draft_directive_withdraw import draft_directive_withdraw
from resolvers.municipalities.mayors_committee_appoint import (
    MayorsCommitteeAppointInput as AppointData,
)
from resolvers.municipalities.mayors_committee_appoint import mayors_committee_appoint
from resolvers.mutations import MutationContext, parse_key
from schema.context import Info
from schema.declare import load
from schema.municipalities.enums import DraftKind
from schema.municipalities.types import CommitteeMembership, DraftDirective, MayorsCommittee
from schema.municipalities.workflow import CommitteeSummary, CommitteeVote, CommitteeVoteChoice
from schema.payloads import MutationError, perform

IDEMPOTENCY_KEY = (
    "Any string unique to this request (e.g. a UUID). Sending the same key again returns the "
    "first result and changes nothing; reusing it for a different request is a VALIDATION error."
)


def _id(value: strawberry.ID, kind: str, field: str) -> int:
    return parse_key(value, kind=kind, field=field)


# --- inputs -------------------------------------------------------------------------------------


@strawberry.input(description="A new draft, written by a mayor's office for its municipality.")
class DraftDirectiveCreateInput:
    kind: DraftKind = strawberry.field(description="Directive or circular.")
    title: str = strawberry.field(
        description="Title, in Persian: required, at most 300 characters (letters and digits "
        "are normalised: Arabic ي/ك become Persian ی/ک, Persian digits Latin)."
    )
    body: str = strawberry.field(description="Full text: required, at most 20,000 characters.")
    municipality_id: strawberry.ID | None = strawberry.field(
        default=None, description="The office's own municipality (the default); no other."
    )
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY_KEY)


@strawberry.input(description="A change to a draft's text, based on the version the editor saw.")
class DraftDirectiveEditInput:
    id: strawberry.ID = strawberry.field(description="The draft.")
    expected_version: int = strawberry.field(
        description="The `version` the edit is based on; a stale one is a VERSION_CONFLICT."
    )
    title: str | None = strawberry.field(default=None, description="A new title, if it changes.")
    body: str | None = strawberry.field(default=None, description="A new text, if it changes.")
    kind: DraftKind | None = strawberry.field(
        default=None, description="A new kind, if it changes."
    )


@strawberry.input(description="Send a draft (new, or revised after a return) to the committee.")
class DraftDirectiveSubmitInput:
    id: strawberry.ID = strawberry.field(description="The draft.")
    expected_version: int | None = strawberry.field(
        default=None, description="If given, the `version` the office saw; a stale one conflicts."
    )
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY_KEY)


@strawberry.input(description="Take a draft back before the ministry decides on it.")
class DraftDirectiveWithdrawInput:
    id: strawberry.ID = strawberry.field(description="The draft.")
    reason: str = strawberry.field(description="Why: required, at most 2,000 characters.")
    expected_version: int | None = strawberry.field(
        default=None, description="If given, the `version` the office saw; a stale one conflicts."
    )


@strawberry.input(description="A committee member's vote on a submitted draft.")
class CommitteeVoteCastInput:
    draft_directive_id: strawberry.ID = strawberry.field(description="The draft.")
    choice: CommitteeVoteChoice = strawberry.field(description="For or against.")
    comment: str | None = strawberry.field(
        default=None, description="Why (at most 2,000 characters); becomes the return's reason."
    )


@strawberry.input(description="The chair's consolidated summary of a draft for the ministry.")
class CommitteeSummarySetInput:
    draft_directive_id: strawberry.ID = strawberry.field(description="The draft.")
    summary: str = strawberry.field(description="The text: required, at most 20,000 characters.")


@strawberry.input(description="The mayors' committee for a new term.")
class MayorsCommitteeAppointInput:
    chair_mayor_id: strawberry.ID = strawberry.field(description="The sitting mayor who chairs.")
    member_mayor_ids: list[strawberry.ID] = strawberry.field(
        description="The four other sitting mayors."
    )
    term_start: date | None = strawberry.field(
        default=None,
        description="First day of the term (default today); the old term ends the day before.",
    )


@strawberry.input(description="Hand one seat of the sitting committee over to another mayor.")
class CommitteeMemberReplaceInput:
    membership_id: strawberry.ID = strawberry.field(description="The seat held now.")
    mayor_id: strawberry.ID = strawberry.field(description="The sitting mayor who takes it over.")
    on: date | None = strawberry.field(
        default=None, description="The day of the hand-over (default today)."
    )


# --- payloads -----------------------------------------------------------------------------------


@strawberry.type(description="The result of draftDirectiveCreate.")
class DraftDirectiveCreatePayload:
    draft_directive: DraftDirective | None = strawberry.field(
        description="The new draft (or the first one, on a replay); null on errors."
    )
    errors: list[MutationError] = strawberry.field(description="Empty on success.")


@strawberry.type(description="The result of draftDirectiveEdit.")
class DraftDirectiveEditPayload:
    draft_directive: DraftDirective | None = strawberry.field(
        description="The draft as edited; null on errors."
    )
    errors: list[MutationError] = strawberry.field(description="Empty on success.")


@strawberry.type(description="The result of draftDirectiveSubmit.")
class DraftDirectiveSubmitPayload:
    draft_directive: DraftDirective | None = strawberry.field(
        description="The submitted draft; null on errors."
    )
    errors: list[MutationError] = strawberry.field(description="Empty on success.")


@strawberry.type(description="The result of draftDirectiveWithdraw.")
class DraftDirectiveWithdrawPayload:
    draft_directive: DraftDirective | None = strawberry.field(
        description="The withdrawn draft; null on errors."
    )
    errors: list[MutationError] = strawberry.field(description="Empty on success.")


@strawberry.type(description="The result of committeeVoteCast.")
class CommitteeVoteCastPayload:
    draft_directive: DraftDirective | None = strawberry.field(
        description="The draft after the vote (forwarded or returned if it was decisive)."
    )
    vote: CommitteeVote | None = strawberry.field(description="The vote; null on errors.")
    errors: list[MutationError] = strawberry.field(description="Empty on success.")


@strawberry.type(description="The result of committeeSummarySet.")
class CommitteeSummarySetPayload:
    draft_directive: DraftDirective | None = strawberry.field(
        description="The draft summarised; null on errors."
    )
    committee_summary: CommitteeSummary | None = strawberry.field(
        description="The summary as set; null on errors."
    )
    errors: list[MutationError] = strawberry.field(description="Empty on success.")


@strawberry.type(description="The result of mayorsCommitteeAppoint.")
class MayorsCommitteeAppointPayload:
    mayors_committee: MayorsCommittee | None = strawberry.field(
        description="The committee appointed; null on errors."
    )
    errors: list[MutationError] = strawberry.field(description="Empty on success.")


@strawberry.type(description="The result of committeeMemberReplace.")
class CommitteeMemberReplacePayload:
    membership: CommitteeMembership | None = strawberry.field(
        description="The successor's seat; null on errors."
    )
    errors: list[MutationError] = strawberry.field(description="Empty on success.")


# --- the root -----------------------------------------------------------------------------------


@strawberry.type
class MunicipalitiesMutation:
    @strawberry.mutation(description="A mayor's office writes a new draft (status DRAFT).")
    async def draft_directive_create(
        self,
        info: Info,
        input: Annotated[DraftDirectiveCreateInput, strawberry.argument(description="The draft.")],
    ) -> DraftDirectiveCreatePayload:
        async def run(ctx: MutationContext) -> DraftDirective:
            municipality = input.municipality_id
            row = await draft_directive_create(
                ctx,
                CreateData(
                    kind=StoredKind(input.kind.name),
                    title=input.title,
                    body=input.body,
                    municipality_id=_id(municipality, "Municipality", "municipalityId")
                    if municipality is not None
                    else None,
                    idempotency_key=input.idempotency_key,
                ),
            )
            return await load(info, DraftDirective, row.id)

        result = await perform(info, run)
        if isinstance(result, list):
            return DraftDirectiveCreatePayload(draft_directive=None, errors=result)
        return DraftDirectiveCreatePayload(draft_directive=result, errors=[])

    @strawberry.mutation(
        description="Its office edits a draft (DRAFT or RETURNED_FOR_REVISION), naming the version."
    )
    async def draft_directive_edit(
        self,
        info: Info,
        input: Annotated[DraftDirectiveEditInput, strawberry.argument(description="The change.")],
    ) -> DraftDirectiveEditPayload:
        async def run(ctx: MutationContext) -> DraftDirective:
            row = await draft_directive_edit(
                ctx,
                EditData(
                    id=_id(input.id, "DraftDirective", "id"),
                    expected_version=input.expected_version,
                    title=input.title,
                    body=input.body,
                    kind=StoredKind(input.kind.name) if input.kind is not None else None,
                ),
            )
            return await load(info, DraftDirective, row.id)

        result = await perform(info, run)
        if isinstance(result, list):
            return DraftDirectiveEditPayload(draft_directive=None, errors=result)
        return DraftDirectiveEditPayload(draft_directive=result, errors=[])

    @strawberry.mutation(
        description="Its office submits a draft (DRAFT or RETURNED_FOR_REVISION → SUBMITTED)."
    )
    async def draft_directive_submit(
        self,
        info: Info,
        input: Annotated[
            DraftDirectiveSubmitInput, strawberry.argument(description="What to submit.")
        ],
    ) -> DraftDirectiveSubmitPayload:
        async def run(ctx: MutationContext) -> DraftDirective:
            row = await draft_directive_submit(
                ctx,
                SubmitData(
                    id=_id(input.id, "DraftDirective", "id"),
                    expected_version=input.expected_version,
                    idempotency_key=input.idempotency_key,
                ),
            )
            return await load(info, DraftDirective, row.id)

        result = await perform(info, run)
        if isinstance(result, list):
            return DraftDirectiveSubmitPayload(draft_directive=None, errors=result)
        return DraftDirectiveSubmitPayload(draft_directive=result, errors=[])

    @strawberry.mutation(
        description="Its office withdraws a draft, with a reason, before the ministry decides."
    )
    async def draft_directive_withdraw(
        self,
        info: Info,
        input: Annotated[
            DraftDirectiveWithdrawInput, strawberry.argument(description="What and why.")
        ],
    ) -> DraftDirectiveWithdrawPayload:
        async def run(ctx: MutationContext) -> DraftDirective:
            row = await draft_directive_withdraw(
                ctx,
                WithdrawData(
                    id=_id(input.id, "DraftDirective", "id"),
                    reason=input.reason,
                    expected_version=input.expected_version,
                ),
            )
            return await load(info, DraftDirective, row.id)

        result = await perform(info, run)
        if isinstance(result, list):
            return DraftDirectiveWithdrawPayload(draft_directive=None, errors=result)
        return DraftDirectiveWithdrawPayload(draft_directive=result, errors=[])

    @strawberry.mutation(
        description=(
            "A sitting committee member votes on a submitted draft, once per submission. The "
            "first vote takes it into review; three for forward it, three against return it."
        )
    )
    async def committee_vote_cast(
        self,
        info: Info,
        input: Annotated[CommitteeVoteCastInput, strawberry.argument(description="The vote.")],
    ) -> CommitteeVoteCastPayload:
        async def run(ctx: MutationContext) -> tuple[DraftDirective, CommitteeVote]:
            row, cast = await committee_vote_cast(
                ctx,
                VoteData(
                    draft_directive_id=_id(
                        input.draft_directive_id, "DraftDirective", "draftDirectiveId"
                    ),
                    choice=StoredChoice(input.choice.name),
                    comment=input.comment,
                ),
            )
            return await load(info, DraftDirective, row.id), await load(
                info, CommitteeVote, cast.id
            )

        result = await perform(info, run)
        if isinstance(result, list):
            return CommitteeVoteCastPayload(draft_directive=None, vote=None, errors=result)
        return CommitteeVoteCastPayload(draft_directive=result[0], vote=result[1], errors=[])

    @strawberry.mutation(
        description="The committee's chair sets its consolidated summary of a draft under review."
    )
    async def committee_summary_set(
        self,
        info: Info,
        input: Annotated[CommitteeSummarySetInput, strawberry.argument(description="The summary.")],
    ) -> CommitteeSummarySetPayload:
        async def run(ctx: MutationContext) -> tuple[DraftDirective, CommitteeSummary]:
            row, summary = await committee_summary_set(
                ctx,
                SummaryData(
                    draft_directive_id=_id(
                        input.draft_directive_id, "DraftDirective", "draftDirectiveId"
                    ),
                    summary=input.summary,
                ),
            )
            return await load(info, DraftDirective, row.id), await load(
                info, CommitteeSummary, summary.id
            )

        result = await perform(info, run)
        if isinstance(result, list):
            return CommitteeSummarySetPayload(
                draft_directive=None, committee_summary=None, errors=result
            )
        return CommitteeSummarySetPayload(
            draft_directive=result[0], committee_summary=result[1], errors=[]
        )

    @strawberry.mutation(
        description="An administrator appoints the five-member committee for a new term."
    )
    async def mayors_committee_appoint(
        self,
        info: Info,
        input: Annotated[
            MayorsCommitteeAppointInput, strawberry.argument(description="The new committee.")
        ],
    ) -> MayorsCommitteeAppointPayload:
        async def run(ctx: MutationContext) -> MayorsCommittee:
            row = await mayors_committee_appoint(
                ctx,
                AppointData(
                    chair_mayor_id=_id(input.chair_mayor_id, "Mayor", "chairMayorId"),
                    member_mayor_ids=tuple(
                        _id(m, "Mayor", "memberMayorIds") for m in input.member_mayor_ids
                    ),
                    term_start=input.term_start,
                ),
            )
            return await load(info, MayorsCommittee, row.id)

        result = await perform(info, run)
        if isinstance(result, list):
            return MayorsCommitteeAppointPayload(mayors_committee=None, errors=result)
        return MayorsCommitteeAppointPayload(mayors_committee=result, errors=[])

    @strawberry.mutation(
        description="An administrator hands a seat of the sitting committee to another mayor."
    )
    async def committee_member_replace(
        self,
        info: Info,
        input: Annotated[
            CommitteeMemberReplaceInput, strawberry.argument(description="The hand-over.")
        ],
    ) -> CommitteeMemberReplacePayload:
        async def run(ctx: MutationContext) -> CommitteeMembership:
            row = await committee_member_replace(
                ctx,
                ReplaceData(
                    membership_id=_id(input.membership_id, "CommitteeMembership", "membershipId"),
                    mayor_id=_id(input.mayor_id, "Mayor", "mayorId"),
                    on=input.on,
                ),
            )
            return await load(info, CommitteeMembership, row.id)

        result = await perform(info, run)
        if isinstance(result, list):
            return CommitteeMemberReplacePayload(membership=None, errors=result)
        return CommitteeMemberReplacePayload(membership=result, errors=[])
