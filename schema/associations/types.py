"""GraphQL types of the associations of municipalities, declared field by field
(schema/declare.py), with their read rules: who voted is seen by the secretariat and by each
member for itself; the count only once certified (the secretariat sees it from the count on);
no type, field or join leads from a choice to a voter (the ballots are not in the graph at all).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import strawberry
from sqlalchemy import ColumnElement, case, false, null, select

from core.auth import Role
from db.tables import (
    CommissionBodyKind,
    ElectionStatus,
    ResolutionState,
    TopicPriority,
    TopicStatus,
    UnionOffice,
    assembly_commission,
    assembly_milestone,
    commission_agenda_item,
    commission_body,
    commission_duty,
    commission_follow_up,
    commission_meeting,
    commission_resolution,
    commission_topic,
    metropolises_assembly,
    municipal_union,
    union_candidate,
    union_election,
    union_election_event,
    union_member,
    union_officer,
    union_participation,
    union_result,
    union_seat,
)
from db.tables.calendar import solar_hijri_of_day, solar_hijri_of_instant
from schema.associations.lists import (
    COMMISSION_TOPICS,
    UNION_MEMBERS,
    priority_rank,
    resolution_state,
    topic_is_open,
)
from schema.declare import (
    Alias,
    Condition,
    Node,
    Scope,
    column,
    connection,
    expression,
    many,
    one,
    page,
    table_type,
)
from schema.municipalities.types import JointSession, Municipality
from schema.pagination import Connection

#: The statuses from which an election's turnout is public: voting opened.
TURNOUT_PUBLIC = (
    ElectionStatus.VOTING_OPEN.value,
    ElectionStatus.COUNTED.value,
    ElectionStatus.CERTIFIED.value,
)


def _elections_in(*statuses: ElectionStatus) -> Any:
    election = union_election.alias("rule_election")
    return select(election.c.id).where(election.c.status.in_([s.value for s in statuses]))


def results_rule(scope: Scope, result: Alias) -> Condition | None:
    """The count is seen once certified; the secretariat sees it from the count on, to certify."""
    if scope.viewer.role is Role.UNION_SECRETARIAT:
        visible = _elections_in(ElectionStatus.COUNTED, ElectionStatus.CERTIFIED)
    else:
        visible = _elections_in(ElectionStatus.CERTIFIED)
    condition: Condition = result.c.election_id.in_(visible)
    return condition


def participation_rule(scope: Scope, participation: Alias) -> Condition | None:
    """Who voted: the secretariat sees the register; a member's office sees its own line;
    nobody else sees any."""
    role = scope.viewer.role
    if role is Role.UNION_SECRETARIAT:
        return None
    if role is Role.MAYOR_OFFICE:
        member = union_member.alias("rule_member")
        own = select(member.c.id).where(member.c.municipality_id == scope.municipality_id())
        condition: Condition = participation.c.member_id.in_(own)
        return condition
    return false()


def _seat_of(result: Alias) -> ColumnElement[Any]:
    candidate = union_candidate.alias("result_candidate")
    return (
        select(candidate.c.seat_id).where(candidate.c.id == result.c.candidate_id).scalar_subquery()
    )


def office_rank(row: Alias) -> ColumnElement[Any]:
    """President, vice-president, treasurer, board, inspector."""
    return case(
        {office.value: rank for rank, office in enumerate(UnionOffice)},
        value=row.c.office,
        else_=len(UnionOffice),
    )


# --- the union of municipalities -------------------------------------------------------------------


@table_type(
    municipal_union,
    description=(
        "اتحادیه شهرداری‌ها: the union of municipalities, a non-governmental body for information "
        "exchange, joint cooperation and transnational relations (seed 002)."
    ),
)
class MunicipalUnion(Node):
    id: strawberry.ID = column("The union's id.")
    name_fa: str = column("Persian name.")
    name_en: str = column("English name.")
    nature_fa: str = column("What kind of body it is, in Persian: نهاد غیردولتی.")
    mission_fa: str = column("Its mission, in Persian, as seed 002 gives it.")
    mission_en: str = column("Its mission, in English.")
    is_sample: bool = column("False: seed 002 states the union, its nature and its mission.")
    announced_at: JointSession | None = one(
        via=("announced_at_session_id", "id"),
        description=(
            "The joint session of mayors of provincial centres at which it announced its "
            "existence (in Qom); null if not recorded."
        ),
    )
    members: UnionMemberConnection = page(
        UNION_MEMBERS,
        via=("id", "union_id"),
        description="Its member municipalities; by their city's English name unless `orderBy` says.",
    )
    officers: list[UnionOfficer] = many(
        via=("id", "union_id"),
        where=lambda o: o.c.term_end.is_(None),
        order=lambda o: [office_rank(o), o.c.id],
        description="Its officers now: president first, then by office.",
    )
    officer_history: list[UnionOfficer] = many(
        via=("id", "union_id"),
        order=lambda o: [o.c.term_start, office_rank(o), o.c.id],
        description="Every term of every officer, earliest first.",
    )
    elections: list[UnionElection] = many(
        via=("id", "union_id"),
        order=lambda e: [e.c.called_at.desc()],
        description="Its elections, latest called first.",
    )


@table_type(union_member, description="A municipality's membership of the union.")
class UnionMember(Node):
    id: strawberry.ID = column("The membership's id.")
    joined_on: date = column("The day it joined (ISO date).")
    left_on: date | None = column("The day it left; null while a member.")
    is_sample: bool = column("True: the seeds name no member; the memberships are invented.")
    is_active: bool = expression(
        lambda m: m.c.left_on.is_(None), description="True while a member."
    )
    municipality: Municipality = one(
        via=("municipality_id", "id"), description="The member municipality."
    )


@connection("A page of the union's members.")
class UnionMemberConnection(Connection[UnionMember]):
    pass


@table_type(union_officer, description="A member holding an office of the union for a term.")
class UnionOfficer(Node):
    id: strawberry.ID = column("The term's id.")
    office: UnionOffice = column("The office held.")
    term_start: date = column("First day in office (ISO date).")
    term_end: date | None = column("Last day in office; null while holding it.")
    is_sample: bool = column("True when it comes from a sample election.")
    is_current: bool = expression(
        lambda o: o.c.term_end.is_(None), description="True while the office is held."
    )
    member: UnionMember = one(via=("member_id", "id"), description="The member holding it.")
    election: UnionElection | None = one(
        via=("election_id", "id"), description="The certified election that filled it."
    )


@table_type(
    union_election,
    description=(
        "An election of the union for named seats. It goes called → candidacy open → voting open "
        "→ counted → certified, each step recorded. Each eligible member casts one ballot; who "
        "voted is recorded, what they chose is not linked to them."
    ),
)
class UnionElection(Node):
    id: strawberry.ID = column("The election's id.")
    title: str = column("Its title, in Persian.")
    status: ElectionStatus = column("Where it stands.")
    called_at: datetime = column("When it was called (UTC).")
    certified_at: datetime | None = column("When its result was certified (UTC); null before.")
    eligible_count: int | None = column(
        "How many members may vote, fixed when voting opens; null before."
    )
    is_sample: bool = column(
        "True for invented data. Seed 002 says the union's elections were held in the weeks "
        "before its announcement; the seats, candidates, ballots and days here are invented."
    )
    called_on_solar_hijri: str = expression(
        lambda e: solar_hijri_of_instant(e.c.called_at),
        description="The day it was called, Solar Hijri (Tehran time).",
    )
    turnout: int | None = expression(
        lambda e: case((e.c.status.in_(TURNOUT_PUBLIC), e.c.ballots_cast), else_=null()),
        description="How many members have voted: public once voting opens, null before.",
    )
    turnout_percent: int | None = expression(
        lambda e: case(
            (
                e.c.status.in_(TURNOUT_PUBLIC) & (e.c.eligible_count > 0),
                e.c.ballots_cast * 100 // e.c.eligible_count,
            ),
            else_=null(),
        ),
        description="Turnout as a whole percentage of the eligible members (rounded down).",
    )
    seats: list[UnionElectionSeat] = many(
        via=("id", "election_id"),
        order=lambda s: [office_rank(s)],
        description="The offices it fills, president first.",
    )
    candidates: list[UnionCandidate] = many(
        via=("id", "election_id"),
        order=lambda c: [c.c.seat_id, c.c.filed_at],
        description="Who stands, by seat, earliest filed first.",
    )
    events: list[UnionElectionEvent] = many(
        via=("id", "election_id"),
        order=lambda e: [e.c.occurred_at, e.c.id],
        description="Every step it took: who, when, from which status to which, and why.",
    )
    results: list[UnionElectionResult] = many(
        via=("id", "election_id"),
        order=lambda r: [_seat_of(r), r.c.rank],
        description=(
            "Each candidate's count, by seat and rank: empty until certified (the union's "
            "secretariat sees it once counted)."
        ),
    )
    participation: list[UnionParticipation] = many(
        via=("id", "election_id"),
        order=lambda p: [p.c.id],
        description=(
            "Who voted (never what they chose): the whole register for the union's secretariat, "
            "its own line for a member's office, nothing for anyone else."
        ),
    )


@table_type(union_seat, description="An office an election fills, and how many of it.")
class UnionElectionSeat(Node):
    id: strawberry.ID = column("The seat's id.")
    office: UnionOffice = column("The office.")
    seats: int = column("How many are elected to it.")
    candidates: list[UnionCandidate] = many(
        via=("id", "seat_id"),
        order=lambda c: [c.c.filed_at],
        description="Who stands for it, earliest filed first.",
    )


@table_type(union_candidate, description="A member municipality standing for a seat.")
class UnionCandidate(Node):
    id: strawberry.ID = column("The candidacy's id.")
    filed_at: datetime = column("When it was filed (UTC).")
    member: UnionMember = one(via=("member_id", "id"), description="The member standing.")
    seat: UnionElectionSeat = one(via=("seat_id", "id"), description="The seat it stands for.")


@table_type(
    union_result,
    rule=results_rule,
    description="A candidate's count, computed in SQL when the election is counted.",
)
class UnionElectionResult(Node):
    id: strawberry.ID = column("The result's id.")
    votes: int = column("Ballots that marked the candidate.")
    rank: int = column("1 for the most votes in the seat; a tie goes to who filed first.")
    is_elected: bool = column("True when the rank is within the seat's number.")
    candidate: UnionCandidate = one(via=("candidate_id", "id"), description="The candidate.")


@table_type(
    union_election_event,
    description="One step of an election: who moved it, when, from where to where, and why.",
)
class UnionElectionEvent(Node):
    id: strawberry.ID = column("The step's id.")
    from_status: ElectionStatus | None = column("The status before; null for the call.")
    to_status: ElectionStatus = column("The status after.")
    actor: str = column("Who acted.")
    reason: str = column("Why.")
    occurred_at: datetime = column("When (UTC).")


@table_type(
    union_participation,
    rule=participation_rule,
    description="A member that voted in an election; nothing here or beyond says what it chose.",
)
class UnionParticipation(Node):
    id: strawberry.ID = column("The line's id.")
    voted_on: date = column("The day it voted (the day only, never the instant).")
    member: UnionMember = one(via=("member_id", "id"), description="The member that voted.")


# --- the Assembly of Mayors of Iran's Metropolises -------------------------------------------------


@table_type(
    metropolises_assembly,
    description=(
        "مجمع شهرداران کلانشهرهای ایران: the Assembly of Mayors of Iran's Metropolises, formed in "
        "late 1396 from the central secretariat of the metropolises' committees (seed 004)."
    ),
)
class MetropolisesAssembly(Node):
    id: strawberry.ID = column("The assembly's id.")
    name_fa: str = column("Persian name.")
    name_en: str = column("English name.")
    formed_solar_year: int = column("The Solar Hijri year it was formed: 1396 (late in it).")
    formed_from_fa: str = column("What it was formed from, in Persian: دبیرخانه مرکزی.")
    is_sample: bool = column("False: seed 004 states it.")
    history: list[AssemblyMilestone] = many(
        via=("id", "assembly_id"),
        order=lambda m: [m.c.position],
        description="Its history as seed 004 tells it, in order.",
    )
    commissions: list[AssemblyCommission] = many(
        via=("id", "assembly_id"),
        order=lambda c: [c.c.id],
        description="Its commissions (its committees became commissions in late 1396).",
    )


@table_type(assembly_milestone, description="A step of the assembly's history.")
class AssemblyMilestone(Node):
    id: strawberry.ID = column("The step's id.")
    position: int = column("Its place in the history: 1 first.")
    when_fa: str = column("When, as seed 004 dates it (e.g. آذر ۱۳۷۸).")
    gregorian_year: int | None = column("The Gregorian year, where the seed dates it that well.")
    text_fa: str = column("What happened, in Persian.")
    text_en: str = column("What happened, in English.")
    meeting: CommissionMeeting | None = one(
        via=("meeting_id", "id"), description="The meeting it happened at, if one."
    )


@table_type(
    assembly_commission,
    description=(
        "A commission of the Assembly of Mayors: the technical and civil-works commission, the "
        "committee of the metropolises' technical and civil-works deputies until late 1396."
    ),
)
class AssemblyCommission(Node):
    id: strawberry.ID = column("The commission's id.")
    name_fa: str = column("Persian name.")
    name_en: str = column("English name.")
    formerly_fa: str = column("The committee it was before late 1396, in Persian.")
    is_sample: bool = column("False: seed 004 states it.")
    original_committees: list[CommissionBody] = many(
        via=("id", "commission_id"),
        where=lambda b: b.c.kind == CommissionBodyKind.ORIGINAL_COMMITTEE.value,
        order=lambda b: [b.c.position],
        description=(
            "The four committees the deputies met in until the 16th meeting: deputies; "
            "supervision and execution; studies and design; contracts and review."
        ),
    )
    working_groups: list[CommissionBody] = many(
        via=("id", "commission_id"),
        where=lambda b: b.c.kind == CommissionBodyKind.TQM_WORKING_GROUP.value,
        order=lambda b: [b.c.position],
        description=(
            "The working groups from the 16th meeting, after Total Quality Management: product "
            "(project), process, factors, and the deputies as the deciding group."
        ),
    )
    mandate: list[CommissionDuty] = many(
        via=("id", "commission_id"),
        order=lambda d: [d.c.number],
        description="The five duties of its secretariat, in the seed's order.",
    )
    meetings: list[CommissionMeeting] = many(
        via=("id", "commission_id"),
        order=lambda m: [m.c.number],
        description="Its numbered meetings the service knows of, in order.",
    )
    topics: CommissionTopicConnection = page(
        COMMISSION_TOPICS,
        via=("id", "commission_id"),
        description="The topics before it; oldest raised first unless `orderBy` says.",
    )


@table_type(
    commission_body, description="One of the commission's committees or TQM working groups."
)
class CommissionBody(Node):
    id: strawberry.ID = column("The committee's or working group's id.")
    kind: CommissionBodyKind = column("An original committee or a TQM working group.")
    position: int = column("Its place in the seed's list.")
    name_fa: str = column("Persian name.")
    name_en: str = column("English name.")
    is_deciding: bool = column("True for the deputies' working group, which decides.")
    from_meeting: int | None = column("The first meeting it worked at, where known.")
    until_meeting: int | None = column("The last meeting it worked at, where known.")


@table_type(commission_duty, description="A duty of the commission's secretariat.")
class CommissionDuty(Node):
    id: strawberry.ID = column("The duty's id.")
    number: int = column("Its number in the seed's list, 1 to 5.")
    text_fa: str = column("The duty, in Persian, as seed 004 gives it.")
    text_en: str = column("The duty, in English.")


@table_type(
    commission_meeting,
    description="A numbered meeting of the metropolises' technical and civil-works deputies.",
)
class CommissionMeeting(Node):
    id: strawberry.ID = column("The meeting's id.")
    number: int = column("Its number: 1 for the first, in Mashhad in Azar 1378.")
    host_fa: str | None = column("The host as the seed names it, in Persian; null if not named.")
    held_in_fa: str | None = column("When, as the seed dates it (آذر ۱۳۷۸); null if not dated.")
    held_on: date | None = column("The day it was held (ISO date); null where not known.")
    is_nationwide: bool = column(
        "True for a nationwide meeting with the deputies of every provincial centre too."
    )
    with_festival: bool = column(
        "True when held with the urban civil-works festival and exhibition."
    )
    note_fa: str | None = column("What the seed says of it, in Persian.")
    is_sample: bool = column("False for the meetings seed 004 names (1, 16, 20, 22, 24).")
    held_on_solar_hijri: str | None = expression(
        lambda m: solar_hijri_of_day(m.c.held_on),
        description="The day it was held, Solar Hijri; null where not known.",
    )
    host: Municipality | None = one(
        via=("host_municipality_id", "id"), description="The host city's municipality."
    )
    topics: list[CommissionTopic] = many(
        via=("id", "meeting_id"),
        order=lambda t: [priority_rank(t), t.c.id],
        description="The topics raised at it, most urgent first.",
    )
    resolutions: list[CommissionResolution] = many(
        via=("id", "meeting_id"),
        order=lambda r: [r.c.number],
        description="Its resolutions, by number.",
    )
    agenda: list[CommissionAgendaItem] = many(
        via=("id", "meeting_id"),
        order=lambda i: [i.c.position],
        description="Its agenda, in order: the topics it took up and resolutions followed up.",
    )
    minutes: str | None = column(
        "صورتجلسه: its minutes, in Persian; null until recorded. Searchable (`search`)."
    )
    minutes_recorded_at: datetime | None = column(
        "When the minutes were recorded (UTC); null until then."
    )
    minutes_is_sample: bool = column("True when the minutes' text is invented sample text.")


@table_type(
    commission_agenda_item,
    description="An item of a commission meeting's agenda: a topic, or a resolution followed up.",
)
class CommissionAgendaItem(Node):
    id: strawberry.ID = column("The item's id.")
    position: int = column("Its place on the agenda: 1 for the first.")
    title: str = column("What the item is, in Persian.")
    outcome: str | None = column("What was decided on it; null if not recorded.")
    is_sample: bool = column("As its topic's: true for a sample topic.")
    meeting: CommissionMeeting = one(
        via=("meeting_id", "id"), description="The meeting whose agenda it is on."
    )
    topic: CommissionTopic | None = one(
        via=("topic_id", "id"), description="The topic it takes up; null if none."
    )
    resolution: CommissionResolution | None = one(
        via=("resolution_id", "id"), description="The resolution it follows up; null if none."
    )


@table_type(commission_topic, description="A topic before the commission, with its priority.")
class CommissionTopic(Node):
    id: strawberry.ID = column("The topic's id.")
    title: str = column("Its title, in Persian.")
    priority: TopicPriority = column("Its priority class.")
    status: TopicStatus = column("Where it stands.")
    raised_on: date = column("The day it was raised (ISO date).")
    closed_on: date | None = column("The day it was resolved or dropped; null while open.")
    is_sample: bool = column("True: the seed names no topic; the topics are invented.")
    is_open: bool = expression(topic_is_open, description="True while open or in progress.")
    meeting: CommissionMeeting | None = one(
        via=("meeting_id", "id"), description="The meeting it was raised at."
    )
    working_group: CommissionBody | None = one(
        via=("working_group_id", "id"), description="The working group it is with."
    )


@connection("A page of the commission's topics.")
class CommissionTopicConnection(Connection[CommissionTopic]):
    pass


@table_type(
    commission_resolution,
    description="مصوبه: a resolution of a commission meeting, assigned to a metropolis.",
)
class CommissionResolution(Node):
    id: strawberry.ID = column("The resolution's id.")
    number: int = column("Its number in its meeting.")
    text_fa: str = column("What it resolves, in Persian.")
    due_on: date | None = column("The day it is due (ISO date); null if none.")
    done_on: date | None = column("The day it was reported done; null until then.")
    is_sample: bool = column("True: the seed names no resolution; they are invented.")
    state: ResolutionState = expression(
        resolution_state, description="Open, done or overdue (against today's date)."
    )
    meeting: CommissionMeeting = one(
        via=("meeting_id", "id"), description="The meeting that adopted it."
    )
    topic: CommissionTopic | None = one(
        via=("topic_id", "id"), description="The topic it answers, if one."
    )
    assigned_to: Municipality | None = one(
        via=("assigned_municipality_id", "id"),
        description="The metropolis that carries it out; null if the commission itself.",
    )
    follow_ups: list[CommissionFollowUp] = many(
        via=("id", "resolution_id"),
        order=lambda f: [f.c.reported_at, f.c.id],
        description="Its follow-up reports, earliest first.",
    )


@connection("A page of the commission's resolutions.")
class CommissionResolutionConnection(Connection[CommissionResolution]):
    pass


@table_type(commission_follow_up, description="A report on a resolution's follow-up.")
class CommissionFollowUp(Node):
    id: strawberry.ID = column("The report's id.")
    reported_at: datetime = column("When it was reported (UTC).")
    actor: str = column("Who reported.")
    note: str = column("What was reported, in Persian.")
    marks_done: bool = column("True for the report that marked the resolution done.")
    is_sample: bool = column("True for invented sample reports.")
    reported_on_solar_hijri: str = expression(
        lambda f: solar_hijri_of_instant(f.c.reported_at),
        description="The day it was reported, Solar Hijri (Tehran time).",
    )
