"""GraphQL types of the councils domain. Each wraps a row; nested fields load through the
per-request loaders on the context. `Municipality` belongs to the municipalities subgraph: the
councils extend it with its `council` (schema/municipalities/types.py names the fields, this
module resolves them)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Self

import strawberry
from sqlalchemy import Row

from core.calendar import solar_hijri
from core.ids import parse_id
from resolvers.councils.lists import (
    COUNCIL_RESOLUTIONS,
    council_resolution_args,
)
from resolvers.loaders import resolution as resolution_table
from schema.context import Info
from schema.councils.enums import AssemblyMeetingKind, BillStatus, CouncilMemberRole
from schema.councils.inputs import CouncilResolutionFilter, CouncilResolutionOrder
from schema.municipalities.types import Municipality
from schema.pagination import After, Connection, First


@strawberry.type(description="دوره: a four-year term of the Islamic city councils.")
class CouncilTerm:
    id: strawberry.ID = strawberry.field(description="The term's id.")
    number: int = strawberry.field(description="Its number: 5 for the fifth term.")
    starts_on: date = strawberry.field(description="First day of the term (ISO date).")
    ends_on: date | None = strawberry.field(description="Last day of the term; null if open.")
    is_sample: bool = strawberry.field(
        description="True when the days are sample values (the seeds name the term, not its days)."
    )

    @classmethod
    def from_row(cls, row: Row[Any]) -> Self:
        return cls(
            id=strawberry.ID(str(row.id)),
            number=row.number,
            starts_on=row.starts_on,
            ends_on=row.ends_on,
            is_sample=row.is_sample,
        )

    @strawberry.field(description="First day of the term, Solar Hijri.")
    def starts_on_solar_hijri(self) -> str:
        return solar_hijri(self.starts_on) or ""


@strawberry.federation.type(
    keys=["id"],
    description="شورای اسلامی شهر: the Islamic council of one city for one term.",
)
class CityCouncil:
    id: strawberry.ID = strawberry.field(description="The council's id (one per city and term).")
    municipality_id: strawberry.Private[int]
    term_id: strawberry.Private[int]

    @classmethod
    def from_row(cls, row: Row[Any]) -> Self:
        return cls(
            id=strawberry.ID(str(row.id)), municipality_id=row.municipality_id, term_id=row.term_id
        )

    @classmethod
    async def resolve_reference(cls, info: Info, id: strawberry.ID) -> Self | None:
        row = await info.context.loaders.council.load(parse_id(id, kind="CityCouncil"))
        return cls.from_row(row) if row is not None else None

    @strawberry.field(description="The municipality of the council's city.")
    async def municipality(self, info: Info) -> Municipality:
        row = await info.context.loaders.municipality.load(self.municipality_id)
        assert row is not None  # a foreign key guarantees it
        return Municipality.from_row(row)

    @strawberry.field(description="The term the council sits for.")
    async def term(self, info: Info) -> CouncilTerm:
        row = await info.context.loaders.council_term.load(self.term_id)
        assert row is not None
        return CouncilTerm.from_row(row)

    @strawberry.field(
        description="Its members: head, deputy head and secretary first, then by name."
    )
    async def members(self, info: Info) -> list[CouncilMember]:
        rows = await info.context.loaders.members_of_council.load(int(self.id))
        return [CouncilMember.from_row(row) for row in rows]

    @strawberry.field(description="The head of the council (رئیس شورا); null if the seat is empty.")
    async def head(self, info: Info) -> CouncilMember | None:
        rows = await info.context.loaders.members_of_council.load(int(self.id))
        return next(
            (CouncilMember.from_row(r) for r in rows if r.role == CouncilMemberRole.HEAD.value),
            None,
        )

    @strawberry.field(
        description="The council's resolutions; latest adopted first unless `orderBy` says."
    )
    async def resolutions(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        filter: Annotated[
            CouncilResolutionFilter | None, strawberry.argument(description="Narrow the list.")
        ] = None,
        order_by: Annotated[
            CouncilResolutionOrder | None, strawberry.argument(description="Order of the list.")
        ] = None,
    ) -> CouncilResolutionConnection:
        args = council_resolution_args(info.context.page_size(first), after, filter, order_by)
        key = ("council.resolutions", args.first, after, repr(filter), repr(order_by))
        loader = info.context.loaders.pages(
            COUNCIL_RESOLUTIONS, resolution_table.c.council_id, args, key
        )
        page = await loader.load(int(self.id))
        return CouncilResolutionConnection.from_page(page, CouncilResolution.from_row)

    @strawberry.field(description="The assembly meetings the council took part in, earliest first.")
    async def assembly_meetings(self, info: Info) -> list[AssemblyMeeting]:
        links = await info.context.loaders.participations_of_council.load(int(self.id))
        rows = await info.context.loaders.meeting.load_many([link.meeting_id for link in links])
        meetings = [AssemblyMeeting.from_row(row) for row in rows if row is not None]
        return sorted(meetings, key=lambda m: (m.held_on, int(m.id)))


@strawberry.type(description="A page of city councils.")
class CityCouncilConnection(Connection[CityCouncil]):
    pass


@strawberry.type(description="عضو شورا: a seat on a city council.")
class CouncilMember:
    id: strawberry.ID = strawberry.field(description="The seat's id.")
    full_name: str = strawberry.field(description="Full name, in Persian.")
    role: CouncilMemberRole = strawberry.field(
        description="Head, deputy head, secretary or member."
    )
    is_sample: bool = strawberry.field(
        description="True for an invented person; false for a member the seeds name."
    )
    council_id: strawberry.Private[int]

    @classmethod
    def from_row(cls, row: Row[Any]) -> Self:
        return cls(
            id=strawberry.ID(str(row.id)),
            full_name=row.full_name,
            role=CouncilMemberRole(row.role),
            is_sample=row.is_sample,
            council_id=row.council_id,
        )

    @strawberry.field(description="The council the seat belongs to.")
    async def council(self, info: Info) -> CityCouncil:
        row = await info.context.loaders.council.load(self.council_id)
        assert row is not None
        return CityCouncil.from_row(row)


@strawberry.federation.type(
    keys=["id"],
    description=(
        "مجمع روسای شوراهای اسلامی کلانشهرها و مراکز استان‌ها: the assembly of the heads of the "
        "councils of metropolises and provincial centres, for one term."
    ),
)
class CouncilsAssembly:
    id: strawberry.ID = strawberry.field(description="The assembly's id (one per term).")
    name_fa: str = strawberry.field(description="Persian name.")
    name_en: str = strawberry.field(description="English name.")
    secretary_name: str | None = strawberry.field(
        description="The secretary of its secretariat, as the seeds name him; null if unknown."
    )
    term_id: strawberry.Private[int]

    @classmethod
    def from_row(cls, row: Row[Any]) -> Self:
        return cls(
            id=strawberry.ID(str(row.id)),
            name_fa=row.name_fa,
            name_en=row.name_en,
            secretary_name=row.secretary_name,
            term_id=row.term_id,
        )

    @classmethod
    async def resolve_reference(cls, info: Info, id: strawberry.ID) -> Self | None:
        row = await info.context.loaders.assembly.load(parse_id(id, kind="CouncilsAssembly"))
        return cls.from_row(row) if row is not None else None

    @strawberry.field(description="The term of the councils it serves.")
    async def term(self, info: Info) -> CouncilTerm:
        row = await info.context.loaders.council_term.load(self.term_id)
        assert row is not None
        return CouncilTerm.from_row(row)

    @strawberry.field(
        description="Its board meetings and sessions, earliest first; `kind` keeps one kind."
    )
    async def meetings(
        self,
        info: Info,
        kind: Annotated[
            AssemblyMeetingKind | None,
            strawberry.argument(description="Only meetings of this kind."),
        ] = None,
    ) -> list[AssemblyMeeting]:
        rows = await info.context.loaders.meetings_of_assembly.load(int(self.id))
        return [
            AssemblyMeeting.from_row(row) for row in rows if kind is None or row.kind == kind.value
        ]


@strawberry.type(
    description="A board meeting or a session of the councils' assembly, and who took part."
)
class AssemblyMeeting:
    id: strawberry.ID = strawberry.field(description="The meeting's id.")
    kind: AssemblyMeetingKind = strawberry.field(description="Board meeting or assembly session.")
    number: int = strawberry.field(description="1 for the first meeting of its kind in the term.")
    held_on: date = strawberry.field(description="The day it was held (ISO date).")
    title: str = strawberry.field(description="Its title, in Persian.")
    is_sample: bool = strawberry.field(
        description="True when its day, title and host are sample values (the seeds give counts)."
    )
    host_council_id: strawberry.Private[int | None]

    @classmethod
    def from_row(cls, row: Row[Any]) -> Self:
        return cls(
            id=strawberry.ID(str(row.id)),
            kind=AssemblyMeetingKind(row.kind),
            number=row.number,
            held_on=row.held_on,
            title=row.title,
            is_sample=row.is_sample,
            host_council_id=row.host_council_id,
        )

    @strawberry.field(description="The day it was held, Solar Hijri.")
    def held_on_solar_hijri(self) -> str:
        return solar_hijri(self.held_on) or ""

    @strawberry.field(description="The council that hosted it; null if not recorded.")
    async def host(self, info: Info) -> CityCouncil | None:
        if self.host_council_id is None:
            return None
        row = await info.context.loaders.council.load(self.host_council_id)
        return CityCouncil.from_row(row) if row is not None else None

    @strawberry.field(description="The councils that took part.")
    async def participants(self, info: Info) -> list[CityCouncil]:
        links = await info.context.loaders.participants_of_meeting.load(int(self.id))
        rows = await info.context.loaders.council.load_many([link.council_id for link in links])
        return [CityCouncil.from_row(row) for row in rows if row is not None]


@strawberry.federation.type(
    keys=["id"],
    description=(
        "مصوبه: a resolution of a city council, and whether (and when) it was uploaded to the "
        "presidency's national laws-and-regulations system (سامانه ملی قوانین و مقررات)."
    ),
)
class CouncilResolution:
    id: strawberry.ID = strawberry.field(description="The resolution's id.")
    number: str = strawberry.field(description="Its number as the council gives it, e.g. 1398/42.")
    title: str = strawberry.field(description="Its title, in Persian.")
    adopted_on: date = strawberry.field(description="The day the council adopted it (ISO date).")
    uploaded_at: datetime | None = strawberry.field(
        description="When it was uploaded to the national system (UTC); null while not uploaded."
    )
    is_sample: bool = strawberry.field(description="True for invented sample data.")
    council_id: strawberry.Private[int]

    @classmethod
    def from_row(cls, row: Row[Any]) -> Self:
        return cls(
            id=strawberry.ID(str(row.id)),
            number=row.number,
            title=row.title,
            adopted_on=row.adopted_on,
            uploaded_at=row.uploaded_at,
            is_sample=row.is_sample,
            council_id=row.council_id,
        )

    @classmethod
    async def resolve_reference(cls, info: Info, id: strawberry.ID) -> Self | None:
        row = await info.context.loaders.council_resolution.load(
            parse_id(id, kind="CouncilResolution")
        )
        return cls.from_row(row) if row is not None else None

    @strawberry.field(
        description="True once it has been uploaded to the national laws-and-regulations system."
    )
    def is_uploaded_to_national_system(self) -> bool:
        return self.uploaded_at is not None

    @strawberry.field(description="The day it was adopted, Solar Hijri.")
    def adopted_on_solar_hijri(self) -> str:
        return solar_hijri(self.adopted_on) or ""

    @strawberry.field(description="The council that adopted it.")
    async def council(self, info: Info) -> CityCouncil:
        row = await info.context.loaders.council.load(self.council_id)
        assert row is not None
        return CityCouncil.from_row(row)


@strawberry.type(description="A page of council resolutions.")
class CouncilResolutionConnection(Connection[CouncilResolution]):
    pass


@strawberry.type(description="لایحه: a government bill the councils' assembly follows.")
class GovernmentBill:
    id: strawberry.ID = strawberry.field(description="The bill's id.")
    title_fa: str = strawberry.field(description="Persian title.")
    title_en: str = strawberry.field(description="English title.")
    status: BillStatus = strawberry.field(description="Where the bill stands.")
    assembly_position: str = strawberry.field(description="What the assembly asks of it.")
    is_sample: bool = strawberry.field(
        description="True for an invented bill; false for a bill the seeds name."
    )

    @classmethod
    def from_row(cls, row: Row[Any]) -> Self:
        return cls(
            id=strawberry.ID(str(row.id)),
            title_fa=row.title_fa,
            title_en=row.title_en,
            status=BillStatus(row.status),
            assembly_position=row.assembly_position,
            is_sample=row.is_sample,
        )


async def council_of_municipality(info: Info, municipality_id: int) -> CityCouncil | None:
    """`Municipality.council`: the city's council in the newest term, batched per request."""
    row = await info.context.loaders.council_of_municipality.load(municipality_id)
    return CityCouncil.from_row(row) if row is not None else None
