"""Root fields of the municipalities domain."""

from __future__ import annotations

from schema.declare import lookup, page, roots, rows
from schema.municipalities.lists import (
    DRAFT_DIRECTIVES,
    MAYORS_COMMITTEES,
    MUNICIPALITIES,
    PROVINCES,
)
from schema.municipalities.types import (
    DraftDirective,
    DraftDirectiveConnection,
    JointSession,
    MayorsCommittee,
    MayorsCommitteeConnection,
    Municipality,
    MunicipalityConnection,
    Province,
)


@roots
class MunicipalitiesQuery:
    provinces: list[Province] = rows(
        listing=PROVINCES,
        description="Iran's 31 provinces; by English name unless `orderBy` says.",
    )
    province: Province | None = lookup("One province by id; a NOT_FOUND error when there is none.")
    municipalities: MunicipalityConnection = page(
        MUNICIPALITIES,
        description="Municipalities across the country; by English name unless `orderBy` says.",
    )
    municipality: Municipality | None = lookup(
        "One municipality by id; a NOT_FOUND error when there is none."
    )
    mayors_committee: MayorsCommittee | None = rows(
        one=True,
        where=lambda c: c.c.term_end.is_(None),
        order=lambda c: [c.c.term_start],
        description="The mayors' committee sitting now (five members, one chair); null if none.",
    )
    mayors_committees: MayorsCommitteeConnection = page(
        MAYORS_COMMITTEES,
        order_description="Order of the list (latest term first by default).",
        description="Every mayors' committee, the current one and its predecessors.",
    )
    draft_directives: DraftDirectiveConnection = page(
        DRAFT_DIRECTIVES,
        description="Draft directives of every municipality; latest first unless `orderBy` says.",
    )
    draft_directive: DraftDirective | None = lookup(
        "One draft directive by id; a NOT_FOUND error when there is none."
    )
    joint_sessions: list[JointSession] = rows(
        order=lambda j: [j.c.sequence],
        description=(
            "The joint sessions of mayors recorded, in order. Seed 002: five municipalities "
            "volunteered to host sessions through the year and Qom hosted the first; the other "
            "sessions here are sample rows (the seed gives five volunteers, not five sessions)."
        ),
    )
