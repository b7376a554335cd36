"""Enums of the councils domain. Values are the strings stored in the database."""

from __future__ import annotations

from enum import Enum

import strawberry


@strawberry.enum(description="A seat on a city council and its place on the presiding board.")
class CouncilMemberRole(Enum):
    HEAD = strawberry.enum_value("HEAD", description="رئیس شورا: heads the council.")
    DEPUTY_HEAD = strawberry.enum_value("DEPUTY_HEAD", description="نایب‌رئیس: the deputy head.")
    SECRETARY = strawberry.enum_value("SECRETARY", description="منشی: the council's secretary.")
    MEMBER = strawberry.enum_value("MEMBER", description="A member with no board role.")


@strawberry.enum(description="What kind of meeting of the councils' assembly.")
class AssemblyMeetingKind(Enum):
    BOARD_MEETING = strawberry.enum_value(
        "BOARD_MEETING",
        description="اجلاس هیئت رئیسه: a board meeting of the councils of metropolises.",
    )
    ASSEMBLY_SESSION = strawberry.enum_value(
        "ASSEMBLY_SESSION",
        description="اجلاس مجمع: a session of the whole assembly of heads of councils.",
    )


@strawberry.enum(description="Where a government bill stands.")
class BillStatus(Enum):
    DRAFTED = strawberry.enum_value("DRAFTED", description="Written by the government, not sent.")
    IN_PARLIAMENT = strawberry.enum_value(
        "IN_PARLIAMENT", description="Sent by the government to parliament, not yet passed."
    )
    PASSED = strawberry.enum_value("PASSED", description="Passed by parliament.")
    WITHDRAWN = strawberry.enum_value("WITHDRAWN", description="Withdrawn by the government.")


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
