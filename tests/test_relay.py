"""Relay's object identification (README, "Ids, and Relay").

Every object with an id implements `Node`; its id is opaque and unique across the graph, names its
type, and finds the object again through `node(id:)` / `nodes(ids:)` on both read paths, under
the type's read rule. Another type's id is never taken for this type's; a bare integer (the
database key the graph showed before) is refused with a message saying what to send. The real
`relay-compiler` (npm) compiles the explorer's operations and a `@refetchable` fragment on every
type implementing `Node`.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import orjson
import pytest
from graphql import GraphQLObjectType, get_named_type, is_leaf_type, print_schema
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from core.ids import decode_id, global_id
from core.settings import Settings
from graph.root import schema
from schema.declare import NODES
from tests.conftest import GraphQLClient, StatementCounter
from tests.ids import gid
from tests.municipalities.fixtures import Tokens, Workflow

ROOT = Path(__file__).resolve().parent.parent
RELAY = ROOT / "gateway" / "node_modules" / "relay-compiler" / "cli.js"
EXAMPLES = ROOT / "web" / "explorer" / "examples"
#: Callers whose read rules differ (tests/test_compiled_reads.py has the same five).
CALLERS = ("anonymous", "office", "member", "reviewer", "analyst")


def _token(tokens: Tokens, caller: str) -> str | None:
    return {
        "anonymous": lambda: None,
        "office": lambda: tokens.office(3),
        "member": lambda: tokens.member(1),
        "reviewer": tokens.reviewer,
        "analyst": tokens.analyst,
    }[caller]()


def _leaves(type_name: str) -> str:
    """The type's scalar and enum fields (those without arguments). Floats are left out: on
    SQLite they send a statement to the general executor (tests/test_compiled_reads.py)."""
    type_ = schema._schema.get_type(type_name)
    assert isinstance(type_, GraphQLObjectType)
    return " ".join(
        name
        for name, field in type_.fields.items()
        if is_leaf_type(named := get_named_type(field.type))
        and not field.args
        and named.name != "Float"
    )


async def _some_ids(conn: AsyncConnection) -> dict[str, list[str]]:
    """The ids of up to three rows of every type implementing Node, as a client sees them."""
    found: dict[str, list[str]] = {}
    for name, source in sorted(NODES.items()):
        assert source.table is not None
        keys = (
            await conn.execute(
                select(source.table.c.id).order_by(source.table.c.id.desc()).limit(3)
            )
        ).scalars()
        found[name] = [global_id(name, key) for key in keys]
    return found


async def _both(
    conn: AsyncConnection, settings: Settings, query: str, variables: dict[str, Any], token: Any
) -> tuple[dict[str, Any], dict[str, Any], int]:
    general = GraphQLClient(conn, settings.model_copy(update={"compiled_reads": False}))
    compiled = GraphQLClient(conn, settings.model_copy(update={"compiled_reads": True}))
    expected = await general.execute(query, variables, token=token)
    with StatementCounter(conn) as counted:
        actual = await compiled.execute(query, variables, token=token)
    return expected, actual, counted.count


@pytest.mark.parametrize("caller", CALLERS)
async def test_every_object_is_found_again_by_its_id_on_both_paths(
    conn: AsyncConnection, settings: Settings, tokens: Tokens, workflow: Workflow, caller: str
) -> None:
    """`nodes(ids:)` over rows of every type: the general executor and the compiled statement give
    the same bytes (one statement), each object is the one its id names, and a draft is null
    exactly when the caller's lookup of it finds nothing (NOT_FOUND)."""
    unsent = await workflow.create(municipality_id=3)  # a draft only its office sees
    await workflow.submitted(municipality_id=3)
    ids = await _some_ids(conn)
    assert sum(map(len, ids.values())) > 3 * 20, "every kind of object is seeded"
    every = [value for values in ids.values() for value in values]
    assert unsent in every
    token = _token(tokens, caller)
    query = "query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }"
    found: list[Any] = []
    # in lists no longer than a list argument may be (the limit on list lengths)
    for start in range(0, len(every), settings.max_list_length):
        chunk = every[start : start + settings.max_list_length]
        expected, actual, statements = await _both(conn, settings, query, {"ids": chunk}, token)

        assert "errors" not in expected, expected
        assert orjson.dumps(actual) == orjson.dumps(expected)
        assert statements == 1
        found.extend(expected["data"]["nodes"])
    assert len(found) == len(every)
    for value, node in zip(every, found, strict=True):
        if node is not None:
            assert node == {"__typename": decode_id(value)[0], "id": value}  # type: ignore[index]
    for value in ids["DraftDirective"]:
        one = await GraphQLClient(conn, settings).execute(
            "query($id: ID!) { draftDirective(id: $id) { id } }", {"id": value}, token=token
        )
        assert (found[every.index(value)] is None) == ("errors" in one), (caller, value)
    assert (found[every.index(unsent)] is None) == (caller != "office")


async def test_every_types_fields_through_node_on_both_paths(
    conn: AsyncConnection, settings: Settings, tokens: Tokens
) -> None:
    """Each type's fields asked through `nodes(ids:)` (a fragment on the type): the same bytes
    from both paths, in one statement."""
    ids = await _some_ids(conn)
    unseen = []
    for name in sorted(name for name, values in ids.items() if values):
        query = f"""query($ids: [ID!]!) {{ nodes(ids: $ids) {{
                      __typename id ... on {name} {{ {_leaves(name)} }} }} }}"""

        expected, actual, statements = await _both(
            conn, settings, query, {"ids": ids[name]}, tokens.admin()
        )

        assert "errors" not in expected, expected
        assert orjson.dumps(actual) == orjson.dumps(expected), name
        assert statements == 1
        shown = expected["data"]["nodes"]
        given = zip(shown, ids[name], strict=True)
        assert [node["id"] if node else value for node, value in given] == ids[name]
        if not any(shown):
            unseen.append(name)
    # an administrator sees all but the union's ballots' participation (its secretariat's) and an
    # Article 100 case's owner (personal data: only its city's Article 100 roles); the newest
    # versions, comments and attachments may all belong to drafts never submitted (their rule is
    # their draft's)
    assert {"CaseParty", "UnionParticipation"} <= set(unseen)
    assert set(unseen) <= {
        "CaseParty",
        "UnionParticipation",
        "DocumentVersion",
        "DraftComment",
        "Attachment",
    }


async def test_node_answers_one_object_on_both_paths(
    conn: AsyncConnection, settings: Settings
) -> None:
    query = """query($id: ID!) { node(id: $id) { __typename id
                 ... on Municipality { nameEn province { id nameEn } } } }"""
    tehran = gid("Municipality", 1)

    expected, actual, statements = await _both(conn, settings, query, {"id": tehran}, None)

    assert orjson.dumps(actual) == orjson.dumps(expected)
    assert statements == 1
    node = expected["data"]["node"]
    assert node["__typename"] == "Municipality"
    assert node["id"] == tehran
    assert decode_id(node["province"]["id"])[0] == "Province"  # type: ignore[index]


async def test_ids_are_unique_across_types_and_opaque(
    gql: GraphQLClient, conn: AsyncConnection
) -> None:
    data = await gql.data(
        '{ provinces { id centre { id } } municipality(id: "TXVuaWNpcGFsaXR5OjE=") { id } }'
    )
    province_ids = {p["id"] for p in data["provinces"]}
    municipality_ids = {p["centre"]["id"] for p in data["provinces"] if p["centre"]}
    assert province_ids.isdisjoint(municipality_ids)
    assert data["municipality"]["id"] == "TXVuaWNpcGFsaXR5OjE="  # base64 of "Municipality:1"
    every = [value for values in (await _some_ids(conn)).values() for value in values]
    assert len(set(every)) == len(every)
    assert not any(value.isdigit() for value in every)


@pytest.mark.parametrize(
    ("given", "says"),
    [
        (gid("Province", 1), "is the id of a Province, not of a Municipality"),
        ("1", "ids are opaque"),
        ("not an id", "is not a valid Municipality id"),
        (global_id("Municipality", 0), "is not a valid Municipality id"),
    ],
)
async def test_another_types_id_or_a_bare_key_is_refused(
    gql: GraphQLClient, given: str, says: str
) -> None:
    response = await gql.execute("query($id: ID!) { municipality(id: $id) { id } }", {"id": given})
    (error,) = response["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert says in error["message"]
    assert error["extensions"]["messageFa"]
    assert response["data"] == {"municipality": None}


async def test_node_of_an_unknown_id_is_refused_and_of_a_missing_row_is_null(
    gql: GraphQLClient,
) -> None:
    codes = await gql.error_codes('{ node(id: "1") { id } }')
    assert codes == ["BAD_USER_INPUT"]
    codes = await gql.error_codes(f'{{ node(id: "{global_id("Nothing", 1)}") {{ id }} }}')
    assert codes == ["BAD_USER_INPUT"]
    data = await gql.data(f'{{ node(id: "{gid("Municipality", 999999)}") {{ id }} }}')
    assert data == {"node": None}


async def test_a_mutation_refuses_another_types_id(gql: GraphQLClient, tokens: Tokens) -> None:
    data = await gql.data(
        """mutation($id: ID!) { draftDirectiveSubmit(input: {id: $id}) {
             draftDirective { id } errors { code field message messageFa } } }""",
        {"id": gid("Municipality", 1)},
        token=tokens.office(1),
    )
    (error,) = data["draftDirectiveSubmit"]["errors"]
    assert error["code"] == "VALIDATION"
    assert error["field"] == "id"
    assert "not of a DraftDirective" in error["message"]


# --- the real relay-compiler -----------------------------------------------------------------


def _module(name: str, text: str) -> str:
    return f"const graphql = String.raw;\nmodule.exports = graphql`\n{text}\n`;\n"


def test_relay_compiler_accepts_the_schema(tmp_path: Path) -> None:
    """The explorer's operations and a `@refetchable` fragment on every type implementing Node
    compile with relay-compiler (which refuses `@refetchable` without `Node` and `node(id:)`)."""
    assert RELAY.exists(), "gateway/node_modules: `make test` runs npm ci"
    (tmp_path / "schema.graphql").write_text(print_schema(schema._schema))
    source = tmp_path / "src"
    source.mkdir()
    for name in sorted(NODES):
        fragment = (
            f'fragment {name}_node on {name} @refetchable(queryName: "{name}RefetchQuery") '
            f"{{ id {_leaves(name)} }}"
        )
        (source / f"{name}.js").write_text(_module(name, fragment))
    for path in sorted(EXAMPLES.glob("*.graphql")):
        text = path.read_text()
        operation = text.split("query ", 1)[1].split("(", 1)[0].split("{", 1)[0].strip()
        module = f"Example{operation}"  # relay: an operation's name starts with its module's
        renamed = text.replace(f"query {operation}", f"query {module}Query", 1)
        (source / f"{module}.js").write_text(_module(module, renamed))
    (tmp_path / "relay.config.json").write_text(
        json.dumps({"src": "./src", "schema": "./schema.graphql", "language": "javascript"})
    )

    run = subprocess.run(
        ["node", str(RELAY)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )

    assert run.returncode == 0, run.stdout + run.stderr
    written = {p.name for p in (tmp_path / "src" / "__generated__").glob("*.graphql.js")}
    assert {f"{name}RefetchQuery.graphql.js" for name in NODES} <= written
    assert len([p for p in written if p.startswith("Example")]) == len(list(EXAMPLES.iterdir()))
