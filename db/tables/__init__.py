"""The tables of every domain. Importing this package registers them all on `SQLModel.metadata`.

Besides the row classes (sqlmodel), each table is here as a SQLAlchemy `Table` under its own
name (`province`, `draft`, …): SQL is written against those."""

from sqlalchemy import Table
from sqlmodel import SQLModel

from db.tables.article100 import (
    ENDED_STATUSES,
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
    AppealParty,
    CaseStatus,
    CommissionLevel,
    CommissionSeat,
    MeasureUnit,
    TaskState,
    VerdictKind,
)
from db.tables.associations import (
    CLOSED_TOPIC_STATUSES,
    AssemblyCommissionRow,
    AssemblyMilestoneRow,
    CommissionAgendaItemRow,
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
    AssemblyAgendaItemRow,
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
    JointSessionAgendaItemRow,
    JointSessionAttendanceRow,
    JointSessionRow,
    MayorRow,
    MayorsCommitteeRow,
    MunicipalityKind,
    MunicipalityRow,
    ProvinceRow,
)
from db.tables.neighbourhoods import (
    AFTER_STEP,
    DEPUTY_OF_FIELD,
    DEPUTY_OFFICES,
    OPEN_ESCALATIONS,
    SIGNATURE_STEPS,
    SIGNING_STAGES,
    BoardMeetingRow,
    CityDistrictRow,
    CouncilDirectiveRow,
    CouncilDirectiveScopeRow,
    DirectiveKind,
    DistrictAreaRow,
    DistrictOffice,
    DistrictPostRow,
    EscalationEventRow,
    EscalationRow,
    EscalationStatus,
    NeighbourhoodCouncilRow,
    NeighbourhoodRow,
    ProjectStatus,
    SmallProjectEventRow,
    SmallProjectRow,
    SmallProjectSignatureRow,
    WorkingGroupAttendanceRow,
    WorkingGroupField,
    WorkingGroupLevel,
    WorkingGroupMeetingRow,
    WorkingGroupRow,
)
from db.tables.search import SearchDocumentKind, SearchDocumentRow


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
city_district = _table(CityDistrictRow)
district_area = _table(DistrictAreaRow)
neighbourhood = _table(NeighbourhoodRow)
neighbourhood_council = _table(NeighbourhoodCouncilRow)
working_group = _table(WorkingGroupRow)
district_post = _table(DistrictPostRow)
working_group_meeting = _table(WorkingGroupMeetingRow)
working_group_attendance = _table(WorkingGroupAttendanceRow)
board_meeting = _table(BoardMeetingRow)
escalation = _table(EscalationRow)
escalation_event = _table(EscalationEventRow)
council_directive = _table(CouncilDirectiveRow)
council_directive_scope = _table(CouncilDirectiveScopeRow)
small_project = _table(SmallProjectRow)
small_project_signature = _table(SmallProjectSignatureRow)
small_project_event = _table(SmallProjectEventRow)
a100_commission = _table(A100CommissionRow)
a100_member = _table(A100MemberRow)
a100_session = _table(A100SessionRow)
a100_agenda_item = _table(A100AgendaItemRow)
a100_attendance = _table(A100AttendanceRow)
a100_party = _table(A100PartyRow)
a100_violation_kind = _table(A100ViolationKindRow)
a100_case = _table(A100CaseRow)
a100_violation = _table(A100ViolationRow)
a100_case_event = _table(A100CaseEventRow)
a100_verdict = _table(A100VerdictRow)
a100_verdict_member = _table(A100VerdictMemberRow)
a100_execution_task = _table(A100ExecutionTaskRow)
a100_strategic_meeting = _table(A100StrategicMeetingRow)
a100_meeting_participant = _table(A100MeetingParticipantRow)
assembly_agenda_item = _table(AssemblyAgendaItemRow)
joint_session_agenda_item = _table(JointSessionAgendaItemRow)
joint_session_attendance = _table(JointSessionAttendanceRow)
commission_agenda_item = _table(CommissionAgendaItemRow)
search_document = _table(SearchDocumentRow)
document_version = _table(DocumentVersionRow)
attachment = _table(AttachmentRow)
draft_comment = _table(DraftCommentRow)

__all__ = [
    "AFTER_STEP",
    "CLOSED_TOPIC_STATUSES",
    "DEPUTY_OFFICES",
    "DEPUTY_OF_FIELD",
    "ENDED_STATUSES",
    "OPEN_ESCALATIONS",
    "SIGNATURE_STEPS",
    "SIGNING_STAGES",
    "A100AgendaItemRow",
    "A100AttendanceRow",
    "A100CaseEventRow",
    "A100CaseRow",
    "A100CommissionRow",
    "A100ExecutionTaskRow",
    "A100MeetingParticipantRow",
    "A100MemberRow",
    "A100PartyRow",
    "A100SessionRow",
    "A100StrategicMeetingRow",
    "A100VerdictMemberRow",
    "A100VerdictRow",
    "A100ViolationKindRow",
    "A100ViolationRow",
    "AppealParty",
    "AssemblyAgendaItemRow",
    "AssemblyCommissionRow",
    "AssemblyMeetingKind",
    "AssemblyMeetingParticipantRow",
    "AssemblyMeetingRow",
    "AssemblyMilestoneRow",
    "AttachmentOwnerKind",
    "AttachmentRow",
    "BillStatus",
    "BoardMeetingRow",
    "CaseStatus",
    "CityCouncilRow",
    "CityDistrictRow",
    "CommissionAgendaItemRow",
    "CommissionBodyKind",
    "CommissionBodyRow",
    "CommissionDutyRow",
    "CommissionFollowUpRow",
    "CommissionLevel",
    "CommissionMeetingRow",
    "CommissionResolutionRow",
    "CommissionSeat",
    "CommissionTopicRow",
    "CommitteeMembershipRow",
    "CommitteeRole",
    "CommitteeSummaryRow",
    "CommitteeVoteChoice",
    "CommitteeVoteRow",
    "CouncilDirectiveRow",
    "CouncilDirectiveScopeRow",
    "CouncilMemberRole",
    "CouncilMemberRow",
    "CouncilResolutionRow",
    "CouncilTermRow",
    "CouncilsAssemblyParticipantRow",
    "CouncilsAssemblyRow",
    "DirectiveKind",
    "DistrictAreaRow",
    "DistrictOffice",
    "DistrictPostRow",
    "DocumentVersionRow",
    "DraftCommentRow",
    "DraftDirectiveEventRow",
    "DraftDirectiveRow",
    "DraftKind",
    "DraftStatus",
    "ElectionStatus",
    "EscalationEventRow",
    "EscalationRow",
    "EscalationStatus",
    "GovernmentBillRow",
    "IdempotencyKeyRow",
    "JointSessionAgendaItemRow",
    "JointSessionAttendanceRow",
    "JointSessionRow",
    "MayorRow",
    "MayorsCommitteeRow",
    "MeasureUnit",
    "MetropolisesAssemblyRow",
    "MunicipalUnionRow",
    "MunicipalityKind",
    "MunicipalityRow",
    "NationalCircularRow",
    "NationalCircularSourceRow",
    "NeighbourhoodCouncilRow",
    "NeighbourhoodRow",
    "ObligationCategoryRow",
    "ObligationTransferRow",
    "ProjectStatus",
    "ProvinceRow",
    "ResolutionState",
    "SearchDocumentKind",
    "SearchDocumentRow",
    "SmallProjectEventRow",
    "SmallProjectRow",
    "SmallProjectSignatureRow",
    "SocialSecurityObligationRow",
    "SolarHijriDayRow",
    "TaskState",
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
    "VerdictKind",
    "VersionedKind",
    "WorkingGroupAttendanceRow",
    "WorkingGroupField",
    "WorkingGroupLevel",
    "WorkingGroupMeetingRow",
    "WorkingGroupRow",
    "a100_agenda_item",
    "a100_attendance",
    "a100_case",
    "a100_case_event",
    "a100_commission",
    "a100_execution_task",
    "a100_meeting_participant",
    "a100_member",
    "a100_party",
    "a100_session",
    "a100_strategic_meeting",
    "a100_verdict",
    "a100_verdict_member",
    "a100_violation",
    "a100_violation_kind",
    "assembly",
    "assembly_agenda_item",
    "assembly_commission",
    "assembly_milestone",
    "assembly_participant",
    "attachment",
    "bill",
    "board_meeting",
    "calendar",
    "category",
    "circular",
    "circular_source",
    "city_district",
    "commission_agenda_item",
    "commission_body",
    "commission_duty",
    "commission_follow_up",
    "commission_meeting",
    "commission_resolution",
    "commission_topic",
    "committee",
    "council",
    "council_directive",
    "council_directive_scope",
    "council_member",
    "council_term",
    "district_area",
    "district_post",
    "document_version",
    "draft",
    "draft_comment",
    "escalation",
    "escalation_event",
    "event",
    "idempotency_key",
    "joint_session",
    "joint_session_agenda_item",
    "joint_session_attendance",
    "mayor",
    "meeting",
    "membership",
    "metropolises_assembly",
    "municipal_union",
    "municipality",
    "neighbourhood",
    "neighbourhood_council",
    "obligation",
    "participant",
    "province",
    "resolution",
    "search_document",
    "small_project",
    "small_project_event",
    "small_project_signature",
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
    "working_group",
    "working_group_attendance",
    "working_group_meeting",
]
