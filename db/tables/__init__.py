"""The tables of every domain. Importing this package registers them all on `SQLModel.metadata`.

Besides the row classes (sqlmodel), each table is here as a SQLAlchemy `Table` under its own
name (`province`, `draft`, …): SQL is written against those."""

from sqlalchemy import Table
from sqlmodel import SQLModel

from db.tables.calendar import SolarHijriDayRow, calendar
from db.tables.councils import (
    AssemblyMeetingKind,
    AssemblyMeetingParticipantRow,
    AssemblyMeetingRow,
    BillStatus,
    CityCouncilRow,
    CouncilMemberRole,
    CouncilMemberRow,
    CouncilResolutionRow,
    CouncilsAssemblyRow,
    CouncilTermRow,
    GovernmentBillRow,
)
from db.tables.idempotency import IdempotencyKeyRow
from db.tables.ministry import (
    NationalCircularRow,
    NationalCircularSourceRow,
    ObligationCategoryRow,
    ObligationTransferRow,
    SocialSecurityObligationRow,
)
from db.tables.municipalities import (
    CommitteeMembershipRow,
    CommitteeRole,
    CommitteeSummaryRow,
    CommitteeVoteChoice,
    CommitteeVoteRow,
    DraftDirectiveEventRow,
    DraftDirectiveRow,
    DraftKind,
    DraftStatus,
    JointSessionRow,
    MayorRow,
    MayorsCommitteeRow,
    MunicipalityKind,
    MunicipalityRow,
    ProvinceRow,
)


def _table(row: type[SQLModel]) -> Table:
    table: Table = row.__table__  # type: ignore[attr-defined]
    return table


province = _table(ProvinceRow)
municipality = _table(MunicipalityRow)
mayor = _table(MayorRow)
committee = _table(MayorsCommitteeRow)
membership = _table(CommitteeMembershipRow)
draft = _table(DraftDirectiveRow)
event = _table(DraftDirectiveEventRow)
vote = _table(CommitteeVoteRow)
summary = _table(CommitteeSummaryRow)
joint_session = _table(JointSessionRow)
category = _table(ObligationCategoryRow)
obligation = _table(SocialSecurityObligationRow)
transfer = _table(ObligationTransferRow)
circular = _table(NationalCircularRow)
circular_source = _table(NationalCircularSourceRow)
council_term = _table(CouncilTermRow)
council = _table(CityCouncilRow)
council_member = _table(CouncilMemberRow)
assembly = _table(CouncilsAssemblyRow)
meeting = _table(AssemblyMeetingRow)
participant = _table(AssemblyMeetingParticipantRow)
resolution = _table(CouncilResolutionRow)
bill = _table(GovernmentBillRow)
idempotency_key = _table(IdempotencyKeyRow)

__all__ = [
    "AssemblyMeetingKind",
    "AssemblyMeetingParticipantRow",
    "AssemblyMeetingRow",
    "BillStatus",
    "CityCouncilRow",
    "CommitteeMembershipRow",
    "CommitteeRole",
    "CommitteeSummaryRow",
    "CommitteeVoteChoice",
    "CommitteeVoteRow",
    "CouncilMemberRole",
    "CouncilMemberRow",
    "CouncilResolutionRow",
    "CouncilTermRow",
    "CouncilsAssemblyRow",
    "DraftDirectiveEventRow",
    "DraftDirectiveRow",
    "DraftKind",
    "DraftStatus",
    "GovernmentBillRow",
    "IdempotencyKeyRow",
    "JointSessionRow",
    "MayorRow",
    "MayorsCommitteeRow",
    "MunicipalityKind",
    "MunicipalityRow",
    "NationalCircularRow",
    "NationalCircularSourceRow",
    "ObligationCategoryRow",
    "ObligationTransferRow",
    "ProvinceRow",
    "SocialSecurityObligationRow",
    "SolarHijriDayRow",
    "assembly",
    "bill",
    "calendar",
    "category",
    "circular",
    "circular_source",
    "committee",
    "council",
    "council_member",
    "council_term",
    "draft",
    "event",
    "idempotency_key",
    "joint_session",
    "mayor",
    "meeting",
    "membership",
    "municipality",
    "obligation",
    "participant",
    "province",
    "resolution",
    "summary",
    "transfer",
    "vote",
]
