"""The associations' writes: the union's elections (call, candidacy, ballot, each step to the
certified result) and the commission's topics, follow-up and minutes. One module per mutation; this is
the domain's `Mutation` root."""

from __future__ import annotations

import strawberry

from resolvers.associations import (
    commission_meeting_minutes_record,
    commission_resolution_follow_up,
    commission_topic_status_set,
    union_ballot_cast,
    union_candidacy_file,
    union_election_advance,
    union_election_call,
)


@strawberry.type
class AssociationsMutation:
    union_election_call = union_election_call.MUTATION
    union_election_advance = union_election_advance.MUTATION
    union_candidacy_file = union_candidacy_file.MUTATION
    union_ballot_cast = union_ballot_cast.MUTATION
    commission_topic_status_set = commission_topic_status_set.MUTATION
    commission_resolution_follow_up = commission_resolution_follow_up.MUTATION
    commission_meeting_minutes_record = commission_meeting_minutes_record.MUTATION
