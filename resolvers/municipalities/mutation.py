"""The municipalities' writes: the life of a draft on the offices' and the committee's side, and
the committee's administration. One module per mutation (its input, payload and logic); this is
the domain's `Mutation` root."""

from __future__ import annotations

import strawberry

from resolvers.municipalities import (
    committee_member_replace,
    committee_summary_set,
    committee_vote_cast,
    draft_directive_create,
    draft_directive_edit,
    draft_directive_submit,
    draft_directive_withdraw,
    mayors_committee_appoint,
)


@strawberry.type
class MunicipalitiesMutation:
    draft_directive_create = draft_directive_create.MUTATION
    draft_directive_edit = draft_directive_edit.MUTATION
    draft_directive_submit = draft_directive_submit.MUTATION
    draft_directive_withdraw = draft_directive_withdraw.MUTATION
    committee_vote_cast = committee_vote_cast.MUTATION
    committee_summary_set = committee_summary_set.MUTATION
    mayors_committee_appoint = mayors_committee_appoint.MUTATION
    committee_member_replace = committee_member_replace.MUTATION
