"""Enums of the associations: the stored ones (db/tables) described for GraphQL, and the orders
their lists offer."""

from __future__ import annotations

from enum import Enum

import strawberry

from db.tables import (
    CommissionBodyKind,
    ElectionStatus,
    ResolutionState,
    TopicPriority,
    TopicStatus,
    UnionOffice,
)
from schema.enums import described

described(
    ElectionStatus,
    "Where an election of the union stands; it moves only forward, one step at a time.",
    CALLED="Called by the secretariat for named seats; candidacy not yet open.",
    CANDIDACY_OPEN="Members file their candidacy for a seat.",
    VOTING_OPEN="Each eligible member casts one ballot; the turnout is public, the count is not.",
    COUNTED="Voting closed and the ballots counted (in SQL); the result awaits certification.",
    CERTIFIED="The result certified and announced; the elected take office.",
)
described(
    UnionOffice,
    "An office of the union of municipalities an election fills.",
    PRESIDENT="رئیس: the president of the union.",
    VICE_PRESIDENT="نایب‌رئیس: the vice-president.",
    TREASURER="خزانه‌دار: the treasurer.",
    BOARD_MEMBER="عضو هیئت‌مدیره: a member of the board.",
    INSPECTOR="بازرس: the inspector.",
)
described(
    CommissionBodyKind,
    "Which structure of the commission a committee or working group belongs to.",
    ORIGINAL_COMMITTEE="One of the four committees the deputies met in until the 16th meeting.",
    TQM_WORKING_GROUP="A working group of the structure after Total Quality Management (TQM).",
)
described(
    TopicPriority,
    (
        "The priority classes of the 16th meeting. Seed 004 lists three: «امور اضطراری کوتاه "
        "مدت، میان مدت و بلند مدت» (urgent short-term, medium-term and long-term)."
    ),
    URGENT_SHORT_TERM="اضطراری کوتاه‌مدت: urgent, short-term.",
    MEDIUM_TERM="میان‌مدت: medium-term.",
    LONG_TERM="بلندمدت: long-term.",
)
described(
    TopicStatus,
    "Where a topic before the commission stands.",
    OPEN="Raised, not yet taken up.",
    IN_PROGRESS="Taken up by a working group.",
    RESOLVED="Settled.",
    DROPPED="Dropped without being settled.",
)
described(
    ResolutionState,
    "Where a resolution's follow-up stands, computed from its due and done days.",
    OPEN="Not done, and not past its due day (or it has none).",
    DONE="Reported done.",
    OVERDUE="Not done, and its due day has passed.",
)

__all__ = [
    "CommissionBodyKind",
    "CommissionResolutionOrderField",
    "CommissionTopicOrderField",
    "ElectionStatus",
    "ResolutionState",
    "TopicPriority",
    "TopicStatus",
    "UnionMemberOrderField",
    "UnionOffice",
]


@strawberry.enum(description="Orders of the union's member lists.")
class UnionMemberOrderField(Enum):
    JOINED_ON = strawberry.enum_value("JOINED_ON", description="By the day the member joined.")
    MUNICIPALITY_NAME_EN = strawberry.enum_value(
        "MUNICIPALITY_NAME_EN", description="By the English name of the member's city."
    )


@strawberry.enum(description="Orders of the commission's topic lists.")
class CommissionTopicOrderField(Enum):
    RAISED_ON = strawberry.enum_value("RAISED_ON", description="By the day it was raised.")
    PRIORITY = strawberry.enum_value(
        "PRIORITY", description="By priority class: urgent short-term first."
    )


@strawberry.enum(description="Orders of the commission's resolution lists.")
class CommissionResolutionOrderField(Enum):
    DUE_ON = strawberry.enum_value(
        "DUE_ON", description="By due day (resolutions without one last)."
    )
    MEETING = strawberry.enum_value("MEETING", description="By the meeting that adopted it.")
