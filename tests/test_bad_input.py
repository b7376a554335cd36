"""Bad arguments get clear, typed errors, never an internal error."""

from __future__ import annotations

import pytest

from core.ids import global_id
from tests.conftest import GraphQLClient
from tests.ids import gid

PAGE = """
query($first: Int, $after: String, $orderBy: MunicipalityOrder) {
  municipalities(first: $first, after: $after, orderBy: $orderBy) {
    pageInfo { endCursor } nodes { id }
  }
}
"""


@pytest.mark.parametrize("first", [-1, 101, 100000])
async def test_page_size_out_of_range(gql: GraphQLClient, first: int) -> None:
    response = await gql.execute(PAGE, {"first": first})

    assert response["data"] is None
    [error] = response["errors"]
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "argument": "first", "maximum": 100}
    assert "between 0 and 100" in error["message"]


@pytest.mark.parametrize(
    "cursor", ["garbage", "", "6D756E69", "6D756E69636970616C69746965733A4E414D455F454E3A303A78"]
)
async def test_malformed_cursor(gql: GraphQLClient, cursor: str) -> None:
    response = await gql.execute(PAGE, {"first": 2, "after": cursor})

    [error] = response["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["argument"] == "after"


async def test_cursor_of_another_order(gql: GraphQLClient) -> None:
    first = await gql.data(PAGE, {"first": 2})
    cursor = first["municipalities"]["pageInfo"]["endCursor"]

    response = await gql.execute(
        PAGE, {"first": 2, "after": cursor, "orderBy": {"field": "POPULATION"}}
    )

    [error] = response["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "another list or another order" in error["message"]


@pytest.mark.parametrize(
    ("field", "type_name"),
    [
        ("municipality", "Municipality"),
        ("draftDirective", "DraftDirective"),
        ("province", "Province"),
    ],
)
async def test_unknown_id_is_not_found(gql: GraphQLClient, field: str, type_name: str) -> None:
    response = await gql.execute(f'{{ {field}(id: "{gid(type_name, 999999)}") {{ id }} }}')

    assert response["data"] == {field: None}
    [error] = response["errors"]
    assert error["extensions"]["code"] == "NOT_FOUND"
    assert error["path"] == [field]


@pytest.mark.parametrize(
    "bad_id",
    [
        "abc",
        "-1",
        "0",
        "1.5",
        "۱۲",
        "99999999999",
        "1",  # a database key, not the graph's id
        gid("Municipality", 0),
        global_id("Municipality", 2**31),
        gid("Province", 1),  # another type's id
        "TXVuaWNpcGFsaXR5OjE",  # Tehran's id without its padding: not canonical
    ],
)
async def test_malformed_id_is_bad_input(gql: GraphQLClient, bad_id: str) -> None:
    response = await gql.execute("query($id: ID!) { municipality(id: $id) { id } }", {"id": bad_id})

    [error] = response["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["argument"] == "id"
    assert error["extensions"]["messageFa"]


async def test_bad_year_filter(gql: GraphQLClient) -> None:
    codes = await gql.error_codes("{ draftDirectives(filter: {year: 99}) { totalCount } }")

    assert codes == ["BAD_USER_INPUT"]


async def test_invalid_document_gets_a_validation_code(gql: GraphQLClient) -> None:
    codes = await gql.error_codes("{ municipalities { nope } }")

    assert codes == ["GRAPHQL_VALIDATION_FAILED"]
