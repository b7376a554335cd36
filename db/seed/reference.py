"""Reference data that ships with the service: public facts, not sample data.

- The 31 provinces of Iran (استان‌ها) and their centres (مرکز استان).
- Municipalities: every provincial centre plus some other well-known cities, with their population at
  the 2016 national census (سرشماری عمومی نفوس و مسکن ۱۳۹۵) of the Statistical Centre of Iran, city
  proper (نقاط شهری of the city itself, not the county).
- Kind: a metropolis (کلانشهر) is a city of about a million people or more at the 2016 census; every
  metropolis is also a provincial centre.

English names follow the spelling of the English Wikipedia article titles. Persian names use the
Persian letters ی and ک and a zero-width non-joiner where standard orthography has one.

A change here changes facts the service states as true: every change needs a source (the census
tables, or the Wikipedia article that cites them), named in the commit message.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from db.tables.municipalities import MunicipalityKind


@dataclass(frozen=True, slots=True)
class Province:
    name_fa: str
    name_en: str
    centre_en: str
    """English name of the province's centre, a key into `MUNICIPALITIES`."""


@dataclass(frozen=True, slots=True)
class Municipality:
    name_fa: str
    name_en: str
    province_en: str
    """English name of the province, a key into `PROVINCES`."""
    kind: MunicipalityKind
    population: int | None
    """City population at the 2016 census; None where no figure was checked."""
    is_provincial_centre: bool


M = MunicipalityKind.METROPOLIS
P = MunicipalityKind.PROVINCIAL_CENTRE
C = MunicipalityKind.CITY

PROVINCES: tuple[Province, ...] = (
    Province("البرز", "Alborz", "Karaj"),
    Province("اردبیل", "Ardabil", "Ardabil"),
    Province("بوشهر", "Bushehr", "Bushehr"),
    Province("چهارمحال و بختیاری", "Chaharmahal and Bakhtiari", "Shahrekord"),
    Province("آذربایجان شرقی", "East Azerbaijan", "Tabriz"),
    Province("فارس", "Fars", "Shiraz"),
    Province("گیلان", "Gilan", "Rasht"),
    Province("گلستان", "Golestan", "Gorgan"),
    Province("همدان", "Hamadan", "Hamadan"),
    Province("هرمزگان", "Hormozgan", "Bandar Abbas"),
    Province("ایلام", "Ilam", "Ilam"),
    Province("اصفهان", "Isfahan", "Isfahan"),
    Province("کرمان", "Kerman", "Kerman"),
    Province("کرمانشاه", "Kermanshah", "Kermanshah"),
    Province("خوزستان", "Khuzestan", "Ahvaz"),
    Province("کهگیلویه و بویراحمد", "Kohgiluyeh and Boyer-Ahmad", "Yasuj"),
    Province("کردستان", "Kurdistan", "Sanandaj"),
    Province("لرستان", "Lorestan", "Khorramabad"),
    Province("مرکزی", "Markazi", "Arak"),
    Province("مازندران", "Mazandaran", "Sari"),
    Province("خراسان شمالی", "North Khorasan", "Bojnurd"),
    Province("قزوین", "Qazvin", "Qazvin"),
    Province("قم", "Qom", "Qom"),
    Province("خراسان رضوی", "Razavi Khorasan", "Mashhad"),
    Province("سمنان", "Semnan", "Semnan"),
    Province("سیستان و بلوچستان", "Sistan and Baluchestan", "Zahedan"),
    Province("خراسان جنوبی", "South Khorasan", "Birjand"),
    Province("تهران", "Tehran", "Tehran"),
    Province("آذربایجان غربی", "West Azerbaijan", "Urmia"),
    Province("یزد", "Yazd", "Yazd"),
    Province("زنجان", "Zanjan", "Zanjan"),
)

MUNICIPALITIES: tuple[Municipality, ...] = (
    # Metropolises (کلانشهرها): about a million people or more in 2016; all are provincial centres.
    Municipality("تهران", "Tehran", "Tehran", M, 8_693_706, True),
    Municipality("مشهد", "Mashhad", "Razavi Khorasan", M, 3_001_184, True),
    Municipality("اصفهان", "Isfahan", "Isfahan", M, 1_961_260, True),
    Municipality("کرج", "Karaj", "Alborz", M, 1_592_492, True),
    Municipality("شیراز", "Shiraz", "Fars", M, 1_565_572, True),
    Municipality("تبریز", "Tabriz", "East Azerbaijan", M, 1_558_693, True),
    Municipality("قم", "Qom", "Qom", M, 1_201_158, True),
    Municipality("اهواز", "Ahvaz", "Khuzestan", M, 1_184_788, True),
    Municipality("کرمانشاه", "Kermanshah", "Kermanshah", M, 946_651, True),
    # The other 22 provincial centres (مراکز استان).
    Municipality("ارومیه", "Urmia", "West Azerbaijan", P, 736_224, True),
    Municipality("رشت", "Rasht", "Gilan", P, 679_995, True),
    Municipality("زاهدان", "Zahedan", "Sistan and Baluchestan", P, 587_730, True),
    Municipality("همدان", "Hamadan", "Hamadan", P, 554_406, True),
    Municipality("کرمان", "Kerman", "Kerman", P, 537_718, True),
    Municipality("یزد", "Yazd", "Yazd", P, 529_673, True),
    Municipality("اردبیل", "Ardabil", "Ardabil", P, 529_374, True),
    Municipality("بندرعباس", "Bandar Abbas", "Hormozgan", P, 526_648, True),
    Municipality("اراک", "Arak", "Markazi", P, 520_944, True),
    Municipality("زنجان", "Zanjan", "Zanjan", P, 430_871, True),
    Municipality("سنندج", "Sanandaj", "Kurdistan", P, 412_767, True),
    Municipality("قزوین", "Qazvin", "Qazvin", P, 402_748, True),
    Municipality("خرم‌آباد", "Khorramabad", "Lorestan", P, 373_416, True),
    Municipality("گرگان", "Gorgan", "Golestan", P, 350_676, True),
    Municipality("ساری", "Sari", "Mazandaran", P, 309_820, True),
    Municipality("بجنورد", "Bojnurd", "North Khorasan", P, 228_931, True),
    Municipality("بوشهر", "Bushehr", "Bushehr", P, 223_504, True),
    Municipality("بیرجند", "Birjand", "South Khorasan", P, 203_636, True),
    Municipality("ایلام", "Ilam", "Ilam", P, 194_030, True),
    Municipality("شهرکرد", "Shahrekord", "Chaharmahal and Bakhtiari", P, 190_441, True),
    Municipality("سمنان", "Semnan", "Semnan", P, 185_129, True),
    Municipality("یاسوج", "Yasuj", "Kohgiluyeh and Boyer-Ahmad", P, 134_532, True),
    # Other well-known cities.
    Municipality("اسلامشهر", "Eslamshahr", "Tehran", C, 448_129, False),
    Municipality("شهریار", "Shahriar", "Tehran", C, 309_607, False),
    Municipality("قدس", "Qods", "Tehran", C, 309_605, False),
    Municipality("کاشان", "Kashan", "Isfahan", C, 304_487, False),
    Municipality("ملارد", "Malard", "Tehran", C, 281_027, False),
    Municipality("دزفول", "Dezful", "Khuzestan", C, 264_709, False),
    Municipality("نیشابور", "Nishapur", "Razavi Khorasan", C, 264_375, False),
    Municipality("بابل", "Babol", "Mazandaran", C, 250_217, False),
    Municipality("سبزوار", "Sabzevar", "Razavi Khorasan", C, 243_700, False),
    Municipality("آمل", "Amol", "Mazandaran", C, 237_528, False),
    Municipality("پاکدشت", "Pakdasht", "Tehran", C, 236_319, False),
    Municipality("نجف‌آباد", "Najafabad", "Isfahan", C, 235_281, False),
    Municipality("بروجرد", "Borujerd", "Lorestan", C, 234_997, False),
    Municipality("آبادان", "Abadan", "Khuzestan", C, 231_476, False),
    Municipality("قرچک", "Qarchak", "Tehran", C, 231_075, False),
    Municipality("ورامین", "Varamin", "Tehran", C, 225_628, False),
    Municipality("ساوه", "Saveh", "Markazi", C, 220_762, False),
    Municipality("خوی", "Khoy", "West Azerbaijan", C, 198_845, False),
    Municipality("بوکان", "Bukan", "West Azerbaijan", C, 193_501, False),
    Municipality("مراغه", "Maragheh", "East Azerbaijan", C, 175_255, False),
    Municipality("بندر انزلی", "Bandar Anzali", "Gilan", C, 118_564, False),
)

del M, P, C


# --------------------------------------------------------------------------- councils (seed 000)

#: Seed 000 reports on "the first two years of the fifth term" of the Islamic councils.
COUNCIL_TERM = 5

#: The assembly whose secretariat wrote seed 000, and its secretary as the report names him.
ASSEMBLY_NAME_FA = "مجمع روسای شوراهای اسلامی کلانشهرها و مراکز استان‌ها"
ASSEMBLY_NAME_EN = "Assembly of Heads of Islamic Councils of Metropolises and Provincial Centres"
ASSEMBLY_SECRETARY = "اباذر صرامی"

#: «برگزاری سه اجلاس هیئت رئیسه شوراهای کلانشهرها وپنج اجلاس مجمع روسای شورای کلانشهرها ومراکز
#: استانها با مشارکت شوراهای تهران، مشهد، شیراز، سمنان، ارومیه، همدان، رشت» (item 12): three board
#: meetings and five assembly sessions, with these seven councils taking part. Which council took
#: part in which meeting, the days and the hosts are not given: the seven are participants of the
#: assembly in the term, not of any one meeting.
ASSEMBLY_BOARD_MEETINGS = 3
ASSEMBLY_SESSIONS = 5
ASSEMBLY_PARTICIPANTS: tuple[str, ...] = (
    "Tehran",
    "Mashhad",
    "Shiraz",
    "Semnan",
    "Urmia",
    "Hamadan",
    "Rasht",
)

#: Heads of councils the seeds name: "Mohsen Hashemi Rafsanjani, head of the Islamic council of
#: the city of Tehran" in the fifth term.
COUNCIL_HEADS: dict[str, str] = {"Tehran": "محسن هاشمی رفسنجانی"}

#: Other members of councils the seeds name, in the fifth term. Seed 003 (Tabriz, 1399/04/05):
#: «آقای دکتر قلیزاده عضو محترم شورای اسلامی کلان شهر تبریز» — the seed gives his family name and
#: title only, so the seat shows them as the seed writes them (قلی‌زاده with its non-joiner).
COUNCIL_MEMBERS: dict[str, tuple[str, ...]] = {"Tabriz": ("دکتر قلی‌زاده",)}


@dataclass(frozen=True, slots=True)
class NamedMayor:
    full_name: str
    in_office_on: date
    """A day the seed shows the mayor in office (his term's first and last days are not given)."""
    source: str


#: Mayors the seeds name. Seed 003, dated «پنجشنبه 5 تير 1399» (2020-06-25): «دکتر ایرج شهین باهر،
#: شهردار کلانشهر تبریز», who chaired the meeting it reports.
NAMED_MAYORS: dict[str, NamedMayor] = {
    "Tabriz": NamedMayor("ایرج شهین باهر", date(2020, 6, 25), "seed 003, 1399/04/05"),
}

#: Seed 003 also names «دکتر محمد عزتی، معاون شهرسازی و معماری» of Tabriz Municipality, and
#: «آقای دکتر امن الهی معاون قضایی رئیس کل دادگستری استان» and «مهندس خراسانی» at the meeting. The
#: service has no type for a municipality's deputies or for the judiciary, so none of them is
#: stored; no invented person stands in their place either.
TABRIZ_DEPUTY_FOR_URBAN_PLANNING = "محمد عزتی"


@dataclass(frozen=True, slots=True)
class Bill:
    title_fa: str
    title_en: str
    assembly_position: str


#: The bills seed 000 asks the government and parliament to amend and pass quickly: «تسریع در اصلاح
#: و ابلاغ لوایح ... همچون لایحه مدیریت یکپارچه شهری و درآمدهای پایدار شهری از سوی دولت و مجلس».
#: Not yet passed, then; whether each is with the government or before parliament it does not say
#: (their status is PENDING, not IN_PARLIAMENT).
BILLS: tuple[Bill, ...] = (
    Bill(
        "لایحه مدیریت یکپارچه شهری",
        "Bill on integrated urban management",
        "The assembly asks the government and parliament to amend and pass it quickly (seed 000).",
    ),
    Bill(
        "لایحه درآمدهای پایدار شهری",
        "Bill on sustainable urban revenue",
        "The assembly asks the government and parliament to amend and pass it quickly (seed 000).",
    ),
)

# --------------------------------------------------------------------------- joint sessions (002)

#: Seed 002: «با ابتکار صورت‌گرفته و اعلام آمادگی پنج شهرداری، مقرر شد نشست‌های مشترک تا پایان سال
#: به‌صورت پیوسته برگزار شود ... نخستین دور از این نشست‌ها در قم انجام شود»: five municipalities
#: declared they were ready to host, the joint sessions are to be held continuously until the end
#: of the year, and the first was in Qom. The other four volunteers are not named, and neither is
#: the number of sessions: five volunteers is not five sessions.
JOINT_SESSION_VOLUNTEERS = 5
JOINT_SESSION_FIRST_HOST = "Qom"


# --------------------------------------------------------------------------- the union (seed 002)

#: «اتحادیه شهرداری‌ها به‌عنوان یک نهاد غیردولتی تشکیل شده و مأموریت آن تمرکز بر تبادل اطلاعات،
#: همکاری‌های مشترک و تعاملات فراملی است و انتخابات این اتحادیه طی هفته‌های اخیر برگزار شد و امروز
#: در نشست هم‌اندیشی شهرداران مراکز استان‌ها رسماً اعلام موجودیت کرد.» The seed names no member,
#: officer, seat or count, and no day.
UNION_NAME_FA = "اتحادیه شهرداری‌ها"
UNION_NAME_EN = "Union of Municipalities"
UNION_NATURE_FA = "نهاد غیردولتی"
UNION_MISSION_FA = "تبادل اطلاعات، همکاری‌های مشترک و تعاملات فراملی"
UNION_MISSION_EN = "Information exchange, joint cooperation and transnational relations"
#: It was announced at the joint session of mayors of provincial centres in Qom (the round's first).
UNION_ANNOUNCED_AT_SESSION = 1


# ----------------------------------------------- the metropolises' mayors and the commission (004)

ASSEMBLY_OF_MAYORS_FA = "مجمع شهرداران کلانشهرهای ایران"
ASSEMBLY_OF_MAYORS_EN = "Assembly of Mayors of Iran's Metropolises"
#: «اصلاح ساختار دبیرخانه مرکزی و تغییر آن به مجمع شهرداران کلانشهرهای ایران و تغییر کمیته‌ها به
#: کمیسیون‌ها در اواخر سال 1396»
ASSEMBLY_OF_MAYORS_FORMED = 1396
ASSEMBLY_OF_MAYORS_FORMED_FROM = "دبیرخانه مرکزی"
COMMISSION_FA = "کمیسیون فنی و عمرانی"
COMMISSION_EN = "Technical and Civil-Works Commission"
COMMISSION_FORMERLY = "کمیته معاونین فنی و عمرانی کلانشهرهای کشور"

#: «کمیته‌های چهارگانه معاونین، نظارت و اجراء، مطالعات و طراحی و پیمان و رسیدگی», until the 16th.
ORIGINAL_COMMITTEES: tuple[tuple[str, str], ...] = (
    ("معاونین", "Deputies"),
    ("نظارت و اجراء", "Supervision and execution"),
    ("مطالعات و طراحی", "Studies and design"),
    ("پیمان و رسیدگی", "Contracts and review"),
)
#: From the 16th meeting, after Total Quality Management: «در سه بخش اصلی محصول (پروژه)، فرآیند و
#: عوامل به علاوه معاونین به عنوان کارگروه تصمیم‌گیرنده». The last is the deciding group.
TQM_WORKING_GROUPS: tuple[tuple[str, str], ...] = (
    ("محصول (پروژه)", "Product (project)"),
    ("فرآیند", "Process"),
    ("عوامل", "Factors"),
    ("معاونین", "Deputies (the deciding group)"),
)
TQM_FROM_MEETING = 16

#: The secretariat's five duties, as the seed lists them.
COMMISSION_DUTIES: tuple[tuple[str, str], ...] = (
    (
        "تدوین برنامه راهبردی کمیسیون در راستای ایجاد وحدت رویه حوزه فنی و عمرانی کلانشهرها به "
        "منظور دستیابی به اهداف مشترک.",
        "Drafting the commission's strategic plan, for a unified approach to technical and "
        "civil works across the metropolises towards common goals.",
    ),
    (
        "بررسی و باز تعریف ماموریت‌های تعریف شده امور فنی و عمرانی.",
        "Reviewing and redefining the technical and civil-works missions.",
    ),
    (
        "اتخاذ تدابیر لازم درخصوص فراهم نمودن زمینه‌های همکاری گسترده، تشریک مساعی در انتقال "
        "تجربیات و انجام پروژه‌های مشترک مورد نیاز حوزه فنی و عمرانی شهرداری کلانشهرهای کشور.",
        "Creating the ground for broad cooperation, sharing experience and the joint projects the "
        "metropolises' technical and civil-works departments need.",
    ),
    (
        "راهبری و مدیریت برگزاری منظم گردهمایی‌ها و جلسات کمیسیون تخصصی و کارگروه‌های موضوعی "
        "کلانشهرها و همچنین تلاش و جهت تحقق مصوبات کمیسیون و پیشنهادهای کمیته‌های مربوطه مطابق "
        "با آیین‌نامه کمیسیون.",
        "Running regular gatherings and meetings of the commission and of the metropolises' topic "
        "working groups, and pursuing the commission's resolutions and its committees' proposals "
        "under the commission's by-laws.",
    ),
    (
        "برقراری ارتباط موثر با معاونان، مدیران کل و روسای ادارات فنی و عمرانی، دستگاه‌ها، "
        "سازمان‌های اداری اجرایی مرتبط جهت تقویت و پاسخ به نیازهای مقتضی و عمرانی کلانشهرهای کشور.",
        "Liaising with the technical and civil-works deputies, directors general and heads of "
        "departments and the related executive bodies, to meet the metropolises' needs.",
    ),
)


@dataclass(frozen=True, slots=True)
class CommissionMeeting:
    number: int
    host_en: str
    host_fa: str
    held_in_fa: str | None
    is_nationwide: bool
    with_festival: bool
    note_fa: str


_TEHRAN_HOST = "حوزه معاونت فنی و عمرانی شهرداری تهران"
_FESTIVAL = (
    "نشست سراسری معاونین کلانشهرها و تمامی مراکز استان‌ها توام با جشنواره و نمایشگاه عمران شهری"
)

#: The meetings the seed names; no other meeting's host or day is given.
COMMISSION_MEETINGS: tuple[CommissionMeeting, ...] = (
    CommissionMeeting(
        1,
        "Mashhad",
        "شهرداری مشهد",
        "آذر ۱۳۷۸",
        False,
        False,
        "اولین نشست کمیته معاونین فنی و عمرانی کلانشهرهای کشور",
    ),
    CommissionMeeting(
        16,
        "Isfahan",
        "شهرداری اصفهان",
        None,
        False,
        False,
        "اولویت‌بندی مباحث (اضطراری کوتاه‌مدت، میان‌مدت، بلندمدت) و تقسیم کارگروه‌ها بر الگوی TQM",
    ),
    CommissionMeeting(20, "Tehran", _TEHRAN_HOST, None, True, True, _FESTIVAL),
    CommissionMeeting(22, "Tehran", _TEHRAN_HOST, None, True, True, _FESTIVAL),
    CommissionMeeting(24, "Tehran", _TEHRAN_HOST, None, True, True, _FESTIVAL),
)


@dataclass(frozen=True, slots=True)
class Milestone:
    when_fa: str
    gregorian_year: int | None
    text_fa: str
    text_en: str
    meeting: int | None


ASSEMBLY_MILESTONES: tuple[Milestone, ...] = (
    Milestone(
        "آذر ۱۳۷۸",
        1999,
        "نخستین نشست کمیته معاونین فنی و عمرانی کلانشهرهای کشور در مشهد، در اقدامی خودجوش.",
        "The metropolises' technical and civil-works deputies meet for the first time, in "
        "Mashhad, on their own initiative; until the 16th meeting they work in four committees.",
        1,
    ),
    Milestone(
        "نشست شانزدهم",
        None,
        "در نشست شانزدهم (اصفهان) مباحث اولویت‌بندی و کارگروه‌ها بر الگوی ارتقاء جامع کیفیت (TQM) "
        "به محصول (پروژه)، فرآیند و عوامل، به علاوه معاونین به عنوان کارگروه تصمیم‌گیرنده تقسیم شد.",
        "At the 16th meeting (Isfahan) topics are classed as urgent short-term, medium-term and "
        "long-term, and the working groups reorganised after Total Quality Management: product "
        "(project), process and factors, with the deputies as the deciding group.",
        16,
    ),
    Milestone(
        "نشست‌های بیستم، بیست و دوم و بیست و چهارم",
        None,
        "نشست سراسری معاونین کلانشهرها و تمامی مراکز استان‌ها توام با جشنواره و نمایشگاه عمران "
        "شهری به میزبانی حوزه معاونت فنی و عمرانی شهرداری تهران.",
        "The 20th, 22nd and 24th meetings, hosted by Tehran Municipality's technical and "
        "civil-works deputy, gather the deputies of the metropolises and of every provincial "
        "centre, with an urban civil-works festival and exhibition.",
        20,
    ),
    Milestone(
        "اواخر ۱۳۹۶",
        None,
        "دبیرخانه مرکزی به مجمع شهرداران کلانشهرهای ایران و کمیته‌ها به کمیسیون‌ها تغییر کرد.",
        "In late 1396 (the winter of 2017–18) the central secretariat becomes the Assembly of "
        "Mayors of Iran's Metropolises, and its committees become commissions.",
        None,
    ),
)
