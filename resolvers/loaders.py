"""Per-request DataLoaders: every nested field reaches the database through one of these, so a
query costs one statement per level of nesting, whatever the number of rows."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Row, case, func, select
from strawberry.dataloader import DataLoader

from db.session import RequestDatabase
from db.tables import (
    AssemblyMeetingParticipantRow,
    AssemblyMeetingRow,
    CityCouncilRow,
    CommitteeMembershipRow,
    CouncilMemberRow,
    CouncilResolutionRow,
    CouncilsAssemblyRow,
    CouncilTermRow,
    DraftDirectiveEventRow,
    DraftDirectiveRow,
    GovernmentBillRow,
    JointSessionRow,
    MayorRow,
    MayorsCommitteeRow,
    MunicipalityRow,
    ObligationCategoryRow,
    ObligationTransferRow,
    ProvinceRow,
    SocialSecurityObligationRow,
)
from resolvers.listing import ListSpec, Page, PageArgs, fetch_pages

province = ProvinceRow.__table__  # type: ignore[attr-defined]
municipality = MunicipalityRow.__table__  # type: ignore[attr-defined]
mayor = MayorRow.__table__  # type: ignore[attr-defined]
committee = MayorsCommitteeRow.__table__  # type: ignore[attr-defined]
membership = CommitteeMembershipRow.__table__  # type: ignore[attr-defined]
draft = DraftDirectiveRow.__table__  # type: ignore[attr-defined]
event = DraftDirectiveEventRow.__table__  # type: ignore[attr-defined]
category = ObligationCategoryRow.__table__  # type: ignore[attr-defined]
obligation = SocialSecurityObligationRow.__table__  # type: ignore[attr-defined]
transfer = ObligationTransferRow.__table__  # type: ignore[attr-defined]
joint_session = JointSessionRow.__table__  # type: ignore[attr-defined]
council_term = CouncilTermRow.__table__  # type: ignore[attr-defined]
council = CityCouncilRow.__table__  # type: ignore[attr-defined]
council_member = CouncilMemberRow.__table__  # type: ignore[attr-defined]
assembly = CouncilsAssemblyRow.__table__  # type: ignore[attr-defined]
meeting = AssemblyMeetingRow.__table__  # type: ignore[attr-defined]
participant = AssemblyMeetingParticipantRow.__table__  # type: ignore[attr-defined]
resolution = CouncilResolutionRow.__table__  # type: ignore[attr-defined]
bill = GovernmentBillRow.__table__  # type: ignore[attr-defined]

#: The newest term of the councils: a municipality's `council` is its council in this term.
CURRENT_TERM_ID = (
    select(council_term.c.id).order_by(council_term.c.number.desc()).limit(1).scalar_subquery()
)

#: Head, deputy head, secretary, then the other members.
MEMBER_RANK = case(
    {"HEAD": 0, "DEPUTY_HEAD": 1, "SECRETARY": 2}, value=council_member.c.role, else_=3
)

RowLoader = DataLoader[int, Row[Any] | None]
RowsLoader = DataLoader[int, list[Row[Any]]]


class Loaders:
    """Made fresh for each request (never shared: their caches hold that request's view)."""

    def __init__(self, db: RequestDatabase) -> None:
        self.db = db
        self.province = self._one(province.c.id)
        self.municipality = self._one(municipality.c.id)
        self.provincial_centre = self._one(
            municipality.c.province_id, municipality.c.is_provincial_centre.is_(True)
        )
        self.mayor = self._one(mayor.c.id)
        self.current_mayor = self._one(mayor.c.municipality_id, mayor.c.term_end.is_(None))
        self.mayors_of_municipality = self._many(
            mayor.c.municipality_id, mayor.c.term_start, mayor.c.id
        )
        self.committee = self._one(committee.c.id)
        self.memberships_of_committee = self._many(
            membership.c.committee_id, membership.c.started_on, membership.c.id
        )
        self.memberships_of_mayor = self._many(
            membership.c.mayor_id, membership.c.started_on, membership.c.id
        )
        self.draft_directive = self._one(draft.c.id)
        self.events_of_draft_directive = self._many(
            event.c.draft_directive_id, event.c.occurred_at, event.c.id
        )
        self.obligation_category = self._one(category.c.id)
        self.obligation = self._one(obligation.c.id)
        self.transfers_of_obligation = self._many(
            transfer.c.obligation_id, transfer.c.transferred_on, transfer.c.id
        )
        self.collected_of_obligation: DataLoader[int, int] = DataLoader(self._collected)
        self.joint_sessions_of_host = self._many(
            joint_session.c.host_municipality_id, joint_session.c.sequence
        )
        # councils
        self.council_term = self._one(council_term.c.id)
        self.council = self._one(council.c.id)
        self.council_of_municipality = self._one(
            council.c.municipality_id, council.c.term_id == CURRENT_TERM_ID
        )
        self.members_of_council = self._many(
            council_member.c.council_id,
            MEMBER_RANK,
            council_member.c.full_name,
            council_member.c.id,
        )
        self.assembly = self._one(assembly.c.id)
        self.meeting = self._one(meeting.c.id)
        self.participants_of_meeting = self._many(participant.c.meeting_id, participant.c.id)
        self.participations_of_council = self._many(participant.c.council_id, participant.c.id)
        self.meetings_of_assembly = self._many(
            meeting.c.assembly_id, meeting.c.held_on, meeting.c.id
        )
        self.council_resolution = self._one(resolution.c.id)
        self._pages: dict[Hashable, DataLoader[int, Page]] = {}

    def _one(self, key: ColumnElement[Any], *where: ColumnElement[bool]) -> RowLoader:
        """Loads the row whose `key` column equals each key (None where there is none)."""
        table = key.table

        async def load(keys: list[int]) -> Sequence[Row[Any] | None]:
            rows = await self.db.all(select(table).where(key.in_(keys), *where))
            by_key = {row._mapping[key.name]: row for row in rows}
            return [by_key.get(k) for k in keys]

        return DataLoader(load)

    def _many(self, key: ColumnElement[Any], *order_by: ColumnElement[Any]) -> RowsLoader:
        """Loads, for each key, all rows whose `key` column equals it, in `order_by` order."""
        table = key.table

        async def load(keys: list[int]) -> Sequence[list[Row[Any]]]:
            rows = await self.db.all(select(table).where(key.in_(keys)).order_by(*order_by))
            grouped: dict[int, list[Row[Any]]] = {k: [] for k in keys}
            for row in rows:
                grouped[row._mapping[key.name]].append(row)
            return [grouped[k] for k in keys]

        return DataLoader(load)

    async def _collected(self, keys: list[int]) -> Sequence[int]:
        statement = (
            select(transfer.c.obligation_id, func.sum(transfer.c.amount).label("total"))
            .where(transfer.c.obligation_id.in_(keys))
            .group_by(transfer.c.obligation_id)
        )
        sums = {row.obligation_id: int(row.total) for row in await self.db.all(statement)}
        return [sums.get(k, 0) for k in keys]

    def pages(
        self, spec: ListSpec, parent: ColumnElement[Any], args: PageArgs, cache_key: Hashable
    ) -> DataLoader[int, Page]:
        """The loader of one page of a nested list, shared by every parent asking for the same
        page (same arguments) in this request, so all parents are served by one statement."""
        loader = self._pages.get(cache_key)
        if loader is None:

            async def load(keys: list[int]) -> Sequence[Page]:
                return await fetch_pages(self.db, spec, args, parent, keys)

            loader = self._pages[cache_key] = DataLoader(load)
        return loader
