"""Agendas, attendance and minutes of the meetings the seed already holds: the councils'
assembly's board meetings and sessions, the joint sessions of mayors and the commission's
meetings. Read from the rows just inserted (their ids, the drafts' statuses), so it runs last.

What is real: the agenda of the joint session in Qom is what seed 002 reports was put to it
(social-security obligations, the five-member committee, draft directives, the union's
announcement); the assembly's sessions followed the bills seed 000 names and the upload of
resolutions; a commission meeting's agenda is the topics it raised. Everything else is SAMPLE
(`is_sample`, `minutes_is_sample`): which meeting took which item, who attended the joint session
(seed 002 says the mayors of provincial centres, not which), the minutes' text, and the items
that point at sample drafts.
"""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from core.text import normalize_text
from db.tables import (
    DraftStatus,
    MunicipalityKind,
    bill,
    commission_meeting,
    commission_topic,
    draft,
    joint_session,
    mayor,
    meeting,
    municipality,
    resolution,
)

Row = dict[str, Any]

#: Seed 002: what the deputy minister put to the mayors of provincial centres in Qom.
QOM_AGENDA: tuple[str, ...] = (
    "همکاری شهرداری‌ها و سازمان تأمین اجتماعی: تعهدات سازمان در چهار بخش مشخص",
    "تشکیل کمیته پنج‌نفره از میان شهرداران برای جمع‌بندی دغدغه‌ها و پیشنهادهای اجرایی",
    "تدوین دستورالعمل یا پیش‌نویس بخشنامه از سوی هر شهرداری و ارسال به وزارت کشور",
    "اعلام موجودیت اتحادیه شهرداری‌ها",
)
QOM_MINUTES = (
    "نشست هم‌اندیشی شهرداران مراکز استان‌ها در قم برگزار شد. معاون عمران و توسعه امور شهری و "
    "روستایی وزارت کشور گفت که سازمان تأمین اجتماعی طبق قانون موظف به پرداخت هزینه‌هایی در چهار "
    "بخش مشخص است که سالانه حدود ۱۵۰۰ میلیارد تومان می‌شود و بخش قابل توجهی از منابع آن با عملکرد "
    "شهرداری‌ها ارتباط مستقیم دارد. مقرر شد کمیته‌ای پنج‌نفره از میان شهرداران انتخاب شود و هر "
    "شهرداری نیازها، پیشنهادها و مسائل خود را در قالب دستورالعمل یا پیش‌نویس بخشنامه به وزارت کشور "
    "ارسال کند. اتحادیه شهرداری‌ها به‌عنوان نهادی غیردولتی اعلام موجودیت کرد."
)
ASSEMBLY_BOARD_AGENDA: tuple[str, ...] = (
    "برنامه روز فرهنگی کلانشهرها",
    "اقدامات شوراهای کلانشهرها در سیلاب",
    "الگوهای مشارکت شهروندان و تحقق حقوق شهروندی",
)


def _at(day: Any) -> datetime | None:
    return datetime.combine(day, time(14, 0), tzinfo=UTC) if day is not None else None


async def meeting_rows(conn: AsyncConnection) -> dict[str, list[Row]]:
    """The agenda and attendance rows, per table name; the minutes are written by
    `record_minutes` (the meetings exist already)."""
    adopted = list(
        (
            await conn.execute(
                select(draft.c.id)
                .where(draft.c.status == DraftStatus.ADOPTED.value)
                .order_by(draft.c.id)
                .limit(2)
            )
        ).scalars()
    )
    in_review = list(
        (
            await conn.execute(
                select(draft.c.id)
                .where(draft.c.status == DraftStatus.FORWARDED_TO_MINISTRY.value)
                .order_by(draft.c.id)
                .limit(1)
            )
        ).scalars()
    )
    bills = list((await conn.execute(select(bill.c.id, bill.c.title_fa).order_by(bill.c.id))).all())
    first_resolution = await conn.scalar(select(resolution.c.id).order_by(resolution.c.id).limit(1))
    meetings = (await conn.execute(select(meeting).order_by(meeting.c.id))).all()
    sessions = (await conn.execute(select(joint_session).order_by(joint_session.c.sequence))).all()

    rows: dict[str, list[Row]] = {
        "assembly_agenda_item": [],
        "joint_session_agenda_item": [],
        "joint_session_attendance": [],
        "commission_agenda_item": [],
    }
    items = rows["assembly_agenda_item"]
    for held in meetings:
        agenda: list[Row] = []
        if held.kind == "ASSEMBLY_SESSION":
            for bill_id, title in bills:
                agenda.append(
                    {"title": f"پیگیری اصلاح و تصویب {title}", "government_bill_id": bill_id}
                )
            agenda.append(
                {
                    "title": "بارگذاری مصوبات شوراها در سامانه ملی قوانین و مقررات",
                    "council_resolution_id": first_resolution,
                }
            )
        else:
            agenda.append({"title": ASSEMBLY_BOARD_AGENDA[(held.number - 1) % 3]})
        for position, item in enumerate(agenda, start=1):
            items.append(
                {
                    "id": len(items) + 1,
                    "meeting_id": held.id,
                    "position": position,
                    "title": normalize_text(item["title"]),
                    "draft_directive_id": None,
                    "council_resolution_id": item.get("council_resolution_id"),
                    "government_bill_id": item.get("government_bill_id"),
                    "outcome": None,
                    "is_sample": True,
                }
            )

    if sessions:
        qom = sessions[0]
        agenda_rows = rows["joint_session_agenda_item"]
        for title in QOM_AGENDA:
            agenda_rows.append(
                {"title": normalize_text(title), "draft_directive_id": None, "is_sample": False}
            )
        for draft_id in [*adopted[:1], *in_review]:
            agenda_rows.append(
                {
                    "title": "طرح پیش‌نویس دستورالعمل یک شهرداری",
                    "draft_directive_id": draft_id,
                    "is_sample": True,
                }
            )
        for position, item in enumerate(agenda_rows, start=1):
            item.update(
                id=position,
                joint_session_id=qom.id,
                position=position,
                council_resolution_id=None,
                government_bill_id=None,
                outcome=None,
            )
        centres = (
            await conn.execute(
                select(municipality.c.id, mayor.c.id.label("mayor_id"))
                .outerjoin(
                    mayor,
                    (mayor.c.municipality_id == municipality.c.id) & mayor.c.term_end.is_(None),
                )
                .where(
                    municipality.c.kind != MunicipalityKind.CITY.value,
                    municipality.c.is_sample.is_(False),
                )
                .order_by(municipality.c.id)
            )
        ).all()
        rows["joint_session_attendance"] = [
            {
                "id": number,
                "joint_session_id": qom.id,
                "municipality_id": centre.id,
                "mayor_id": centre.mayor_id,
                "is_sample": True,
            }
            for number, centre in enumerate(centres, start=1)
        ]

    topics = (
        await conn.execute(
            select(
                commission_topic.c.id,
                commission_topic.c.meeting_id,
                commission_topic.c.title,
                commission_topic.c.is_sample,
            )
            .where(commission_topic.c.meeting_id.is_not(None))
            .order_by(commission_topic.c.meeting_id, commission_topic.c.id)
        )
    ).all()
    positions: dict[int, int] = {}
    for topic in topics:
        positions[topic.meeting_id] = positions.get(topic.meeting_id, 0) + 1
        rows["commission_agenda_item"].append(
            {
                "id": len(rows["commission_agenda_item"]) + 1,
                "meeting_id": topic.meeting_id,
                "position": positions[topic.meeting_id],
                "title": topic.title,
                "topic_id": topic.id,
                "resolution_id": None,
                "outcome": None,
                "is_sample": topic.is_sample,
            }
        )
    del adopted
    return rows


async def record_minutes(conn: AsyncConnection) -> None:
    """SAMPLE minutes: the Qom session's, from seed 002's report; the assembly's meetings' and
    the commission's meetings' that have agendas, a line per item."""
    first = await conn.scalar(
        select(joint_session.c.id).order_by(joint_session.c.sequence).limit(1)
    )
    if first is not None:
        await conn.execute(
            update(joint_session)
            .where(joint_session.c.id == first)
            .values(
                minutes=normalize_text(QOM_MINUTES),
                minutes_recorded_at=datetime(2025, 11, 18, 12, 0, tzinfo=UTC),
                minutes_is_sample=True,
            )
        )
    for held in (await conn.execute(select(meeting).order_by(meeting.c.id))).all():
        kind = "هیئت رئیسه" if held.kind == "BOARD_MEETING" else "مجمع"
        await conn.execute(
            update(meeting)
            .where(meeting.c.id == held.id)
            .values(
                minutes=normalize_text(
                    f"صورتجلسه نشست {held.number} {kind}: دستور جلسه بررسی شد و مقرر شد دبیرخانه "
                    "پیگیری‌های لازم را با کمیسیون‌های تخصصی و مجلس انجام دهد."
                ),
                minutes_recorded_at=_at(held.held_on),
                minutes_is_sample=True,
            )
        )
    held_meetings = (
        await conn.execute(
            select(
                commission_meeting.c.id, commission_meeting.c.number, commission_meeting.c.held_on
            )
            .where(
                commission_meeting.c.id.in_(
                    select(commission_topic.c.meeting_id).where(
                        commission_topic.c.meeting_id.is_not(None)
                    )
                )
            )
            .order_by(commission_meeting.c.id)
        )
    ).all()
    for held in held_meetings:
        await conn.execute(
            update(commission_meeting)
            .where(commission_meeting.c.id == held.id)
            .values(
                minutes=normalize_text(
                    f"صورتجلسه نشست {held.number} معاونان فنی و عمرانی کلانشهرها: موضوعات دستور "
                    "جلسه بر پایه اولویت بررسی و به کارگروه‌ها ارجاع شد."
                ),
                minutes_recorded_at=_at(held.held_on),
                minutes_is_sample=True,
            )
        )
