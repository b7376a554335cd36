"""Full-text search (`search`), on both databases: Persian normalisation of the text and of the
query, ranking, snippets with their highlights, pages, bad input, the index following every
write that changes an indexed text, and the read rules (a draft the caller may not see is not
found, counted or snippeted), checked against the rows independently of the SQL."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from core.text import index_text
from db.tables import DraftStatus, draft
from tests.conftest import GraphQLClient, StatementCounter
from tests.ids import gid
from tests.municipalities.fixtures import CREATE, DECIDE, ELSEWHERE, HOME, SUBMIT, Tokens

SEARCH = """
query($query: String!, $kinds: [SearchKind!], $filter: SearchFilter, $first: Int, $after: String) {
  search(query: $query, kinds: $kinds, filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage endCursor }
    edges { cursor }
    nodes {
      kind title rank day
      titleHighlights { start length }
      snippet { text highlights { start length } }
      municipality { id }
      draftDirective { id status title }
      councilResolution { id number }
      governmentBill { id titleEn }
      nationalCircular { id number }
      assemblyMeeting { id number }
      jointSession { id sequence }
      commissionMeeting { id number }
    }
  }
}
"""
EDIT = """
mutation($input: DraftDirectiveEditInput!) {
  draftDirectiveEdit(input: $input) { draftDirective { id version } errors { code } }
}
"""

#: A title written with Arabic letters, Persian digits, a diacritic, a tatweel and joiners.
TITLE = "دستورالعمل ساماندهي كتابخانه‌هاي محلـّـي ۱۴۰۴"
BODY = (
    "این پیش‌نویس برای شهرداری‌ها نوشته شد. كتابخانه‌ها باید تا ۱۴۰۵ ساماندهی شوند؛ "
    "هزینه‌ها از محل درآمدهای پایدار تأمین می‌شود."
)


async def search(
    gql: GraphQLClient, query: str, token: str | None = None, **variables: Any
) -> dict[str, Any]:
    data = await gql.data(SEARCH, {"query": query, **variables}, token=token)
    result: dict[str, Any] = data["search"]
    return result


async def create(gql: GraphQLClient, token: str, title: str, body: str) -> dict[str, Any]:
    data = await gql.data(
        CREATE, {"input": {"kind": "DIRECTIVE", "title": title, "body": body}}, token=token
    )
    result = data["draftDirectiveCreate"]
    assert result["errors"] == []
    created: dict[str, Any] = result["draftDirective"]
    return created


def marked(text: str, ranges: list[dict[str, int]]) -> list[str]:
    return [text[r["start"] : r["start"] + r["length"]] for r in ranges]


@pytest.mark.parametrize(
    "query",
    [
        "کتابخانه‌های محلی",  # as written in Persian, with a ZWNJ
        "کتابخانه های محلی",  # a space instead of the ZWNJ
        "کتابخانههای محلي",  # no joiner at all, Arabic yeh
        "كتابخانه‌هاي ساماندهي 1404",  # Arabic kaf and yeh, Latin digits
        "ساماندهی ١٤٠٤",  # Arabic-Indic digits
        "مَحَلّی",  # diacritics
        "محلــی",  # tatweel
        "كتاب",  # the beginning of a word
        "تامین",  # a hamza left out (تأمین)
    ],
)
async def test_a_draft_is_found_however_its_words_are_written(
    gql: GraphQLClient, tokens: Tokens, query: str
) -> None:
    made = await create(gql, tokens.office(), TITLE, BODY)

    found = await search(gql, query, tokens.office(), kinds=["DRAFT_DIRECTIVE"])

    ids = [hit["draftDirective"]["id"] for hit in found["nodes"]]
    assert made["id"] in ids
    hit = found["nodes"][ids.index(made["id"])]
    assert hit["kind"] == "DRAFT_DIRECTIVE"
    assert hit["title"] == made["title"]  # as stored, not as the index folds it
    assert hit["municipality"] == {"id": gid("Municipality", HOME)}


async def test_snippets_show_the_text_as_written_with_the_matched_words(
    gql: GraphQLClient, tokens: Tokens
) -> None:
    made = await create(gql, tokens.office(), TITLE, BODY)

    found = await search(gql, "كتابخانه ۱۴۰۵", tokens.office(), kinds=["DRAFT_DIRECTIVE"])

    (hit,) = [h for h in found["nodes"] if h["draftDirective"]["id"] == made["id"]]
    assert marked(hit["title"], hit["titleHighlights"]) == ["کتابخانه‌های"]
    snippet = hit["snippet"]
    assert snippet["text"] == made["body"]  # short enough to be whole
    assert marked(snippet["text"], snippet["highlights"]) == ["کتابخانه‌ها", "1405"]


async def test_a_long_text_is_cut_around_the_first_match(
    gql: GraphQLClient, tokens: Tokens
) -> None:
    filler = " ".join(f"واژه{n}" for n in range(60))
    made = await create(gql, tokens.office(), "گزارش", f"{filler} آبخیزداری {filler}")

    (hit,) = (await search(gql, "آبخیزداری", tokens.office()))["nodes"]

    assert hit["draftDirective"]["id"] == made["id"]
    text = hit["snippet"]["text"]
    assert text.startswith("… ")
    assert text.endswith(" …")
    assert len(text.split()) < 45
    assert marked(text, hit["snippet"]["highlights"]) == ["آبخیزداری"]


async def test_title_matches_rank_above_text_matches_and_more_above_fewer(
    gql: GraphQLClient, tokens: Tokens
) -> None:
    office = tokens.office()
    filler = "متن عادی درباره امور شهری و خدمات شهروندی است"
    once = await create(gql, office, "پیشنهاد یک", f"{filler} پسماندسوزی {filler} {filler}")
    thrice = await create(
        gql, office, "پیشنهاد دو", f"پسماندسوزی {filler} پسماندسوزی {filler} پسماندسوزی"
    )
    titled = await create(gql, office, "طرح پسماندسوزی", f"{filler} {filler} {filler}")

    found = await search(gql, "پسماندسوزی", office)

    assert [hit["draftDirective"]["id"] for hit in found["nodes"]] == [
        titled["id"],
        thrice["id"],
        once["id"],
    ]
    ranks = [hit["rank"] for hit in found["nodes"]]
    assert ranks == sorted(ranks, reverse=True)
    assert found["totalCount"] == 3


async def test_every_word_must_match(gql: GraphQLClient, tokens: Tokens) -> None:
    made = await create(gql, tokens.office(), TITLE, BODY)
    both = await search(gql, "کتابخانه پایدار", tokens.office(), kinds=["DRAFT_DIRECTIVE"])
    assert made["id"] in [hit["draftDirective"]["id"] for hit in both["nodes"]]
    neither = await search(gql, "کتابخانه زلزله‌نگاری", tokens.office())
    assert made["id"] not in [(hit["draftDirective"] or {}).get("id") for hit in neither["nodes"]]


async def test_the_index_follows_an_edit(gql: GraphQLClient, tokens: Tokens) -> None:
    office = tokens.office()
    made = await create(gql, office, "طرح نارنج‌ستان", "متن نخست")
    assert (await search(gql, "نارنجستان", office))["totalCount"] == 1

    data = await gql.data(
        EDIT,
        {"input": {"id": made["id"], "expectedVersion": made["version"], "title": "طرح گذرگاه"}},
        token=office,
    )
    assert data["draftDirectiveEdit"]["errors"] == []

    assert (await search(gql, "نارنجستان", office))["totalCount"] == 0
    again = await search(gql, "گذرگاه", office)
    assert [hit["draftDirective"]["id"] for hit in again["nodes"]] == [made["id"]]
    assert again["nodes"][0]["title"] == "طرح گذرگاه"


async def test_an_adopted_draft_s_circular_is_found_at_once(
    gql: GraphQLClient, tokens: Tokens, conn: AsyncConnection
) -> None:
    forwarded = (
        await conn.execute(
            select(draft.c.id, draft.c.version)
            .where(draft.c.status == DraftStatus.FORWARDED_TO_MINISTRY.value)
            .order_by(draft.c.id)
            .limit(1)
        )
    ).one()
    data = await gql.data(
        DECIDE,
        {
            "input": {
                "id": gid("DraftDirective", forwarded.id),
                "decision": "ADOPT",
                "circularTitle": "بخشنامه یکسان‌سازی پروانه‌های ساختمانی",
                "expectedVersion": forwarded.version,
            }
        },
        token=tokens.reviewer(),
    )
    result = data["draftDirectiveDecide"]
    assert result["errors"] == []

    found = await search(gql, "یکسانسازی پروانه", kinds=["NATIONAL_CIRCULAR"])  # anonymous

    assert [hit["nationalCircular"] for hit in found["nodes"]] == [
        {"id": result["nationalCircular"]["id"], "number": result["nationalCircular"]["number"]}
    ]
    assert found["nodes"][0]["draftDirective"] is None


async def test_an_unsent_draft_is_found_only_by_its_own_office(
    gql: GraphQLClient, tokens: Tokens
) -> None:
    made = await create(gql, tokens.office(), "طرح محرمانه آسمان‌خراش‌پایی", "متن پیش‌نویس")
    callers = {
        "anonymous": None,
        "other office": tokens.office(ELSEWHERE),
        "reviewer": tokens.reviewer(),
        "analyst": tokens.analyst(),
        "admin": tokens.admin(),
    }
    for who, token in callers.items():
        found = await search(gql, "آسمانخراشپایی", token)
        assert (found["totalCount"], found["nodes"]) == (0, []), who
    own = await search(gql, "آسمانخراشپایی", tokens.office())
    assert own["totalCount"] == 1
    assert own["nodes"][0]["draftDirective"]["id"] == made["id"]

    data = await gql.data(
        SUBMIT,
        {"input": {"id": made["id"], "expectedVersion": made["version"]}},
        token=tokens.office(),
    )
    assert data["draftDirectiveSubmit"]["errors"] == []
    for who, token in callers.items():
        found = await search(gql, "آسمانخراشپایی", token)
        expected = 0 if who in ("anonymous", "other office") else 1
        assert found["totalCount"] == len(found["nodes"]) == expected, who


def _may_see(who: str, row: Any) -> bool:
    """The README's table for drafts, written again in Python."""
    adopted: bool = row.status == DraftStatus.ADOPTED.value
    if who == "anonymous":
        return adopted
    if who == "office":
        return adopted or bool(row.municipality_id == HOME)
    return row.submitted_at is not None  # the ministry


@pytest.mark.parametrize("who", ["anonymous", "office", "reviewer"])
async def test_counts_and_hits_are_the_drafts_the_caller_may_see(
    gql: GraphQLClient, tokens: Tokens, conn: AsyncConnection, who: str
) -> None:
    token = {"anonymous": None, "office": tokens.office(), "reviewer": tokens.reviewer()}[who]
    rows = (await conn.execute(select(draft))).all()
    word = "شهرداری"
    expected = {
        gid("DraftDirective", row.id)
        for row in rows
        if _may_see(who, row)
        and any(key.startswith(word) for key in index_text(f"{row.title} {row.body}").split())
    }
    assert expected  # the sample has such drafts for every caller

    seen: list[str] = []
    after = None
    while True:
        page = await search(gql, word, token, kinds=["DRAFT_DIRECTIVE"], first=100, after=after)
        seen += [hit["draftDirective"]["id"] for hit in page["nodes"]]
        assert page["totalCount"] == len(expected)
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert len(seen) == len(set(seen))
    assert set(seen) == expected


async def test_pages_follow_the_ranking(gql: GraphQLClient, tokens: Tokens) -> None:
    whole = await search(gql, "شهرداری", tokens.reviewer(), first=30)
    first = await search(gql, "شهرداری", tokens.reviewer(), first=10)
    second = await search(
        gql, "شهرداری", tokens.reviewer(), first=10, after=first["pageInfo"]["endCursor"]
    )
    assert first["nodes"] + second["nodes"] == whole["nodes"][:20]
    assert second["pageInfo"]["hasPreviousPage"] is True
    assert first["edges"][-1]["cursor"] == first["pageInfo"]["endCursor"]


async def test_minutes_bills_and_resolutions_are_found(gql: GraphQLClient) -> None:
    minutes = await search(gql, "هماندیشی تامین اجتماعی", kinds=["MEETING_MINUTES"])
    (hit,) = minutes["nodes"]
    assert hit["kind"] == "MEETING_MINUTES"
    assert hit["jointSession"] == {"id": gid("JointSession", 1), "sequence": 1}
    assert "تأمین" in marked(hit["snippet"]["text"], hit["snippet"]["highlights"])

    bills = await search(gql, "درامدهای پایدار", kinds=["GOVERNMENT_BILL"])
    assert [hit["governmentBill"]["titleEn"] for hit in bills["nodes"]] == [
        "Bill on sustainable urban revenue"
    ]
    assembly = await search(gql, "صورتجلسه هیئت رئیسه", kinds=["MEETING_MINUTES"])
    assert assembly["totalCount"] == 3  # the three board meetings
    assert all(hit["assemblyMeeting"] for hit in assembly["nodes"])
    commission = await search(gql, "معاونان فنی عمرانی", kinds=["MEETING_MINUTES"])
    assert commission["totalCount"] >= 1
    assert all(hit["commissionMeeting"] for hit in commission["nodes"])


async def test_the_filter_narrows_by_municipality_province_and_day(
    gql: GraphQLClient, tokens: Tokens
) -> None:
    office = tokens.office()
    await create(gql, office, "طرح نهال‌کاری", "متن")
    here = await search(
        gql, "نهالکاری", office, filter={"municipalityIds": [gid("Municipality", HOME)]}
    )
    assert here["totalCount"] == 1
    there = await search(
        gql, "نهالکاری", office, filter={"municipalityIds": [gid("Municipality", ELSEWHERE)]}
    )
    assert there["totalCount"] == 0
    province = await search(
        gql, "نهالکاری", office, filter={"provinceIds": [gid("Province", 8)], "toDay": "2000-01-01"}
    )
    assert province["totalCount"] == 0
    today = here["nodes"][0]["day"]
    assert (await search(gql, "نهالکاری", office, filter={"fromDay": today, "toDay": today}))[
        "totalCount"
    ] == 1


@pytest.mark.parametrize(
    ("variables", "argument"),
    [
        ({"query": "  ،؛  "}, "query"),
        ({"query": " ".join(f"واژه{n}" for n in range(13))}, "query"),
        ({"query": "الف" * 201}, "query"),
        ({"query": "a\u202eb"}, "query"),
        ({"query": "شهر", "kinds": []}, "kinds"),
        ({"query": "شهر", "after": "not-a-cursor"}, "after"),
        ({"query": "شهر", "first": 101}, "first"),
        ({"query": "شهر", "filter": {"municipalityIds": ["x"]}}, "filter.municipalityIds"),
    ],
)
async def test_bad_input_is_a_typed_error(
    gql: GraphQLClient, variables: dict[str, Any], argument: str
) -> None:
    response = await gql.execute(SEARCH, variables)
    (error,) = response["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["argument"] == argument


async def test_a_cursor_of_another_search_is_refused(gql: GraphQLClient) -> None:
    page = await search(gql, "شهرداری", first=1)
    response = await gql.execute(
        SEARCH, {"query": "شورا", "first": 1, "after": page["pageInfo"]["endCursor"]}
    )
    (error,) = response["errors"]
    assert (error["extensions"]["code"], error["extensions"]["argument"]) == (
        "BAD_USER_INPUT",
        "after",
    )


async def test_the_count_is_the_same_on_every_page(gql: GraphQLClient, tokens: Tokens) -> None:
    whole = await search(gql, "تفکیک", tokens.reviewer(), first=100)
    none = await search(gql, "تفکیک", tokens.reviewer(), first=0)
    assert none["nodes"] == []
    assert 0 < whole["totalCount"] == len(whole["nodes"]) < 100
    assert none["totalCount"] == whole["totalCount"]
    last = await search(
        gql, "تفکیک", tokens.reviewer(), first=1, after=whole["edges"][-1]["cursor"]
    )
    assert (last["nodes"], last["totalCount"]) == ([], whole["totalCount"])


HITS_WITH_RECORDS = """
query($query: String!) {
  search(query: $query) {
    edges { node { kind ...Records } }
    nodes { draftDirective { title } }
  }
}
fragment Records on SearchHit {
  draftDirective { id status title version createdAt }
  ... on SearchHit { jointSession { id sequence } }
}
"""


@pytest.mark.parametrize("who", ["office", "analyst"])
async def test_a_page_s_records_come_in_the_search_s_own_statement(
    gql: GraphQLClient, tokens: Tokens, conn: AsyncConnection, who: str
) -> None:
    """The drafts (and minutes' meetings) of a page are read with the hits, in one statement,
    under their read rule: the office finds its unsent draft, the analyst does not; each record
    is the one `node` gives by id."""
    made = await create(gql, tokens.office(), "طرح ساماندهی گذرهای فرسوده", "متن طرح گذرها")
    token = tokens.office() if who == "office" else tokens.analyst()

    with StatementCounter(conn) as counted:
        data = await gql.data(HITS_WITH_RECORDS, {"query": "گذرهای فرسوده"}, token=token)

    assert counted.count == 1, counted.statements
    hits = [edge["node"] for edge in data["search"]["edges"]]
    drafts = [hit["draftDirective"] for hit in hits]
    assert [found["id"] for found in drafts] == ([made["id"]] if who == "office" else [])
    for found in drafts:
        by_id = await gql.data(
            "query($id: ID!) { node(id: $id) { ... on DraftDirective"
            " { id status title version createdAt } } }",
            {"id": found["id"]},
            token=token,
        )
        assert found == by_id["node"]
    assert [hit["draftDirective"] for hit in data["search"]["nodes"]] == [
        {"title": found["title"]} for found in drafts
    ]
