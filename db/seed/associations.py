"""The rows of the union of municipalities and of the Assembly of Mayors of Iran's Metropolises.

Real (from `reference`, seeds 002 and 004): the union itself, its nature and mission and the
session that announced it; the assembly, its history, the commission, its four original
committees, its TQM working groups, its secretariat's five duties, and the five meetings the seed
names with their hosts. SAMPLE (invented, `is_sample`): the union's members, its first election
(seats, candidates, ballots, counts, days: the seed says only that an election was held in the
weeks before the announcement) and its officers; the commission's later meetings, topics,
resolutions and follow-up.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from core.text import normalize_text
from db.seed import reference
from db.seed.sample import MunicipalityInfo, Row
from db.tables import (
    CommissionBodyKind,
    ElectionStatus,
    MunicipalityKind,
    TopicPriority,
    TopicStatus,
    UnionOffice,
)

UNION_ID = 1
ASSEMBLY_ID = 1
COMMISSION_ID = 1


def _rng(rng_seed: int, section: str) -> random.Random:
    return random.Random(f"{rng_seed}:{section}")


def _ids(municipalities: Sequence[MunicipalityInfo]) -> dict[str, int]:
    return {m.name_en: m.id for m in municipalities if m.name_en}


# --------------------------------------------------------------------------- the union (seed 002)


def union_rows(has_session: bool) -> list[Row]:
    """The union, as seed 002 states it (real)."""
    return [
        {
            "id": UNION_ID,
            "name_fa": normalize_text(reference.UNION_NAME_FA),
            "name_en": reference.UNION_NAME_EN,
            "nature_fa": reference.UNION_NATURE_FA,
            "mission_fa": normalize_text(reference.UNION_MISSION_FA),
            "mission_en": reference.UNION_MISSION_EN,
            "announced_at_session_id": reference.UNION_ANNOUNCED_AT_SESSION
            if has_session
            else None,
            "is_sample": False,
        }
    ]


@dataclass
class ElectionRows:
    """The sample's certified election, row by table (results and officers are counted in SQL)."""

    members: list[Row] = field(default_factory=list)
    elections: list[Row] = field(default_factory=list)
    seats: list[Row] = field(default_factory=list)
    candidates: list[Row] = field(default_factory=list)
    events: list[Row] = field(default_factory=list)
    participation: list[Row] = field(default_factory=list)
    marks: list[Row] = field(default_factory=list)


#: The sample election's seats: (office, how many).
SAMPLE_SEATS = (
    (UnionOffice.PRESIDENT, 1),
    (UnionOffice.VICE_PRESIDENT, 1),
    (UnionOffice.BOARD_MEMBER, 3),
)
_SECRETARIAT = "دبیرخانه اتحادیه شهرداری‌ها"


def sample_election_rows(
    municipalities: Sequence[MunicipalityInfo], *, rng_seed: int, anchor: datetime
) -> ElectionRows:
    """SAMPLE: the metropolises and provincial centres as members, and one certified election
    for five seats, with candidates, who voted and secret ballots."""
    rng = _rng(rng_seed, "union")
    rows = ElectionRows()
    centres = [m for m in municipalities if m.kind != MunicipalityKind.CITY.value and m.name_en]
    joined = (anchor - timedelta(days=120)).date()
    for number, place in enumerate(centres, start=1):
        rows.members.append(
            {
                "id": number,
                "union_id": UNION_ID,
                "municipality_id": place.id,
                "joined_on": joined,
                "left_on": None,
                "is_sample": True,
            }
        )
    if len(rows.members) < 9:
        return rows
    called = anchor - timedelta(days=70)
    steps = [
        (None, ElectionStatus.CALLED, called, "فراخوان نخستین انتخابات هیئت‌مدیره اتحادیه"),
        (
            ElectionStatus.CALLED,
            ElectionStatus.CANDIDACY_OPEN,
            called + timedelta(days=3),
            "آغاز ثبت‌نام نامزدها",
        ),
        (
            ElectionStatus.CANDIDACY_OPEN,
            ElectionStatus.VOTING_OPEN,
            called + timedelta(days=17),
            "پایان ثبت‌نام و آغاز رأی‌گیری",
        ),
        (
            ElectionStatus.VOTING_OPEN,
            ElectionStatus.COUNTED,
            called + timedelta(days=24),
            "پایان رأی‌گیری و شمارش آرا",
        ),
        (
            ElectionStatus.COUNTED,
            ElectionStatus.CERTIFIED,
            called + timedelta(days=26),
            "تأیید نتایج",
        ),
    ]
    rows.elections.append(
        {
            "id": 1,
            "union_id": UNION_ID,
            "title": "نخستین انتخابات هیئت‌مدیره اتحادیه شهرداری‌ها",
            "status": ElectionStatus.CERTIFIED.value,
            "called_at": called,
            "certified_at": steps[-1][2],
            "eligible_count": len(rows.members),
            "ballots_cast": 0,
            "is_sample": True,
        }
    )
    for number, (before, after, at, reason) in enumerate(steps, start=1):
        rows.events.append(
            {
                "id": number,
                "election_id": 1,
                "from_status": before.value if before else None,
                "to_status": after.value,
                "actor": _SECRETARIAT,
                "reason": reason,
                "occurred_at": at,
            }
        )
    standing = rng.sample(rows.members, 9)
    sizes = (2, 2, 5)  # candidates per seat
    candidate_id = 0
    by_seat: list[tuple[int, list[int]]] = []
    for seat_id, ((office, seats), size) in enumerate(zip(SAMPLE_SEATS, sizes, strict=True), 1):
        rows.seats.append({"id": seat_id, "election_id": 1, "office": office.value, "seats": seats})
        ids: list[int] = []
        for member in standing[:size]:
            candidate_id += 1
            ids.append(candidate_id)
            rows.candidates.append(
                {
                    "id": candidate_id,
                    "election_id": 1,
                    "seat_id": seat_id,
                    "member_id": member["id"],
                    "filed_at": called + timedelta(days=4, hours=candidate_id),
                }
            )
        standing = standing[size:]
        by_seat.append((seats, ids))
    voters = rng.sample(rows.members, round(len(rows.members) * 0.8))
    voted_on = (called + timedelta(days=20)).date()
    for number, member in enumerate(sorted(voters, key=lambda m: m["id"]), start=1):
        rows.participation.append(
            {"id": number, "election_id": 1, "member_id": member["id"], "voted_on": voted_on}
        )
        ballot = f"{rng.getrandbits(128):032x}"
        for seats, ids in by_seat:
            for chosen in rng.sample(ids, rng.randint(0, seats)):
                rows.marks.append({"ballot": ballot, "election_id": 1, "candidate_id": chosen})
    rows.elections[0]["ballots_cast"] = len(rows.participation)
    return rows


# ------------------------------------------------------------ the assembly of mayors (seed 004)


@dataclass
class AssemblyRows:
    assemblies: list[Row] = field(default_factory=list)
    commissions: list[Row] = field(default_factory=list)
    bodies: list[Row] = field(default_factory=list)
    duties: list[Row] = field(default_factory=list)
    meetings: list[Row] = field(default_factory=list)
    milestones: list[Row] = field(default_factory=list)
    topics: list[Row] = field(default_factory=list)
    resolutions: list[Row] = field(default_factory=list)
    follow_ups: list[Row] = field(default_factory=list)


def assembly_rows(municipalities: Sequence[MunicipalityInfo]) -> AssemblyRows:
    """What seed 004 states (real): the assembly, its history, the commission, its committees
    and working groups, the secretariat's duties, the meetings it names."""
    ids = _ids(municipalities)
    rows = AssemblyRows()
    rows.assemblies.append(
        {
            "id": ASSEMBLY_ID,
            "name_fa": normalize_text(reference.ASSEMBLY_OF_MAYORS_FA),
            "name_en": reference.ASSEMBLY_OF_MAYORS_EN,
            "formed_solar_year": reference.ASSEMBLY_OF_MAYORS_FORMED,
            "formed_from_fa": normalize_text(reference.ASSEMBLY_OF_MAYORS_FORMED_FROM),
            "is_sample": False,
        }
    )
    rows.commissions.append(
        {
            "id": COMMISSION_ID,
            "assembly_id": ASSEMBLY_ID,
            "name_fa": normalize_text(reference.COMMISSION_FA),
            "name_en": reference.COMMISSION_EN,
            "formerly_fa": normalize_text(reference.COMMISSION_FORMERLY),
            "is_sample": False,
        }
    )
    bodies = [
        (CommissionBodyKind.ORIGINAL_COMMITTEE, reference.ORIGINAL_COMMITTEES, None, 16),
        (CommissionBodyKind.TQM_WORKING_GROUP, reference.TQM_WORKING_GROUPS, 16, None),
    ]
    for kind, names, first, last in bodies:
        for position, (name_fa, name_en) in enumerate(names, start=1):
            rows.bodies.append(
                {
                    "id": len(rows.bodies) + 1,
                    "commission_id": COMMISSION_ID,
                    "kind": kind.value,
                    "position": position,
                    "name_fa": normalize_text(name_fa),
                    "name_en": name_en,
                    "is_deciding": kind is CommissionBodyKind.TQM_WORKING_GROUP
                    and position == len(names),
                    "from_meeting": first if kind is CommissionBodyKind.TQM_WORKING_GROUP else 1,
                    "until_meeting": last,
                }
            )
    for number, (text_fa, text_en) in enumerate(reference.COMMISSION_DUTIES, start=1):
        rows.duties.append(
            {
                "id": number,
                "commission_id": COMMISSION_ID,
                "number": number,
                "text_fa": normalize_text(text_fa),
                "text_en": text_en,
            }
        )
    for meeting in reference.COMMISSION_MEETINGS:
        rows.meetings.append(
            {
                "id": len(rows.meetings) + 1,
                "commission_id": COMMISSION_ID,
                "number": meeting.number,
                "host_municipality_id": ids.get(meeting.host_en),
                "host_fa": normalize_text(meeting.host_fa),
                "held_in_fa": meeting.held_in_fa,
                "held_on": None,
                "is_nationwide": meeting.is_nationwide,
                "with_festival": meeting.with_festival,
                "note_fa": normalize_text(meeting.note_fa),
                "is_sample": False,
            }
        )
    meeting_ids = {row["number"]: row["id"] for row in rows.meetings}
    for position, milestone in enumerate(reference.ASSEMBLY_MILESTONES, start=1):
        rows.milestones.append(
            {
                "id": position,
                "assembly_id": ASSEMBLY_ID,
                "position": position,
                "when_fa": milestone.when_fa,
                "gregorian_year": milestone.gregorian_year,
                "text_fa": normalize_text(milestone.text_fa),
                "text_en": milestone.text_en,
                "meeting_id": meeting_ids.get(milestone.meeting) if milestone.meeting else None,
            }
        )
    return rows


#: SAMPLE: later meetings of the commission (numbers, hosts and days invented).
_SAMPLE_MEETINGS = (("Shiraz", 400), ("Tabriz", 250), ("Mashhad", 90))
_SAMPLE_TOPICS = (
    ("یکپارچه‌سازی فهرست بهای خدمات عمرانی کلانشهرها", TopicPriority.URGENT_SHORT_TERM),
    ("ایمنی کارگاه‌های عمرانی در فصل بارندگی", TopicPriority.URGENT_SHORT_TERM),
    ("سامانه مشترک پایش پیشرفت پروژه‌های عمرانی", TopicPriority.MEDIUM_TERM),
    ("آیین‌نامه مشترک نظارت بر پیمانکاران", TopicPriority.MEDIUM_TERM),
    ("استانداردسازی طراحی پل‌های عابر پیاده", TopicPriority.MEDIUM_TERM),
    ("برنامه راهبردی ده‌ساله حوزه فنی و عمرانی", TopicPriority.LONG_TERM),
    ("بانک تجربیات پروژه‌های مشترک کلانشهرها", TopicPriority.LONG_TERM),
    ("نگهداری و بهسازی تقاطع‌های غیرهمسطح", TopicPriority.URGENT_SHORT_TERM),
)
_TOPIC_STATUSES = (
    TopicStatus.OPEN,
    TopicStatus.IN_PROGRESS,
    TopicStatus.OPEN,
    TopicStatus.RESOLVED,
    TopicStatus.IN_PROGRESS,
    TopicStatus.OPEN,
    TopicStatus.DROPPED,
    TopicStatus.OPEN,
)
_RESOLUTION_TEXTS = (
    "تهیه پیش‌نویس فهرست بهای یکپارچه و ارسال به دبیرخانه کمیسیون",
    "گزارش وضعیت ایمنی کارگاه‌های عمرانی",
    "معرفی نماینده برای کارگروه سامانه پایش پروژه‌ها",
    "ارائه تجربه اجرای پروژه‌های مشارکتی",
    "بررسی پیش‌نویس آیین‌نامه نظارت بر پیمانکاران",
    "گزارش بهسازی تقاطع‌های غیرهمسطح",
)


def sample_commission_rows(
    rows: AssemblyRows,
    municipalities: Sequence[MunicipalityInfo],
    *,
    rng_seed: int,
    anchor: datetime,
) -> None:
    """SAMPLE: three later meetings, topics classed by priority, resolutions assigned to
    metropolises with due days (some done, some overdue), and their follow-up."""
    rng = _rng(rng_seed, "commission")
    ids = _ids(municipalities)
    metropolises = [m.id for m in municipalities if m.kind == MunicipalityKind.METROPOLIS.value]
    if not metropolises or any(host not in ids for host, _ in _SAMPLE_MEETINGS):
        return
    groups = [b["id"] for b in rows.bodies if b["kind"] == CommissionBodyKind.TQM_WORKING_GROUP]
    last = max(row["number"] for row in rows.meetings)
    sample_meetings: list[Row] = []
    for offset, (host, days_ago) in enumerate(_SAMPLE_MEETINGS, start=1):
        sample_meetings.append(
            {
                "id": len(rows.meetings) + 1,
                "commission_id": COMMISSION_ID,
                "number": last + offset,
                "host_municipality_id": ids[host],
                "host_fa": None,
                "held_in_fa": None,
                "held_on": (anchor - timedelta(days=days_ago)).date(),
                "is_nationwide": False,
                "with_festival": False,
                "note_fa": None,
                "is_sample": True,
            }
        )
        rows.meetings.append(sample_meetings[-1])
    for number, ((title, priority), status) in enumerate(
        zip(_SAMPLE_TOPICS, _TOPIC_STATUSES, strict=True), start=1
    ):
        meeting = sample_meetings[(number - 1) % len(sample_meetings)]
        raised: date = meeting["held_on"]
        closed = status.value in (TopicStatus.RESOLVED.value, TopicStatus.DROPPED.value)
        rows.topics.append(
            {
                "id": number,
                "commission_id": COMMISSION_ID,
                "meeting_id": meeting["id"],
                "working_group_id": groups[(number - 1) % len(groups)] if groups else None,
                "title": normalize_text(title),
                "priority": priority.value,
                "status": status.value,
                "raised_on": raised,
                "closed_on": raised + timedelta(days=60) if closed else None,
                "is_sample": True,
            }
        )
    for number, text in enumerate(_RESOLUTION_TEXTS, start=1):
        meeting = sample_meetings[(number - 1) % len(sample_meetings)]
        held: date = meeting["held_on"]
        due = held + timedelta(days=rng.choice((60, 120, 540)))
        done = held + timedelta(days=45) if number % 3 == 0 else None
        rows.resolutions.append(
            {
                "id": number,
                "meeting_id": meeting["id"],
                "number": (number - 1) // len(sample_meetings) + 1,
                "text_fa": normalize_text(text),
                "topic_id": number,
                "assigned_municipality_id": rng.choice(metropolises),
                "due_on": due,
                "done_on": done,
                "is_sample": True,
            }
        )
        reported = datetime.combine(held + timedelta(days=30), datetime.min.time(), UTC)
        rows.follow_ups.append(
            {
                "id": len(rows.follow_ups) + 1,
                "resolution_id": number,
                "reported_at": reported,
                "actor": "دبیرخانه کمیسیون فنی و عمرانی",
                "note": "پیگیری از شهرداری مسئول انجام شد",
                "marks_done": False,
                "is_sample": True,
            }
        )
        if done is not None:
            rows.follow_ups.append(
                {
                    "id": len(rows.follow_ups) + 1,
                    "resolution_id": number,
                    "reported_at": datetime.combine(done, datetime.min.time(), UTC),
                    "actor": "دبیرخانه کمیسیون فنی و عمرانی",
                    "note": "گزارش انجام مصوبه دریافت شد",
                    "marks_done": True,
                    "is_sample": True,
                }
            )
