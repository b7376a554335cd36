"""The ministry's writes: deciding on the drafts the committee forwarded. This is the domain's
`Mutation` root."""

from __future__ import annotations

import strawberry

from resolvers.ministry import draft_directive_decide


@strawberry.type
class MinistryMutation:
    draft_directive_decide = draft_directive_decide.MUTATION
