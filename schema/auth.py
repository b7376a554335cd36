"""Who is calling, as the graph shows it: the `viewer` root field."""

from __future__ import annotations

from typing import Any

import strawberry

from core.auth import Role
from core.auth import Viewer as ViewerRecord
from core.errors import Unauthenticated
from core.ids import global_id
from schema.context import Info
from schema.declare import computed, computed_type, roots
from schema.enums import described

#: Why the caller is answered by Python.
FROM_THE_TOKEN = "the caller, as the request's bearer token says: nothing the database holds"

described(
    Role,
    "What a bearer token lets its holder do.",
    MAYOR_OFFICE="A mayor's office: writes, edits, submits and withdraws its municipality's drafts.",
    COMMITTEE_MEMBER="A mayor on the five-member committee: votes; the chair writes the summary.",
    MINISTRY_REVIEWER="The Ministry of Interior: adopts, returns or rejects forwarded drafts.",
    MINISTRY_ANALYST="The ministry's analysts: read everything, write nothing.",
    ADMINISTRATOR="Administers the mayors' committee: appoints and replaces.",
    UNION_SECRETARIAT=(
        "The union of municipalities' secretariat: calls its elections and moves them from call "
        "to certified result."
    ),
    COMMISSION_SECRETARIAT=(
        "The secretariat of the metropolises' technical and civil-works commission: sets its "
        "topics' status and follows up its resolutions."
    ),
    NEIGHBOURHOOD_COUNCILLOR=(
        "شورایار: a member of a neighbourhood council (as its post): writes, edits, submits and "
        "withdraws the council's small-project forms."
    ),
    NEIGHBOURHOOD_WG_SECRETARY=(
        "دبیر کارگروه محله: a neighbourhood working group's secretary; signs a small-project "
        "form first, or returns it; records the group's monthly meetings; raises escalations."
    ),
    DISTRICT_WG_SECRETARY=(
        "دبیر کارگروه منطقه: a district working group's secretary; signs second, or returns; "
        "records meetings; raises escalations."
    ),
    DISTRICT_LIAISON="رابط شورایاری منطقه: the district's liaison; signs third, or returns.",
    PLANNING_DEPUTY="معاون برنامه‌ریزی منطقه: the planning deputy; signs fourth, or returns.",
    DISTRICT_MAYOR=(
        "شهردار منطقه: the district mayor; signs last (the form goes to the headquarters), or "
        "returns."
    ),
    DISTRICT_DEPUTY="Another deputy of the district, who meets the working groups of its field.",
    PRESIDING_BOARD=(
        "هیئت رئیسه: a member of the district's presiding board of neighbourhood councils; "
        "takes up escalations at its monthly meeting with the district mayor and records the "
        "outcome."
    ),
    COUNCILS_HEADQUARTERS=(
        "ستاد شورایاری‌ها: the neighbourhood councils' headquarters; receives the signed forms."
    ),
    ARTICLE100_INSPECTOR=(
        "A municipality's building inspector (one city): reports Article 100 violations."
    ),
    ARTICLE100_SECRETARIAT=(
        "The management of a city's centralised Article 100 commissions: refers cases, holds "
        "sessions, records verdicts, notices, appeals and finality."
    ),
    ARTICLE100_MEMBER="A member of a city's Article 100 commissions: reads the cases before them.",
    EXECUTION_OFFICE=(
        "A city's office supervising the execution of verdicts (اداره اجرای احکام): executes "
        "final verdicts and closes cases."
    ),
)


@computed_type(FROM_THE_TOKEN, description="The caller of this request, as its bearer token says.")
class Viewer:
    role: Role = strawberry.field(description="What the token lets its holder do.")
    subject: str = strawberry.field(description="The token's subject (`sub`).")
    name: str = strawberry.field(description="The display name in the token, if any.")
    municipality_id: strawberry.ID | None = strawberry.field(
        description="MAYOR_OFFICE and the Article 100 roles: the municipality acted for."
    )
    mayor_id: strawberry.ID | None = strawberry.field(
        description="COMMITTEE_MEMBER: the mayor the member is."
    )
    post_id: strawberry.ID | None = strawberry.field(
        description="A district role: the post (DistrictPost) the caller acts as."
    )

    @classmethod
    def from_record(cls, viewer: ViewerRecord) -> Viewer:
        assert viewer.role is not None
        return cls(
            role=viewer.role,
            subject=viewer.subject,
            name=viewer.name,
            municipality_id=strawberry.ID(global_id("Municipality", viewer.municipality_id))
            if viewer.municipality_id is not None
            else None,
            mayor_id=strawberry.ID(global_id("Mayor", viewer.mayor_id))
            if viewer.mayor_id is not None
            else None,
            post_id=strawberry.ID(global_id("DistrictPost", viewer.post_id))
            if viewer.post_id is not None
            else None,
        )


def _viewer(root: Any, info: Info) -> Viewer | None:
    record = info.context.viewer
    if record.token_error is not None:
        raise Unauthenticated(f"The bearer token was refused: {record.token_error}.")
    return Viewer.from_record(record) if record.is_authenticated else None


@roots
class AuthQuery:
    viewer: Viewer | None = computed(
        _viewer,
        reason=FROM_THE_TOKEN,
        description=(
            "The caller, from the request's bearer token; null without one. A token that is "
            "expired, forged or malformed is an UNAUTHENTICATED error saying why."
        ),
    )
