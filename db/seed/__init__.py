"""The data that ships with the service: reference facts (`reference`), then SAMPLE data (`sample`).

`seed` fills empty tables with SQLAlchemy Core bulk inserts, in dependency order and in chunks, on the
caller's connection and inside the caller's transaction: it never begins nor commits one.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Iterator
from datetime import datetime

from sqlalchemy import Table, select, text
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlmodel import SQLModel

from core.text import normalize_text
from db import elections, search
from db.documents import add_first_versions
from db.seed import article100, associations, neighbourhoods, reference
from db.seed import meetings as meeting_seed
from db.seed.sample import (
    DEFAULT_ANCHOR,
    NATIONAL,
    SHIPPED,
    MunicipalityInfo,
    Row,
    SampleSize,
    assembly_rows,
    bill_rows,
    committee_rows,
    council_rows,
    council_term_rows,
    draft_rows,
    extra_municipality_rows,
    joint_session_rows,
    mayor_rows,
    obligation_category_rows,
    obligation_rows,
    place_keys,
    resolution_rows,
)
from db.tables import (
    A100AgendaItemRow,
    A100AttendanceRow,
    A100CaseEventRow,
    A100CaseRow,
    A100CommissionRow,
    A100ExecutionTaskRow,
    A100MeetingParticipantRow,
    A100MemberRow,
    A100PartyRow,
    A100SessionRow,
    A100StrategicMeetingRow,
    A100VerdictMemberRow,
    A100VerdictRow,
    A100ViolationKindRow,
    A100ViolationRow,
    AssemblyAgendaItemRow,
    AssemblyCommissionRow,
    AssemblyMeetingParticipantRow,
    AssemblyMeetingRow,
    AssemblyMilestoneRow,
    AttachmentRow,
    BoardMeetingRow,
    CityCouncilRow,
    CityDistrictRow,
    CommissionAgendaItemRow,
    CommissionBodyRow,
    CommissionDutyRow,
    CommissionFollowUpRow,
    CommissionMeetingRow,
    CommissionResolutionRow,
    CommissionTopicRow,
    CommitteeMembershipRow,
    CouncilDirectiveRow,
    CouncilDirectiveScopeRow,
    CouncilMemberRow,
    CouncilResolutionRow,
    CouncilsAssemblyParticipantRow,
    CouncilsAssemblyRow,
    CouncilTermRow,
    DistrictAreaRow,
    DistrictPostRow,
    DocumentVersionRow,
    DraftCommentRow,
    DraftDirectiveEventRow,
    DraftDirectiveRow,
    EscalationEventRow,
    EscalationRow,
    GovernmentBillRow,
    JointSessionAgendaItemRow,
    JointSessionAttendanceRow,
    JointSessionRow,
    MayorRow,
    MayorsCommitteeRow,
    MetropolisesAssemblyRow,
    MunicipalityKind,
    MunicipalityRow,
    MunicipalUnionRow,
    NeighbourhoodCouncilRow,
    NeighbourhoodRow,
    ObligationCategoryRow,
    ObligationTransferRow,
    ProvinceRow,
    SearchDocumentRow,
    SmallProjectEventRow,
    SmallProjectRow,
    SmallProjectSignatureRow,
    SocialSecurityObligationRow,
    UnionBallotMarkRow,
    UnionCandidateRow,
    UnionElectionEventRow,
    UnionElectionResultRow,
    UnionElectionRow,
    UnionElectionSeatRow,
    UnionMemberRow,
    UnionOfficerRow,
    UnionParticipationRow,
    WorkingGroupAttendanceRow,
    WorkingGroupMeetingRow,
    WorkingGroupRow,
)

__all__ = ["DEFAULT_ANCHOR", "NATIONAL", "SHIPPED", "SampleSize", "is_empty", "reset", "seed"]

#: Rows per INSERT … executemany.
CHUNK_ROWS = 5_000


def _table(model: type[SQLModel]) -> Table:
    table = model.__table__  # type: ignore[attr-defined]  # set by SQLModel for table=True models
    assert isinstance(table, Table)
    return table


# Parents before children.
_TABLES: tuple[Table, ...] = tuple(
    _table(model)
    for model in (
        ProvinceRow,
        MunicipalityRow,
        MayorRow,
        MayorsCommitteeRow,
        CommitteeMembershipRow,
        DraftDirectiveRow,
        DraftDirectiveEventRow,
        ObligationCategoryRow,
        SocialSecurityObligationRow,
        ObligationTransferRow,
        JointSessionRow,
        CouncilTermRow,
        CityCouncilRow,
        CouncilMemberRow,
        CouncilsAssemblyRow,
        AssemblyMeetingRow,
        AssemblyMeetingParticipantRow,
        CouncilsAssemblyParticipantRow,
        CouncilResolutionRow,
        GovernmentBillRow,
        MunicipalUnionRow,
        UnionMemberRow,
        UnionElectionRow,
        UnionElectionSeatRow,
        UnionCandidateRow,
        UnionElectionEventRow,
        UnionParticipationRow,
        UnionBallotMarkRow,
        UnionElectionResultRow,
        UnionOfficerRow,
        MetropolisesAssemblyRow,
        AssemblyCommissionRow,
        CommissionBodyRow,
        CommissionDutyRow,
        CommissionMeetingRow,
        AssemblyMilestoneRow,
        CommissionTopicRow,
        CommissionResolutionRow,
        CommissionFollowUpRow,
        CityDistrictRow,
        DistrictAreaRow,
        NeighbourhoodRow,
        NeighbourhoodCouncilRow,
        WorkingGroupRow,
        DistrictPostRow,
        WorkingGroupMeetingRow,
        WorkingGroupAttendanceRow,
        BoardMeetingRow,
        EscalationRow,
        EscalationEventRow,
        CouncilDirectiveRow,
        CouncilDirectiveScopeRow,
        SmallProjectRow,
        SmallProjectSignatureRow,
        SmallProjectEventRow,
        A100ViolationKindRow,
        A100StrategicMeetingRow,
        A100MeetingParticipantRow,
        A100CommissionRow,
        A100MemberRow,
        A100SessionRow,
        A100AttendanceRow,
        A100PartyRow,
        A100CaseRow,
        A100ViolationRow,
        A100CaseEventRow,
        A100AgendaItemRow,
        A100VerdictRow,
        A100VerdictMemberRow,
        A100ExecutionTaskRow,
        JointSessionAttendanceRow,
        JointSessionAgendaItemRow,
        AssemblyAgendaItemRow,
        CommissionAgendaItemRow,
        DocumentVersionRow,
        AttachmentRow,
        DraftCommentRow,
        SearchDocumentRow,
    )
)


async def is_empty(conn: AsyncConnection) -> bool:
    """True when the province table has no row (nothing has been seeded)."""
    result = await conn.execute(select(_table(ProvinceRow).c.id).limit(1))
    return result.first() is None


async def reset(conn: AsyncConnection) -> None:
    """Delete every row of every table, children first (for `seed --replace`)."""
    for table in reversed(_TABLES):
        await conn.execute(table.delete())


def province_rows() -> list[Row]:
    """The 31 provinces, ids 1..31 in `reference.PROVINCES` order."""
    rows: list[Row] = []
    for number, province in enumerate(reference.PROVINCES, start=1):
        name_fa = normalize_text(province.name_fa)
        rows.append(
            {
                "id": number,
                "name_fa": name_fa,
                "name_en": province.name_en,
                **place_keys(name_fa, province.name_en),
            }
        )
    return rows


def reference_municipality_rows(provinces: list[Row]) -> list[Row]:
    """The real municipalities, ids 1..n in `reference.MUNICIPALITIES` order."""
    province_ids = {row["name_en"]: row["id"] for row in provinces}
    centres = {p.centre_en: p.name_en for p in reference.PROVINCES}
    rows: list[Row] = []
    for number, municipality in enumerate(reference.MUNICIPALITIES, start=1):
        is_centre = municipality.is_provincial_centre
        if is_centre != (centres.get(municipality.name_en) == municipality.province_en):
            raise ValueError(f"reference: {municipality.name_en} disagrees with its province")
        if (municipality.kind is MunicipalityKind.CITY) == is_centre:
            raise ValueError(f"reference: {municipality.name_en} has the wrong kind")
        name_fa = normalize_text(municipality.name_fa)
        rows.append(
            {
                "id": number,
                "province_id": province_ids[municipality.province_en],
                "name_fa": name_fa,
                "name_en": municipality.name_en,
                **place_keys(name_fa, municipality.name_en),
                "kind": municipality.kind.value,
                "is_provincial_centre": is_centre,
                "population": municipality.population,
                "is_sample": False,
            }
        )
    return rows


class _Writer:
    """Buffers rows per table and sends them as executemany INSERTs of `CHUNK_ROWS` rows."""

    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn
        self.counts: dict[str, int] = {table.name: 0 for table in _TABLES}
        self._buffers: dict[str, list[Row]] = {table.name: [] for table in _TABLES}

    def add(self, table: Table, rows: Iterable[Row]) -> bool:
        """Buffer rows; True when the table's buffer is full and should be flushed."""
        buffer = self._buffers[table.name]
        buffer.extend(rows)
        return len(buffer) >= CHUNK_ROWS

    async def flush(self, *tables: Table) -> None:
        """Send the tables' buffers, in the order given (parents first)."""
        for table in tables:
            buffer = self._buffers[table.name]
            if buffer:
                await self.conn.execute(table.insert(), buffer)
                self.counts[table.name] += len(buffer)
                self._buffers[table.name] = []

    async def insert(self, table: Table, rows: Iterable[Row]) -> None:
        for row in rows:
            if self.add(table, (row,)):
                await self.flush(table)
        await self.flush(table)

    async def insert_families(
        self, parent: Table, child: Table, families: Iterator[tuple[Row, list[Row]]]
    ) -> None:
        """Stream (parent row, its child rows) pairs, a chunk at a time, parents before children.

        The next chunk is generated in a worker thread while the current one is being inserted, so
        that Python work overlaps the database's. The iterator is only ever advanced by one thread
        at a time, in order, so the rows do not depend on the timing.
        """
        await self.flush(parent, child)
        upcoming = asyncio.create_task(asyncio.to_thread(_take_families, families))
        while True:
            parents, children = await upcoming
            if not parents:
                return
            upcoming = asyncio.create_task(asyncio.to_thread(_take_families, families))
            try:
                self.add(parent, parents)
                self.add(child, children)
                await self.flush(parent, child)
            except BaseException:
                upcoming.cancel()
                raise


def _take_families(families: Iterator[tuple[Row, list[Row]]]) -> tuple[list[Row], list[Row]]:
    """The next chunk: parents and children until either reaches `CHUNK_ROWS` (empty at the end)."""
    parents: list[Row] = []
    children: list[Row] = []
    for row, its_children in families:
        parents.append(row)
        children.extend(its_children)
        if len(parents) >= CHUNK_ROWS or len(children) >= CHUNK_ROWS:
            break
    return parents, children


async def seed(
    conn: AsyncConnection,
    size: SampleSize = SHIPPED,
    *,
    rng_seed: int = 1403,
    anchor: datetime = DEFAULT_ANCHOR,
) -> dict[str, int]:
    """Insert the reference data, then the SAMPLE data of `size`, into empty tables.

    Runs on the caller's connection and transaction (it never begins or commits). Ids are given
    explicitly; on PostgreSQL each table's id sequence is moved past them afterwards. The sample is a
    pure function of (`size`, `rng_seed`, `anchor`). Returns the number of rows inserted per table.
    """
    if anchor.tzinfo is None:
        raise ValueError("anchor must be an aware datetime")
    if not await is_empty(conn):
        raise RuntimeError("seed() needs empty tables: the province table already has rows")
    (
        provinces,
        municipalities,
        mayors,
        committees,
        memberships,
        drafts,
        events,
        categories,
        obligations,
        transfers,
        joint_sessions,
        terms,
        councils,
        council_members,
        assemblies,
        meetings,
        _meeting_participants,
        assembly_participants,
        resolutions,
        bills,
        *_,
    ) = _TABLES
    writer = _Writer(conn)

    province_data = province_rows()
    await writer.insert(provinces, province_data)

    municipality_data = reference_municipality_rows(province_data)
    municipality_data += extra_municipality_rows(
        size,
        [row["id"] for row in province_data],
        first_id=len(municipality_data) + 1,
        rng_seed=rng_seed,
    )
    await writer.insert(municipalities, municipality_data)
    infos = [
        MunicipalityInfo(
            id=row["id"],
            province_id=row["province_id"],
            name_fa=row["name_fa"],
            kind=row["kind"],
            population=row["population"],
            name_en=row["name_en"],
        )
        for row in municipality_data
    ]
    del municipality_data

    mayor_data = mayor_rows(infos, size, rng_seed=rng_seed, anchor=anchor)
    await writer.insert(mayors, mayor_data)
    committee_data, membership_data = committee_rows(
        infos, mayor_data, rng_seed=rng_seed, anchor=anchor
    )
    await writer.insert(committees, committee_data)
    await writer.insert(memberships, membership_data)
    del mayor_data

    await writer.insert_families(
        drafts, events, draft_rows(infos, size, rng_seed=rng_seed, anchor=anchor)
    )
    if conn.dialect.name == "postgresql":
        # Statistics of the history just loaded: without them the planner answers each draft's
        # first step with a bitmap AND of every first step in the table (quadratic: hours at
        # national scale) instead of a probe of the draft's own steps.
        await conn.execute(text("ANALYZE draft_directive, draft_directive_event"))
    writer.counts["document_version"] = await add_first_versions(conn)

    category_data = obligation_category_rows()
    await writer.insert(categories, category_data)
    await writer.insert_families(
        obligations,
        transfers,
        obligation_rows(
            infos, [row["id"] for row in category_data], size, rng_seed=rng_seed, anchor=anchor
        ),
    )

    joint_sessions_data = joint_session_rows(infos, rng_seed=rng_seed)
    await writer.insert(joint_sessions, joint_sessions_data)

    term_data = council_term_rows()
    await writer.insert(terms, term_data)
    term_id = term_data[0]["id"]
    council_data, member_data = council_rows(infos, term_id, rng_seed=rng_seed)
    await writer.insert(councils, council_data)
    await writer.insert(council_members, member_data)
    assembly_data, meeting_data, participant_data = assembly_rows(council_data, infos, term_id)
    await writer.insert(assemblies, assembly_data)
    await writer.insert(meetings, meeting_data)
    await writer.insert(assembly_participants, participant_data)
    await writer.insert(
        resolutions,
        resolution_rows(council_data, infos, size, rng_seed=rng_seed, anchor=anchor),
    )
    await writer.insert(bills, bill_rows())
    await _seed_associations(writer, infos, bool(joint_sessions_data), rng_seed, anchor)
    await _seed_neighbourhoods(writer, infos, size, rng_seed, anchor)
    await _seed_article100(writer, infos, size, rng_seed, anchor)
    tables = {table.name: table for table in _TABLES}
    for name, meeting_data in (await meeting_seed.meeting_rows(conn)).items():
        await writer.insert(tables[name], meeting_data)
    await meeting_seed.record_minutes(conn)
    # Last: the index reads every document written above.
    writer.counts[SearchDocumentRow.__tablename__] = sum(
        (await conn.run_sync(search.rebuild)).values()
    )

    if conn.dialect.name == "postgresql":
        for table in (table for table in _TABLES if "id" in table.c):
            # Table names are this module's constants, never input.
            await conn.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'),"
                    f" COALESCE((SELECT MAX(id) FROM {table.name}), 1),"
                    f" (SELECT MAX(id) FROM {table.name}) IS NOT NULL)"
                )
            )
    return writer.counts


async def _seed_associations(
    writer: _Writer,
    infos: list[MunicipalityInfo],
    has_session: bool,
    rng_seed: int,
    anchor: datetime,
) -> None:
    """The union of municipalities and its sample election (counted and seated by the service's
    own statements), then the Assembly of Mayors and its commission."""
    tables = {table.name: table for table in _TABLES}
    await writer.insert(tables["municipal_union"], associations.union_rows(has_session))
    election = associations.sample_election_rows(infos, rng_seed=rng_seed, anchor=anchor)
    for name, rows in (
        ("union_member", election.members),
        ("union_election", election.elections),
        ("union_election_seat", election.seats),
        ("union_candidate", election.candidates),
        ("union_election_event", election.events),
        ("union_participation", election.participation),
        ("union_ballot_mark", election.marks),
    ):
        await writer.insert(tables[name], rows)
    for row in election.elections:
        await elections.count(writer.conn, row["id"])
        await elections.seat_officers(writer.conn, row["id"], row["certified_at"].date())

    assembly = associations.assembly_rows(infos)
    associations.sample_commission_rows(assembly, infos, rng_seed=rng_seed, anchor=anchor)
    for name, rows in (
        ("metropolises_assembly", assembly.assemblies),
        ("assembly_commission", assembly.commissions),
        ("commission_body", assembly.bodies),
        ("commission_duty", assembly.duties),
        ("commission_meeting", assembly.meetings),
        ("assembly_milestone", assembly.milestones),
        ("commission_topic", assembly.topics),
        ("commission_resolution", assembly.resolutions),
        ("commission_follow_up", assembly.follow_ups),
    ):
        await writer.insert(tables[name], rows)


async def _seed_neighbourhoods(
    writer: _Writer,
    infos: list[MunicipalityInfo],
    size: SampleSize,
    rng_seed: int,
    anchor: datetime,
) -> None:
    """Tehran's districts and the neighbourhood councils of `size.council_districts`; the small
    projects' submissions, signatures and returns replayed through the database's own rules."""
    tehran = next((info for info in infos if info.name_en == "Tehran"), None)
    if tehran is None:
        return
    tables = {table.name: table for table in _TABLES}
    data = neighbourhoods.neighbourhood_rows(
        tehran.id,
        full_districts=size.council_districts,
        projects_per_district=size.projects_per_district,
        rng_seed=rng_seed,
        anchor=anchor,
    )
    for name, rows in (
        ("city_district", data.districts),
        ("district_area", data.areas),
        ("neighbourhood", data.neighbourhoods),
        ("neighbourhood_council", data.councils),
        ("working_group", data.working_groups),
        ("district_post", data.posts),
        ("working_group_meeting", data.meetings),
        ("working_group_attendance", data.attendance),
        ("board_meeting", data.board_meetings),
        ("escalation", data.escalations),
        ("escalation_event", data.escalation_events),
        ("council_directive", data.directives),
        ("council_directive_scope", data.directive_scopes),
        (
            "small_project",
            [{k: v for k, v in row.items() if k != "_final"} for row in data.projects],
        ),
    ):
        await writer.insert(tables[name], rows)
    await neighbourhoods.replay_projects(
        writer.conn, data, writer.insert, tables["small_project_signature"]
    )
    await writer.insert(tables["small_project_event"], data.project_events)


#: The order a batch of Article 100 case families is written in (parents first).
_A100_FAMILY_TABLES = (
    "a100_session",
    "a100_attendance",
    "a100_party",
    "a100_case",
    "a100_violation",
    "a100_case_event",
    "a100_agenda_item",
    "a100_verdict",
    "a100_verdict_member",
    "a100_execution_task",
)


async def _seed_article100(
    writer: _Writer,
    infos: list[MunicipalityInfo],
    size: SampleSize,
    rng_seed: int,
    anchor: datetime,
) -> None:
    """The violation kinds and seed 003's meeting (facts), then sample commissions and cases of
    every metropolis in every stage (a batch of families at a time, parents first)."""
    tables = {table.name: table for table in _TABLES}
    metropolises = [info for info in infos if info.kind == MunicipalityKind.METROPOLIS.value]
    tabriz = next((info.id for info in infos if info.name_en == article100.TABRIZ_EN), None)
    data = article100.reference_rows(tabriz)
    layout = article100.commission_rows(
        data, [(info.id, info.name_en) for info in metropolises], rng_seed, anchor
    )
    for name, rows in (
        ("a100_violation_kind", data.kinds),
        ("a100_strategic_meeting", data.meetings),
        ("a100_meeting_participant", data.participants),
        ("a100_commission", data.commissions),
        ("a100_member", data.members),
    ):
        await writer.insert(tables[name], rows)
    members: dict[int, list[tuple[int, str]]] = {}
    for row in data.members:
        members.setdefault(row["commission_id"], []).append((row["id"], row["seat"]))
    cities = [
        (
            info.id,
            max(3, min(22, (info.population or 0) // 200_000)),
            max(40, min(300, (info.population or 0) // 15_000)),
        )
        for info in metropolises
    ]
    families = article100.case_families(
        cities,
        layout,
        members,
        size.article100_cases_per_metropolis,
        rng_seed=rng_seed,
        anchor=anchor,
    )
    order = [tables[name] for name in _A100_FAMILY_TABLES]
    full = False
    for family in families:
        for name, rows in family.items():
            full = writer.add(tables[name], rows) or full
        if full:
            await writer.flush(*order)
            full = False
    await writer.flush(*order)
