"""GraphQL types of the municipalities domain. Each wraps a row; nested fields load through the
per-request loaders on the context."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any, Self

import strawberry
from sqlalchemy import Row

from core.calendar import solar_hijri
from core.ids import parse_id
from resolvers.loaders import draft as draft_table
from resolvers.loaders import municipality as municipality_table
from resolvers.municipalities.lists import (
    DRAFT_DIRECTIVES,
    MUNICIPALITIES,
    draft_directive_args,
    municipality_args,
)
from schema.context import Info
from schema.municipalities.enums import CommitteeRole, DraftKind, DraftStatus, MunicipalityKind
from schema.municipalities.inputs import (
    DraftDirectiveFilter,
    DraftDirectiveOrder,
    MunicipalityFilter,
    MunicipalityOrder,
)
from schema.owners import Subgraph, contributed_by
from schema.pagination import After, Connection, First

if TYPE_CHECKING:
    from schema.councils.types import CityCouncil
    from schema.ministry.circulars import NationalCircular
    from schema.ministry.inputs import SocialSecurityObligationFilter, SocialSecurityObligationOrder
    from schema.ministry.types import SocialSecurityObligationConnection
    from schema.municipalities.workflow import CommitteeSummary, CommitteeVote


@strawberry.federation.type(keys=["id"], description="استان: one of Iran's 31 provinces.")
class Province:
    id: strawberry.ID = strawberry.field(description="The province's id.")
    name_fa: str = strawberry.field(description="Persian name, e.g. خراسان رضوی.")
    name_en: str = strawberry.field(description="English name, e.g. Razavi Khorasan.")

    @classmethod
    def from_row(cls, row: Row[Any]) -> Self:
        return cls(id=strawberry.ID(str(row.id)), name_fa=row.name_fa, name_en=row.name_en)

    @classmethod
    async def resolve_reference(cls, info: Info, id: strawberry.ID) -> Self | None:
        row = await info.context.loaders.province.load(parse_id(id, kind="Province"))
        return cls.from_row(row) if row is not None else None

    @strawberry.field(description="مرکز استان: the municipality of the province's centre.")
    async def centre(self, info: Info) -> Municipality | None:
        row = await info.context.loaders.provincial_centre.load(int(self.id))
        return Municipality.from_row(row) if row is not None else None

    @strawberry.field(
        description="The province's municipalities; by English name unless `orderBy` says."
    )
    async def municipalities(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        filter: Annotated[
            MunicipalityFilter | None, strawberry.argument(description="Narrow the list.")
        ] = None,
        order_by: Annotated[
            MunicipalityOrder | None, strawberry.argument(description="Order of the list.")
        ] = None,
    ) -> MunicipalityConnection:
        args = municipality_args(info.context.page_size(first), after, filter, order_by)
        key = ("province.municipalities", args.first, after, repr(filter), repr(order_by))
        loader = info.context.loaders.pages(
            MUNICIPALITIES, municipality_table.c.province_id, args, key
        )
        page = await loader.load(int(self.id))
        return MunicipalityConnection.from_page(page, Municipality.from_row)


@strawberry.federation.type(
    keys=["id"], description="شهرداری: the municipality of one city, and everything it answers for."
)
class Municipality:
    id: strawberry.ID = strawberry.field(description="The municipality's id.")
    name_fa: str = strawberry.field(description="Persian name of the city, e.g. مشهد.")
    name_en: str = strawberry.field(description="English name of the city, e.g. Mashhad.")
    kind: MunicipalityKind = strawberry.field(description="Metropolis, provincial centre or city.")
    is_provincial_centre: bool = strawberry.field(
        description="True for the centre of its province (metropolises included)."
    )
    population: int | None = strawberry.field(
        description="Population at the 2016 national census; null where not recorded."
    )
    is_sample: bool = strawberry.field(
        description="True for an invented town of a sample data set; false for a real city."
    )
    province_id: strawberry.Private[int]

    @classmethod
    def from_row(cls, row: Row[Any]) -> Self:
        return cls(
            id=strawberry.ID(str(row.id)),
            name_fa=row.name_fa,
            name_en=row.name_en,
            kind=MunicipalityKind(row.kind),
            is_provincial_centre=row.is_provincial_centre,
            population=row.population,
            is_sample=row.is_sample,
            province_id=row.province_id,
        )

    @classmethod
    async def resolve_reference(
        cls, info: Info, id: strawberry.ID, kind: str | None = None
    ) -> Self | None:
        """One batched statement for all of a request's representations. `kind` comes with the
        representation when the councils subgraph `@requires` it, and is taken as given."""
        row = await info.context.loaders.municipality.load(parse_id(id, kind="Municipality"))
        if row is None:
            return None
        municipality = cls.from_row(row)
        if kind is not None:
            municipality.kind = MunicipalityKind(kind)
        return municipality

    @strawberry.field(description="The province the city lies in.")
    async def province(self, info: Info) -> Province:
        row = await info.context.loaders.province.load(self.province_id)
        assert row is not None  # a foreign key guarantees it
        return Province.from_row(row)

    @strawberry.field(description="The sitting mayor; null while the office is vacant.")
    async def mayor(self, info: Info) -> Mayor | None:
        row = await info.context.loaders.current_mayor.load(int(self.id))
        return Mayor.from_row(row) if row is not None else None

    @strawberry.field(description="Every mayor of the municipality, earliest term first.")
    async def mayors(self, info: Info) -> list[Mayor]:
        rows = await info.context.loaders.mayors_of_municipality.load(int(self.id))
        return [Mayor.from_row(row) for row in rows]

    @strawberry.field(
        description="The drafts this municipality wrote; latest first unless `orderBy` says."
    )
    async def draft_directives(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        filter: Annotated[
            DraftDirectiveFilter | None, strawberry.argument(description="Narrow the list.")
        ] = None,
        order_by: Annotated[
            DraftDirectiveOrder | None, strawberry.argument(description="Order of the list.")
        ] = None,
    ) -> DraftDirectiveConnection:
        args = draft_directive_args(info.context.page_size(first), after, filter, order_by)
        key = ("municipality.draftDirectives", args.first, after, repr(filter), repr(order_by))
        loader = info.context.loaders.pages(
            DRAFT_DIRECTIVES, draft_table.c.municipality_id, args, key
        )
        page = await loader.load(int(self.id))
        return DraftDirectiveConnection.from_page(page, DraftDirective.from_row)

    @strawberry.field(
        description=(
            "What the municipality owes the Social Security Organization, per year and category; "
            "latest year first unless `orderBy` says."
        ),
        metadata=contributed_by(Subgraph.MINISTRY),
    )
    async def social_security_obligations(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        filter: Annotated[
            Annotated[SocialSecurityObligationFilter, strawberry.lazy("schema.ministry.inputs")]
            | None,
            strawberry.argument(description="Narrow the list."),
        ] = None,
        order_by: Annotated[
            Annotated[SocialSecurityObligationOrder, strawberry.lazy("schema.ministry.inputs")]
            | None,
            strawberry.argument(description="Order of the list."),
        ] = None,
    ) -> Annotated[SocialSecurityObligationConnection, strawberry.lazy("schema.ministry.types")]:
        from schema.ministry.types import obligations_of_municipality

        return await obligations_of_municipality(info, int(self.id), first, after, filter, order_by)

    @strawberry.field(
        description="The city's Islamic council in the newest term; null if none is recorded.",
        metadata=contributed_by(Subgraph.COUNCILS),
    )
    async def council(
        self, info: Info
    ) -> Annotated[CityCouncil, strawberry.lazy("schema.councils.types")] | None:
        from schema.councils.types import council_of_municipality

        return await council_of_municipality(info, int(self.id))

    @strawberry.federation.field(
        description=(
            "True when the head of the city's council sits in the assembly of heads of councils "
            "of metropolises and provincial centres: the city is a metropolis or a provincial "
            "centre. The councils' subgraph answers it from `kind`, which it requires."
        ),
        requires=["kind"],
        metadata=contributed_by(Subgraph.COUNCILS),
    )
    def in_councils_assembly(self) -> bool:
        return self.kind in (MunicipalityKind.METROPOLIS, MunicipalityKind.PROVINCIAL_CENTRE)

    @strawberry.field(description="The joint sessions of mayors the municipality hosts.")
    async def hosted_joint_sessions(self, info: Info) -> list[JointSession]:
        rows = await info.context.loaders.joint_sessions_of_host.load(int(self.id))
        return [JointSession.from_row(row) for row in rows]


@strawberry.type(description="A page of municipalities.")
class MunicipalityConnection(Connection[Municipality]):
    pass


@strawberry.type(description="شهردار: a person holding the office of one municipality for a term.")
class Mayor:
    id: strawberry.ID = strawberry.field(description="The mayor's id (one per term held).")
    full_name: str = strawberry.field(description="Full name, in Persian.")
    term_start: date = strawberry.field(description="First day in office (ISO date).")
    term_end: date | None = strawberry.field(description="Last day in office; null while sitting.")
    is_sample: bool = strawberry.field(
        description="True for invented sample data shipped for trying the service out."
    )
    municipality_id: strawberry.Private[int]

    @classmethod
    def from_row(cls, row: Row[Any]) -> Self:
        return cls(
            id=strawberry.ID(str(row.id)),
            full_name=row.full_name,
            term_start=row.term_start,
            term_end=row.term_end,
            is_sample=row.is_sample,
            municipality_id=row.municipality_id,
        )

    @strawberry.field(description="True while the mayor is in office.")
    def is_current(self) -> bool:
        return self.term_end is None

    @strawberry.field(description="First day in office, Solar Hijri (e.g. 1399/04/11).")
    def term_start_solar_hijri(self) -> str:
        return solar_hijri(self.term_start) or ""

    @strawberry.field(description="Last day in office, Solar Hijri; null while sitting.")
    def term_end_solar_hijri(self) -> str | None:
        return solar_hijri(self.term_end)

    @strawberry.field(description="The municipality the mayor heads or headed.")
    async def municipality(self, info: Info) -> Municipality:
        row = await info.context.loaders.municipality.load(self.municipality_id)
        assert row is not None
        return Municipality.from_row(row)

    @strawberry.field(description="The mayor's seats on the mayors' committee, earliest first.")
    async def committee_memberships(self, info: Info) -> list[CommitteeMembership]:
        rows = await info.context.loaders.memberships_of_mayor.load(int(self.id))
        return [CommitteeMembership.from_row(row) for row in rows]


@strawberry.type(
    description=(
        "کمیته پنج‌نفره: five mayors chosen from among the mayors for a term, one of them chair, "
        "who gather the mayors' concerns and proposals and present them to the ministry."
    )
)
class MayorsCommittee:
    id: strawberry.ID = strawberry.field(description="The committee's id (one per term).")
    term_start: date = strawberry.field(description="First day of the term (ISO date).")
    term_end: date | None = strawberry.field(description="Last day of the term; null if current.")

    @classmethod
    def from_row(cls, row: Row[Any]) -> Self:
        return cls(id=strawberry.ID(str(row.id)), term_start=row.term_start, term_end=row.term_end)

    @strawberry.field(description="True for the committee sitting now.")
    def is_current(self) -> bool:
        return self.term_end is None

    @strawberry.field(description="First day of the term, Solar Hijri.")
    def term_start_solar_hijri(self) -> str:
        return solar_hijri(self.term_start) or ""

    @strawberry.field(
        description=(
            "The five seats held now (for a past committee: at the end of its term), chair first."
        )
    )
    async def members(self, info: Info) -> list[CommitteeMembership]:
        rows = await info.context.loaders.memberships_of_committee.load(int(self.id))
        seated = [r for r in rows if r.ended_on is None or r.ended_on == self.term_end]
        seated.sort(key=lambda r: (r.role != CommitteeRole.CHAIR.value, r.started_on, r.id))
        return [CommitteeMembership.from_row(row) for row in seated]

    @strawberry.field(description="The chair's seat; null if the chair is vacant.")
    async def chair(self, info: Info) -> CommitteeMembership | None:
        members = await self.members(info)
        return next((m for m in members if m.role is CommitteeRole.CHAIR), None)

    @strawberry.field(
        description="Every seat the committee has had, including replaced members, earliest first."
    )
    async def memberships(self, info: Info) -> list[CommitteeMembership]:
        rows = await info.context.loaders.memberships_of_committee.load(int(self.id))
        return [CommitteeMembership.from_row(row) for row in rows]


@strawberry.type(description="A page of mayors' committees.")
class MayorsCommitteeConnection(Connection[MayorsCommittee]):
    pass


@strawberry.type(description="One mayor's seat on a mayors' committee, for a span of days.")
class CommitteeMembership:
    id: strawberry.ID = strawberry.field(description="The seat's id.")
    role: CommitteeRole = strawberry.field(description="Chair or member.")
    started_on: date = strawberry.field(description="First day in the seat (ISO date).")
    ended_on: date | None = strawberry.field(description="Last day in the seat; null if held now.")
    mayor_id: strawberry.Private[int]
    committee_id: strawberry.Private[int]

    @classmethod
    def from_row(cls, row: Row[Any]) -> Self:
        return cls(
            id=strawberry.ID(str(row.id)),
            role=CommitteeRole(row.role),
            started_on=row.started_on,
            ended_on=row.ended_on,
            mayor_id=row.mayor_id,
            committee_id=row.committee_id,
        )

    @strawberry.field(description="True while the seat is held.")
    def is_active(self) -> bool:
        return self.ended_on is None

    @strawberry.field(description="The mayor in the seat.")
    async def mayor(self, info: Info) -> Mayor:
        row = await info.context.loaders.mayor.load(self.mayor_id)
        assert row is not None
        return Mayor.from_row(row)

    @strawberry.field(description="The committee the seat belongs to.")
    async def committee(self, info: Info) -> MayorsCommittee:
        row = await info.context.loaders.committee.load(self.committee_id)
        assert row is not None
        return MayorsCommittee.from_row(row)


@strawberry.federation.type(
    keys=["id"],
    description=(
        "پیش‌نویس دستورالعمل / بخشنامه: a municipality's needs, proposals or issues, written as a "
        "draft directive or circular and sent to the Ministry of Interior."
    ),
)
class DraftDirective:
    id: strawberry.ID = strawberry.field(description="The draft's id.")
    kind: DraftKind = strawberry.field(description="Directive or circular.")
    status: DraftStatus = strawberry.field(description="Where the draft stands now.")
    title: str = strawberry.field(description="Title, in Persian.")
    body: str = strawberry.field(description="Full text, in Persian.")
    version: int = strawberry.field(
        description="Grows by one with every change; edits name the version they were based on."
    )
    created_at: datetime = strawberry.field(description="When it was first written (UTC).")
    updated_at: datetime = strawberry.field(description="When it last changed (UTC).")
    submitted_at: datetime | None = strawberry.field(
        description="When its office submitted it (UTC); null if never submitted."
    )
    is_sample: bool = strawberry.field(
        description="True for invented sample data shipped for trying the service out."
    )
    municipality_id: strawberry.Private[int]

    @classmethod
    def from_row(cls, row: Row[Any]) -> Self:
        return cls(
            id=strawberry.ID(str(row.id)),
            kind=DraftKind(row.kind),
            status=DraftStatus(row.status),
            title=row.title,
            body=row.body,
            version=row.version,
            created_at=row.created_at,
            updated_at=row.updated_at,
            submitted_at=row.submitted_at,
            is_sample=row.is_sample,
            municipality_id=row.municipality_id,
        )

    @classmethod
    async def resolve_reference(cls, info: Info, id: strawberry.ID) -> Self | None:
        row = await info.context.loaders.draft_directive.load(parse_id(id, kind="DraftDirective"))
        return cls.from_row(row) if row is not None else None

    @strawberry.field(description="The day it was first written, Solar Hijri (Tehran time).")
    def created_on_solar_hijri(self) -> str:
        return solar_hijri(self.created_at) or ""

    @strawberry.field(description="The day it was submitted, Solar Hijri; null if never.")
    def submitted_on_solar_hijri(self) -> str | None:
        return solar_hijri(self.submitted_at)

    @strawberry.field(description="The municipality that wrote it.")
    async def municipality(self, info: Info) -> Municipality:
        row = await info.context.loaders.municipality.load(self.municipality_id)
        assert row is not None
        return Municipality.from_row(row)

    @strawberry.field(description="Its recorded history, oldest step first; never rewritten.")
    async def events(self, info: Info) -> list[DraftDirectiveEvent]:
        rows = await info.context.loaders.events_of_draft_directive.load(int(self.id))
        return [DraftDirectiveEvent.from_row(row) for row in rows]

    @strawberry.field(
        description="The committee's votes on its current submission, earliest first."
    )
    async def committee_votes(
        self, info: Info
    ) -> list[Annotated[CommitteeVote, strawberry.lazy("schema.municipalities.workflow")]]:
        from schema.municipalities.workflow import CommitteeVote

        rows = await info.context.workflow.votes_of_draft.load(int(self.id))
        return [CommitteeVote.from_row(row) for row in rows]

    @strawberry.field(
        description="The chair's consolidated summary of its current submission; null if none."
    )
    async def committee_summary(
        self, info: Info
    ) -> Annotated[CommitteeSummary, strawberry.lazy("schema.municipalities.workflow")] | None:
        from schema.municipalities.workflow import CommitteeSummary

        row = await info.context.workflow.summary_of_draft.load(int(self.id))
        return CommitteeSummary.from_row(row) if row is not None else None

    @strawberry.field(
        description="The national circular it was adopted into; null until adopted.",
        metadata=contributed_by(Subgraph.MINISTRY),
    )
    async def national_circular(
        self, info: Info
    ) -> Annotated[NationalCircular, strawberry.lazy("schema.ministry.circulars")] | None:
        from schema.ministry.circulars import NationalCircular

        row = await info.context.workflow.circular_of_draft.load(int(self.id))
        return NationalCircular.from_row(row) if row is not None else None


@strawberry.type(description="A page of draft directives.")
class DraftDirectiveConnection(Connection[DraftDirective]):
    pass


@strawberry.type(description="One step in a draft's life: who moved it, when, where, and why.")
class DraftDirectiveEvent:
    id: strawberry.ID = strawberry.field(description="The event's id.")
    occurred_at: datetime = strawberry.field(description="When it happened (UTC).")
    actor: str = strawberry.field(
        description="Who acted: a mayor's office, the committee, a ministry reviewer."
    )
    from_status: DraftStatus | None = strawberry.field(
        description="The status before; null for the step that created the draft."
    )
    to_status: DraftStatus = strawberry.field(description="The status after.")
    reason: str | None = strawberry.field(
        description="Why, where the step needs a reason (returns, rejections, withdrawals)."
    )
    draft_directive_id: strawberry.Private[int]

    @classmethod
    def from_row(cls, row: Row[Any]) -> Self:
        return cls(
            id=strawberry.ID(str(row.id)),
            occurred_at=row.occurred_at,
            actor=row.actor,
            from_status=DraftStatus(row.from_status) if row.from_status is not None else None,
            to_status=DraftStatus(row.to_status),
            reason=row.reason,
            draft_directive_id=row.draft_directive_id,
        )

    @strawberry.field(description="The day it happened, Solar Hijri (Tehran time).")
    def occurred_on_solar_hijri(self) -> str:
        return solar_hijri(self.occurred_at) or ""

    @strawberry.field(description="The draft this step belongs to.")
    async def draft_directive(self, info: Info) -> DraftDirective:
        row = await info.context.loaders.draft_directive.load(self.draft_directive_id)
        assert row is not None
        return DraftDirective.from_row(row)


@strawberry.type(
    description=(
        "نشست هم‌اندیشی: a joint session of mayors. Five municipalities volunteered to host a "
        "round of them through the year; Qom hosted the first."
    )
)
class JointSession:
    id: strawberry.ID = strawberry.field(description="The session's id.")
    sequence: int = strawberry.field(description="Its place in the round: 1 for the first.")
    held_on: date | None = strawberry.field(
        description="The day it was held (ISO date); null where the day is not known."
    )
    title: str = strawberry.field(description="Its title, in Persian.")
    is_sample: bool = strawberry.field(
        description="True for a sample host; false for a host the seeds name (Qom)."
    )
    host_municipality_id: strawberry.Private[int]

    @classmethod
    def from_row(cls, row: Row[Any]) -> Self:
        return cls(
            id=strawberry.ID(str(row.id)),
            sequence=row.sequence,
            held_on=row.held_on,
            title=row.title,
            is_sample=row.is_sample,
            host_municipality_id=row.host_municipality_id,
        )

    @strawberry.field(description="The municipality hosting it.")
    async def host(self, info: Info) -> Municipality:
        row = await info.context.loaders.municipality.load(self.host_municipality_id)
        assert row is not None
        return Municipality.from_row(row)
