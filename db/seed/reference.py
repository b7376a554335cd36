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

#: "Three board meetings and five assembly sessions, with the councils of Tehran, Mashhad, Shiraz,
#: Semnan, Urmia, Hamedan and Rasht taking part" (item 12). Which council took part in which
#: meeting, and the days, are not given.
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


@dataclass(frozen=True, slots=True)
class Bill:
    title_fa: str
    title_en: str
    assembly_position: str


#: The bills seed 000 asks the government and parliament to amend and pass quickly.
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

#: Seed 002: five municipalities volunteered to host joint sessions of mayors through the year,
#: and Qom hosted the first. The other four hosts are not named.
JOINT_SESSION_HOSTS = 5
JOINT_SESSION_FIRST_HOST = "Qom"
