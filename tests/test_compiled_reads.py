"""The compiled read path answers exactly as the general executor does.

Each operation runs twice on the same connection: once through the general executor (DataLoaders,
field by field) and once through the compiled path (one SQL statement building the JSON). The
responses must serialise to the same bytes: same data, same key order, same errors.
"""

from __future__ import annotations

from functools import partial
from typing import Any

import orjson
import pytest
from sqlalchemy.ext.asyncio import AsyncConnection

from core.settings import Settings
from tests.conftest import GraphQLClient, StatementCounter
from tests.ids import gid
from tests.municipalities.fixtures import Tokens

MUNICIPALITY_FIELDS = """
fragment Place on Municipality { id nameFa nameEn kind isProvincialCentre population isSample }
"""

COVERED: dict[str, tuple[str, dict[str, Any]]] = {
    "nested list": (
        """{ municipalities(first: 100) { totalCount nodes { id nameEn province { nameEn }
             mayor { fullName } draftDirectives(first: 20) { nodes { id title status createdAt } }
             socialSecurityObligations(first: 4, filter: {year: 1404}) {
               nodes { year amountDue category { code } } } } } }""",
        {},
    ),
    "every scalar of every type": (
        MUNICIPALITY_FIELDS
        + """{ provinces { __typename id nameFa nameEn centre { ...Place } }
             obligationCategories { id code nameFa nameEn description isSample }
             draftDirectives(first: 30) { edges { cursor node { __typename id kind status title
               body version createdAt updatedAt submittedAt isSample municipality { ...Place }
               events { id occurredAt actor fromStatus toStatus reason draftDirective { id } } } }
               pageInfo { __typename hasNextPage hasPreviousPage startCursor endCursor } } }""",
        {},
    ),
    "mayors and committee seats": (
        """{ municipalities(first: 20, filter: {kind: METROPOLIS}) { nodes {
               mayors { id fullName termStart termEnd isSample isCurrent municipality { id }
                 committeeMemberships { id role startedOn endedOn isActive mayor { id }
                   committee { id termStart termEnd isCurrent } } } } } }""",
        {},
    ),
    "obligations with money": (
        """{ socialSecurityObligations(first: 50, orderBy: {field: AMOUNT_DUE}) { totalCount
             nodes { id year amountDue amountCollected amountOutstanding isSample
               municipality { nameEn } category { code }
               transfers { id transferredOn amount reference isSample } } } }""",
        {},
    ),
    "aliases, inline fragments, skip and include": (
        """query($skip: Boolean!, $with: Boolean!) {
             big: municipalities(first: 3, orderBy: {field: POPULATION, direction: DESC}) {
               nodes { name: nameEn ... on Municipality { people: population }
                       secret: nameFa @skip(if: $skip) kind @include(if: $with) } }
             small: municipalities(first: 3, orderBy: {field: POPULATION}) { nodes { nameEn } }
             __typename }""",
        {"skip": True, "with": False},
    ),
    "filters": (
        """query($filter: DraftDirectiveFilter) {
             draftDirectives(first: 100, filter: $filter, orderBy: {field: TITLE, direction: ASC}) {
               totalCount nodes { id title status } } }""",
        {"filter": {"status": ["SUBMITTED", "ADOPTED"], "kind": "DIRECTIVE", "year": 1404}},
    ),
    "search and nested filters": (
        """{ municipalities(first: 10, filter: {search: "ياسوج"}) { totalCount nodes { nameEn } }
             provinces { municipalities(first: 2, filter: {isProvincialCentre: false}) {
               totalCount pageInfo { hasNextPage endCursor } nodes { nameEn } } } }""",
        {},
    ),
    "empty pages": (
        """{ none: municipalities(first: 5, filter: {search: "zzzz"}) {
               totalCount edges { cursor } nodes { id }
               pageInfo { hasNextPage hasPreviousPage startCursor endCursor } }
             zero: municipalities(first: 0) { totalCount nodes { id }
               pageInfo { hasNextPage startCursor endCursor } } }""",
        {},
    ),
    "one list of a page, empty or not, either way": (
        """{ none: municipalities(first: 5, filter: {search: "zzzz"}) { nodes { id } }
             zero: municipalities(first: 0) { edges { cursor } }
             provinces { municipalities(first: 3, orderBy: {field: POPULATION, direction: DESC}) {
               edges { cursor node { nameEn population } } } }
             draftDirectives(first: 7, orderBy: {field: TITLE, direction: ASC}) {
               nodes { title } } }""",
        {},
    ),
    "councils and their members": (
        """{ councils(first: 40, filter: {inAssembly: true}) { totalCount
             pageInfo { hasNextPage endCursor } edges { cursor node { id
               municipality { nameEn inCouncilsAssembly council { id } }
               term { id number startsOn endsOn isSample }
               head { fullName role isSample } members { id fullName role council { id } }
               resolutions(first: 3, filter: {uploaded: true}) { totalCount
                 nodes { id number title adoptedOn uploadedAt isUploadedToNationalSystem } } } } }
           councilTerms { number } governmentBills { id titleFa titleEn status assemblyPosition isSample }
           jointSessions { id sequence heldOn title isSample host { nameEn hostedJointSessions { id } } } }""",
        {},
    ),
    "resolutions by number and by year": (
        """query($after: String) {
             councilResolutions(first: 25, after: $after, orderBy: {field: NUMBER, direction: ASC},
                                filter: {year: 1397, search: "بودجه"}) {
               totalCount nodes { number title council { municipality { nameEn } } } }
             byName: councils(first: 5, orderBy: {field: MUNICIPALITY_NAME_EN, direction: DESC}) {
               nodes { municipality { nameEn } } }
             council(id: "Q2l0eUNvdW5jaWw6Mw==") { municipality { nameEn } } councilResolution(id: "Q291bmNpbFJlc29sdXRpb246NQ==") { number } }""",
        {"after": None},
    ),
    "a search, every field of a hit": (
        """fragment Found on SearchHit { kind title rank day __typename
             municipality { nameEn province { nameEn } }
             draftDirective { id status title municipality { nameEn } }
             councilResolution { number title council { municipality { nameEn } } }
             governmentBill { titleEn } nationalCircular { number title }
             jointSession { sequence title } }
           { found: search(query: "شهرداری تهران", first: 15) { __typename totalCount
               nodes { ...Found at: titleHighlights { start length }
                       snippet { text highlights { start l: length __typename } __typename } }
               edges { cursor node { ... on SearchHit { title rank } } __typename }
               pageInfo { hasNextPage hasPreviousPage startCursor endCursor __typename } } }""",
        {},
    ),
    "a search narrowed, its drafts only": (
        """query($q: String!, $skip: Boolean!) {
             search(query: $q, kinds: [DRAFT_DIRECTIVE], first: 4,
                    filter: {fromDay: "2020-01-01", provinceIds: ["UHJvdmluY2U6MQ==", "UHJvdmluY2U6Mg=="]}) {
               edges { cursor node { title day snippet @skip(if: $skip) { text }
                 draftDirective { id title events { toStatus } } } }
               pageInfo { hasNextPage endCursor } totalCount } }""",
        {"q": "شهرداري", "skip": False},
    ),
    "a search that finds nothing": (
        """{ search(query: "ززززقققق") { totalCount nodes { title }
             pageInfo { startCursor endCursor hasNextPage } } }""",
        {},
    ),
    "lookups": (
        """query($m: ID!, $d: ID!) { municipality(id: $m) { nameEn }
             draftDirective(id: $d) { title events { toStatus } } province(id: "UHJvdmluY2U6MQ==") { nameEn } }""",
        {"m": "TXVuaWNpcGFsaXR5OjM=", "d": "RHJhZnREaXJlY3RpdmU6Nw=="},
    ),
}

#: The analysts' sums: one statement on PostgreSQL; on SQLite (whose JSON writes floats with
#: 15 digits) the collection rate sends them to the general executor, and without it they compile.
SUMMARIES: dict[str, tuple[str, dict[str, Any]]] = {
    "obligations by province and category": (
        """{ obligationsSummary(groupBy: [PROVINCE, CATEGORY], filter: {year: 1404}) {
             province { id nameFa nameEn } category { id code nameEn isSample }
             amountDue amountCollected amountOutstanding collectionRate obligationCount
             municipalityKind year __typename } }""",
        {},
    ),
    "every dimension, in another order": (
        """query($by: [ObligationDimension!]!) { obligationsSummary(groupBy: $by) {
             year municipalityKind category { code } province { nameEn centre { nameEn } }
             obligationCount amountDue collectionRate } }""",
        {"by": ["YEAR", "MUNICIPALITY_KIND", "CATEGORY", "PROVINCE", "YEAR"]},
    ),
    "a national total, and one of nothing": (
        """{ all: obligationsSummary(groupBy: []) { obligationCount amountDue amountCollected
               amountOutstanding collectionRate }
             none: obligationsSummary(groupBy: [], filter: {year: 1300}) { obligationCount
               amountDue collectionRate }
             empty: obligationsSummary(groupBy: [CATEGORY], filter: {year: 1300}) {
               obligationCount } }""",
        {},
    ),
    "top municipalities by outstanding, over a list of years": (
        """{ obligationsSummary(groupBy: [MUNICIPALITY], filter: {years: [1403, 1404]},
               orderBy: {field: AMOUNT_OUTSTANDING}, first: 5) {
               municipality { id nameEn } amountOutstanding amountCollected obligationCount } }""",
        {},
    ),
    "transfers by month over a date range, and a top category": (
        """{ byMonth: transfersSummary(groupBy: [MONTH, CATEGORY],
               filter: {transferredFrom: "2024-03-01", transferredTo: "2025-03-31"}) {
               month category { code } transferCount amount year obligationYear }
             top: transfersSummary(groupBy: [PROVINCE], orderBy: {field: TRANSFER_COUNT},
               first: 2, filter: {obligation: {years: [1404]}}) {
               province { nameEn } transferCount amount municipality { id } } }""",
        {},
    ),
    "without the rate, by kind": (
        """{ obligationsSummary(groupBy: [MUNICIPALITY_KIND], filter: {municipalityKind: CITY}) {
               municipalityKind amountDue amountOutstanding obligationCount
               province { nameEn } category { code } year } }""",
        {},
    ),
}


@pytest.mark.parametrize("name", list(SUMMARIES))
async def test_summaries_compile_to_the_same_bytes(
    conn: AsyncConnection, settings: Settings, backend: str, name: str
) -> None:
    query, variables = SUMMARIES[name]

    expected, actual, statements = await _both(conn, settings, query, variables)

    assert "errors" not in expected, expected
    assert orjson.dumps(actual) == orjson.dumps(expected)
    if backend == "postgresql" or "collectionRate" not in query:
        assert statements == 1


@pytest.mark.postgresql_only  # floats are not compiled on SQLite
async def test_a_double_is_written_as_orjson_writes_it(conn: AsyncConnection, backend: str) -> None:
    """The compiled path's floats (PostgreSQL): the same bytes as orjson for ratios of every
    size, whole numbers, and the notation's edges (1e-5, 1e-4, 1e15, 1e16)."""
    import random

    from sqlalchemy import Float, Text, cast, column, select, values

    from resolvers.compiled.sqljson import SqlJson

    rng = random.Random(5)
    numbers = [0.0, 1.0, 2.0, 0.5, 1e-5, 1.5e-5, 9.99e-6, 1e-4, 9.9e-5, 1e15, 1.5e15, 1e16, 1e17]
    numbers += [7.0, 123.0, 1e-7, 2.5e-10, 1e-300, 1.7976931348623157e308, 5e-324, 0.1, 1 / 3]
    numbers += [-0.25, -3e-6, -1e16]
    numbers += [rng.randrange(0, 10**15) / rng.randrange(1, 10**15) for _ in range(3000)]
    numbers += [rng.randrange(0, 10**6) / rng.randrange(10**9, 10**14) for _ in range(1000)]
    numbers += [rng.randrange(10**12, 10**17) / rng.randrange(1, 10**3) for _ in range(1000)]
    table = values(column("x", Float), name="numbers").data([(x,) for x in numbers])
    written = cast(SqlJson("postgresql").double(table.c.x), Text)  # the JSON text itself
    rows = (await conn.execute(select(table.c.x, written.label("json")))).all()

    mismatches = [(x, text) for x, text in rows if str(text) != orjson.dumps(x).decode()]
    assert len(rows) == len(numbers)
    assert mismatches == []


async def test_an_instant_is_written_as_python_writes_it(
    conn: AsyncConnection, backend: str
) -> None:
    """`datetime.isoformat()` of the UTC instant: microseconds only when there are any, all six
    of them (`.120000`), and `+00:00`; NULL stays null."""
    import random
    from datetime import UTC, datetime, timedelta

    from sqlalchemy import Text, cast, literal, select, union_all

    from db.types import UTCDateTime
    from resolvers.compiled.sqljson import SqlJson

    rng = random.Random(7)
    start = datetime(1990, 1, 1, tzinfo=UTC)
    instants: list[datetime | None] = [None, start, start + timedelta(microseconds=1)]
    instants += [start + timedelta(microseconds=120_000), start + timedelta(seconds=59.999999)]
    instants += [start + timedelta(seconds=rng.randrange(10**9)) for _ in range(200)]
    instants += [
        start + timedelta(seconds=rng.randrange(10**9), microseconds=rng.randrange(10**6))
        for _ in range(200)
    ]
    # literal rows (SQLite cannot name VALUES' columns; fewer than its 500 compound selects)
    table = union_all(
        *(
            select(literal(n).label("n"), literal(at, UTCDateTime()).label("at"))
            for n, at in enumerate(instants)
        )
    ).subquery("instants")
    written = cast(SqlJson(backend).instant(table.c.at), Text)
    rows = (await conn.execute(select(table.c.n, written).order_by(table.c.n))).all()

    expected: list[str | None]
    if backend == "postgresql":  # written as JSON text: quoted, and `null` for NULL
        expected = [orjson.dumps(i.isoformat() if i else None).decode() for i in instants]
    else:
        expected = [i.isoformat() if i else None for i in instants]
    assert [text for _, text in rows] == expected


GENERAL_ONLY: dict[str, tuple[str, dict[str, Any]]] = {
    # Seven levels deep: past what SQLite's parser takes, so there it falls back.
    "very deep": (
        """{ draftDirectives(first: 5) { nodes { municipality { mayors {
             committeeMemberships { committee { memberships { mayor { municipality {
               province { nameEn } } } } } } } } } } }""",
        {},
    ),
    "Solar Hijri dates": ("{ draftDirectives(first: 3) { nodes { createdOnSolarHijri } } }", {}),
    "the committee": ("{ mayorsCommittee { members { role mayor { fullName } } } }", {}),
    "unknown id": ('{ municipality(id: "TXVuaWNpcGFsaXR5Ojk5OTk5OQ==") { nameEn } }', {}),
    "bad page size": ("{ municipalities(first: 1000) { totalCount } }", {}),
    "bad cursor": ('{ municipalities(after: "zz") { totalCount } }', {}),
    "introspection": ('{ __type(name: "Municipality") { name } }', {}),
    "assembly meetings": (
        "{ councilsAssembly { meetings { number participants { id } } } }",
        {},
    ),
}


async def _both(
    conn: AsyncConnection,
    settings: Settings,
    query: str,
    variables: dict[str, Any],
    token: str | None = None,
) -> tuple[dict[str, Any], dict[str, Any], int]:
    general = GraphQLClient(conn, settings.model_copy(update={"compiled_reads": False}))
    compiled = GraphQLClient(conn, settings.model_copy(update={"compiled_reads": True}))
    expected = await general.execute(query, variables, token=token)
    with StatementCounter(conn) as counted:
        actual = await compiled.execute(query, variables, token=token)
    return expected, actual, counted.count


#: Callers whose read rules differ: the compiled statement must apply each one's as the general
#: executor does (office 3 owns drafts in several statuses, one never submitted).
CALLERS = ("anonymous", "office", "member", "reviewer", "analyst")


def caller_token(tokens: Tokens, caller: str) -> str | None:
    return {
        "anonymous": lambda: None,
        "office": lambda: tokens.office(3),
        "member": lambda: tokens.member(1),
        "reviewer": tokens.reviewer,
        "analyst": tokens.analyst,
    }[caller]()


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize("name", list(COVERED))
async def test_compiled_path_gives_the_same_bytes_in_one_statement(
    conn: AsyncConnection, settings: Settings, tokens: Tokens, name: str, caller: str
) -> None:
    query, variables = COVERED[name]

    expected, actual, statements = await _both(
        conn, settings, query, variables, caller_token(tokens, caller)
    )

    assert orjson.dumps(actual) == orjson.dumps(expected)
    if "errors" not in expected:  # a lookup of a row the caller may not see is explained
        assert statements == 1  # by the general executor (NOT_FOUND)
    else:
        assert caller in ("anonymous", "office", "member"), expected


@pytest.mark.parametrize("name", list(GENERAL_ONLY))
async def test_what_the_compiler_does_not_cover_falls_back(
    conn: AsyncConnection, settings: Settings, name: str
) -> None:
    query, variables = GENERAL_ONLY[name]

    expected, actual, _ = await _both(conn, settings, query, variables)

    assert orjson.dumps(actual) == orjson.dumps(expected)


async def test_a_lookup_by_id_variable_compiles_once_for_every_id(
    conn: AsyncConnection,
    settings: Settings,
    tokens: Tokens,
    backend: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`draftDirective(id: $id)`: the statement holds the id as a parameter, so other ids reuse
    it without compiling; found, missing and malformed ids answer as the general executor does."""
    from resolvers.compiled import compiler

    compiles: list[object] = []
    real_compile = compiler.Compiler.compile

    def counting(self: compiler.Compiler) -> compiler.Compiled:
        compiles.append(self)
        return real_compile(self)

    monkeypatch.setattr(compiler.Compiler, "compile", counting)
    reviewer = tokens.reviewer()
    query = f"""query Slot{backend}($id: ID!) {{ draftDirective(id: $id) {{ id title
               municipality {{ nameEn }} events {{ toStatus occurredAt }} }} }}"""

    draft = partial(gid, "DraftDirective")
    for value in [draft(11), draft(12), 13, draft(999999), "abc", "0", f" {draft(14)} "]:
        expected, actual, _ = await _both(conn, settings, query, {"id": value}, reviewer)
        assert orjson.dumps(actual) == orjson.dumps(expected), value

    assert len(compiles) == 1


async def test_a_variable_used_twice_is_compiled_per_value(
    conn: AsyncConnection, settings: Settings, tokens: Tokens, backend: str
) -> None:
    """A variable that is also used outside the lookup's id shapes the statement there: it is
    not a parameter of the cached statement, and each value gets its own."""
    query = f"""query Twice{backend}($id: ID!) {{ draftDirective(id: $id) {{ id title }}
               again: draftDirective(id: $id) {{ id version }} }}"""

    for value in [gid("DraftDirective", n) for n in (3, 4, 5)]:  # submitted: the ministry sees them
        expected, actual, _ = await _both(conn, settings, query, {"id": value}, tokens.reviewer())
        assert "errors" not in expected
        assert orjson.dumps(actual) == orjson.dumps(expected), value
        assert actual["data"]["again"]["id"] == value


async def test_pages_walked_by_cursor_agree(conn: AsyncConnection, settings: Settings) -> None:
    query = """query($after: String) {
      draftDirectives(first: 7, after: $after, orderBy: {field: UPDATED_AT, direction: ASC}) {
        pageInfo { hasNextPage endCursor } nodes { id updatedAt } } }"""
    after = None
    for _ in range(4):
        expected, actual, statements = await _both(conn, settings, query, {"after": after})
        assert orjson.dumps(actual) == orjson.dumps(expected)
        assert statements == 1
        after = expected["data"]["draftDirectives"]["pageInfo"]["endCursor"]


async def test_http_response_carries_the_databases_json(
    settings: Settings, engine: Any, conn: AsyncConnection
) -> None:
    """Over HTTP the compiled path's JSON text is embedded as it is; it reads as the same data."""
    import httpx

    from server import create_app

    query, variables = COVERED["nested list"]
    general = GraphQLClient(conn, settings.model_copy(update={"compiled_reads": False}))
    expected = await general.execute(query, variables)
    app = create_app(settings.model_copy(update={"compiled_reads": True}), engine=engine)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        response = await client.post("/graphql", json={"query": query, "variables": variables})

    assert response.status_code == 200
    assert orjson.dumps(orjson.loads(response.content)) == orjson.dumps(expected)


def _lane_answers(monkeypatch: pytest.MonkeyPatch) -> list[bytes | None]:
    """What the express lane answers each request (None: it left the request to Strawberry)."""
    from resolvers.compiled import express_lane

    answers: list[bytes | None] = []
    real_answer = express_lane.answer_operation  # what the HTTP endpoint calls

    async def spy(*args: Any) -> bytes | None:
        answers.append(await real_answer(*args))
        return answers[-1]

    monkeypatch.setattr(express_lane, "answer_operation", spy)
    return answers


async def test_express_lane_repeats_a_compiled_answer(
    settings: Settings,
    engine: Any,
    conn: AsyncConnection,
    tokens: Tokens,
    backend: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The second request for a compiled operation skips Strawberry (on PostgreSQL) and gets
    the same body."""
    import httpx

    from server import create_app

    answers = _lane_answers(monkeypatch)
    # a text of this test's own: the lane also serves any document validated before
    query = f"query($id: ID!) {{ {backend}: draftDirective(id: $id) {{ id title events {{ toStatus }} }} }}"
    body = {"query": query, "variables": {"id": gid("DraftDirective", 11)}}
    app = create_app(settings.model_copy(update={"compiled_reads": True}), engine=engine)
    transport = httpx.ASGITransport(app=app)
    reviewer = tokens.reviewer()
    headers = {"Authorization": f"Bearer {reviewer}"}
    async with httpx.AsyncClient(
        transport=transport, base_url="http://test", headers=headers
    ) as client:
        first = await client.post("/graphql", json=body)
        second = await client.post("/graphql", json=body)
        missing = await client.post(
            "/graphql", json={"query": query, "variables": {"id": gid("DraftDirective", 999999)}}
        )
        again = await client.post(
            "/graphql", json={"query": query, "variables": {"id": gid("DraftDirective", 999999)}}
        )
        other = await client.post(
            "/graphql", json={"query": query, "variables": {"id": gid("DraftDirective", 12)}}
        )
        malformed = await client.post("/graphql", json={"query": query, "variables": {"id": "no"}})
    general = GraphQLClient(conn, settings.model_copy(update={"compiled_reads": False}))
    expected = await general.execute(query, {"id": gid("DraftDirective", 12)}, token=reviewer)
    await app.state.lane.close()

    assert first.status_code == second.status_code == 200
    assert orjson.loads(first.content) == orjson.loads(second.content)
    assert answers[0] is None  # the first request compiles through Strawberry
    assert (answers[1] is not None) is (backend == "postgresql")
    # a lookup that finds nothing is always explained by the general executor
    assert answers[2] is None
    assert answers[3] is None
    assert (answers[4] is not None) is (backend == "postgresql")  # new variables, no Strawberry
    assert orjson.loads(other.content) == expected
    assert again.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert missing.json() == again.json()
    assert answers[5] is None  # a malformed id is refused by the general executor
    assert malformed.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_express_lane_finishes_a_search_as_the_usual_way(
    settings: Settings,
    engine: Any,
    conn: AsyncConnection,
    tokens: Tokens,
    backend: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A search asked again takes the lane on PostgreSQL (its rows finished in Python, the texts
    as the bytes PostgreSQL sent) and answers the same bytes as the general executor, for an
    office that sees its own unsent drafts and for an analyst that does not."""
    import httpx

    from server import create_app

    answers = _lane_answers(monkeypatch)
    query = f"""query {backend}Search {{ search(query: "شهرداری تهران", first: 12) {{
        totalCount pageInfo {{ hasNextPage endCursor }}
        edges {{ cursor node {{ kind title rank day titleHighlights {{ start length }}
          snippet {{ text highlights {{ start length }} }} municipality {{ nameFa }}
          draftDirective {{ id status title }} councilResolution {{ number }} }} }} }} }}"""
    app = create_app(settings.model_copy(update={"compiled_reads": True}), engine=engine)
    transport = httpx.ASGITransport(app=app)
    general = GraphQLClient(conn, settings.model_copy(update={"compiled_reads": False}))
    for token in (tokens.office(3), tokens.analyst()):
        answers.clear()
        async with httpx.AsyncClient(
            transport=transport,
            base_url="http://test",
            headers={"Authorization": f"Bearer {token}"},
        ) as client:
            first = await client.post("/graphql", json={"query": query})
            second = await client.post("/graphql", json={"query": query})
        expected = await general.execute(query, token=token)

        assert first.status_code == second.status_code == 200
        assert orjson.loads(first.content)["data"]["search"]["edges"]  # it finds something
        assert first.content == second.content == orjson.dumps(expected)
        assert (answers[-1] is not None) is (backend == "postgresql")
    await app.state.lane.close()


async def test_express_lane_serves_a_named_operation_sent_without_its_name(
    settings: Settings, engine: Any, tokens: Tokens, backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Clients often send `query Draft(...)` without `operationName`: the lane keys by what the
    request carries, so the compiled operation must be found under that, not the document's name."""
    import httpx

    from server import create_app

    answers = _lane_answers(monkeypatch)
    query = f"query Named{backend}($id: ID!) {{ draftDirective(id: $id) {{ id title }} }}"
    app = create_app(settings.model_copy(update={"compiled_reads": True}), engine=engine)
    transport = httpx.ASGITransport(app=app)
    headers = {"Authorization": f"Bearer {tokens.reviewer()}"}
    async with httpx.AsyncClient(
        transport=transport, base_url="http://test", headers=headers
    ) as client:
        for _ in range(2):
            response = await client.post(
                "/graphql", json={"query": query, "variables": {"id": gid("DraftDirective", 7)}}
            )
            assert response.json()["data"]["draftDirective"]["id"] == gid("DraftDirective", 7)
    await app.state.lane.close()

    assert answers[0] is None  # compiled through Strawberry
    assert (answers[1] is not None) is (backend == "postgresql")


async def test_express_lane_never_shares_an_answer_between_callers(
    settings: Settings,
    engine: Any,
    conn: AsyncConnection,
    tokens: Tokens,
    backend: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """One operation, asked in turn by callers who may see different rows (a draft never
    submitted is its office's; a submitted one the ministry's too; an adopted one everyone's):
    each gets what the general executor gives them, whoever the lane answered before."""
    import httpx

    from server import create_app

    answers = _lane_answers(monkeypatch)
    query = f"""query Shared{backend}($first: Int!) {{ draftDirectives(first: $first) {{
                  totalCount nodes {{ id status }} }} }}"""
    callers = {
        "own office": tokens.office(3),
        "other office": tokens.office(1),
        "anonymous": None,
        "reviewer": tokens.reviewer(),
    }
    general = GraphQLClient(conn, settings.model_copy(update={"compiled_reads": False}))
    expected = {
        name: (await general.data(query, {"first": 100}, token=token))["draftDirectives"]
        for name, token in callers.items()
    }
    assert len({orjson.dumps(e) for e in expected.values()}) == len(callers)  # all differ

    app = create_app(settings.model_copy(update={"compiled_reads": True}), engine=engine)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        for _ in range(3):
            for name, token in callers.items():
                headers = {"Authorization": f"Bearer {token}"} if token else {}
                body = {"query": query, "variables": {"first": 100}}
                response = await client.post("/graphql", json=body, headers=headers)
                assert response.json()["data"]["draftDirectives"] == expected[name], name
    await app.state.lane.close()

    # on PostgreSQL the repeats went through the lane (each with its caller's ids bound)
    assert any(answer is not None for answer in answers) is (backend == "postgresql")
