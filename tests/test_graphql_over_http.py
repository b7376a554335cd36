"""The GraphQL-over-HTTP specification (GraphQL Foundation, working draft): one test per MUST and
SHOULD a server must meet, named after it. Client-side requirements are left out. Who may do
what is decided by the schema, as the specification's note advises (UNAUTHENTICATED/FORBIDDEN are
field or payload errors of a 200 response), so no request is refused with 401/403 as a whole.

Since 2025-01-01 (the specification's watershed) `application/graphql-response+json` is the
default; `application/json` keeps the legacy status codes (200 for every well-formed request).
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from core.settings import Settings
from db.engine import create_engine
from tests.http_client import GRAPHQL_RESPONSE, JSON, codes, http_client

COUNT = "{ municipalities(filter: {kind: METROPOLIS}) { totalCount } }"
COUNT_DATA = {"municipalities": {"totalCount": 9}}
BY_KIND = (
    "query Count($kind: MunicipalityKind) { municipalities(filter: {kind: $kind}) { totalCount } }"
)

#: Well-formed requests that fail before execution, by kind (the specification's examples).
REQUEST_ERRORS = {
    "document parsing failure": ({"query": "{"}, "GRAPHQL_PARSE_FAILED"),
    "document validation failure": (
        {"query": "{ municipalities { nope } }"},
        "GRAPHQL_VALIDATION_FAILED",
    ),
    "operation cannot be determined": (
        {"query": "query A { provinces { id } } query B { provinces { nameEn } }"},
        "OPERATION_RESOLUTION_FAILURE",
    ),
    "unknown operation name": (
        {"query": "query A { provinces { id } }", "operationName": "B"},
        "OPERATION_RESOLUTION_FAILURE",
    ),
    "variable coercion failure": (
        {"query": BY_KIND, "variables": {"kind": "VILLAGE"}},
        "BAD_USER_INPUT",
    ),
}

#: Requests that are not well-formed GraphQL-over-HTTP requests (the specification's examples).
MALFORMED = {
    "JSON parsing failure": b"NONSENSE",
    "truncated JSON": b'{"query":',
    "typo in query": b'{"qeury": "{__typename}"}',
    "variables of the wrong shape": b'{"query": "query Q ($i:Int!) { q(i: $i) }", "variables": [7]}',
    "query not a string": b'{"query": 7}',
    "operationName not a string": b'{"query": "{ __typename }", "operationName": 7}',
    "extensions not a map": b'{"query": "{ __typename }", "extensions": "x"}',
}


@pytest.fixture
async def client(settings: Settings, engine: AsyncEngine) -> AsyncIterator[httpx.AsyncClient]:
    async with http_client(settings, engine) as client:
        yield client


async def _post(
    client: httpx.AsyncClient, body: object, accept: str | None = GRAPHQL_RESPONSE
) -> httpx.Response:
    headers = {"Content-Type": JSON}
    if accept is not None:
        headers["Accept"] = accept
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    request = client.build_request("POST", "/graphql", content=content, headers=headers)
    if accept is None:
        del request.headers["Accept"]  # none at all (httpx would send its own)
    return await client.send(request)


# -- URL ---------------------------------------------------------------------------------------


async def test_server_must_enable_graphql_requests_via_a_url(client: httpx.AsyncClient) -> None:
    response = await client.post("/graphql", json={"query": COUNT})

    assert response.status_code == 200
    assert response.json() == {"data": COUNT_DATA}


async def test_server_must_not_require_different_urls_for_queries_and_mutations(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post("/graphql", json={"query": "mutation { __typename }"})

    assert response.status_code == 200
    assert response.json() == {"data": {"__typename": "Mutation"}}


async def test_path_should_end_with_graphql(client: httpx.AsyncClient) -> None:
    assert (await client.post("/graphql", json={"query": "{ __typename }"})).status_code == 200


async def test_forbidding_a_request_should_use_a_4xx_status(
    settings: Settings, engine: AsyncEngine
) -> None:
    async with http_client(settings, engine, rate_limit_anonymous_operations=1) as client:
        await client.post("/graphql", json={"query": "{ __typename }"})
        refused = await client.post("/graphql", json={"query": "{ __typename }"})

    assert refused.status_code == 429
    assert codes(refused) == ["RATE_LIMITED"]


# -- Serialization -----------------------------------------------------------------------------


async def test_server_must_support_json(client: httpx.AsyncClient) -> None:
    response = await _post(client, {"query": COUNT})

    assert response.json() == {"data": COUNT_DATA}


async def test_utf8_must_be_assumed_without_an_encoding(client: httpx.AsyncClient) -> None:
    query = '{ municipalities(filter: {search: "شیراز"}) { nodes { nameFa } } }'
    response = await client.post(
        "/graphql",
        content=json.dumps({"query": query}, ensure_ascii=False).encode("utf-8"),
        headers={"Content-Type": JSON, "Accept": GRAPHQL_RESPONSE},
    )

    assert response.json() == {"data": {"municipalities": {"nodes": [{"nameFa": "شیراز"}]}}}


# -- Request: POST -----------------------------------------------------------------------------


async def test_server_must_accept_post(client: httpx.AsyncClient) -> None:
    assert (await client.post("/graphql", json={"query": COUNT})).status_code == 200


async def test_post_must_support_application_json_in_utf8(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/graphql",
        content=json.dumps({"query": COUNT}).encode("utf-8"),
        headers={"Content-Type": "application/json; charset=utf-8"},
    )

    assert response.json() == {"data": COUNT_DATA}


async def test_post_without_content_type_should_be_rejected_with_4xx(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post("/graphql", content=json.dumps({"query": COUNT}).encode())

    assert response.status_code == 415
    assert codes(response) == ["UNSUPPORTED_MEDIA_TYPE"]


async def test_post_of_another_media_type_is_rejected_with_4xx(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/graphql", content=b"query=%7B__typename%7D", headers={"Content-Type": "text/plain"}
    )

    assert response.status_code == 415


async def test_post_body_must_be_a_json_map(client: httpx.AsyncClient) -> None:
    response = await _post(client, b'"{ __typename }"')

    assert response.status_code == 400
    assert codes(response) == ["BAD_REQUEST"]


async def test_null_optional_parameters_are_the_same_as_none(client: httpx.AsyncClient) -> None:
    body = {"query": COUNT, "operationName": None, "variables": None, "extensions": None}
    response = await _post(client, body)

    assert response.json() == {"data": COUNT_DATA}


# -- Request: GET ------------------------------------------------------------------------------


async def test_get_parameters_must_be_in_the_query_component(client: httpx.AsyncClient) -> None:
    response = await client.get(
        "/graphql", params={"query": COUNT}, headers={"Accept": GRAPHQL_RESPONSE}
    )

    assert response.status_code == 200
    assert response.json() == {"data": COUNT_DATA}


async def test_get_variables_and_extensions_must_be_json_encoded(
    client: httpx.AsyncClient,
) -> None:
    good = await client.get(
        "/graphql",
        params={"query": BY_KIND, "variables": '{"kind": "METROPOLIS"}', "extensions": "{}"},
    )
    bad = await client.get("/graphql", params={"query": BY_KIND, "variables": "kind=METROPOLIS"})

    assert good.json() == {"data": COUNT_DATA}
    assert bad.status_code == 400
    assert codes(bad) == ["BAD_REQUEST"]


async def test_get_empty_operation_name_is_the_same_as_none(client: httpx.AsyncClient) -> None:
    response = await client.get("/graphql", params={"query": COUNT, "operationName": ""})

    assert response.json() == {"data": COUNT_DATA}


async def test_get_operation_name_picks_the_operation(client: httpx.AsyncClient) -> None:
    document = f"query A {{ __typename }} query B {COUNT}"
    response = await client.get("/graphql", params={"query": document, "operationName": "B"})

    assert response.json() == {"data": COUNT_DATA}


@pytest.mark.parametrize("accept", [GRAPHQL_RESPONSE, JSON])
async def test_get_must_not_execute_mutations_and_must_answer_405(
    client: httpx.AsyncClient, accept: str
) -> None:
    response = await client.get(
        "/graphql", params={"query": "mutation { __typename }"}, headers={"Accept": accept}
    )

    assert response.status_code == 405
    assert response.headers["allow"] == "POST"
    assert "data" not in response.json()
    assert codes(response) == ["METHOD_NOT_ALLOWED"]


async def test_get_mutation_named_by_operation_name_must_answer_405(
    client: httpx.AsyncClient,
) -> None:
    document = "query Q { __typename } mutation M { __typename }"
    response = await client.get("/graphql", params={"query": document, "operationName": "M"})

    assert response.status_code == 405


# -- Response: body and media type -------------------------------------------------------------


async def test_well_formed_request_must_get_a_well_formed_graphql_response(
    client: httpx.AsyncClient,
) -> None:
    for body in (
        {"query": COUNT},
        {"query": "{"},
        {"query": '{ municipality(id: "TXVuaWNpcGFsaXR5Ojk5OTk5OQ==") { id } }'},
    ):
        payload = (await _post(client, body)).json()
        assert set(payload) <= {"data", "errors", "extensions"}
        assert "data" in payload or payload["errors"]
        for error in payload.get("errors", []):
            assert isinstance(error["message"], str)


async def test_response_must_indicate_its_media_type_and_should_indicate_its_encoding(
    client: httpx.AsyncClient,
) -> None:
    response = await _post(client, {"query": COUNT})

    assert response.headers["content-type"] == f"{GRAPHQL_RESPONSE}; charset=utf-8"


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (GRAPHQL_RESPONSE, GRAPHQL_RESPONSE),
        (JSON, JSON),
        (f"{GRAPHQL_RESPONSE}; charset=utf-8, {JSON}; charset=utf-8", GRAPHQL_RESPONSE),
        (f"{JSON}, {GRAPHQL_RESPONSE}", JSON),
        (f"{JSON};q=0.9, {GRAPHQL_RESPONSE}", GRAPHQL_RESPONSE),
        (f"{GRAPHQL_RESPONSE};q=0.5, {JSON}", JSON),
        ("*/*", JSON),  # the audit's SHOULD: */* gets application/json
        ("application/*", JSON),
        (f"*/*, {GRAPHQL_RESPONSE}", GRAPHQL_RESPONSE),  # the named type is more specific
        (f"text/html, {JSON};q=0.8", JSON),
    ],
)
async def test_server_must_respect_accept_and_use_its_highest_priority_type(
    client: httpx.AsyncClient, accept: str, expected: str
) -> None:
    response = await _post(client, {"query": COUNT}, accept=accept)

    assert response.headers["content-type"].split(";")[0] == expected


@pytest.mark.parametrize("accept", ["text/html", "application/xml", f"{JSON};q=0"])
async def test_accept_without_a_supported_type_should_get_406(
    client: httpx.AsyncClient, accept: str
) -> None:
    response = await _post(client, {"query": COUNT}, accept=accept)

    assert response.status_code == 406
    assert codes(response) == ["NOT_ACCEPTABLE"]


async def test_server_must_support_requests_accepting_application_json(
    client: httpx.AsyncClient,
) -> None:
    response = await _post(client, {"query": COUNT}, accept=JSON)

    assert response.headers["content-type"] == f"{JSON}; charset=utf-8"
    assert response.json() == {"data": COUNT_DATA}


async def test_server_must_support_requests_accepting_graphql_response_json(
    client: httpx.AsyncClient,
) -> None:
    response = await _post(client, {"query": COUNT}, accept=GRAPHQL_RESPONSE)

    assert response.headers["content-type"] == f"{GRAPHQL_RESPONSE}; charset=utf-8"
    assert response.json() == {"data": COUNT_DATA}


async def test_no_accept_header_should_be_answered_as_application_json(
    client: httpx.AsyncClient,
) -> None:
    """The audit's SHOULD "assume application/json content-type when accept is missing": a
    client that names no type reads plain JSON, where a request that fails to parse is 200."""
    response = await _post(client, {"query": "{"}, accept=None)

    assert response.headers["content-type"] == f"{JSON}; charset=utf-8"
    assert response.status_code == 200
    assert codes(response) == ["GRAPHQL_PARSE_FAILED"]


# -- Validation --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "document",
    [
        "{ municipalities { nope } }",  # fields on correct type
        "query { provinces { id } } query { provinces { id } }",  # lone anonymous operation
        "{ provinces }",  # leaf field selections
        "{ province { id } }",  # provided required arguments
        "{ municipalities(first: 1, first: 2) { totalCount } }",  # unique argument names
        "{ ...F } fragment F on Query { ...G } fragment G on Query { ...F }",  # no cycles
        "query($x: Int) { provinces { id } }",  # no unused variables
        '{ municipalities(first: "two") { totalCount } }',  # values of correct type
    ],
)
async def test_validation_should_apply_all_graphql_validation_rules(
    client: httpx.AsyncClient, document: str
) -> None:
    response = await _post(client, {"query": document})

    assert response.status_code == 400
    assert set(codes(response)) == {"GRAPHQL_VALIDATION_FAILED"}


# -- Status codes ------------------------------------------------------------------------------


async def test_errors_preventing_a_well_formed_response_must_not_be_2xx_with_graphql_response_json(
    client: httpx.AsyncClient,
) -> None:
    response = await _post(client, b"NONSENSE")

    assert response.status_code == 400


@pytest.mark.parametrize("case", list(REQUEST_ERRORS))
async def test_json_should_use_200_for_every_well_formed_request(
    client: httpx.AsyncClient, case: str
) -> None:
    body, code = REQUEST_ERRORS[case]
    response = await _post(client, body, accept=JSON)

    assert response.status_code == 200
    assert codes(response) == [code]


async def test_json_with_non_null_data_must_use_200(client: httpx.AsyncClient) -> None:
    response = await _post(
        client,
        {"query": '{ municipality(id: "TXVuaWNpcGFsaXR5Ojk5OTk5OQ==") { id } }'},
        accept=JSON,
    )

    assert response.status_code == 200
    assert response.json()["data"] == {"municipality": None}


@pytest.mark.parametrize("case", list(MALFORMED))
@pytest.mark.parametrize("accept", [JSON, GRAPHQL_RESPONSE])
async def test_request_that_is_not_well_formed_should_get_400(
    client: httpx.AsyncClient, case: str, accept: str
) -> None:
    response = await _post(client, MALFORMED[case], accept=accept)

    assert response.status_code == 400
    assert codes(response) == ["BAD_REQUEST"]
    assert "data" not in response.json()


async def test_graphql_response_json_with_data_must_be_2xx_and_should_be_200(
    client: httpx.AsyncClient,
) -> None:
    response = await _post(client, {"query": COUNT})

    assert response.status_code == 200


async def test_graphql_response_json_with_null_data_should_be_200() -> None:
    """A field error that nulls the whole `data` (a non-null root field whose database is away)
    is still a response: 200, `data: null`."""
    settings = Settings(database_url="postgresql+asyncpg://postgres@127.0.0.1:1/none")
    engine = create_engine(settings)
    try:
        async with http_client(settings, engine) as client:
            response = await _post(client, {"query": "{ provinces { id } }"})
    finally:
        await engine.dispose()

    assert response.status_code == 200
    assert response.json()["data"] is None
    assert codes(response) == ["SERVICE_UNAVAILABLE"]


@pytest.mark.parametrize("case", list(REQUEST_ERRORS))
async def test_graphql_response_json_without_data_must_be_4xx_and_should_be_400(
    client: httpx.AsyncClient, case: str
) -> None:
    """Parse and validation failures, an operation that cannot be chosen and variables that do
    not coerce: not executed, no `data`, 400."""
    body, code = REQUEST_ERRORS[case]
    response = await _post(client, body)

    assert response.status_code == 400
    assert "data" not in response.json()
    assert codes(response) == [code]


async def test_graphql_response_json_field_errors_should_be_200(
    client: httpx.AsyncClient,
) -> None:
    response = await _post(
        client, {"query": '{ municipality(id: "TXVuaWNpcGFsaXR5Ojk5OTk5OQ==") { id } }'}
    )

    assert response.status_code == 200
    assert response.json()["data"] == {"municipality": None}
    assert codes(response) == ["NOT_FOUND"]


async def test_an_empty_query_string_is_a_document_that_does_not_parse(
    client: httpx.AsyncClient,
) -> None:
    """Found by the fuzzer: Strawberry raised on an empty document (a 500)."""
    response = await _post(client, {"query": ""})

    assert response.status_code == 400
    assert codes(response) == ["GRAPHQL_PARSE_FAILED"]
