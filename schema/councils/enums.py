"""Enums of the councils domain: the stored ones (db/tables) described for GraphQL, and the orders
its lists offer."""

from __future__ import annotations

from enum import Enum

import strawberry

from db.tables import AssemblyMeetingKind, BillStatus, CouncilMemberRole
from schema.enums import described

described(
    CouncilMemberRole,
    "A seat on a city council and its place on the presiding board.",
    HEAD="رئیس شورا: heads the council.",
    DEPUTY_HEAD="نایب‌رئیس: the deputy head.",
    SECRETARY="منشی: the council's secretary.",
    MEMBER="A member with no board role.",
)
described(
    AssemblyMeetingKind,
    "What kind of meeting of the councils' assembly.",
    BOARD_MEETING="اجلاس هیئت رئیسه: a board meeting of the councils of metropolises.",
    ASSEMBLY_SESSION="اجلاس مجمع: a session of the whole assembly of heads of councils.",
)
described(
    BillStatus,
    "Where a government bill stands.",
    DRAFTED="Written by the government, not sent.",
    PENDING=(
        "Not yet passed, and not known to be withdrawn; no source says whether the government "
        "or parliament has it (seed 000 asks both to amend and pass the two bills it names)."
    ),
    IN_PARLIAMENT="Sent by the government to parliament, not yet passed.",
    PASSED="Passed by parliament.",
    WITHDRAWN="Withdrawn by the government.",
)

__all__ = [
    "AssemblyMeetingKind",
    "BillStatus",
    "CouncilMemberRole",
    "CouncilOrderField",
    "CouncilResolutionOrderField",
]


@strawberry.enum(description="Orders of city council lists.")
class CouncilOrderField(Enum):
    MUNICIPALITY_NAME_EN = strawberry.enum_value(
        "MUNICIPALITY_NAME_EN", description="By the English name of the council's city."
    )
    TERM = strawberry.enum_value("TERM", description="By the council's term.")


@strawberry.enum(description="Orders of council resolution lists.")
class CouncilResolutionOrderField(Enum):
    ADOPTED_ON = strawberry.enum_value("ADOPTED_ON", description="By the day it was adopted.")
    NUMBER = strawberry.enum_value("NUMBER", description="By its number, as text.")
