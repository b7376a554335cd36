"""Article 100 data that ships: the vocabulary of violation kinds and seed 003's meeting in
Tabriz (facts), then SAMPLE commissions, members, sessions and cases in every stage for every
metropolis (invented, `is_sample`).

Seed 003 (Tabriz municipality's news, Thursday 5 Tir 1399, code 529) names: the mayor of Tabriz,
Dr Iraj Shahin Baher; his deputy for urban planning and architecture, Dr Mohammad Ezzati; the
judicial deputy of the province's chief justice, Dr Amanollahi; a member of Tabriz's city council,
Dr Gholizadeh; and Eng. Khorasani (whose office it does not give). They are stored as the seed
gives them, with what each said. Nothing else here is real: every commission's number and name
outside what the seed says, every member, session, case, owner, plate and amount is invented.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from core.deadlines import appeal_last_day, tehran_day
from db.tables.article100 import (
    AppealParty,
    CaseStatus,
    CommissionLevel,
    CommissionSeat,
    MeasureUnit,
    VerdictKind,
)

Row = dict[str, Any]
S = CaseStatus

#: (code, Persian, English, unit, the part of Article 100 it falls under)
VIOLATION_KINDS: tuple[tuple[str, str, str, MeasureUnit, str], ...] = (
    (
        "NO_PERMIT",
        "احداث بنا بدون پروانه",
        "Building without a permit",
        MeasureUnit.SQUARE_METRES,
        "ماده ۱۰۰، تبصره ۱ و ۴",
    ),
    (
        "EXCESS_FLOOR_AREA",
        "اضافه بنا مازاد بر پروانه",
        "Floor area in excess of the permit",
        MeasureUnit.SQUARE_METRES,
        "ماده ۱۰۰، تبصره ۲ و ۳",
    ),
    (
        "CHANGE_OF_USE",
        "تغییر کاربری برخلاف پروانه",
        "Change of use against the permit",
        MeasureUnit.SQUARE_METRES,
        "ماده ۱۰۰، تبصره ۱",
    ),
    (
        "PARKING_SHORTFALL",
        "کسری یا حذف پارکینگ",
        "Parking shortfall",
        MeasureUnit.PARKING_SPACES,
        "ماده ۱۰۰، تبصره ۵",
    ),
    (
        "ENCROACHMENT_ON_PASSAGE",
        "تجاوز به معابر",
        "Encroachment on a public passage",
        MeasureUnit.SQUARE_METRES,
        "ماده ۱۰۰، تبصره ۶",
    ),
    (
        "TECHNICAL_NONCOMPLIANCE",
        "عدم رعایت اصول فنی، بهداشتی و شهرسازی",
        "Technical, health or planning rules not observed",
        MeasureUnit.NONE,
        "ماده ۱۰۰، تبصره ۱",
    ),
)

TABRIZ_EN = "Tabriz"

MEETING = {
    "held_on": date(2020, 6, 25),  # پنجشنبه ۵ تیر ۱۳۹۹
    "news_code": "529",
    "place_fa": "اتاق جلسه معاونت شهرسازی و معماری شهرداری مرکز تبریز",
    "summary_fa": (
        "بررسی مسائل و مشکلات مدیریت کمیسیون‌های متمرکز ماده صد شهرداری تبریز با حضور شهردار، "
        "اعضای کمیته راهبردی کمیسیون‌های متمرکز ماده صد و معاونین ستادی؛ گزارش عملکرد پس از "
        "متمرکزسازی و حذف پرونده فیزیکی، شفاف‌سازی، حذف زمینه‌های سوءاستفاده، پیگیری آرای صادره "
        "برای مختومه کردن پرونده‌ها، و پشتیبانی سازمان فناوری اطلاعات و ارتباطات."
    ),
    "summary_en": (
        "The problems of managing Tabriz's centralised Article 100 commissions, reviewed with the "
        "mayor, the commissions' strategic committee and the mayor's deputies: the management's "
        "report after centralisation and the removal of paper case files; transparency; removing "
        "room for abuse; following up verdicts so that cases are executed and closed; the support "
        "of the municipality's ICT organisation."
    ),
}

#: (name fa, name en, office fa, office en, said fa, said en), in the seed's order.
PARTICIPANTS: tuple[tuple[str, str, str, str, str, str], ...] = (
    (
        "دکتر ایرج شهین باهر",
        "Dr Iraj Shahin Baher",
        "شهردار کلانشهر تبریز",
        "Mayor of the metropolis of Tabriz",
        "تأکید بر هماهنگی معاونین، سازمان‌ها و مناطق، شفاف‌سازی و اطلاع‌رسانی به شهروندان بدون "
        "مخفی‌کاری، اجرای کامل ضوابط طرح تفصیلی، و دستور تأمین نیرو و تجهیزات این حوزه.",
        "Coordination of deputies, organisations and districts; transparency and informing "
        "citizens without secrecy; the detailed plan's rules applied in full; ordered staff and "
        "equipment for the commissions.",
    ),
    (
        "دکتر محمد عزتی",
        "Dr Mohammad Ezzati",
        "معاون شهرسازی و معماری شهرداری تبریز",
        "Deputy mayor of Tabriz for urban planning and architecture",
        "با حذف پرونده فیزیکی، پشتیبانی مستمر سازمان فناوری اطلاعات با حضور یک کارشناس مجرب در "
        "محل مدیریت کمیسیون‌ها در زمان برگزاری جلسات برای حل فوری مشکلات سیستمی.",
        "With paper files removed, continuous support of the ICT organisation: an experienced "
        "expert present at the commissions' management during sessions, to solve system problems "
        "in the session itself.",
    ),
    (
        "دکتر امن الهی",
        "Dr Amanollahi",
        "معاون قضایی رئیس کل دادگستری استان",
        "Judicial deputy of the province's chief justice",
        "پیگیری آرای صادره کمیسیون‌ها و مختومه نمودن پرونده‌های ماده صد با اجرای آرای قطعی‌شده.",
        "Follow up the commissions' verdicts and close Article 100 cases by executing the final "
        "verdicts.",
    ),
    (
        "دکتر قلیزاده",
        "Dr Gholizadeh",
        "عضو شورای اسلامی کلان‌شهر تبریز",
        "Member of the Islamic council of the metropolis of Tabriz",
        "تسریع امور، شفاف‌سازی، حذف بسترهای فسادانگیز و کارشناسان مجرب؛ خرسندی از تشکیل اداره "
        "اجرای احکام برای نظارت بر اجرای آرا؛ نقش حیاتی سازمان فناوری اطلاعات.",
        "Speed, transparency, removing the ground for corruption, experienced experts; welcomed "
        "the new office supervising the execution of verdicts; the ICT organisation's role vital.",
    ),
    (
        "مهندس خراسانی",
        "Eng. Khorasani",
        "",
        "(office not given by the seed)",
        "بهره‌مندی کامل از سیستم شهرسازی و هوشمندسازی کلیه امور این حوزه.",
        "Full use of the urban-planning information system and digitising every task of the field.",
    ),
)

_FIRST = (
    "علی",
    "محمد",
    "حسین",
    "رضا",
    "مهدی",
    "زهرا",
    "فاطمه",
    "مریم",
    "سارا",
    "حمید",
    "نرگس",
    "یوسف",
)
_LAST = (
    "رضایی",
    "محمدی",
    "حسینی",
    "احمدی",
    "کریمی",
    "موسوی",
    "جعفری",
    "صادقی",
    "نوری",
    "قاسمی",
    "عباسی",
    "رحیمی",
)
_STREETS = (
    "امام",
    "آزادی",
    "ولیعصر",
    "شریعتی",
    "بهار",
    "گلستان",
    "فردوسی",
    "حافظ",
    "سعدی",
    "باغشمال",
)


@dataclass
class Article100Sample:
    kinds: list[Row] = field(default_factory=list)
    meetings: list[Row] = field(default_factory=list)
    participants: list[Row] = field(default_factory=list)
    commissions: list[Row] = field(default_factory=list)
    members: list[Row] = field(default_factory=list)


def reference_rows(tabriz_id: int | None) -> Article100Sample:
    """The vocabulary and seed 003's meeting, with the commissions and members of every city."""
    out = Article100Sample()
    for number, (code, fa, en, unit, note) in enumerate(VIOLATION_KINDS, start=1):
        out.kinds.append(
            {
                "id": number,
                "code": code,
                "name_fa": fa,
                "name_en": en,
                "unit": unit.value,
                "law_note_fa": note,
            }
        )
    if tabriz_id is not None:
        out.meetings.append({"id": 1, "municipality_id": tabriz_id, "is_sample": False, **MEETING})
        for position, (nfa, nen, ofa, oen, sfa, sen) in enumerate(PARTICIPANTS, start=1):
            out.participants.append(
                {
                    "id": position,
                    "meeting_id": 1,
                    "position": position,
                    "name_fa": nfa,
                    "name_en": nen,
                    "office_fa": ofa,
                    "office_en": oen,
                    "said_fa": sfa,
                    "said_en": sen,
                }
            )
    return out


def _name(rng: random.Random) -> str:
    return f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"


def commission_rows(
    out: Article100Sample, cities: list[tuple[int, str]], rng_seed: int, anchor: datetime
) -> dict[int, dict[str, list[int]]]:
    """Sample commissions for each city (two first-instance and one appeal commission; Tabriz's
    marked centralised, as seed 003 says), three current members each. Returns, per city, the ids
    of its commissions by level and, per commission, its members' ids."""
    rng = random.Random(rng_seed * 7 + 100)
    layout: dict[int, dict[str, list[int]]] = {}
    start = (anchor - timedelta(days=800)).date()
    for city, name_en in cities:
        layout[city] = {CommissionLevel.FIRST_INSTANCE.value: [], CommissionLevel.APPEAL.value: []}
        for level, number in (
            (CommissionLevel.FIRST_INSTANCE, 1),
            (CommissionLevel.FIRST_INSTANCE, 2),
            (CommissionLevel.APPEAL, 1),
        ):
            cid = len(out.commissions) + 1
            fa_level = "بدوی" if level is CommissionLevel.FIRST_INSTANCE else "تجدیدنظر"
            en_level = "first-instance" if level is CommissionLevel.FIRST_INSTANCE else "appeal"
            out.commissions.append(
                {
                    "id": cid,
                    "municipality_id": city,
                    "level": level.value,
                    "number": number,
                    "name_fa": f"کمیسیون {fa_level} ماده صد شماره {number}",
                    "name_en": f"{name_en} Article 100 {en_level} commission no. {number}",
                    "is_centralised": name_en == TABRIZ_EN,
                    "is_sample": True,
                }
            )
            layout[city][level.value].append(cid)
            for seat in CommissionSeat:
                out.members.append(
                    {
                        "id": len(out.members) + 1,
                        "commission_id": cid,
                        "full_name": _name(rng),
                        "seat": seat.value,
                        "term_start": start,
                        "term_end": None,
                        "is_sample": True,
                    }
                )
    return layout


#: The stage each sample case is left at, and how often (out of 100).
STAGE_WEIGHTS: tuple[tuple[CaseStatus, int], ...] = (
    (S.REPORTED, 6),
    (S.REFERRED, 9),
    (S.VERDICT_ISSUED, 5),
    (S.NOTIFIED, 4),
    (S.APPEAL_REQUESTED, 4),
    (S.APPEAL_VERDICT_ISSUED, 2),
    (S.FINAL, 6),
    (S.BEING_EXECUTED, 11),
    (S.EXECUTED, 5),
    (S.CLOSED, 42),
    (S.WITHDRAWN, 3),
    (S.MERGED, 3),
)
ORDER = [
    S.REPORTED,
    S.REFERRED,
    S.VERDICT_ISSUED,
    S.NOTIFIED,
    S.APPEAL_REQUESTED,
    S.APPEAL_VERDICT_ISSUED,
    S.FINAL,
    S.BEING_EXECUTED,
    S.EXECUTED,
    S.CLOSED,
]


@dataclass
class CaseFamily:
    """One case and everything that hangs off it, as rows by table name."""

    rows: dict[str, list[Row]]


class _Ids:
    def __init__(self) -> None:
        self.next: dict[str, int] = {}

    def __call__(self, table: str) -> int:
        value = self.next.get(table, 0) + 1
        self.next[table] = value
        return value


def case_families(
    cities: list[tuple[int, int, int]],
    layout: dict[int, dict[str, list[int]]],
    members: dict[int, list[tuple[int, str]]],
    per_city: int,
    *,
    rng_seed: int,
    anchor: datetime,
) -> Iterator[dict[str, list[Row]]]:
    """Sample cases, `per_city` per (city id, districts, weight in hundredths), in every stage,
    with their parties, violations, steps, sessions, verdicts and tasks."""
    rng = random.Random(rng_seed * 31 + 3)
    ids = _Ids()
    stages = [stage for stage, weight in STAGE_WEIGHTS for _ in range(weight)]
    sessions: dict[tuple[int, date], int] = {}
    for city, districts, weight in cities:
        count = max(len(STAGE_WEIGHTS), per_city * weight // 100)
        for index in range(count):
            # every stage appears in every city: the first cases go through them in turn
            stage = STAGE_WEIGHTS[index][0] if index < len(STAGE_WEIGHTS) else rng.choice(stages)
            yield _case(rng, ids, sessions, city, districts, layout[city], members, stage, anchor)


def _at(day: date, hour: int, rng: random.Random) -> datetime:
    return datetime(day.year, day.month, day.day, hour, rng.randint(0, 59), tzinfo=UTC)


def _case(
    rng: random.Random,
    ids: _Ids,
    sessions: dict[tuple[int, date], int],
    city: int,
    districts: int,
    commissions: dict[str, list[int]],
    members: dict[int, list[tuple[int, str]]],
    stage: CaseStatus,
    anchor: datetime,
) -> dict[str, list[Row]]:
    out: dict[str, list[Row]] = {
        name: []
        for name in (
            "a100_party",
            "a100_case",
            "a100_violation",
            "a100_case_event",
            "a100_session",
            "a100_attendance",
            "a100_agenda_item",
            "a100_verdict",
            "a100_verdict_member",
            "a100_execution_task",
        )
    }
    ended_early = stage in (S.WITHDRAWN, S.MERGED)
    target = (
        S.REFERRED if ended_early and rng.random() < 0.5 else (S.REPORTED if ended_early else stage)
    )
    reach = ORDER.index(target)
    appealed = target in (S.APPEAL_REQUESTED, S.APPEAL_VERDICT_ISSUED) or (
        reach >= ORDER.index(S.FINAL) and rng.random() < 0.25
    )
    kind = rng.choices(list(VerdictKind), weights=(20, 60, 10, 10))[0]
    # a final verdict of no violation closes without execution; any other is executed first
    nothing_to_execute = stage is S.CLOSED and rng.random() < 0.08
    if nothing_to_execute:
        kind = VerdictKind.NO_VIOLATION
    elif reach >= ORDER.index(S.BEING_EXECUTED) and kind is VerdictKind.NO_VIOLATION:
        kind = VerdictKind.FINE
    # the span of each step, in days, then the report placed so that the last fits before anchor
    gaps = {
        S.REFERRED: rng.randint(1, 20),
        S.VERDICT_ISSUED: rng.randint(10, 150),
        S.NOTIFIED: rng.randint(1, 15),
        S.APPEAL_REQUESTED: rng.randint(1, 10),
        S.APPEAL_VERDICT_ISSUED: rng.randint(15, 120),
        S.FINAL: rng.randint(11, 25) if not appealed else rng.randint(1, 10),
        S.BEING_EXECUTED: rng.randint(3, 60),
        S.EXECUTED: rng.randint(10, 240),
        S.CLOSED: rng.randint(1, 30),
    }
    skipped = {S.APPEAL_REQUESTED, S.APPEAL_VERDICT_ISSUED} if not appealed else set()
    if nothing_to_execute:
        skipped |= {S.BEING_EXECUTED, S.EXECUTED}
    steps = [s for s in ORDER[1 : reach + 1] if s not in skipped]
    total = sum(gaps[s] for s in steps)
    reported_on = (anchor - timedelta(days=total + rng.randint(0, 700))).date()
    case_id = ids("a100_case")
    party_id = ids("a100_party")
    out["a100_party"].append(
        {
            "id": party_id,
            "municipality_id": city,
            "full_name": _name(rng),
            "national_id": f"{rng.randint(0, 9_999_999_999):010d}",
            "phone": f"09{rng.randint(100_000_000, 999_999_999)}",
            "postal_address": None,
            "is_sample": True,
        }
    )
    district = rng.randint(1, districts)
    reported_at = _at(reported_on, 6, rng)
    case: Row = {
        "id": case_id,
        "municipality_id": city,
        "file_number": f"S-{case_id:07d}",
        "district": district,
        "plate": f"{rng.randint(1, 9999)}/{rng.randint(1, 400)}",
        "address": f"منطقه {district}، خیابان {rng.choice(_STREETS)}، پلاک {rng.randint(1, 300)}",
        "owner_party_id": party_id,
        "status": stage.value,
        "version": 1,
        "commission_id": None,
        "inspector": f"بازرس نمونه {rng.randint(1, 40)} [ARTICLE100_INSPECTOR (municipality {city})]",
        "inspection_report": "گزارش نمونه بازدید: بنا برخلاف پروانه احداث شده است.",
        "inspected_on": reported_on - timedelta(days=rng.randint(0, 5)),
        "reported_at": reported_at,
        "reported_on": reported_on,
        "referred_on": None,
        "verdict_on": None,
        "notified_at": None,
        "appeal_last_day": None,
        "appeal_filed_at": None,
        "appeal_party": None,
        "final_on": None,
        "execution_started_on": None,
        "executed_on": None,
        "closed_on": None,
        "merged_into_id": None,
        "is_sample": True,
    }
    out["a100_case"].append(case)
    area = 0.0
    for _ in range(rng.choice((1, 1, 1, 2, 2, 3))):
        kind_id = rng.randint(1, len(VIOLATION_KINDS))
        unit = VIOLATION_KINDS[kind_id - 1][3]
        measure = None
        if unit is MeasureUnit.SQUARE_METRES:
            measure = round(rng.uniform(3, 250), 1)
            area += measure
        elif unit is MeasureUnit.PARKING_SPACES:
            measure = float(rng.randint(1, 4))
        out["a100_violation"].append(
            {
                "id": ids("a100_violation"),
                "case_id": case_id,
                "kind_id": kind_id,
                "measure": measure,
                "note": None,
            }
        )
    events = out["a100_case_event"]
    actor_secretariat = f"دبیرخانه کمیسیون‌ها [ARTICLE100_SECRETARIAT (municipality {city})]"
    actor_execution = f"اداره اجرای احکام [EXECUTION_OFFICE (municipality {city})]"

    def event(
        before: CaseStatus | None, after: CaseStatus, at: datetime, actor: str, reason: str
    ) -> None:
        events.append(
            {
                "id": ids("a100_case_event"),
                "case_id": case_id,
                "from_status": before.value if before else None,
                "to_status": after.value,
                "actor": actor,
                "reason": reason,
                "occurred_at": at,
            }
        )

    event(None, S.REPORTED, reported_at, case["inspector"], case["inspection_report"])
    day = reported_on
    before = S.REPORTED
    verdict_id = None
    for step in steps:
        day = day + timedelta(days=gaps[step])
        at = _at(day, 7, rng)
        actor, reason = actor_secretariat, "گام نمونه"
        if step is S.REFERRED:
            case["referred_on"] = day
            case["commission_id"] = rng.choice(commissions[CommissionLevel.FIRST_INSTANCE.value])
            reason = "ارجاع به کمیسیون بدوی"
        elif step in (S.VERDICT_ISSUED, S.APPEAL_VERDICT_ISSUED):
            commission = case["commission_id"]
            first = step is S.VERDICT_ISSUED
            verdict_kind = kind if (not first or not appealed) else rng.choice(list(VerdictKind))
            held_at = datetime(day.year, day.month, day.day, 5, 30, tzinfo=UTC)
            session = sessions.get((commission, day))
            if session is None:
                session = sessions[(commission, day)] = ids("a100_session")
                out["a100_session"].append(
                    {
                        "id": session,
                        "commission_id": commission,
                        "held_at": held_at,
                        "it_support_present": True,
                        "it_support_name": None,
                        "scheduled_by": actor_secretariat,
                        "is_sample": True,
                    }
                )
                for member, _seat in members[commission]:
                    out["a100_attendance"].append(
                        {
                            "id": ids("a100_attendance"),
                            "session_id": session,
                            "member_id": member,
                            "present": True,
                        }
                    )
            out["a100_agenda_item"].append(
                {
                    "id": ids("a100_agenda_item"),
                    "session_id": session,
                    "case_id": case_id,
                    "position": rng.randint(1, 40),
                }
            )
            verdict_id = ids("a100_verdict")
            fine = None
            if verdict_kind is VerdictKind.FINE:
                fine = int(max(area, 10) * rng.randint(5, 60)) * 1_000_000
            out["a100_verdict"].append(
                {
                    "id": verdict_id,
                    "case_id": case_id,
                    "session_id": session,
                    "level": (
                        CommissionLevel.FIRST_INSTANCE if first else CommissionLevel.APPEAL
                    ).value,
                    "kind": verdict_kind.value,
                    "reasons": "دلایل نمونه رأی کمیسیون",
                    "fine_rials": fine,
                    "decided_at": held_at,
                    "recorded_by": actor_secretariat,
                }
            )
            for member, _seat in members[commission]:
                out["a100_verdict_member"].append(
                    {
                        "id": ids("a100_verdict_member"),
                        "verdict_id": verdict_id,
                        "member_id": member,
                    }
                )
            at = held_at
            if first:
                case["verdict_on"] = tehran_day(held_at)
            reason = "دلایل نمونه رأی کمیسیون"
        elif step is S.NOTIFIED:
            case["notified_at"] = at
            case["appeal_last_day"] = appeal_last_day(at)
            reason = "ابلاغ رأی به مالک"
        elif step is S.APPEAL_REQUESTED:
            case["appeal_filed_at"] = at
            case["appeal_party"] = rng.choice(list(AppealParty)).value
            case["commission_id"] = commissions[CommissionLevel.APPEAL.value][0]
            reason = "اعتراض به رأی بدوی"
        elif step is S.FINAL:
            case["final_on"] = day
            reason = "قطعی شدن رأی"
        elif step is S.BEING_EXECUTED:
            case["execution_started_on"] = day
            actor, reason = actor_execution, "آغاز اجرای رأی"
            for _ in range(rng.choice((1, 1, 2))):
                out["a100_execution_task"].append(
                    {
                        "id": ids("a100_execution_task"),
                        "case_id": case_id,
                        "verdict_id": verdict_id,
                        "action": "اجرای رأی قطعی کمیسیون",
                        "due_on": day + timedelta(days=rng.randint(15, 120)),
                        "created_at": at,
                        "created_by": actor_execution,
                        "done_on": None,
                        "done_by": None,
                        "evidence": None,
                        "is_sample": True,
                    }
                )
        elif step is S.EXECUTED:
            case["executed_on"] = day
            actor, reason = actor_execution, "ثبت اجرای رأی"
            for task in out["a100_execution_task"]:
                task.update(done_on=day, done_by=actor_execution, evidence="گزارش نمونه اجرای رأی")
        elif step is S.CLOSED:
            case["closed_on"] = day
            actor, reason = actor_execution, "مختومه شدن پرونده"
        event(before, step, at, actor, reason)
        case["version"] += 1
        before = step
    if ended_early:
        day = day + timedelta(days=rng.randint(1, 30))
        case["closed_on"] = day
        reason = "استرداد پرونده" if stage is S.WITHDRAWN else "ادغام در پرونده دیگر همان ملک"
        event(before, stage, _at(day, 8, rng), actor_secretariat, reason)
        case["version"] += 1
        if stage is S.MERGED:
            # merged into a sibling case of the same property, reported with it
            sibling_id = ids("a100_case")
            sibling_party = ids("a100_party")
            out["a100_party"].append({**out["a100_party"][0], "id": sibling_party})
            out["a100_case"].insert(  # before the merged case, which points at it
                0,
                {
                    **case,
                    "id": sibling_id,
                    "file_number": f"S-{sibling_id:07d}",
                    "owner_party_id": sibling_party,
                    "status": S.REPORTED.value,
                    "version": 1,
                    "commission_id": None,
                    "referred_on": None,
                    "closed_on": None,
                },
            )
            events.append(
                {
                    "id": ids("a100_case_event"),
                    "case_id": sibling_id,
                    "from_status": None,
                    "to_status": S.REPORTED.value,
                    "actor": case["inspector"],
                    "reason": case["inspection_report"],
                    "occurred_at": reported_at,
                }
            )
            out["a100_violation"] += [
                {**violation, "id": ids("a100_violation"), "case_id": sibling_id}
                for violation in list(out["a100_violation"])
            ]
            case["merged_into_id"] = sibling_id
    return out
