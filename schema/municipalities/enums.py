"""Enums of the municipalities domain: the stored ones (db/tables) described for GraphQL, and the
orders its lists offer."""

from __future__ import annotations

from enum import Enum

import strawberry

from db.tables import CommitteeRole, CommitteeVoteChoice, DraftKind, DraftStatus, MunicipalityKind
from schema.enums import described

described(
    MunicipalityKind,
    "What kind of city a municipality serves (2016 census).",
    METROPOLIS="کلانشهر: a city of about a million people or more; always a provincial centre.",
    PROVINCIAL_CENTRE="مرکز استان: the centre of its province, not a metropolis.",
    CITY="Any other city.",
)
described(
    CommitteeRole,
    "A mayor's seat on the mayors' committee.",
    CHAIR="Chairs the committee; exactly one at a time.",
    MEMBER="One of the other four members.",
)
described(
    DraftKind,
    "What a municipality's draft is meant to become.",
    DIRECTIVE="پیش‌نویس دستورالعمل: a directive.",
    CIRCULAR="پیش‌نویس بخشنامه: a circular.",
)
described(
    DraftStatus,
    "Where a draft directive stands in its life.",
    DRAFT="Being written; its office may edit it.",
    SUBMITTED="Sent by its office; waiting for the mayors' committee.",
    IN_COMMITTEE_REVIEW="The five-member committee is reviewing it.",
    FORWARDED_TO_MINISTRY="The committee forwarded it; the Ministry of Interior is to decide.",
    RETURNED_FOR_REVISION="Sent back to its office, by the committee or the ministry, with reasons.",
    ADOPTED="Adopted by the ministry as a national circular.",
    REJECTED="Rejected by the ministry.",
    WITHDRAWN="Withdrawn by its office before the ministry decided.",
)
described(
    CommitteeVoteChoice,
    "A committee member's vote on a draft.",
    FOR="Forward it to the ministry (three of five forward it).",
    AGAINST="Return it to its office (three of five return it).",
)

__all__ = [
    "CommitteeRole",
    "CommitteeVoteChoice",
    "DraftDirectiveOrderField",
    "DraftKind",
    "DraftStatus",
    "MayorsCommitteeOrderField",
    "MunicipalityKind",
    "MunicipalityOrderField",
    "ProvinceOrderField",
]


@strawberry.enum(description="Orders of the provinces.")
class ProvinceOrderField(Enum):
    NAME_EN = strawberry.enum_value("NAME_EN", description="By English name.")
    NAME_FA = strawberry.enum_value(
        "NAME_FA", description="By Persian name, in Persian alphabetical order (آ ا ب پ ت …)."
    )


@strawberry.enum(description="Orders of the municipalities list.")
class MunicipalityOrderField(Enum):
    NAME_EN = strawberry.enum_value("NAME_EN", description="By English name.")
    NAME_FA = strawberry.enum_value(
        "NAME_FA", description="By Persian name, in Persian alphabetical order (آ ا ب پ ت …)."
    )
    POPULATION = strawberry.enum_value(
        "POPULATION", description="By 2016 census population (unknown counts as 0)."
    )


@strawberry.enum(description="Orders of draft directive lists.")
class DraftDirectiveOrderField(Enum):
    CREATED_AT = strawberry.enum_value("CREATED_AT", description="By when it was first written.")
    UPDATED_AT = strawberry.enum_value("UPDATED_AT", description="By its latest change.")
    TITLE = strawberry.enum_value("TITLE", description="By title (Unicode order).")


@strawberry.enum(description="Orders of the committees list.")
class MayorsCommitteeOrderField(Enum):
    TERM_START = strawberry.enum_value("TERM_START", description="By the start of the term.")
