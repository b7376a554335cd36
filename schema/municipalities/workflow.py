"""Types of the committee's review of a draft: votes and the chair's consolidated summary."""

from __future__ import annotations

from datetime import datetime

import strawberry

from db.tables import CommitteeVoteChoice, summary, vote
from schema import rules
from schema.declare import Node, column, one, table_type
from schema.municipalities.types import Mayor

__all__ = ["CommitteeSummary", "CommitteeVote", "CommitteeVoteChoice"]


@table_type(
    vote,
    rule=rules.committee_review,
    description="One committee member's vote on one submission of a draft.",
)
class CommitteeVote(Node):
    id: strawberry.ID = column("The vote's id.")
    choice: CommitteeVoteChoice = column("For or against.")
    comment: str | None = column("What the member said with the vote.")
    cast_at: datetime = column("When it was cast (UTC).")
    mayor: Mayor = one(via=("mayor_id", "id"), description="The member who voted.")


@table_type(
    summary,
    rule=rules.committee_review,
    description="The committee's consolidated presentation of a draft to the ministry, by its chair.",
)
class CommitteeSummary(Node):
    id: strawberry.ID = column("The summary's id.")
    summary: str = column("The text, in Persian.")
    set_at: datetime = column("When the chair last set it (UTC).")
    chair: Mayor = one(via=("chair_mayor_id", "id"), description="The chair who wrote it.")
