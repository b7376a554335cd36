"""The tables of every domain. Importing this package registers them all on `SQLModel.metadata`.

Besides the row classes (sqlmodel), each table is here as a SQLAlchemy `Table` under its own
name (`province`, `draft`, …): SQL is written against those."""

from sqlalchemy import Table
from sqlmodel import SQLModel

from db.tables.associations import (
    CLOSED_TOPIC_STATUSES,
    AssemblyCommissionRow,
    AssemblyMilestoneRow,
    CommissionBodyKind,
    CommissionBodyRow,
    CommissionDutyRow,
    CommissionFollowUpRow,
    CommissionMeetingRow,
    CommissionResolutionRow,
    CommissionTopicRow,
    ElectionStatus,
    MetropolisesAssemblyRow,
    MunicipalUnionRow,
    ResolutionState,
    TopicPriority,
    TopicStatus,
    UnionBallotMarkRow,
    UnionCandidateRow,
    UnionElectionEventRow,
    UnionElectionResultRow,
    UnionElectionRow,
    UnionElectionSeatRow,
    UnionMemberRow,
    UnionOffice,
    UnionOfficerRow,
    UnionParticipationRow,
)
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
    CouncilsAssemblyParticipantRow,
    CouncilsAssemblyRow,
    CouncilTermRow,
    GovernmentBillRow,
)
from db.tables.documents import (
    AttachmentOwnerKind,
    AttachmentRow,
    DocumentVersionRow,
    DraftCommentRow,
    VersionedKind,
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
assembly_participant = _table(CouncilsAssemblyParticipantRow)
resolution = _table(CouncilResolutionRow)
bill = _table(GovernmentBillRow)
idempotency_key = _table(IdempotencyKeyRow)
municipal_union = _table(MunicipalUnionRow)
union_member = _table(UnionMemberRow)
union_election = _table(UnionElectionRow)
union_seat = _table(UnionElectionSeatRow)
union_candidate = _table(UnionCandidateRow)
union_election_event = _table(UnionElectionEventRow)
union_participation = _table(UnionParticipationRow)
union_ballot_mark = _table(UnionBallotMarkRow)
union_result = _table(UnionElectionResultRow)
union_officer = _table(UnionOfficerRow)
metropolises_assembly = _table(MetropolisesAssemblyRow)
assembly_milestone = _table(AssemblyMilestoneRow)
assembly_commission = _table(AssemblyCommissionRow)
commission_body = _table(CommissionBodyRow)
commission_duty = _table(CommissionDutyRow)
commission_meeting = _table(CommissionMeetingRow)
commission_topic = _table(CommissionTopicRow)
commission_resolution = _table(CommissionResolutionRow)
commission_follow_up = _table(CommissionFollowUpRow)
document_version = _table(DocumentVersionRow)
attachment = _table(AttachmentRow)
draft_comment = _table(DraftCommentRow)

__all__ = [
    "CLOSED_TOPIC_STATUSES",
    "AssemblyCommissionRow",
    "AssemblyMeetingKind",
    "AssemblyMeetingParticipantRow",
    "AssemblyMeetingRow",
    "AssemblyMilestoneRow",
    "AttachmentOwnerKind",
    "AttachmentRow",
    "BillStatus",
    "CityCouncilRow",
    "CommissionBodyKind",
    "CommissionBodyRow",
    "CommissionDutyRow",
    "CommissionFollowUpRow",
    "CommissionMeetingRow",
    "CommissionResolutionRow",
    "CommissionTopicRow",
    "CommitteeMembershipRow",
    "CommitteeRole",
    "CommitteeSummaryRow",
    "CommitteeVoteChoice",
    "CommitteeVoteRow",
    "CouncilMemberRole",
    "CouncilMemberRow",
    "CouncilResolutionRow",
    "CouncilTermRow",
    "CouncilsAssemblyParticipantRow",
    "CouncilsAssemblyRow",
    "DocumentVersionRow",
    "DraftCommentRow",
    "DraftDirectiveEventRow",
    "DraftDirectiveRow",
    "DraftKind",
    "DraftStatus",
    "ElectionStatus",
    "GovernmentBillRow",
    "IdempotencyKeyRow",
    "JointSessionRow",
    "MayorRow",
    "MayorsCommitteeRow",
    "MetropolisesAssemblyRow",
    "MunicipalUnionRow",
    "MunicipalityKind",
    "MunicipalityRow",
    "NationalCircularRow",
    "NationalCircularSourceRow",
    "ObligationCategoryRow",
    "ObligationTransferRow",
    "ProvinceRow",
    "ResolutionState",
    "SocialSecurityObligationRow",
    "SolarHijriDayRow",
    "TopicPriority",
    "TopicStatus",
    "UnionBallotMarkRow",
    "UnionCandidateRow",
    "UnionElectionEventRow",
    "UnionElectionResultRow",
    "UnionElectionRow",
    "UnionElectionSeatRow",
    "UnionMemberRow",
    "UnionOffice",
    "UnionOfficerRow",
    "UnionParticipationRow",
    "VersionedKind",
    "assembly",
    "assembly_commission",
    "assembly_milestone",
    "assembly_participant",
    "attachment",
    "bill",
    "calendar",
    "category",
    "circular",
    "circular_source",
    "commission_body",
    "commission_duty",
    "commission_follow_up",
    "commission_meeting",
    "commission_resolution",
    "commission_topic",
    "committee",
    "council",
    "council_member",
    "council_term",
    "document_version",
    "draft",
    "draft_comment",
    "event",
    "idempotency_key",
    "joint_session",
    "mayor",
    "meeting",
    "membership",
    "metropolises_assembly",
    "municipal_union",
    "municipality",
    "obligation",
    "participant",
    "province",
    "resolution",
    "summary",
    "transfer",
    "union_ballot_mark",
    "union_candidate",
    "union_election",
    "union_election_event",
    "union_member",
    "union_officer",
    "union_participation",
    "union_result",
    "union_seat",
    "vote",
]
