"""Enums of the municipalities domain. Values are the strings stored in the database."""

from __future__ import annotations

from enum import Enum

import strawberry


@strawberry.enum(description="What kind of city a municipality serves (2016 census).")
class MunicipalityKind(Enum):
    METROPOLIS = strawberry.enum_value(
        "METROPOLIS",
        description="کلانشهر: a city of about a million people or more; always a provincial centre.",
    )
    PROVINCIAL_CENTRE = strawberry.enum_value(
        "PROVINCIAL_CENTRE", description="مرکز استان: the centre of its province, not a metropolis."
    )
    CITY = strawberry.enum_value("CITY", description="Any other city.")


@strawberry.enum(description="A mayor's seat on the mayors' committee.")
class CommitteeRole(Enum):
    CHAIR = strawberry.enum_value(
        "CHAIR", description="Chairs the committee; exactly one at a time."
    )
    MEMBER = strawberry.enum_value("MEMBER", description="One of the other four members.")


@strawberry.enum(description="What a municipality's draft is meant to become.")
class DraftKind(Enum):
    DIRECTIVE = strawberry.enum_value("DIRECTIVE", description="پیش‌نویس دستورالعمل: a directive.")
    CIRCULAR = strawberry.enum_value("CIRCULAR", description="پیش‌نویس بخشنامه: a circular.")


@strawberry.enum(description="Where a draft directive stands in its life.")
class DraftStatus(Enum):
    DRAFT = strawberry.enum_value("DRAFT", description="Being written; its office may edit it.")
    SUBMITTED = strawberry.enum_value(
        "SUBMITTED", description="Sent by its office; waiting for the mayors' committee."
    )
    IN_COMMITTEE_REVIEW = strawberry.enum_value(
        "IN_COMMITTEE_REVIEW", description="The five-member committee is reviewing it."
    )
    FORWARDED_TO_MINISTRY = strawberry.enum_value(
        "FORWARDED_TO_MINISTRY",
        description="The committee forwarded it; the Ministry of Interior is to decide.",
    )
    RETURNED_FOR_REVISION = strawberry.enum_value(
        "RETURNED_FOR_REVISION",
        description="Sent back to its office, by the committee or the ministry, with reasons.",
    )
    ADOPTED = strawberry.enum_value(
        "ADOPTED", description="Adopted by the ministry as a national circular."
    )
    REJECTED = strawberry.enum_value("REJECTED", description="Rejected by the ministry.")
    WITHDRAWN = strawberry.enum_value(
        "WITHDRAWN", description="Withdrawn by its office before the ministry decided."
    )


@strawberry.enum(description="Orders of the municipalities list.")
class MunicipalityOrderField(Enum):
    NAME_EN = strawberry.enum_value("NAME_EN", description="By English name.")
    NAME_FA = strawberry.enum_value("NAME_FA", description="By Persian name (Unicode order).")
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
