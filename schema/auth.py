"""Who is calling, as the graph shows it: the `viewer` root field."""

from __future__ import annotations

from enum import Enum

import strawberry

from core.auth import Viewer as ViewerRecord
from core.errors import Unauthenticated
from schema.context import Info


@strawberry.enum(description="What a bearer token lets its holder do.")
class Role(Enum):
    MAYOR_OFFICE = strawberry.enum_value(
        "MAYOR_OFFICE",
        description="A mayor's office: writes, edits, submits and withdraws its municipality's drafts.",
    )
    COMMITTEE_MEMBER = strawberry.enum_value(
        "COMMITTEE_MEMBER",
        description="A mayor on the five-member committee: votes; the chair writes the summary.",
    )
    MINISTRY_REVIEWER = strawberry.enum_value(
        "MINISTRY_REVIEWER",
        description="The Ministry of Interior: adopts, returns or rejects forwarded drafts.",
    )
    MINISTRY_ANALYST = strawberry.enum_value(
        "MINISTRY_ANALYST", description="The ministry's analysts: read everything, write nothing."
    )
    ADMINISTRATOR = strawberry.enum_value(
        "ADMINISTRATOR", description="Administers the mayors' committee: appoints and replaces."
    )


@strawberry.type(description="The caller of this request, as its bearer token says.")
class Viewer:
    role: Role = strawberry.field(description="What the token lets its holder do.")
    subject: str = strawberry.field(description="The token's subject (`sub`).")
    name: str = strawberry.field(description="The display name in the token, if any.")
    municipality_id: strawberry.ID | None = strawberry.field(
        description="MAYOR_OFFICE: the municipality the office acts for."
    )
    mayor_id: strawberry.ID | None = strawberry.field(
        description="COMMITTEE_MEMBER: the mayor the member is."
    )

    @classmethod
    def from_record(cls, viewer: ViewerRecord) -> Viewer:
        assert viewer.role is not None
        return cls(
            role=Role(viewer.role.value),
            subject=viewer.subject,
            name=viewer.name,
            municipality_id=strawberry.ID(str(viewer.municipality_id))
            if viewer.municipality_id is not None
            else None,
            mayor_id=strawberry.ID(str(viewer.mayor_id)) if viewer.mayor_id is not None else None,
        )


@strawberry.type
class AuthQuery:
    @strawberry.field(
        description=(
            "The caller, from the request's bearer token; null without one. A token that is "
            "expired, forged or malformed is an UNAUTHENTICATED error saying why."
        )
    )
    def viewer(self, info: Info) -> Viewer | None:
        record = info.context.viewer
        if record.token_error is not None:
            raise Unauthenticated(f"The bearer token was refused: {record.token_error}.")
        return Viewer.from_record(record) if record.is_authenticated else None
