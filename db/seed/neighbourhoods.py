"""Tehran's districts and their neighbourhood councils (seed 001).

Real, as seed 001 states it (`is_sample` false, `source_fa` naming the report): Tehran's municipality
has 22 districts (a public fact); district 8 has a neighbourhood-council liaison, Haddadian
(«حدادیان رابط شورایاری منطقه 8»), and a district mayor, Esteghamati («استقامتی شهردار منطقه»),
both attested on 11 Tir 1399 (2020-07-01), the day of the report — the seed gives no span of office,
so their posts span that one day; the directive on the members' powers and the one forming the
specialist working groups were issued to the councils before that day (their titles and kinds are
real; the seed gives neither their text, nor their issuer, nor their day).

Sample, and marked so: the areas and neighbourhoods (the seed names none), the councils' terms
and members, the deputies and secretaries, everyone in office after 2020, the working groups'
meetings, the presiding board's meetings, the escalations and the small-scale projects. The
shipped sample fills district 8; `seed --scale national` fills all 22 districts, with a few
thousand projects in every stage.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import jdatetime
from sqlalchemy import bindparam, update
from sqlalchemy.ext.asyncio import AsyncConnection

from core.calendar import TEHRAN
from db.tables import (
    AFTER_STEP,
    DEPUTY_OF_FIELD,
    SIGNATURE_STEPS,
    DirectiveKind,
    DistrictOffice,
    EscalationStatus,
    ProjectStatus,
    WorkingGroupField,
    WorkingGroupLevel,
    small_project,
)

Row = dict[str, Any]
Of = DistrictOffice

#: The report seed 001 is: where its facts are stated.
SOURCE_FA = "روابط عمومی ستاد هماهنگی شورایاری‌ها، کد مطلب ۵۰۴۳، چهارشنبه ۱۱ تیر ۱۳۹۹"
#: The day of the report (1399/04/11).
REPORTED_ON = date(2020, 7, 1)
#: Tehran's municipality has 22 districts.
TEHRAN_DISTRICTS = 22
#: The district seed 001 is about.
DISTRICT_8 = 8
#: When the sample's posts, councils and working groups begin: 1403/01/01.
SAMPLE_FROM = date(2024, 3, 20)

FIELD_FA: dict[WorkingGroupField, str] = {
    WorkingGroupField.PLANNING: "برنامه‌ریزی",
    WorkingGroupField.URBAN_SERVICES: "خدمات شهری و محیط زیست",
    WorkingGroupField.TECHNICAL: "فنی و عمرانی",
    WorkingGroupField.URBAN_PLANNING: "شهرسازی و معماری",
    WorkingGroupField.SOCIAL: "اجتماعی و فرهنگی",
    WorkingGroupField.TRANSPORT: "حمل‌ونقل و ترافیک",
}

#: Sample names, combined at random (marked sample wherever they are used).
_FIRST = (
    "علی",
    "مریم",
    "حسین",
    "زهرا",
    "محمد",
    "فاطمه",
    "رضا",
    "سارا",
    "مهدی",
    "نرگس",
    "امیر",
    "لیلا",
)
_LAST = ("احمدی", "کریمی", "رضایی", "موسوی", "حسینی", "جعفری", "صادقی", "نوری", "رحیمی", "کاظمی")

_PROJECTS = (
    ("بهسازی پیاده‌روی خیابان", "پیاده‌رو"),
    ("نصب روشنایی کوچه", "کوچه"),
    ("ساخت زمین بازی کودکان در بوستان", "بوستان"),
    ("کاشت درخت و فضای سبز", "میدان"),
    ("نصب نیمکت و سطل زباله", "بوستان"),
    ("رمپ دسترسی برای معلولان", "ورودی سرای محله"),
    ("لایروبی جوی آب", "خیابان"),
    ("نقاشی دیوار مدرسه", "مدرسه"),
)

RETURN_REASONS = (
    "برآورد هزینه مستند نیست؛ پیش‌فاکتور پیوست شود.",
    "موقعیت پروژه با طرح تفصیلی همخوانی ندارد.",
    "شمار بهره‌مندان روشن نیست.",
)


@dataclass
class Ids:
    """The next id of each table."""

    next: dict[str, int] = field(default_factory=dict)

    def __call__(self, table: str) -> int:
        value = self.next.get(table, 1)
        self.next[table] = value + 1
        return value


@dataclass
class NeighbourhoodData:
    """The rows of the domain, in the order they are inserted."""

    districts: list[Row] = field(default_factory=list)
    areas: list[Row] = field(default_factory=list)
    neighbourhoods: list[Row] = field(default_factory=list)
    councils: list[Row] = field(default_factory=list)
    working_groups: list[Row] = field(default_factory=list)
    posts: list[Row] = field(default_factory=list)
    meetings: list[Row] = field(default_factory=list)
    attendance: list[Row] = field(default_factory=list)
    board_meetings: list[Row] = field(default_factory=list)
    escalations: list[Row] = field(default_factory=list)
    escalation_events: list[Row] = field(default_factory=list)
    directives: list[Row] = field(default_factory=list)
    directive_scopes: list[Row] = field(default_factory=list)
    projects: list[Row] = field(default_factory=list)
    #: per project: its life as (kind, values) steps, replayed through the triggers
    lives: dict[int, list[tuple[str, Row]]] = field(default_factory=dict)
    project_events: list[Row] = field(default_factory=list)


def _person(rng: random.Random) -> str:
    return f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"


def _instant(day: date, rng: random.Random) -> datetime:
    """A working-hours instant of a day in Tehran, as UTC."""
    local = datetime(
        day.year, day.month, day.day, 8 + rng.randrange(8), rng.randrange(60), tzinfo=TEHRAN
    )
    return local.astimezone(UTC)


def _day_in_tehran(instant: datetime) -> date:
    return instant.astimezone(TEHRAN).date()


def _months(first: date, last: date) -> Iterator[tuple[int, int, date]]:
    """The Solar Hijri months from `first`'s to the one before `last`'s, with their first day."""
    month = jdatetime.date.fromgregorian(date=first).replace(day=1)
    end = jdatetime.date.fromgregorian(date=last).replace(day=1)
    while month < end:
        yield month.year, month.month, month.togregorian()
        month = (month + jdatetime.timedelta(days=32)).replace(day=1)


def _post(ids: Ids, district_id: int, office: DistrictOffice, person: str, **values: Any) -> Row:
    row: Row = {
        "id": ids("district_post"),
        "district_id": district_id,
        "office": office.value,
        "person_fa": person,
        "council_id": None,
        "working_group_id": None,
        "area_id": None,
        "started_on": SAMPLE_FROM,
        "ended_on": None,
        "source_fa": None,
        "is_sample": True,
    }
    row.update(values)
    return row


def neighbourhood_rows(
    tehran_id: int,
    *,
    full_districts: tuple[int, ...],
    projects_per_district: int,
    rng_seed: int,
    anchor: datetime,
) -> NeighbourhoodData:
    """Every row of the domain for Tehran: its 22 districts, and the councils, posts, groups,
    meetings, escalations and projects of `full_districts`."""
    rng = random.Random(rng_seed * 8 + 1)
    ids = Ids()
    data = NeighbourhoodData()
    for number in range(1, TEHRAN_DISTRICTS + 1):
        data.districts.append(
            {
                "id": ids("city_district"),
                "municipality_id": tehran_id,
                "number": number,
                "name_fa": f"منطقه {number}",
                "name_en": f"District {number}",
                "is_sample": False,
            }
        )
    today = _day_in_tehran(anchor)
    for district in data.districts:
        if district["number"] in full_districts:
            _district(data, ids, rng, district, projects_per_district, anchor, today)
    _directives(data, ids, tehran_id)
    return data


def _directives(data: NeighbourhoodData, ids: Ids, tehran_id: int) -> None:
    texts = (
        (
            DirectiveKind.MEMBERS_POWERS,
            "دستورالعمل اختیارات شورایاران",
            "نمونه: متن دستورالعمل در خبر نیامده است. حوزه عملکرد شورایاران و جایگاه آنان در "
            "تعریف پروژه‌های کوچک مقیاس و تعامل با مدیریت شهری.",
        ),
        (
            DirectiveKind.WORKING_GROUPS,
            "دستورالعمل تشکیل کارگروه‌های تخصصی",
            "نمونه: متن دستورالعمل در خبر نیامده است. تشکیل کارگروه‌های تخصصی، دبیران و اعضای "
            "آنها، و جلسه مشترک ماهانه هر کارگروه با معاونت مربوطه.",
        ),
    )
    for kind, title, text in texts:
        directive_id = ids("council_directive")
        data.directives.append(
            {
                "id": directive_id,
                "municipality_id": tehran_id,
                "kind": kind.value,
                "title_fa": title,
                "text_fa": text,
                "issuer_fa": "نمونه: صادرکننده در خبر نیامده است",
                "issued_on": None,
                "reported_on": REPORTED_ON,
                "source_fa": SOURCE_FA,
                "is_sample": True,
            }
        )
        data.directive_scopes.extend(
            {"directive_id": directive_id, "council_id": council["id"]} for council in data.councils
        )


def _district(
    data: NeighbourhoodData,
    ids: Ids,
    rng: random.Random,
    district: Row,
    projects: int,
    anchor: datetime,
    today: date,
) -> None:
    district_id = district["id"]
    number = district["number"]
    if number == DISTRICT_8:
        for office, person in ((Of.DISTRICT_LIAISON, "حدادیان"), (Of.DISTRICT_MAYOR, "استقامتی")):
            data.posts.append(
                _post(
                    ids,
                    district_id,
                    office,
                    person,
                    started_on=REPORTED_ON,
                    ended_on=REPORTED_ON,
                    source_fa=SOURCE_FA,
                    is_sample=False,
                )
            )
    officials: dict[DistrictOffice, Row] = {}
    for office in (
        Of.DISTRICT_MAYOR,
        Of.PLANNING_DEPUTY,
        Of.URBAN_SERVICES_DEPUTY,
        Of.TECHNICAL_DEPUTY,
        Of.URBAN_PLANNING_DEPUTY,
        Of.SOCIAL_DEPUTY,
        Of.TRANSPORT_DEPUTY,
        Of.DISTRICT_LIAISON,
        Of.BOARD_CHAIR,
    ):
        officials[office] = _post(ids, district_id, office, _person(rng))
        data.posts.append(officials[office])
    for _ in range(4):
        data.posts.append(_post(ids, district_id, Of.BOARD_MEMBER, _person(rng)))

    councils: list[Row] = []
    for area_number in range(1, 5):
        area_id = ids("district_area")
        data.areas.append(
            {
                "id": area_id,
                "district_id": district_id,
                "number": area_number,
                "name_fa": f"ناحیه {area_number}",
                "is_sample": True,
            }
        )
        data.posts.append(_post(ids, district_id, Of.AREA_MAYOR, _person(rng), area_id=area_id))
        for index in range(1, 4):
            neighbourhood_id = ids("neighbourhood")
            data.neighbourhoods.append(
                {
                    "id": neighbourhood_id,
                    "district_id": district_id,
                    "area_id": area_id,
                    "name_fa": f"محله نمونه {number}-{area_number}-{index}",
                    "is_sample": True,
                }
            )
            council = {
                "id": ids("neighbourhood_council"),
                "neighbourhood_id": neighbourhood_id,
                "district_id": district_id,
                "term_number": 6,
                "term_start": SAMPLE_FROM,
                "term_end": None,
                "is_sample": True,
            }
            councils.append(council)
    data.councils.extend(councils)

    groups: list[tuple[Row, Row]] = []  # (group, its secretary)
    for group_field in WorkingGroupField:
        group = _group(
            ids, district_id, None, group_field, f"کارگروه {FIELD_FA[group_field]} منطقه {number}"
        )
        secretary = _post(
            ids, district_id, Of.DISTRICT_WG_SECRETARY, _person(rng), working_group_id=group["id"]
        )
        groups.append((group, secretary))
    district_planning_secretary = groups[0][1]
    council_secretaries: dict[int, Row] = {}
    council_members: dict[int, list[Row]] = {}
    for council in councils:
        members = [
            _post(ids, district_id, Of.COUNCILLOR, _person(rng), council_id=council["id"])
            for _ in range(5)
        ]
        council_members[council["id"]] = members
        for group_field in (WorkingGroupField.PLANNING, WorkingGroupField.URBAN_SERVICES):
            group = _group(
                ids,
                district_id,
                council["id"],
                group_field,
                f"کارگروه {FIELD_FA[group_field]} محله",
            )
            secretary = _post(
                ids,
                district_id,
                Of.NEIGHBOURHOOD_WG_SECRETARY,
                members[0 if group_field is WorkingGroupField.PLANNING else 1]["person_fa"],
                council_id=council["id"],
                working_group_id=group["id"],
            )
            groups.append((group, secretary))
            if group_field is WorkingGroupField.PLANNING:
                council_secretaries[council["id"]] = secretary
    data.working_groups.extend(group for group, _ in groups)
    for members in council_members.values():
        data.posts.extend(members)
    data.posts.extend(secretary for _, secretary in groups)

    _meetings(data, ids, rng, groups, officials, today)
    board = _board_meetings(data, ids, rng, district_id, officials[Of.DISTRICT_MAYOR], today)
    _escalations(data, ids, rng, district_id, groups, officials, board, anchor)
    signers = {
        2: district_planning_secretary,
        3: officials[Of.DISTRICT_LIAISON],
        4: officials[Of.PLANNING_DEPUTY],
        5: officials[Of.DISTRICT_MAYOR],
    }
    neighbourhood_of = {council["id"]: council["neighbourhood_id"] for council in councils}
    for _ in range(projects):
        council = rng.choice(councils)
        _project(
            data,
            ids,
            rng,
            district_id,
            council["id"],
            neighbourhood_of[council["id"]],
            rng.choice(council_members[council["id"]]),
            {1: council_secretaries[council["id"]], **signers},
            anchor,
        )


def _group(
    ids: Ids, district_id: int, council_id: int | None, group_field: WorkingGroupField, name: str
) -> Row:
    return {
        "id": ids("working_group"),
        "district_id": district_id,
        "council_id": council_id,
        "level": (
            WorkingGroupLevel.DISTRICT if council_id is None else WorkingGroupLevel.NEIGHBOURHOOD
        ).value,
        "field": group_field.value,
        "name_fa": name,
        "formed_on": SAMPLE_FROM,
        "is_sample": True,
    }


def _meetings(
    data: NeighbourhoodData,
    ids: Ids,
    rng: random.Random,
    groups: list[tuple[Row, Row]],
    officials: dict[DistrictOffice, Row],
    today: date,
) -> None:
    """A meeting most months; about one month in eight is missed."""
    for group, secretary in groups:
        deputy = officials[DEPUTY_OF_FIELD[WorkingGroupField(group["field"])]]
        for year, month, first_day in _months(group["formed_on"], today):
            if rng.random() < 0.12:
                continue
            held_on = first_day + timedelta(days=rng.randrange(5, 25))
            meeting_id = ids("working_group_meeting")
            data.meetings.append(
                {
                    "id": meeting_id,
                    "working_group_id": group["id"],
                    "deputy_post_id": deputy["id"],
                    "held_on": held_on,
                    "solar_year": year,
                    "solar_month": month,
                    "outcomes_fa": "نمونه: مصوبات جلسه مشترک کارگروه و معاونت",
                    "recorded_at": _instant(held_on, rng),
                    "is_sample": True,
                }
            )
            data.attendance.append(
                {"meeting_id": meeting_id, "post_id": secretary["id"], "present": True}
            )
            data.attendance.append(
                {"meeting_id": meeting_id, "post_id": deputy["id"], "present": rng.random() < 0.9}
            )


def _board_meetings(
    data: NeighbourhoodData,
    ids: Ids,
    rng: random.Random,
    district_id: int,
    mayor: Row,
    today: date,
) -> list[Row]:
    made = []
    for _, _, first_day in _months(SAMPLE_FROM, today):
        held_on = first_day + timedelta(days=rng.randrange(3, 20))
        row = {
            "id": ids("board_meeting"),
            "district_id": district_id,
            "district_mayor_post_id": mayor["id"],
            "held_on": held_on,
            "minutes_fa": "نمونه: صورت‌جلسه هیئت رئیسه با شهردار منطقه",
            "is_sample": True,
        }
        made.append(row)
    data.board_meetings.extend(made)
    return made


def _escalations(
    data: NeighbourhoodData,
    ids: Ids,
    rng: random.Random,
    district_id: int,
    groups: list[tuple[Row, Row]],
    officials: dict[DistrictOffice, Row],
    board: list[Row],
    anchor: datetime,
) -> None:
    chair = officials[Of.BOARD_CHAIR]
    fates = (
        EscalationStatus.RAISED,
        EscalationStatus.ON_BOARD_AGENDA,
        EscalationStatus.AGREED,
        EscalationStatus.NOT_AGREED,
        EscalationStatus.WITHDRAWN,
    )
    for index in range(8):
        group, secretary = rng.choice(groups)
        fate = fates[index % len(fates)]
        raised_at = anchor - timedelta(days=rng.randrange(20, 300), hours=rng.randrange(24))
        escalation_id = ids("escalation")
        events: list[tuple[EscalationStatus | None, EscalationStatus, Row, datetime, str]] = [
            (None, EscalationStatus.RAISED, secretary, raised_at, "عدم توافق با شهرداری")
        ]
        meeting_id = None
        outcome = None
        closed_at = None
        at = raised_at
        if fate in (
            EscalationStatus.ON_BOARD_AGENDA,
            EscalationStatus.AGREED,
            EscalationStatus.NOT_AGREED,
        ):
            later = [m for m in board if m["held_on"] > _day_in_tehran(raised_at)]
            if not later:
                fate = EscalationStatus.RAISED
            else:
                meeting = later[0]
                meeting_id = meeting["id"]
                at = _instant(meeting["held_on"], rng)
                events.append(
                    (
                        EscalationStatus.RAISED,
                        EscalationStatus.ON_BOARD_AGENDA,
                        chair,
                        at,
                        "در دستور جلسه ماهانه",
                    )
                )
                if fate is not EscalationStatus.ON_BOARD_AGENDA:
                    at = at + timedelta(hours=2)
                    outcome = (
                        "توافق شد"
                        if fate is EscalationStatus.AGREED
                        else "توافق نشد؛ به ستاد گزارش شد"
                    )
                    events.append((EscalationStatus.ON_BOARD_AGENDA, fate, chair, at, outcome))
                    closed_at = at
        elif fate is EscalationStatus.WITHDRAWN:
            at = raised_at + timedelta(days=3)
            events.append((EscalationStatus.RAISED, fate, secretary, at, "توافق پیش از جلسه"))
            closed_at = at
        data.escalations.append(
            {
                "id": escalation_id,
                "district_id": district_id,
                "working_group_id": group["id"],
                "raised_by_post_id": secretary["id"],
                "subject": "نمونه: عدم توافق کارگروه با معاونت",
                "description": "نمونه: موضوعی که دبیر کارگروه با شهرداری منطقه به توافق نرسید.",
                "status": fate.value,
                "board_meeting_id": meeting_id,
                "outcome_fa": outcome,
                "raised_at": raised_at,
                "raised_on": _day_in_tehran(raised_at),
                "closed_at": closed_at,
                "version": len(events),
                "is_sample": True,
            }
        )
        for before, after, post, when, reason in events:
            data.escalation_events.append(
                {
                    "id": ids("escalation_event"),
                    "escalation_id": escalation_id,
                    "from_status": before.value if before else None,
                    "to_status": after.value,
                    "post_id": post["id"],
                    "actor": f"{post['person_fa']} [{post['office']}] (نمونه)",
                    "reason": reason,
                    "occurred_at": when,
                }
            )


def _project(
    data: NeighbourhoodData,
    ids: Ids,
    rng: random.Random,
    district_id: int,
    council_id: int,
    neighbourhood_id: int,
    author: Row,
    signers: dict[int, Row],
    anchor: datetime,
) -> None:
    """One project and its life: written, submitted, signed step by step up to where it stops,
    perhaps returned (and perhaps resubmitted and signed again)."""
    project_id = ids("small_project")
    title, place = rng.choice(_PROJECTS)
    created_at = anchor - timedelta(days=rng.randrange(30, 540), minutes=rng.randrange(1440))
    # where it ends: 0 = draft, 1..5 = waiting at that step, 6 = sent, -k = returned at step k
    fate = rng.choices([0, 1, 2, 3, 4, 5, 6, -1, -3, -5], weights=[6, 10, 8, 8, 8, 8, 30, 4, 4, 4])[
        0
    ]
    resubmitted = fate < 0 and rng.random() < 0.5
    life: list[tuple[str, Row]] = []
    events: list[Row] = []
    status = ProjectStatus.DRAFT
    since = created_at
    at = created_at
    round_ = 0
    submitted_at = None
    sent_at = None

    def step(after: ProjectStatus, post: Row | None, reason: str | None = None) -> None:
        nonlocal status, since
        events.append(
            {
                "id": ids("small_project_event"),
                "project_id": project_id,
                "round": round_,
                "from_status": status.value if events else None,
                "to_status": after.value,
                "post_id": post["id"] if post else None,
                "actor": f"{post['person_fa']} [{post['office']}] (نمونه)" if post else "",
                "reason": reason,
                "occurred_at": at,
                "stay_seconds": int((at - since).total_seconds()) if events else None,
            }
        )
        status = after
        since = at

    step(ProjectStatus.DRAFT, author, "نمونه: فرم تکمیل شد")
    plans: list[tuple[int, int | None]] = []  # per round: steps signed, and who returns it
    if 1 <= fate <= 5:
        plans = [(fate - 1, None)]
    elif fate == 6:
        plans = [(5, None)]
    elif fate < 0:
        plans = [(-fate - 1, -fate)] + ([(5, None)] if resubmitted else [])
    for number, (signed, returned_by) in enumerate(plans, start=1):
        at = at + timedelta(days=rng.randrange(1, 10), hours=rng.randrange(1, 12))
        round_ = number
        submitted_at = at
        life.append(("submit", {"round": number}))
        step(ProjectStatus.AT_NEIGHBOURHOOD_SECRETARY, author)
        for signature_step, office, _stage in SIGNATURE_STEPS[:signed]:
            arrived = at
            at = at + timedelta(hours=rng.randrange(2, 24 * (3 + 4 * signature_step)))
            post = signers[signature_step]
            assert post["office"] == office.value
            life.append(
                (
                    "sign",
                    {
                        "id": ids("small_project_signature"),
                        "project_id": project_id,
                        "district_id": district_id,
                        "round": number,
                        "step": signature_step,
                        "prev_step": signature_step - 1 if signature_step > 1 else None,
                        "office": office.value,
                        "post_id": post["id"],
                        "actor": f"{post['person_fa']} [{office.value}] (نمونه)",
                        "signed_at": at,
                        "signed_on": _day_in_tehran(at),
                        "waited_seconds": int((at - arrived).total_seconds()),
                    },
                )
            )
            step(AFTER_STEP[signature_step], post)
        if returned_by is not None:
            at = at + timedelta(hours=rng.randrange(2, 72))
            life.append(("return", {"round": number}))
            step(ProjectStatus.RETURNED, signers[returned_by], rng.choice(RETURN_REASONS))
    if status is ProjectStatus.SENT_TO_HEADQUARTERS:
        sent_at = at
    if at > anchor:  # keep the sample in the past of the anchor
        shift = at - anchor + timedelta(days=1)
        for event in events:
            event["occurred_at"] -= shift
        for kind, values in life:
            if kind == "sign":
                values["signed_at"] -= shift
                values["signed_on"] = _day_in_tehran(values["signed_at"])
        created_at -= shift
        since -= shift
        submitted_at = submitted_at - shift if submitted_at else None
        sent_at = sent_at - shift if sent_at else None
    data.projects.append(
        {
            "id": project_id,
            "district_id": district_id,
            "neighbourhood_id": neighbourhood_id,
            "council_id": council_id,
            "title": f"نمونه: {title}",
            "description": f"نمونه: {title} در {place} محله، به پیشنهاد شورایاران.",
            "estimated_cost_rials": rng.randrange(50, 5000) * 10_000_000,
            "beneficiaries": rng.randrange(50, 20_000),
            "location_fa": f"{place} محله",
            "status": ProjectStatus.DRAFT.value,
            "round": 0,
            "version": 1,
            "created_by_post_id": author["id"],
            "created_at": created_at,
            "submitted_at": None,
            "stage_since": created_at,
            "sent_at": None,
            "is_sample": True,
        }
    )
    data.lives[project_id] = life
    data.project_events.extend(events)
    final = data.projects[-1]
    final["_final"] = {
        "status": status.value,
        "round": round_,
        "version": 1 + len(life),
        "submitted_at": submitted_at,
        "stage_since": since,
        "sent_at": sent_at,
    }


async def replay_projects(
    conn: AsyncConnection, data: NeighbourhoodData, insert: Any, signatures: Any
) -> None:
    """The projects' lives through the database's own rules: each submission, signature and
    return in the order they happened, a batch per kind of step (the triggers check every one)."""
    by_id = {row["id"]: row for row in data.projects}
    status: dict[int, str] = dict.fromkeys(by_id, ProjectStatus.DRAFT.value)
    cursor = dict.fromkeys(by_id, 0)
    move = (
        update(small_project)
        .where(small_project.c.id == bindparam("pid"))
        .values(status=bindparam("new_status"), round=bindparam("new_round"))
    )
    rounds: dict[int, int] = dict.fromkeys(by_id, 0)
    while True:
        batch: dict[str, list[Row]] = {"submit": [], "sign": [], "return": []}
        for pid, life in data.lives.items():
            if cursor[pid] < len(life):
                kind, values = life[cursor[pid]]
                batch[kind].append({"pid": pid, **values})
        if not any(batch.values()):
            break
        # one kind at a time; a project waits for the next pass for its next step
        kind = next(k for k in ("submit", "sign", "return") if batch[k])
        moves: list[Row] = []
        if kind == "sign":
            # one step number at a time, so that a signature's predecessor is in first
            first_step = min(values["step"] for values in batch["sign"])
            chosen = [values for values in batch["sign"] if values["step"] == first_step]
            await insert(
                signatures, [{k: v for k, v in values.items() if k != "pid"} for values in chosen]
            )
            for values in chosen:
                pid = values["pid"]
                moves.append(
                    {
                        "pid": pid,
                        "new_status": AFTER_STEP[values["step"]].value,
                        "new_round": rounds[pid],
                    }
                )
                cursor[pid] += 1
        else:
            for values in batch[kind]:
                pid = values["pid"]
                if kind == "submit":
                    rounds[pid] = values["round"]
                    new = ProjectStatus.AT_NEIGHBOURHOOD_SECRETARY.value
                else:
                    new = ProjectStatus.RETURNED.value
                moves.append({"pid": pid, "new_status": new, "new_round": rounds[pid]})
                cursor[pid] += 1
        for values in moves:
            status[values["pid"]] = values["new_status"]
        await conn.execute(move, moves)
    finals = [
        {
            "pid": row["id"],
            **{f"final_{k}": v for k, v in row["_final"].items() if k not in ("status", "round")},
        }
        for row in data.projects
    ]
    for row in data.projects:
        assert status[row["id"]] == row["_final"]["status"], (row["id"], status[row["id"]])
    await conn.execute(
        update(small_project)
        .where(small_project.c.id == bindparam("pid"))
        .values(
            version=bindparam("final_version"),
            submitted_at=bindparam("final_submitted_at"),
            stage_since=bindparam("final_stage_since"),
            sent_at=bindparam("final_sent_at"),
        ),
        finals,
    )
