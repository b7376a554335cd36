"""SAMPLE data: invented, not facts.

Everything this module makes is invented so that the service has something to show and to measure:
extra "sample towns", mayors and their terms, the mayors' committee and its memberships, draft
directives and their histories, social-security obligation categories, obligations and transfers.
Rows whose table has an `is_sample` column carry `is_sample=True`; invented municipalities are named
"نمونه‌شهر N" / "Sample Town N". Real facts live in `db.seed.reference`.

The output is a pure function of (`SampleSize`, `rng_seed`, `anchor`): each section draws from its own
`random.Random`, seeded from `rng_seed` and the section's name, and every instant is computed from the
fixed `anchor` (never from the clock). All instants are aware UTC datetimes before the anchor; terms and
transfer dates are `datetime.date`.

Rows are plain dicts keyed by column name, with explicit ids (1..n per table) so that children can
point at their parents without a round trip. The big sections are generators, so a national-scale run
can be streamed into the database in chunks.
"""

from __future__ import annotations

import functools
import itertools
import math
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import jdatetime

from core.text import normalize_text, search_key
from db.seed import reference
from db.tables.councils import AssemblyMeetingKind, BillStatus, CouncilMemberRole
from db.tables.municipalities import (
    CommitteeRole,
    DraftKind,
    DraftStatus,
    MunicipalityKind,
    stay_seconds,
)

Row = dict[str, Any]

#: The fixed "now" of the sample data: 2026-03-01T00:00:00Z (10 Esfand 1404).
DEFAULT_ANCHOR = datetime(2026, 3, 1, tzinfo=UTC)

#: Seed 002: the Social Security Organization bears «حدود یک هزار و ۵۰۰ میلیارد تومان» a year for the
#: costs it must pay by law in four categories, and «بخش قابل توجهی از منابع مورد نیاز آن با عملکرد
#: شهرداری‌ها ارتباط مستقیم دارد». That is the organization's burden, not what municipalities owe:
#: that the sample's municipal dues add up to about this sum each year is the SAMPLE's assumption,
#: made to give the figures a realistic order of magnitude. 1,500 billion tomans = 1.5e12 tomans =
#: 1.5e13 rials (1 toman = 10 rials).
ANNUAL_TOTAL_RIALS = 1_500 * 10**9 * 10


@dataclass(frozen=True)
class SampleSize:
    """How much sample data to make. The same code makes the shipped sample and a national one."""

    extra_municipalities: int
    """Invented CITY municipalities beyond the real ones, spread over the provinces."""
    drafts_per_municipality: float
    """Average number of draft directives per municipality (metropolises get more)."""
    mayor_terms: int
    """Consecutive terms (of about four years) per municipality; the last one is current."""
    obligation_years: tuple[int, ...]
    """Solar Hijri years with social-security obligations."""
    annual_total_rials: int = ANNUAL_TOTAL_RIALS
    """About what all municipalities owe in one year, all categories together (±7% per year). By
    default the sum seed 002 gives for the Social Security Organization's yearly burden in its four
    categories: that municipal dues add up to it is the sample's assumption, not the seed's."""
    resolutions_per_council: float = 6
    """Average number of resolutions per city council in the fifth term (metropolises get more)."""
    council_districts: tuple[int, ...] = (8,)
    """Tehran's districts given neighbourhood councils, working groups and projects (seed 001 is
    about district 8)."""
    projects_per_district: int = 60
    """Small-scale projects per such district, in every stage."""
    article100_cases_per_metropolis: int = 12
    """Article 100 cases of a metropolis of 1.5 million people (scaled by population), in every
    stage."""

    def __post_init__(self) -> None:
        if self.extra_municipalities < 0:
            raise ValueError("extra_municipalities must be >= 0")
        if self.drafts_per_municipality < 0:
            raise ValueError("drafts_per_municipality must be >= 0")
        if self.mayor_terms < 1:
            raise ValueError("mayor_terms must be >= 1 (the current term)")
        if any(not 1300 <= year <= 1600 for year in self.obligation_years):
            raise ValueError("obligation_years are Solar Hijri years between 1300 and 1600")
        if len(set(self.obligation_years)) != len(self.obligation_years):
            raise ValueError("obligation_years must not repeat")
        if self.annual_total_rials < 0:
            raise ValueError("annual_total_rials must be >= 0")
        if self.resolutions_per_council < 0:
            raise ValueError("resolutions_per_council must be >= 0")


#: What ships with the service: the real municipalities only, a handful of drafts each.
SHIPPED = SampleSize(
    extra_municipalities=0,
    drafts_per_municipality=3,
    mayor_terms=2,
    obligation_years=(1403, 1404),
)

#: About the size of the country: ~1,400 municipalities, ~100k drafts, ten years of obligations.
NATIONAL = SampleSize(
    extra_municipalities=1350,
    drafts_per_municipality=75,
    mayor_terms=4,
    obligation_years=tuple(range(1395, 1405)),
    resolutions_per_council=40,
    council_districts=tuple(range(1, 23)),
    projects_per_district=150,
    article100_cases_per_metropolis=3500,
)


@dataclass(frozen=True, slots=True)
class MunicipalityInfo:
    """What the sample sections need to know about a municipality row."""

    id: int
    province_id: int
    name_fa: str
    kind: str
    population: int | None
    name_en: str = ""


def _rng(rng_seed: int, section: str) -> random.Random:
    # A string seed is hashed with SHA-512 by `random`, independently of PYTHONHASHSEED.
    return random.Random(f"civic-graph:{rng_seed}:{section}")


def place_keys(name_fa: str, name_en: str) -> Row:
    """The search columns of a province or municipality row."""
    key_fa = search_key(name_fa)
    return {"name_key": key_fa, "search_text": f"{key_fa}|{search_key(name_en)}"}


# --------------------------------------------------------------------------- municipalities

_PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def extra_municipality_rows(
    size: SampleSize, province_ids: Sequence[int], *, first_id: int, rng_seed: int
) -> list[Row]:
    """Invented CITY municipalities "نمونه‌شهر N" / "Sample Town N", round-robin over provinces.

    Their population is invented too (log-uniform, 3,000 to 90,000): they are small towns.
    """
    rng = _rng(rng_seed, "municipalities")
    rows: list[Row] = []
    for number in range(1, size.extra_municipalities + 1):
        name_fa = normalize_text(f"نمونه‌شهر {str(number).translate(_PERSIAN_DIGITS)}")
        name_en = f"Sample Town {number}"
        rows.append(
            {
                "id": first_id + number - 1,
                "province_id": province_ids[(number - 1) % len(province_ids)],
                "name_fa": name_fa,
                "name_en": name_en,
                **place_keys(name_fa, name_en),
                "kind": MunicipalityKind.CITY.value,
                "is_provincial_centre": False,
                "population": int(3_000 * math.exp(rng.uniform(0.0, math.log(30)))),
                "is_sample": True,
            }
        )
    return rows


# --------------------------------------------------------------------------- mayors

_FIRST_NAMES = (
    "علی", "محمد", "حسین", "رضا", "مهدی", "حسن", "مجید", "سعید", "امیر", "احمد",
    "محمود", "جواد", "مرتضی", "مصطفی", "حمید", "کاظم", "ابراهیم", "یوسف", "اکبر", "داوود",
    "ناصر", "بهروز", "فرهاد", "کامران", "سیامک", "پرویز", "غلامرضا", "عباس", "منصور", "هادی",
    "زهرا", "فاطمه", "مریم", "معصومه", "الهام", "نرگس", "لیلا", "سمیه", "شهلا", "پروین",
)  # fmt: skip
_FAMILY_NAMES = (
    "محمدی", "حسینی", "احمدی", "رضایی", "موسوی", "کریمی", "جعفری", "صادقی", "رحیمی", "قاسمی",
    "عباسی", "نوری", "هاشمی", "کاظمی", "اکبری", "مرادی", "سلیمانی", "ابراهیمی", "یزدانی", "طاهری",
    "شریفی", "نجفی", "زارعی", "بهرامی", "فتحی", "قربانی", "عسگری", "سبحانی", "توکلی", "میرزایی",
    "امینی", "جلالی", "خسروی", "رستمی", "فرهادی", "کیانی", "نیک‌نام", "شجاعی", "پورمحمدی", "بابایی",
)  # fmt: skip


def mayor_rows(
    municipalities: Sequence[MunicipalityInfo],
    size: SampleSize,
    *,
    rng_seed: int,
    anchor: datetime = DEFAULT_ANCHOR,
) -> list[Row]:
    """`size.mayor_terms` consecutive terms per municipality, oldest first; the last is current.

    The current term began 6 months to 3.5 years before the anchor; earlier terms last about four
    years each and end the day before the next one begins. A mayor the seeds name
    (`reference.NAMED_MAYORS`) holds the term that covers the day the seed shows him in office
    (the oldest term is stretched back to cover it if needed), with `is_sample=False`: the name is
    the seed's, the term's first and last days are still sample values.
    """
    rng = _rng(rng_seed, "mayors")
    today = anchor.date()
    rows: list[Row] = []
    for municipality in municipalities:
        starts_ends: list[tuple[date, date | None]] = []
        start = today - timedelta(days=rng.randint(180, 1280))
        end: date | None = None
        for _ in range(size.mayor_terms):
            starts_ends.append((start, end))
            end = start - timedelta(days=1)
            start = end - timedelta(days=rng.randint(1300, 1600))
        terms = list(reversed(starts_ends))
        named = reference.NAMED_MAYORS.get(municipality.name_en)
        if named is not None and named.in_office_on < today:
            first_start, first_end = terms[0]
            if first_start > named.in_office_on:  # stretch the oldest term back to cover the day
                terms[0] = (named.in_office_on - timedelta(days=400), first_end)
        for term_start, term_end in terms:
            name = f"{rng.choice(_FIRST_NAMES)} {rng.choice(_FAMILY_NAMES)}"
            is_sample = True
            if (
                named is not None
                and term_start <= named.in_office_on
                and (term_end is None or named.in_office_on <= term_end)
            ):
                name, is_sample = named.full_name, False
            rows.append(
                {
                    "id": len(rows) + 1,
                    "municipality_id": municipality.id,
                    "full_name": name,
                    "term_start": term_start,
                    "term_end": term_end,
                    "is_sample": is_sample,
                }
            )
    return rows


# --------------------------------------------------------------------------- mayors' committee

COMMITTEE_SIZE = 5


def committee_rows(
    municipalities: Sequence[MunicipalityInfo],
    mayors: Sequence[Row],
    *,
    rng_seed: int,
    anchor: datetime = DEFAULT_ANCHOR,
) -> tuple[list[Row], list[Row]]:
    """Two committees of five mayors of metropolises and provincial centres, with one chair each.

    - The past one (two years, ended the day before the current one began): every membership ended
      on its `term_end`; its members are the mayors who were in office then.
    - The current one (no `term_end`), begun about 17 months before the anchor: five active members,
      all current mayors, and one more who sat from the start and was replaced mid-term (to show
      the history that is kept).

    Returns (committee rows, membership rows).
    """
    rng = _rng(rng_seed, "committee")
    today = anchor.date()
    current_start = today - timedelta(days=525)
    past_start = current_start - timedelta(days=730)
    past_end = current_start - timedelta(days=1)
    replaced_on = current_start + (today - current_start) // 2

    big = {
        m.id
        for m in municipalities
        if m.kind in (MunicipalityKind.METROPOLIS.value, MunicipalityKind.PROVINCIAL_CENTRE.value)
    }
    # Only invented mayors sit on the sample committees: a committee seat is a claim about a person.
    eligible = [mayor for mayor in mayors if mayor["municipality_id"] in big and mayor["is_sample"]]

    def in_office(mayor: Row, start: date, end: date | None) -> bool:
        term_end: date | None = mayor["term_end"]
        if mayor["term_start"] > start:
            return False
        return term_end is None or (end is not None and term_end >= end)

    def choose(start: date, end: date | None, count: int, exclude: set[int]) -> list[Row]:
        # Prefer mayors in office for the whole period; else fill up with the earliest in office.
        pool = [m for m in eligible if m["id"] not in exclude]
        if end is None:
            pool = [m for m in pool if m["term_end"] is None]
        covering = [m for m in pool if in_office(m, start, end)]
        if len(covering) >= count:
            return rng.sample(covering, count)
        rest = [m for m in pool if m not in covering]
        rest.sort(key=lambda m: (m["term_start"], m["id"]))
        return covering + rest[: count - len(covering)]

    committees: list[Row] = [
        {"id": 1, "term_start": past_start, "term_end": past_end},
        {"id": 2, "term_start": current_start, "term_end": None},
    ]
    memberships: list[Row] = []

    def seat(
        committee_id: int, mayor: Row, role: CommitteeRole, on: date, off: date | None
    ) -> None:
        started_on = max(on, mayor["term_start"])
        if off is not None and off < started_on:
            started_on = off
        memberships.append(
            {
                "id": len(memberships) + 1,
                "committee_id": committee_id,
                "mayor_id": mayor["id"],
                "role": role.value,
                "started_on": started_on,
                "ended_on": off,
            }
        )

    past = choose(past_start, past_end, COMMITTEE_SIZE, set())
    for index, mayor in enumerate(past):
        role = CommitteeRole.CHAIR if index == 0 else CommitteeRole.MEMBER
        seat(1, mayor, role, past_start, past_end)

    current = choose(current_start, None, COMMITTEE_SIZE, set())
    if len(current) < COMMITTEE_SIZE:
        return committees, memberships  # too few big municipalities to fill a committee
    *founders, leaver = current  # the five who began; the last leaves mid-term
    seat(2, founders[0], CommitteeRole.CHAIR, current_start, None)
    for mayor in founders[1:]:
        seat(2, mayor, CommitteeRole.MEMBER, current_start, None)
    seat(2, leaver, CommitteeRole.MEMBER, current_start, replaced_on)
    replacements = choose(replaced_on, None, 1, {m["id"] for m in current})
    if replacements:
        seat(2, replacements[0], CommitteeRole.MEMBER, replaced_on, None)
    else:  # nobody left to take the seat: the leaver stays, so five remain active
        memberships[-1]["ended_on"] = None
    return committees, memberships


# --------------------------------------------------------------------------- draft directives

OFFICE_ACTOR = "دفتر شهردار {city}"
COMMITTEE_ACTOR = "کمیته پنج‌نفره"
MINISTRY_ACTOR = "معاونت عمران و توسعه امور شهری و روستایی وزارت کشور"

S = DraftStatus

#: The life cycle the sample follows: status -> the statuses it may move to.
TRANSITIONS: dict[DraftStatus, tuple[DraftStatus, ...]] = {
    S.DRAFT: (S.SUBMITTED,),
    S.SUBMITTED: (S.IN_COMMITTEE_REVIEW, S.WITHDRAWN),
    S.IN_COMMITTEE_REVIEW: (S.FORWARDED_TO_MINISTRY, S.RETURNED_FOR_REVISION, S.WITHDRAWN),
    S.FORWARDED_TO_MINISTRY: (S.ADOPTED, S.REJECTED, S.RETURNED_FOR_REVISION, S.WITHDRAWN),
    S.RETURNED_FOR_REVISION: (S.SUBMITTED,),
    S.ADOPTED: (),
    S.REJECTED: (),
    S.WITHDRAWN: (),
}

# Chances of each next step (None: the draft stays where it is, as of the anchor).
_NEXT: dict[DraftStatus, tuple[tuple[DraftStatus | None, float], ...]] = {
    S.DRAFT: ((None, 0.10), (S.SUBMITTED, 0.90)),
    S.SUBMITTED: ((None, 0.08), (S.WITHDRAWN, 0.04), (S.IN_COMMITTEE_REVIEW, 0.88)),
    S.IN_COMMITTEE_REVIEW: (
        (None, 0.10),
        (S.WITHDRAWN, 0.03),
        (S.RETURNED_FOR_REVISION, 0.25),
        (S.FORWARDED_TO_MINISTRY, 0.62),
    ),
    S.FORWARDED_TO_MINISTRY: (
        (None, 0.15),
        (S.WITHDRAWN, 0.05),
        (S.RETURNED_FOR_REVISION, 0.15),
        (S.REJECTED, 0.15),
        (S.ADOPTED, 0.50),
    ),
    S.RETURNED_FOR_REVISION: ((None, 0.35), (S.SUBMITTED, 0.65)),
}

# One shortest path to each status: used to make sure every status occurs in any sample.
_PATH_TO: dict[DraftStatus, tuple[DraftStatus, ...]] = {
    S.DRAFT: (S.DRAFT,),
    S.SUBMITTED: (S.DRAFT, S.SUBMITTED),
    S.IN_COMMITTEE_REVIEW: (S.DRAFT, S.SUBMITTED, S.IN_COMMITTEE_REVIEW),
    S.FORWARDED_TO_MINISTRY: (S.DRAFT, S.SUBMITTED, S.IN_COMMITTEE_REVIEW, S.FORWARDED_TO_MINISTRY),
    S.RETURNED_FOR_REVISION: (S.DRAFT, S.SUBMITTED, S.IN_COMMITTEE_REVIEW, S.RETURNED_FOR_REVISION),
    S.ADOPTED: (S.DRAFT, S.SUBMITTED, S.IN_COMMITTEE_REVIEW, S.FORWARDED_TO_MINISTRY, S.ADOPTED),
    S.REJECTED: (S.DRAFT, S.SUBMITTED, S.IN_COMMITTEE_REVIEW, S.FORWARDED_TO_MINISTRY, S.REJECTED),
    S.WITHDRAWN: (S.DRAFT, S.SUBMITTED, S.WITHDRAWN),
}

_MAX_RETURNS = 3
_DAY = 86_400

_TOPICS = (
    "یکسان‌سازی فرایند صدور پروانه ساختمانی",
    "ساماندهی وصول عوارض نوسازی و درآمدهای پایدار شهری",
    "نحوه تشکیل جلسات و رسیدگی به پرونده‌ها در کمیسیون‌های ماده صد",
    "اجرای آرای قطعی کمیسیون‌های ماده صد و مختومه‌کردن پرونده‌های تخلفات ساختمانی",
    "مدیریت پسماند عادی و تفکیک پسماند از مبدأ",
    "ساماندهی حمل‌ونقل عمومی و نوسازی ناوگان اتوبوسرانی",
    "توسعه و نگهداری فضای سبز شهری و بهره‌برداری از پساب",
    "تسویه بدهی شهرداری‌ها به سازمان تأمین اجتماعی",
    "پرداخت حق بیمه کارگران شرکت‌های پیمانکار طرف قرارداد شهرداری",
    "الکترونیکی‌کردن پرونده‌های شهرسازی و حذف پرونده‌های کاغذی",
    "بهسازی و نوسازی بافت‌های فرسوده و ناکارآمد شهری",
    "آمادگی مدیریت بحران شهری در برابر سیلاب و زلزله",
    "ایمنی ساختمان‌های بلندمرتبه و خدمات آتش‌نشانی",
    "ساماندهی سد معبر و مشاغل مزاحم شهری",
    "تعیین و تصویب تعرفه عوارض محلی",
    "تعامل شهرداری و شورای اسلامی شهر در مدیریت یکپارچه شهری",
    "مشارکت شهروندان و شورایاران در طرح‌های کوچک‌مقیاس محله‌ای",
    "نظارت بر قراردادهای عمرانی و پیمانکاری شهرداری",
    "مدیریت آب‌های سطحی و شبکه جمع‌آوری روان‌آب",
    "ساماندهی پارکینگ‌های عمومی و طرح ترافیک",
    "بارگذاری مصوبات شوراها در سامانه ملی قوانین و مقررات",
    "توسعه حمل‌ونقل ریلی درون‌شهری و تأمین مالی قطار شهری",
    "شفافیت مالی و انتشار اطلاعات بودجه و هزینه‌های شهرداری",
    "حفظ باغ‌ها و جلوگیری از تغییر کاربری غیرمجاز اراضی",
    "نگهداری معابر، پیاده‌روسازی و مناسب‌سازی فضاهای شهری برای معلولان",
    "مدیریت منابع انسانی و ساماندهی نیروهای قراردادی شهرداری",
)
_PREFIX = {
    DraftKind.DIRECTIVE: "پیش‌نویس دستورالعمل",
    DraftKind.CIRCULAR: "پیش‌نویس بخشنامه",
}
_TITLE_SUFFIXES = (
    "",
    "",
    " در شهرداری‌های کشور",
    " در کلانشهرها",
    " در شهرهای مراکز استان",
    " با رویکرد دولت الکترونیک",
    " با هدف کاهش فشار مالی بر شهرداری‌ها",
    " و هماهنگی با دستگاه‌های اجرایی",
)
_OPENINGS = (
    "شهرداری {city} با توجه به مشکلات موجود در زمینه «{topic}» و نبود رویه‌ای واحد در سطح کشور،"
    " این پیش‌نویس را برای بررسی در کمیته پنج‌نفره شهرداران و ارسال به وزارت کشور پیشنهاد می‌کند.",
    "تجربه شهرداری {city} در سال‌های اخیر نشان می‌دهد که تفاوت رویه‌ها در زمینه «{topic}»"
    " موجب طولانی‌شدن فرایندها و نارضایتی شهروندان شده است.",
    "بر پایه گزارش واحدهای اجرایی شهرداری {city}، نبود ضوابط یکسان درباره «{topic}»"
    " هزینه‌های اداری را افزایش داده و هماهنگی با دستگاه‌های اجرایی را دشوار کرده است.",
    "در نشست‌های هم‌اندیشی شهرداران، موضوع «{topic}» بارها به‌عنوان یکی از دغدغه‌های مشترک"
    " مطرح شده و شهرداری {city} متن زیر را برای یکسان‌سازی رویه‌ها پیشنهاد می‌کند.",
)
_PROPOSALS = (
    "تهیه شیوه‌نامه واحد و ابلاغ آن به همه شهرداری‌ها",
    "راه‌اندازی سامانه الکترونیکی یکپارچه و حذف پرونده‌های کاغذی",
    "تعیین سقف زمانی برای پاسخ به درخواست‌های شهروندان",
    "برگزاری دوره‌های آموزشی برای کارکنان واحدهای مرتبط",
    "پیش‌بینی سازوکار نظارت و گزارش‌دهی فصلی به وزارت کشور",
    "هماهنگی با سازمان تأمین اجتماعی برای تقسیط بدهی‌های معوق",
    "استفاده از ظرفیت بخش خصوصی در قالب قراردادهای مشارکتی",
    "انتشار عمومی گزارش عملکرد در پایگاه اطلاع‌رسانی شهرداری",
    "تشکیل کارگروه مشترک با شورای اسلامی شهر",
    "بازنگری سالانه تعرفه‌ها متناسب با نرخ تورم",
    "پیش‌بینی اعتبار لازم در بودجه سالانه شهرداری",
    "حضور نماینده واحد فناوری اطلاعات در جلسات کمیسیون",
    "استفاده کامل از سامانه اطلاعات شهرسازی در صدور مجوزها",
    "تعیین شاخص‌های ارزیابی عملکرد و رتبه‌بندی شهرداری‌ها",
)
_CLOSINGS = (
    "انتظار می‌رود با تصویب این پیش‌نویس، فرایندهای مرتبط در سطح ملی استانداردسازی شود.",
    "شهرداری {city} آمادگی دارد تجربه‌های خود را در این زمینه در نشست‌های هم‌اندیشی شهرداران ارائه کند.",
    "پیشنهاد می‌شود این موضوع در دستور کار نشست بعدی شهرداران مراکز استان قرار گیرد.",
    "اجرای این پیشنهادها می‌تواند از فشار مالی میان شهرداری‌ها و دستگاه‌های طرف قرارداد بکاهد.",
)
_RETURN_REASONS_COMMITTEE = (
    "ابهام در نحوه تأمین اعتبار اجرای پیشنهادها",
    "لزوم هماهنگی با سایر شهرداری‌های مراکز استان پیش از ارسال به وزارت کشور",
    "همپوشانی با دستورالعمل‌هایی که پیش‌تر ابلاغ شده است",
    "نیاز به پیوست آمار و مستندات پشتیبان",
    "ضرورت اصلاح متن بر پایه نظر کارشناسی کمیسیون حقوقی",
)
_RETURN_REASONS_MINISTRY = (
    "مغایرت برخی بندها با قوانین و مقررات جاری",
    "لزوم دریافت نظر سازمان برنامه و بودجه",
    "نیاز به بازنگری در سازوکار نظارت و ارزیابی",
)
_REJECT_REASONS = (
    "موضوع در حیطه اختیارات وزارت کشور نیست",
    "دستورالعمل مشابهی پیش‌تر ابلاغ شده است",
    "مغایرت با قانون شهرداری",
    "توجیه اقتصادی پیشنهادها کافی نیست",
)
_WITHDRAW_REASONS = (
    "انصراف شهرداری به دلیل تغییر اولویت‌ها",
    "ادغام با پیش‌نویس مشترک چند شهرداری",
    "تغییر مدیریت شهری و بازنگری در برنامه‌ها",
)
_KIND_FACTOR = {
    MunicipalityKind.METROPOLIS.value: 4.0,
    MunicipalityKind.PROVINCIAL_CENTRE.value: 2.0,
    MunicipalityKind.CITY.value: 1.0,
}


def _random_path(rng: random.Random) -> list[DraftStatus]:
    path = [S.DRAFT]
    returns = 0
    while True:
        choices = _NEXT.get(path[-1])
        if not choices:
            return path
        pick = rng.random()
        step: DraftStatus | None = None
        for candidate, chance in choices:
            pick -= chance
            if pick < 0:
                step = candidate
                break
        if step is None:
            return path
        if step is S.RETURNED_FOR_REVISION:
            returns += 1
            if returns > _MAX_RETURNS:
                return path
        path.append(step)


def _gap_seconds(rng: random.Random, before: DraftStatus, after: DraftStatus) -> int:
    if after is S.SUBMITTED:
        low, high = (3, 45) if before is S.RETURNED_FOR_REVISION else (1, 30)
    elif after is S.IN_COMMITTEE_REVIEW:
        low, high = 1, 20
    elif before is S.FORWARDED_TO_MINISTRY:
        low, high = 10, 120
    else:
        low, high = 5, 60
    return rng.randint(low * _DAY, high * _DAY)


def _actor_and_reason(
    rng: random.Random, before: DraftStatus | None, after: DraftStatus, city: str
) -> tuple[str, str | None]:
    office = OFFICE_ACTOR.format(city=city)
    if after in (S.DRAFT, S.SUBMITTED):
        return office, None
    if after is S.WITHDRAWN:
        return office, rng.choice(_WITHDRAW_REASONS)
    if after in (S.IN_COMMITTEE_REVIEW, S.FORWARDED_TO_MINISTRY):
        return COMMITTEE_ACTOR, None
    if after is S.RETURNED_FOR_REVISION:
        if before is S.FORWARDED_TO_MINISTRY:
            return MINISTRY_ACTOR, rng.choice(_RETURN_REASONS_MINISTRY)
        return COMMITTEE_ACTOR, rng.choice(_RETURN_REASONS_COMMITTEE)
    if after is S.REJECTED:
        return MINISTRY_ACTOR, rng.choice(_REJECT_REASONS)
    return MINISTRY_ACTOR, None  # ADOPTED


@functools.cache
def _title(kind: DraftKind, topic: str, suffix: str) -> tuple[str, str]:
    """A title and its search key (a few hundred combinations, so cached)."""
    title = normalize_text(f"{_PREFIX[kind]} {topic}{suffix}")[:300]
    return title, search_key(title)


def _title_and_body(rng: random.Random, kind: DraftKind, city: str) -> tuple[str, str, str]:
    """(title, title key, body)."""
    topic = rng.choice(_TOPICS)
    title, title_key = _title(kind, topic, rng.choice(_TITLE_SUFFIXES))
    proposals = rng.sample(_PROPOSALS, rng.randint(3, 5))
    items = "؛\n".join(f"{n}. {text}" for n, text in enumerate(proposals, start=1)) + "."
    body = "\n\n".join(
        (
            rng.choice(_OPENINGS).format(city=city, topic=topic),
            f"پیشنهادها:\n{items}",
            rng.choice(_CLOSINGS).format(city=city),
        )
    )
    return title, title_key, body


def draft_rows(
    municipalities: Sequence[MunicipalityInfo],
    size: SampleSize,
    *,
    rng_seed: int,
    anchor: datetime = DEFAULT_ANCHOR,
) -> Iterator[tuple[Row, list[Row]]]:
    """Draft directives with their histories: yields (draft row, its event rows), in id order.

    Drafts are created within three years before the anchor. The first draft made for each status
    follows a shortest path to that status, so any sample with at least eight drafts has every
    status. The draft's status is its last event's `to_status`; `version` is its number of events.
    """
    rng = _rng(rng_seed, "drafts")
    if not municipalities:
        return
    mean_factor = sum(_KIND_FACTOR[m.kind] for m in municipalities) / len(municipalities)
    window = 3 * 365 * _DAY
    draft_id = event_id = 0
    still_missing = list(DraftStatus)
    for municipality in municipalities:
        expected = size.drafts_per_municipality * _KIND_FACTOR[municipality.kind] / mean_factor
        count = int(expected * rng.uniform(0.5, 1.5) + rng.random())
        city = municipality.name_fa
        for _ in range(count):
            path = list(_PATH_TO[still_missing.pop(0)]) if still_missing else _random_path(rng)
            gaps = [_gap_seconds(rng, a, b) for a, b in itertools.pairwise(path)]
            lead = sum(gaps)
            slack = rng.randint(3_600, max(3_600, window - lead))
            at = anchor - timedelta(seconds=lead + slack)
            kind = DraftKind.DIRECTIVE if rng.random() < 0.55 else DraftKind.CIRCULAR
            title, title_key, body = _title_and_body(rng, kind, city)
            draft_id += 1
            events: list[Row] = []
            submitted_at: datetime | None = None
            before: DraftStatus | None = None
            for index, status in enumerate(path):
                entered = at
                if index:
                    at += timedelta(seconds=gaps[index - 1])
                actor, reason = _actor_and_reason(rng, before, status, city)
                event_id += 1
                events.append(
                    {
                        "id": event_id,
                        "draft_directive_id": draft_id,
                        "occurred_at": at,
                        "actor": actor,
                        "from_status": None if before is None else before.value,
                        "to_status": status.value,
                        "reason": reason,
                        "stay_seconds": stay_seconds(entered, at) if index else None,
                    }
                )
                if status is S.SUBMITTED and submitted_at is None:
                    submitted_at = at
                before = status
            draft: Row = {
                "id": draft_id,
                "municipality_id": municipality.id,
                "kind": kind.value,
                "status": path[-1].value,
                "title": title,
                "title_key": title_key,
                "body": body,
                "version": len(events),
                "created_at": events[0]["occurred_at"],
                "updated_at": events[-1]["occurred_at"],
                "submitted_at": submitted_at,
                "is_sample": True,
            }
            yield draft, events


# --------------------------------------------------------------------------- obligations

_CATEGORY_SHARES = (0.40, 0.30, 0.20, 0.10)
_ROUND = 10_000  # amounts are whole thousands of tomans


def obligation_category_rows() -> list[Row]:
    """Four SAMPLE categories. The seeds say there are four but do not name them."""
    description = (
        "SAMPLE placeholder. The seeds say the Social Security Organization pays costs in four"
        " categories, about 1,500 billion tomans a year, but they do not name the four legal"
        " categories: replace this row with a real category when one is known."
    )
    return [
        {
            "id": number,
            "code": f"CAT_{number}",
            "name_fa": normalize_text(f"دسته نمونه {str(number).translate(_PERSIAN_DIGITS)}"),
            "name_en": f"Sample category {number}",
            "description": description,
            "is_sample": True,
        }
        for number in range(1, 5)
    ]


def _year_bounds(year: int) -> tuple[date, date]:
    """First and last Gregorian day of a Solar Hijri year."""
    first: date = jdatetime.date(year, 1, 1).togregorian()
    following: date = jdatetime.date(year + 1, 1, 1).togregorian()
    return first, following - timedelta(days=1)


def obligation_rows(
    municipalities: Sequence[MunicipalityInfo],
    category_ids: Sequence[int],
    size: SampleSize,
    *,
    rng_seed: int,
    anchor: datetime = DEFAULT_ANCHOR,
) -> Iterator[tuple[Row, list[Row]]]:
    """One obligation per municipality × year × category, with 0–4 transfers each.

    Yields (obligation row, its transfer rows), in id order. Each year's amounts add up to about
    `size.annual_total_rials` (±7%), shared by population (a municipality without a population
    weighs as a town of 20,000). Transfers fall inside the Solar Hijri year and before the anchor;
    they cover 0–100% of the amount due, typically 40–95%, more for older years, less for a year
    still running at the anchor.
    """
    rng = _rng(rng_seed, "obligations")
    if not municipalities or not category_ids:
        return
    today = anchor.date()
    years = sorted(size.obligation_years)
    newest = years[-1] if years else 0
    shares = [_CATEGORY_SHARES[i % len(_CATEGORY_SHARES)] for i in range(len(category_ids))]
    obligation_id = transfer_id = 0
    for year in years:
        first_day, last_day = _year_bounds(year)
        last_payable = min(last_day, today - timedelta(days=1))
        elapsed = max(0.0, min(1.0, ((last_payable - first_day).days + 1) / 365))
        target = size.annual_total_rials * rng.uniform(0.93, 1.07)
        raw = [
            (m, c, (m.population or 20_000) * rng.uniform(0.8, 1.2) * share * rng.uniform(0.9, 1.1))
            for m in municipalities
            for c, share in zip(category_ids, shares, strict=True)
        ]
        scale = target / sum(weight for _, _, weight in raw)
        sequence = 0
        for municipality, category_id, weight in raw:
            amount_due = int(weight * scale) // _ROUND * _ROUND
            obligation_id += 1
            obligation: Row = {
                "id": obligation_id,
                "municipality_id": municipality.id,
                "category_id": category_id,
                "year": year,
                "amount_due": amount_due,
                "is_sample": True,
            }
            transfers: list[Row] = []
            fraction = min(1.0, rng.uniform(0.40, 0.95) + 0.03 * (newest - year))
            draw = rng.random()
            if draw < 0.05:
                fraction = 0.0
            elif draw < 0.15 and year < newest:
                fraction = 1.0
            paid = int(amount_due * fraction * elapsed) // _ROUND * _ROUND
            count = 0 if paid <= 0 or last_payable < first_day else rng.randint(1, 4)
            count = min(count, paid // _ROUND)
            if count:
                span = (last_payable - first_day).days
                days = sorted(rng.randint(0, span) for _ in range(count))
                weights = [rng.uniform(0.5, 1.5) for _ in range(count)]
                total_weight = sum(weights)
                parts = [
                    max(_ROUND, int(paid * w / total_weight) // _ROUND * _ROUND)
                    for w in weights[:-1]
                ]
                parts.append(paid - sum(parts))
                if parts[-1] <= 0:  # rounding ate the last share: pay it all in one transfer
                    parts, days = [paid], days[-1:]
                for offset, amount in zip(days, parts, strict=True):
                    sequence += 1
                    transfer_id += 1
                    transfers.append(
                        {
                            "id": transfer_id,
                            "obligation_id": obligation_id,
                            "transferred_on": first_day + timedelta(days=offset),
                            "amount": amount,
                            "reference": f"TR-{year}-{sequence:06d}",
                            "is_sample": True,
                        }
                    )
            yield obligation, transfers


# --------------------------------------------------------------------------- councils

#: The days of the fifth term are SAMPLE values (seed 000 names the term, not its days); the report
#: of its first two years is dated 1398/05/30, so it began about two years before that.
FIFTH_TERM_STARTS_ON = date(2017, 8, 5)
FIFTH_TERM_ENDS_ON = date(2021, 8, 4)

_TEHRAN_SEATS = 21


def council_term_rows() -> list[Row]:
    """The fifth term (its number is a fact, its days are sample)."""
    return [
        {
            "id": 1,
            "number": reference.COUNCIL_TERM,
            "starts_on": FIFTH_TERM_STARTS_ON,
            "ends_on": FIFTH_TERM_ENDS_ON,
            "is_sample": True,
        }
    ]


def _seats(municipality: MunicipalityInfo) -> int:
    """SAMPLE seat counts that grow with the city (Tehran's council has 21 members)."""
    if municipality.name_en == "Tehran":
        return _TEHRAN_SEATS
    population = municipality.population or 20_000
    for limit, seats in ((50_000, 5), (200_000, 7), (500_000, 9), (1_000_000, 11)):
        if population <= limit:
            return seats
    return 13


_BOARD_ROLES = (CouncilMemberRole.HEAD, CouncilMemberRole.DEPUTY_HEAD, CouncilMemberRole.SECRETARY)


def council_rows(
    municipalities: Sequence[MunicipalityInfo], term_id: int, *, rng_seed: int
) -> tuple[list[Row], list[Row]]:
    """A council for every municipality in the fifth term, numbered in English-name order (so a
    council's id is not its municipality's), with SAMPLE members: a head, a deputy head and a
    secretary, then members. The heads and members the seeds name are real
    (`reference.COUNCIL_HEADS`, `reference.COUNCIL_MEMBERS`): they take the head's seat and the
    first members' seats.

    Returns (council rows, member rows).
    """
    rng = _rng(rng_seed, "councils")
    councils: list[Row] = []
    members: list[Row] = []
    for municipality in sorted(municipalities, key=lambda m: (m.name_en, m.id)):
        council_id = len(councils) + 1
        councils.append({"id": council_id, "municipality_id": municipality.id, "term_id": term_id})
        real_head = reference.COUNCIL_HEADS.get(municipality.name_en)
        real_members = list(reference.COUNCIL_MEMBERS.get(municipality.name_en, ()))
        names: set[str] = set()
        for seat in range(_seats(municipality)):
            role = _BOARD_ROLES[seat] if seat < len(_BOARD_ROLES) else CouncilMemberRole.MEMBER
            if role is CouncilMemberRole.HEAD and real_head is not None:
                name, is_sample = real_head, False
            elif role is CouncilMemberRole.MEMBER and real_members:
                name, is_sample = real_members.pop(0), False
            else:
                name = f"{rng.choice(_FIRST_NAMES)} {rng.choice(_FAMILY_NAMES)}"
                while name in names:
                    name = f"{rng.choice(_FIRST_NAMES)} {rng.choice(_FAMILY_NAMES)}"
                is_sample = True
            names.add(name)
            members.append(
                {
                    "id": len(members) + 1,
                    "council_id": council_id,
                    "full_name": name,
                    "role": role.value,
                    "is_sample": is_sample,
                }
            )
    return councils, members


_RESOLUTION_TOPICS = (
    "بودجه سالانه شهرداری",
    "تعرفه عوارض محلی",
    "طرح تفصیلی و تغییر کاربری اراضی",
    "نرخ کرایه حمل‌ونقل عمومی",
    "واگذاری خدمات پسماند به بخش خصوصی",
    "اساسنامه سازمان‌های وابسته به شهرداری",
    "فروش اموال و املاک شهرداری",
    "تسهیلات و اوراق مشارکت طرح‌های عمرانی",
    "نام‌گذاری معابر و اماکن عمومی",
    "برنامه توسعه فضای سبز",
    "تقسیط بدهی‌های شهرداری به سازمان تأمین اجتماعی",
    "مشارکت شهروندان و شورایاران در طرح‌های محله‌ای",
)
_RESOLUTION_PREFIXES = ("مصوبه", "اصلاحیه مصوبه", "تفریغ")


def resolution_rows(
    councils: Sequence[Row],
    municipalities: Sequence[MunicipalityInfo],
    size: SampleSize,
    *,
    rng_seed: int,
    anchor: datetime = DEFAULT_ANCHOR,
) -> list[Row]:
    """SAMPLE resolutions of every council in the fifth term, numbered `YEAR/N` per council and
    Solar Hijri year; about two in three were uploaded to the national laws-and-regulations
    system, 3 to 60 days after adoption, at 10:00–14:00 Tehran time."""
    rng = _rng(rng_seed, "resolutions")
    kinds = {m.id: m.kind for m in municipalities}
    last_day = min(FIFTH_TERM_ENDS_ON, anchor.date() - timedelta(days=1))
    span = (last_day - FIFTH_TERM_STARTS_ON).days
    rows: list[Row] = []
    for council in councils:
        factor = _KIND_FACTOR[kinds[council["municipality_id"]]]
        count = int(size.resolutions_per_council * factor / 2 * rng.uniform(0.5, 1.5))
        days = sorted(rng.randint(0, span) for _ in range(count))
        per_year: dict[int, int] = {}
        for offset in days:
            adopted_on = FIFTH_TERM_STARTS_ON + timedelta(days=offset)
            year = jdatetime.date.fromgregorian(date=adopted_on).year
            per_year[year] = per_year.get(year, 0) + 1
            title = normalize_text(
                f"{rng.choice(_RESOLUTION_PREFIXES)} {rng.choice(_RESOLUTION_TOPICS)}"
            )
            uploaded_at: datetime | None = None
            if rng.random() < 0.66:
                day = adopted_on + timedelta(days=rng.randint(3, 60))
                at = datetime(day.year, day.month, day.day, 6, 30, tzinfo=UTC)
                uploaded_at = at + timedelta(minutes=rng.randint(0, 240))
                if uploaded_at >= anchor:
                    uploaded_at = None
            rows.append(
                {
                    "id": len(rows) + 1,
                    "council_id": council["id"],
                    "number": f"{year}/{per_year[year]}",
                    "title": title,
                    "title_key": search_key(title),
                    "adopted_on": adopted_on,
                    "uploaded_at": uploaded_at,
                    "is_sample": True,
                }
            )
    return rows


def assembly_rows(
    councils: Sequence[Row], municipalities: Sequence[MunicipalityInfo], term_id: int
) -> tuple[list[Row], list[Row], list[Row]]:
    """The assembly of the fifth term (real: its name and secretary), its three board meetings
    and five sessions in the term's first two years (real: how many; SAMPLE: their days, titles
    and hosts), and its participants: the seven councils seed 000 names as taking part (real),
    recorded for the assembly, not for any one meeting, because the seed does not say which took
    part in which (no `assembly_meeting_participant` row is made).

    Returns (assembly rows, meeting rows, assembly participant rows).
    """
    assembly = {
        "id": 1,
        "term_id": term_id,
        "name_fa": normalize_text(reference.ASSEMBLY_NAME_FA),
        "name_en": reference.ASSEMBLY_NAME_EN,
        "secretary_name": reference.ASSEMBLY_SECRETARY,
    }
    by_municipality = {c["municipality_id"]: c["id"] for c in councils}
    council_of: dict[str, int] = {
        m.name_en: by_municipality[m.id] for m in municipalities if m.id in by_municipality
    }
    participants = [
        council_of[name] for name in reference.ASSEMBLY_PARTICIPANTS if name in council_of
    ]
    schedule = [(AssemblyMeetingKind.BOARD_MEETING, months) for months in (4, 12, 20)][
        : reference.ASSEMBLY_BOARD_MEETINGS
    ] + [(AssemblyMeetingKind.ASSEMBLY_SESSION, months) for months in (3, 8, 13, 18, 23)][
        : reference.ASSEMBLY_SESSIONS
    ]
    titles = {
        AssemblyMeetingKind.BOARD_MEETING: "اجلاس هیئت رئیسه شوراهای کلانشهرها",
        AssemblyMeetingKind.ASSEMBLY_SESSION: "اجلاس مجمع روسای شوراهای اسلامی کلانشهرها و مراکز استان‌ها",
    }
    meetings: list[Row] = []
    numbers: dict[AssemblyMeetingKind, int] = {}
    for kind, months in sorted(schedule, key=lambda item: item[1]):
        numbers[kind] = numbers.get(kind, 0) + 1
        meeting_id = len(meetings) + 1
        host = participants[(meeting_id - 1) % len(participants)] if participants else None
        meetings.append(
            {
                "id": meeting_id,
                "assembly_id": 1,
                "kind": kind.value,
                "number": numbers[kind],
                "held_on": FIFTH_TERM_STARTS_ON + timedelta(days=months * 30 + 10),
                "host_council_id": host,
                "title": normalize_text(f"{titles[kind]}، نشست {numbers[kind]}"),
                "is_sample": True,
            }
        )
    attendance = [
        {"id": number, "assembly_id": 1, "council_id": council_id, "is_sample": False}
        for number, council_id in enumerate(participants, start=1)
    ]
    return [assembly], meetings, attendance


def bill_rows() -> list[Row]:
    """The bills seed 000 names (real titles). The seed asks the government and parliament to
    amend and pass them quickly: PENDING, not passed; it does not say which of the two has them."""
    return [
        {
            "id": number,
            "title_fa": normalize_text(bill.title_fa),
            "title_en": bill.title_en,
            "status": BillStatus.PENDING.value,
            "assembly_position": bill.assembly_position,
            "is_sample": False,
        }
        for number, bill in enumerate(reference.BILLS, start=1)
    ]


# --------------------------------------------------------------------------- joint sessions

_JOINT_SESSION_TITLE = "نشست هم‌اندیشی شهرداران مراکز استان‌ها"


def joint_session_rows(municipalities: Sequence[MunicipalityInfo], *, rng_seed: int) -> list[Row]:
    """Seed 002's round of joint sessions of mayors: the first, in Qom, is real; the seed says five
    municipalities volunteered to host sessions through the year, without naming the other four or
    saying how many sessions there are. The sample gives one SAMPLE session to each of four SAMPLE
    volunteers among the other provincial centres (so the round's length here is the sample's,
    not the seed's). No session's day is known."""
    rng = _rng(rng_seed, "joint_sessions")
    first = next(
        (m for m in municipalities if m.name_en == reference.JOINT_SESSION_FIRST_HOST), None
    )
    if first is None:
        return []
    centres = [
        m
        for m in municipalities
        if m.kind != MunicipalityKind.CITY.value and m.id != first.id and m.name_en
    ]
    others = rng.sample(centres, min(len(centres), reference.JOINT_SESSION_VOLUNTEERS - 1))
    rows: list[Row] = []
    for sequence, host in enumerate([first, *others], start=1):
        rows.append(
            {
                "id": sequence,
                "sequence": sequence,
                "host_municipality_id": host.id,
                "held_on": None,
                "title": normalize_text(f"{_JOINT_SESSION_TITLE} در {host.name_fa}"),
                "is_sample": host is not first,
            }
        )
    return rows
