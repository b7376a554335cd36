"""GraphQL types of the councils domain, declared field by field (schema/declare.py).
`Municipality` belongs to the municipalities subgraph: the councils extend it with its `council`
and `inCouncilsAssembly` (declared there, contributed by this subgraph)."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from sqlalchemy import ColumnElement, case

from db.tables import (
    AssemblyMeetingKind,
    AttachmentOwnerKind,
    BillStatus,
    CouncilMemberRole,
    assembly,
    assembly_agenda_item,
    assembly_participant,
    bill,
    council,
    council_member,
    council_term,
    meeting,
    participant,
    resolution,
)
from db.tables.calendar import solar_hijri_of_day
from schema import rules
from schema.councils.lists import COUNCIL_RESOLUTIONS
from schema.declare import (
    Alias,
    Argument,
    Link,
    Node,
    column,
    connection,
    expression,
    many,
    one,
    page,
    table_type,
)
from schema.documents.lists import attachments
from schema.municipalities.types import DraftDirective, Municipality
from schema.pagination import Connection

if TYPE_CHECKING:
    from schema.documents.types import Attachment


def member_rank(member: Alias) -> ColumnElement[Any]:
    """Head, deputy head, secretary, then the other members."""
    return case(
        {
            CouncilMemberRole.HEAD.value: 0,
            CouncilMemberRole.DEPUTY_HEAD.value: 1,
            CouncilMemberRole.SECRETARY.value: 2,
        },
        value=member.c.role,
        else_=3,
    )


@table_type(council_term, description="دوره: a four-year term of the Islamic city councils.")
class CouncilTerm(Node):
    id: strawberry.ID = column("The term's id.")
    number: int = column("Its number: 5 for the fifth term.")
    starts_on: date = column("First day of the term (ISO date).")
    ends_on: date | None = column("Last day of the term; null if open.")
    is_sample: bool = column(
        "True when the days are sample values (the seeds name the term, not its days)."
    )
    starts_on_solar_hijri: str = expression(
        lambda t: solar_hijri_of_day(t.c.starts_on),
        description="First day of the term, Solar Hijri.",
    )


@table_type(
    council,
    keys=["id"],
    description="شورای اسلامی شهر: the Islamic council of one city for one term.",
)
class CityCouncil(Node):
    id: strawberry.ID = column("The council's id (one per city and term).")
    municipality: Municipality = one(
        via=("municipality_id", "id"), description="The municipality of the council's city."
    )
    term: CouncilTerm = one(via=("term_id", "id"), description="The term the council sits for.")
    members: list[CouncilMember] = many(
        via=("id", "council_id"),
        order=lambda m: [member_rank(m), m.c.full_name],
        description="Its members: head, deputy head and secretary first, then by name.",
    )
    head: CouncilMember | None = one(
        via=("id", "council_id"),
        where=lambda m: m.c.role == CouncilMemberRole.HEAD.value,
        description="The head of the council (رئیس شورا); null if the seat is empty.",
    )
    resolutions: CouncilResolutionConnection = page(
        COUNCIL_RESOLUTIONS,
        via=("id", "council_id"),
        description="The council's resolutions; latest adopted first unless `orderBy` says.",
    )
    assembly_meetings: list[AssemblyMeeting] = many(
        through=Link(participant, parent="council_id", child="meeting_id"),
        order=lambda m, _: [m.c.held_on],
        description=(
            "The assembly meetings the council is recorded as taking part in, earliest first; "
            "empty where no source says which meeting it attended (seed 000 names the councils "
            "that took part in the assembly's meetings, not which meeting each attended: see "
            "`CouncilsAssembly.participants`)."
        ),
    )


@connection("A page of city councils.")
class CityCouncilConnection(Connection[CityCouncil]):
    pass


@table_type(council_member, description="عضو شورا: a seat on a city council.")
class CouncilMember(Node):
    id: strawberry.ID = column("The seat's id.")
    full_name: str = column("Full name, in Persian.")
    role: CouncilMemberRole = column("Head, deputy head, secretary or member.")
    is_sample: bool = column(
        "True for an invented person; false for a member the seeds name (Tehran's head, seed 000; "
        "a member of Tabriz's council, seed 003, who is named as the seed names him)."
    )
    council: CityCouncil = one(
        via=("council_id", "id"), description="The council the seat belongs to."
    )


@table_type(
    assembly,
    keys=["id"],
    description=(
        "مجمع روسای شوراهای اسلامی کلانشهرها و مراکز استان‌ها: the assembly of the heads of the "
        "councils of metropolises and provincial centres, for one term."
    ),
)
class CouncilsAssembly(Node):
    id: strawberry.ID = column("The assembly's id (one per term).")
    name_fa: str = column("Persian name.")
    name_en: str = column("English name.")
    secretary_name: str | None = column(
        "The secretary of its secretariat, as the seeds name him; null if unknown."
    )
    term: CouncilTerm = one(
        via=("term_id", "id"), description="The term of the councils it serves."
    )
    meetings: list[AssemblyMeeting] = many(
        via=("id", "assembly_id"),
        order=lambda m: [m.c.held_on],
        arguments=[
            Argument(
                "kind",
                AssemblyMeetingKind,
                "Only meetings of this kind.",
                lambda kind, m: m.c.kind == kind.value,
            )
        ],
        description="Its board meetings and sessions, earliest first; `kind` keeps one kind.",
    )
    participants: list[CityCouncil] = many(
        through=Link(assembly_participant, parent="assembly_id", child="council_id"),
        order=lambda c, link: [link.c.id],
        description=(
            "The councils that took part in its meetings in the term, in the order the source "
            "names them (seed 000: Tehran, Mashhad, Shiraz, Semnan, Urmia, Hamedan, Rasht). This "
            "is participation in the assembly: which meeting each council attended is not known, "
            "so no meeting claims it (`AssemblyMeeting.participants`)."
        ),
    )


@table_type(
    meeting,
    keys=["id"],
    description=(
        "A board meeting or a session of the councils' assembly: who took part, its agenda and "
        "its minutes."
    ),
)
class AssemblyMeeting(Node):
    id: strawberry.ID = column("The meeting's id.")
    kind: AssemblyMeetingKind = column("Board meeting or assembly session.")
    number: int = column("1 for the first meeting of its kind in the term.")
    held_on: date = column("The day it was held (ISO date).")
    title: str = column("Its title, in Persian.")
    is_sample: bool = column(
        "True when its day, title and host are sample values (the seeds give counts)."
    )
    held_on_solar_hijri: str = expression(
        lambda m: solar_hijri_of_day(m.c.held_on), description="The day it was held, Solar Hijri."
    )
    host: CityCouncil | None = one(
        via=("host_council_id", "id"),
        description="The council that hosted it; null if not recorded.",
    )
    participants: list[CityCouncil] = many(
        through=Link(participant, parent="meeting_id", child="council_id"),
        order=lambda c, link: [link.c.id],
        description=(
            "The councils recorded as taking part in this meeting; empty where no source says "
            "(the shipped meetings have none: seed 000 names the councils that took part in the "
            "assembly's meetings, not in which meeting, see `CouncilsAssembly.participants`)."
        ),
    )
    attachments: list[Annotated[Attachment, strawberry.lazy("schema.documents.types")]] = (
        attachments(
            AttachmentOwnerKind.ASSEMBLY_MEETING,
            "The files attached to the meeting (its minutes, papers), first attached first.",
        )
    )
    agenda: list[AssemblyAgendaItem] = many(
        via=("id", "meeting_id"),
        order=lambda i: [i.c.position],
        description=(
            "Its agenda, in order. An item about a draft is listed only to callers who may see "
            "the draft."
        ),
    )
    minutes: str | None = column(
        "صورتجلسه: its minutes, in Persian; null until recorded. Searchable (`search`)."
    )
    minutes_recorded_at: datetime | None = column(
        "When the minutes were recorded (UTC); null until then."
    )
    minutes_is_sample: bool = column("True when the minutes' text is invented sample text.")


@table_type(
    assembly_agenda_item,
    rule=rules.agenda_item,
    description=(
        "An item of an assembly meeting's agenda, and the draft, resolution or bill it is about."
    ),
)
class AssemblyAgendaItem(Node):
    id: strawberry.ID = column("The item's id.")
    position: int = column("Its place on the agenda: 1 for the first.")
    title: str = column("What the item is, in Persian.")
    outcome: str | None = column("What was decided on it; null if not recorded.")
    is_sample: bool = column(
        "True: seed 000 names the bills and the uploads the assembly followed, not which meeting "
        "took them up."
    )
    meeting: AssemblyMeeting = one(
        via=("meeting_id", "id"), description="The meeting whose agenda it is on."
    )
    draft_directive: DraftDirective | None = one(
        via=("draft_directive_id", "id"), description="The draft it is about; null if none."
    )
    council_resolution: CouncilResolution | None = one(
        via=("council_resolution_id", "id"),
        description="The council resolution it is about; null if none.",
    )
    government_bill: GovernmentBill | None = one(
        via=("government_bill_id", "id"),
        description="The government bill it is about; null if none.",
    )


@table_type(
    resolution,
    keys=["id"],
    description=(
        "مصوبه: a resolution of a city council, and whether (and when) it was uploaded to the "
        "presidency's national laws-and-regulations system (سامانه ملی قوانین و مقررات)."
    ),
)
class CouncilResolution(Node):
    id: strawberry.ID = column("The resolution's id.")
    number: str = column("Its number as the council gives it, e.g. 1398/42.")
    title: str = column("Its title, in Persian.")
    adopted_on: date = column("The day the council adopted it (ISO date).")
    uploaded_at: datetime | None = column(
        "When it was uploaded to the national system (UTC); null while not uploaded."
    )
    is_sample: bool = column("True for invented sample data.")
    is_uploaded_to_national_system: bool = expression(
        lambda r: r.c.uploaded_at.is_not(None),
        description="True once it has been uploaded to the national laws-and-regulations system.",
    )
    adopted_on_solar_hijri: str = expression(
        lambda r: solar_hijri_of_day(r.c.adopted_on),
        description="The day it was adopted, Solar Hijri.",
    )
    council: CityCouncil = one(via=("council_id", "id"), description="The council that adopted it.")
    attachments: list[Annotated[Attachment, strawberry.lazy("schema.documents.types")]] = (
        attachments(
            AttachmentOwnerKind.COUNCIL_RESOLUTION,
            "The files attached to the resolution (its text as adopted), first attached first.",
        )
    )


@connection("A page of council resolutions.")
class CouncilResolutionConnection(Connection[CouncilResolution]):
    pass


@table_type(bill, description="لایحه: a government bill the councils' assembly follows.")
class GovernmentBill(Node):
    id: strawberry.ID = column("The bill's id.")
    title_fa: str = column("Persian title.")
    title_en: str = column("English title.")
    status: BillStatus = column(
        "Where the bill stands, as far as a source says: PENDING where the seeds ask for it to "
        "be amended and passed without saying whether the government or parliament has it."
    )
    assembly_position: str = column("What the assembly asks of it.")
    is_sample: bool = column(
        "True for an invented bill; false for a bill the seeds name (its title, status and the "
        "assembly's position are then the seed's)."
    )
