"""GraphQL types of Article 100, declared field by field (schema/declare.py), with their read
rules (schema/rules.py): a case and what hangs off it for its city's Article 100 roles and the
ministry; the owner's personal data for its city's Article 100 roles only; commissions, members,
sessions and the seed's meeting for everyone."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated

import strawberry
from sqlalchemy import and_

from db.tables import (
    AppealParty,
    AttachmentOwnerKind,
    CaseStatus,
    CommissionLevel,
    CommissionSeat,
    MeasureUnit,
    TaskState,
    VerdictKind,
    a100_agenda_item,
    a100_attendance,
    a100_case,
    a100_case_event,
    a100_commission,
    a100_execution_task,
    a100_meeting_participant,
    a100_member,
    a100_party,
    a100_session,
    a100_strategic_meeting,
    a100_verdict,
    a100_verdict_member,
    a100_violation,
    a100_violation_kind,
)
from db.tables.calendar import solar_hijri_of_day, solar_hijri_of_instant
from schema import rules
from schema.article100.lists import case_is_open, task_state, tehran_today
from schema.declare import Link, Node, column, connection, expression, many, one, table_type
from schema.documents.lists import attachments
from schema.municipalities.types import Municipality
from schema.pagination import Connection
from schema.scalars import Money

if TYPE_CHECKING:
    from schema.documents.types import Attachment


@table_type(
    a100_violation_kind,
    description="A kind of building violation (the vocabulary cases are classed by).",
)
class ViolationKind(Node):
    id: strawberry.ID = column("The kind's id.")
    code: str = column("A stable code, e.g. EXCESS_FLOOR_AREA.")
    name_fa: str = column("Persian name.")
    name_en: str = column("English name.")
    unit: MeasureUnit = column("What its violations are measured in.")
    law_note_fa: str = column("The part of Article 100 it falls under, in Persian.")


@table_type(
    a100_commission,
    description=(
        "An Article 100 commission of a city (کمیسیون ماده صد): three members — the Ministry of "
        "Interior's representative, a judge, a city council member — ruling on building "
        "violations, at first instance or on appeal."
    ),
)
class Article100Commission(Node):
    id: strawberry.ID = column("The commission's id.")
    level: CommissionLevel = column("First instance or appeal.")
    number: int = column("Its number among the city's commissions of its level.")
    name_fa: str = column("Persian name.")
    name_en: str = column("English name.")
    is_centralised: bool = column(
        "True when the city holds its commissions centrally rather than per district (Tabriz, "
        "seed 003)."
    )
    is_sample: bool = column("True: the commissions' numbers and names here are invented.")
    municipality: Municipality = one(
        via=("municipality_id", "id"), description="The city whose commission it is."
    )
    members: list[Article100Member] = many(
        via=("id", "commission_id"),
        where=lambda m: m.c.term_end.is_(None),
        order=lambda m: [m.c.seat, m.c.id],
        description="Its members now, by seat.",
    )
    member_history: list[Article100Member] = many(
        via=("id", "commission_id"),
        order=lambda m: [m.c.term_start, m.c.id],
        description="Every term of every member, earliest first.",
    )
    sessions: list[Article100Session] = many(
        via=("id", "commission_id"),
        order=lambda s: [s.c.held_at.desc()],
        description="Its sessions, latest first.",
    )


@table_type(a100_member, description="A member holding a seat of an Article 100 commission.")
class Article100Member(Node):
    id: strawberry.ID = column("The term's id.")
    full_name: str = column("The member's name.")
    seat: CommissionSeat = column("The seat held.")
    term_start: date = column("First day of the term (ISO date).")
    term_end: date | None = column("Last day of the term; null while serving.")
    is_sample: bool = column("True: the seed names no member; these are invented.")
    is_current: bool = expression(
        lambda m: m.c.term_end.is_(None), description="True while serving."
    )
    commission: Article100Commission = one(
        via=("commission_id", "id"), description="The commission."
    )


@table_type(
    a100_session,
    description="A session of an Article 100 commission: its agenda, attendance and IT support.",
)
class Article100Session(Node):
    id: strawberry.ID = column("The session's id.")
    held_at: datetime = column("When it is (or was) held (UTC).")
    it_support_present: bool = column(
        "True when an IT expert is present to solve system problems at once (seed 003 asked for "
        "one at every session, the files being paperless)."
    )
    it_support_name: str | None = column("The IT expert present, if named.")
    scheduled_by: str = column("Who scheduled it.")
    is_sample: bool = column("True for invented sample sessions.")
    held_on_solar_hijri: str = expression(
        lambda s: solar_hijri_of_instant(s.c.held_at),
        description="The day it is held, Solar Hijri (Tehran time).",
    )
    commission: Article100Commission = one(
        via=("commission_id", "id"), description="The commission sitting."
    )
    agenda: list[Article100AgendaItem] = many(
        via=("id", "session_id"),
        order=lambda a: [a.c.position],
        description="The cases on its agenda, in order (those the caller may see).",
    )
    attendance: list[Article100Attendance] = many(
        via=("id", "session_id"),
        order=lambda a: [a.c.id],
        description="Who of the commission's members sat, and who did not.",
    )


@table_type(
    a100_agenda_item,
    rule=rules.case_detail,
    description="A case on a session's agenda (seen with the case).",
)
class Article100AgendaItem(Node):
    id: strawberry.ID = column("The line's id.")
    position: int = column("Its place on the agenda: 1 first.")
    case: ViolationCase = one(via=("case_id", "id"), description="The case.")
    session: Article100Session = one(via=("session_id", "id"), description="The session.")


@table_type(a100_attendance, description="Whether a member sat at a session.")
class Article100Attendance(Node):
    id: strawberry.ID = column("The line's id.")
    present: bool = column("True when the member sat.")
    member: Article100Member = one(via=("member_id", "id"), description="The member.")


@table_type(
    a100_party,
    rule=rules.case_party,
    description=(
        "A party to a case (the property's owner): personal data, seen only by the Article 100 "
        "roles of its city — null for everyone else."
    ),
)
class CaseParty(Node):
    id: strawberry.ID = column("The party's id.")
    full_name: str = column("Full name.")
    national_id: str | None = column("National id (کد ملی), if recorded.")
    phone: str | None = column("Telephone, if recorded.")
    postal_address: str | None = column("Address for notices, if recorded.")
    is_sample: bool = column("True: every party here is invented.")


@table_type(
    a100_case,
    keys=["id"],
    rule=rules.violation_case,
    description=(
        "A building-violation case (پرونده ماده صد), paperless: the property, its owner, the "
        "violations, the inspector's report, every step, the verdicts and their execution. Seen "
        "by its city's Article 100 roles and by the ministry."
    ),
)
class ViolationCase(Node):
    id: strawberry.ID = column("The case's id.")
    file_number: str = column("Its file number in the city (شماره پرونده).")
    district: int = column("The city's municipal district (منطقه) the property is in.")
    plate: str = column("The property's registration plate (پلاک ثبتی).")
    address: str = column("The property's address.")
    status: CaseStatus = column("Where it stands.")
    version: int = column("Its version: 1 when reported, one more at each step.")
    inspector: str = column("The inspector who reported it.")
    inspection_report: str = column("The inspector's report, in Persian.")
    inspected_on: date = column("The day of the inspection (ISO date).")
    reported_at: datetime = column("When it was reported (UTC).")
    reported_on: date = column("The day it was reported (Tehran).")
    referred_on: date | None = column("The day it was referred to the commission.")
    verdict_on: date | None = column("The day of the first-instance verdict.")
    notified_at: datetime | None = column("When that verdict was served (UTC).")
    appeal_last_day: date | None = column(
        "The last day an appeal is in time: the tenth Tehran day after notification."
    )
    appeal_filed_at: datetime | None = column("When an appeal was filed (UTC); null if none.")
    appeal_party: AppealParty | None = column("Who appealed; null if nobody did.")
    final_on: date | None = column("The day its verdict became final.")
    execution_started_on: date | None = column("The day the execution office took it on.")
    executed_on: date | None = column("The day its execution was recorded.")
    closed_on: date | None = column("The day it was closed, withdrawn or merged.")
    is_sample: bool = column("True for invented sample cases.")
    reported_on_solar_hijri: str = expression(
        lambda c: solar_hijri_of_day(c.c.reported_on),
        description="The day it was reported, Solar Hijri.",
    )
    notified_on_solar_hijri: str | None = expression(
        lambda c: solar_hijri_of_instant(c.c.notified_at),
        description="The day its verdict was served, Solar Hijri (Tehran time).",
    )
    appeal_last_day_solar_hijri: str | None = expression(
        lambda c: solar_hijri_of_day(c.c.appeal_last_day),
        description="The last day to appeal, Solar Hijri.",
    )
    final_on_solar_hijri: str | None = expression(
        lambda c: solar_hijri_of_day(c.c.final_on),
        description="The day its verdict became final, Solar Hijri.",
    )
    appeal_window_open: bool = expression(
        lambda c: and_(
            c.c.status == CaseStatus.NOTIFIED.value, c.c.appeal_last_day >= tehran_today()
        ),
        description="True while notified and within the ten days (against Tehran's today).",
    )
    is_open: bool = expression(case_is_open, description="False once closed, withdrawn or merged.")
    municipality: Municipality = one(via=("municipality_id", "id"), description="The city.")
    commission: Article100Commission | None = one(
        via=("commission_id", "id"),
        description="The commission it is before (the appeal commission once appealed).",
    )
    owner: CaseParty | None = one(
        via=("owner_party_id", "id"),
        description=(
            "The property's owner: personal data, null unless the caller is one of the city's "
            "Article 100 roles."
        ),
    )
    merged_into: ViolationCase | None = one(
        via=("merged_into_id", "id"), description="The case it was merged into, if merged."
    )
    violations: list[CaseViolation] = many(
        via=("id", "case_id"),
        order=lambda v: [v.c.id],
        description="The violations found.",
    )
    events: list[CaseEvent] = many(
        via=("id", "case_id"),
        order=lambda e: [e.c.occurred_at, e.c.id],
        description="Every step it took: who, when, from which status to which, and why.",
    )
    verdicts: list[CaseVerdict] = many(
        via=("id", "case_id"),
        order=lambda v: [v.c.decided_at, v.c.id],
        description="Its verdicts: the first instance's, then the appeal's.",
    )
    agenda: list[Article100AgendaItem] = many(
        via=("id", "case_id"),
        order=lambda a: [a.c.id],
        description="The sessions it was put on the agenda of.",
    )
    execution_tasks: list[ExecutionTask] = many(
        via=("id", "case_id"),
        order=lambda t: [t.c.due_on, t.c.id],
        description="The execution office's tasks for its final verdict, earliest due first.",
    )
    attachments: list[Annotated[Attachment, strawberry.lazy("schema.documents.types")]] = (
        attachments(
            AttachmentOwnerKind.VIOLATION_CASE,
            (
                "The case file (paperless): the inspection's photos, plans, notices and papers, each "
                "in its current version (`Attachment.versions` keeps the earlier ones), first "
                "attached first; seen with the case."
            ),
        )
    )


@connection("A page of Article 100 cases.")
class ViolationCaseConnection(Connection[ViolationCase]):
    pass


@table_type(a100_violation, rule=rules.case_detail, description="A violation found in a case.")
class CaseViolation(Node):
    id: strawberry.ID = column("The violation's id.")
    measure: float | None = column(
        "How much, in its kind's unit (excess square metres, parking spaces missing)."
    )
    note: str | None = column("What the inspector noted of it.")
    kind: ViolationKind = one(via=("kind_id", "id"), description="Its kind.")


@table_type(
    a100_case_event,
    rule=rules.case_detail,
    description="One step of a case: who moved it, when, from where to where, and why.",
)
class CaseEvent(Node):
    id: strawberry.ID = column("The step's id.")
    from_status: CaseStatus | None = column("The status before; null for the report.")
    to_status: CaseStatus = column("The status after.")
    actor: str = column("Who acted.")
    reason: str = column("Why.")
    occurred_at: datetime = column("When (UTC).")
    occurred_on_solar_hijri: str = expression(
        lambda e: solar_hijri_of_instant(e.c.occurred_at),
        description="The day, Solar Hijri (Tehran time).",
    )


@table_type(
    a100_verdict,
    rule=rules.case_detail,
    description="A commission's verdict (رأی) on a case, by the members who decided it.",
)
class CaseVerdict(Node):
    id: strawberry.ID = column("The verdict's id.")
    level: CommissionLevel = column("First instance or appeal.")
    kind: VerdictKind = column("What it orders.")
    reasons: str = column("Its reasons, in Persian.")
    fine_rials: Money | None = column("The fine in rials, for a FINE verdict; null otherwise.")
    decided_at: datetime = column("When it was decided (UTC).")
    recorded_by: str = column("Who recorded it.")
    decided_on_solar_hijri: str = expression(
        lambda v: solar_hijri_of_instant(v.c.decided_at),
        description="The day it was decided, Solar Hijri (Tehran time).",
    )
    session: Article100Session = one(
        via=("session_id", "id"), description="The session it was decided at."
    )
    deciders: list[Article100Member] = many(
        through=Link(a100_verdict_member, parent="verdict_id", child="member_id"),
        order=lambda m, link: [m.c.seat, m.c.id],
        description="The members who decided it, by seat.",
    )


@table_type(
    a100_execution_task,
    rule=rules.case_detail,
    description=(
        "A task of the execution office (اداره اجرای احکام) to carry out a final verdict: due "
        "on a day, overdue once it passes, done when its execution and evidence are recorded."
    ),
)
class ExecutionTask(Node):
    id: strawberry.ID = column("The task's id.")
    action: str = column("What is to be done, in Persian.")
    due_on: date = column("The day it is due (ISO date).")
    created_at: datetime = column("When it was set (UTC).")
    created_by: str = column("Who set it.")
    done_on: date | None = column("The day its execution was recorded; null until then.")
    done_by: str | None = column("Who recorded it.")
    evidence: str | None = column(
        "The evidence of execution, as recorded (its documents are the task's `attachments`)."
    )
    is_sample: bool = column("True for invented sample tasks.")
    state: TaskState = expression(task_state, description="Open, done or overdue.")
    due_on_solar_hijri: str = expression(
        lambda t: solar_hijri_of_day(t.c.due_on), description="The due day, Solar Hijri."
    )
    case: ViolationCase = one(via=("case_id", "id"), description="The case.")
    attachments: list[Annotated[Attachment, strawberry.lazy("schema.documents.types")]] = (
        attachments(
            AttachmentOwnerKind.EXECUTION_TASK,
            (
                "The evidence of its execution (photos, minutes of the demolition, receipts), each in "
                "its current version, first attached first; seen with the case."
            ),
        )
    )


@connection("A page of execution tasks.")
class ExecutionTaskConnection(Connection[ExecutionTask]):
    pass


@table_type(
    a100_strategic_meeting,
    description=(
        "A meeting on the management of a city's centralised Article 100 commissions: seed 003's, "
        "in Tabriz on Thursday 5 Tir 1399, with the mayor and the strategic committee."
    ),
)
class Article100StrategicMeeting(Node):
    id: strawberry.ID = column("The meeting's id.")
    held_on: date = column("The day it was held (ISO date).")
    news_code: str | None = column("The news item's code, as published.")
    place_fa: str = column("Where, in Persian.")
    summary_fa: str = column("What it dealt with, in Persian.")
    summary_en: str = column("What it dealt with, in English.")
    is_sample: bool = column("False: seed 003 reports it.")
    held_on_solar_hijri: str = expression(
        lambda m: solar_hijri_of_day(m.c.held_on), description="The day, Solar Hijri."
    )
    municipality: Municipality = one(via=("municipality_id", "id"), description="The city.")
    participants: list[Article100MeetingParticipant] = many(
        via=("id", "meeting_id"),
        order=lambda p: [p.c.position],
        description="Who spoke, as the seed names them, in its order.",
    )


@table_type(
    a100_meeting_participant,
    description="A person who spoke at the meeting, with their office and what they asked.",
)
class Article100MeetingParticipant(Node):
    id: strawberry.ID = column("The line's id.")
    position: int = column("Order in the seed's report.")
    name_fa: str = column("Name, as the seed gives it.")
    name_en: str = column("Name, transliterated.")
    office_fa: str = column("Office, in Persian (as the seed gives it; empty when not given).")
    office_en: str = column("Office, in English.")
    said_fa: str = column("What they said or asked, in Persian (the seed's words, shortened).")
    said_en: str = column("What they said or asked, in English.")
