"""Trusted documents (a manifest, and a mode that runs nothing else) and Automatic Persisted
Queries (hash first, document on PERSISTED_QUERY_NOT_FOUND, hash alone after)."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from cli import main
from core.settings import Environment, Settings
from tests.http_client import codes, http_client
from web.persisted import ManifestError, document_hash, load_manifest

CATEGORIES = "query Categories { obligationCategories { code } }\n"
PROVINCES = "query Provinces { provinces { nameEn } }\n"


def _apq(sha: str) -> dict[str, object]:
    return {"persistedQuery": {"version": 1, "sha256Hash": sha}}


@pytest.fixture
def manifest(tmp_path: Path) -> Path:
    folder = tmp_path / "operations"
    folder.mkdir()
    (folder / "categories.graphql").write_text(CATEGORIES, encoding="utf-8")
    (folder / "nested").mkdir()
    (folder / "nested" / "provinces.graphql").write_text(PROVINCES, encoding="utf-8")
    output = tmp_path / "trusted-documents.json"
    assert main(["trusted-documents", str(folder), "--output", str(output)]) == 0
    return output


def test_the_cli_builds_the_manifest_from_graphql_files(manifest: Path) -> None:
    assert load_manifest(manifest) == {
        document_hash(CATEGORIES): CATEGORIES,
        document_hash(PROVINCES): PROVINCES,
    }


def test_the_cli_refuses_a_document_that_does_not_validate(tmp_path: Path) -> None:
    (tmp_path / "bad.graphql").write_text("{ provincez { id } }", encoding="utf-8")

    assert main(["trusted-documents", str(tmp_path), "--output", str(tmp_path / "m.json")]) == 1


def test_a_manifest_whose_hash_is_not_its_documents_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "m.json"
    path.write_bytes(orjson.dumps({document_hash("{ a }"): "{ b }"}))

    with pytest.raises(ManifestError, match="not the sha256"):
        load_manifest(path)


async def test_trusted_only_runs_the_manifests_documents_and_nothing_else(
    settings: Settings, engine: AsyncEngine, manifest: Path
) -> None:
    async with http_client(
        settings,
        engine,
        environment=Environment.PRODUCTION,
        trusted_documents_path=manifest,
        trusted_documents_only=True,
    ) as client:
        by_hash = await client.post(
            "/graphql", json={"extensions": _apq(document_hash(CATEGORIES))}
        )
        by_document_id = await client.get(
            "/graphql", params={"documentId": f"sha256:{document_hash(PROVINCES)}"}
        )
        by_text = await client.post("/graphql", json={"query": CATEGORIES})
        other = await client.post("/graphql", json={"query": "{ obligationCategories { id } }"})
        unknown = await client.post("/graphql", json={"extensions": _apq("a" * 64)})
        register = await client.post(
            "/graphql",
            json={
                "query": "{ provinces { id } }",
                "extensions": _apq(document_hash("{ provinces { id } }")),
            },
        )

    assert len(by_hash.json()["data"]["obligationCategories"]) == 4
    assert len(by_document_id.json()["data"]["provinces"]) == 31
    assert by_text.status_code == 200
    assert (other.status_code, codes(other)) == (400, ["PERSISTED_QUERY_NOT_ALLOWED"])
    assert (unknown.status_code, codes(unknown)) == (400, ["PERSISTED_QUERY_NOT_FOUND"])
    assert (register.status_code, codes(register)) == (400, ["PERSISTED_QUERY_NOT_ALLOWED"])


async def test_automatic_persisted_queries_register_on_the_second_request(
    settings: Settings, engine: AsyncEngine
) -> None:
    query = "{ obligationCategories { code nameEn } }"
    sha = document_hash(query)
    async with http_client(settings, engine) as client:
        first = await client.post("/graphql", json={"extensions": _apq(sha)})
        second = await client.post("/graphql", json={"query": query, "extensions": _apq(sha)})
        third = await client.get(
            "/graphql", params={"extensions": orjson.dumps(_apq(sha)).decode()}
        )

    assert (first.status_code, codes(first)) == (400, ["PERSISTED_QUERY_NOT_FOUND"])
    assert second.status_code == 200
    assert third.json() == second.json()


async def test_a_document_that_does_not_validate_is_not_registered(
    settings: Settings, engine: AsyncEngine
) -> None:
    query = "{ provincez { id } }"
    sha = document_hash(query)
    async with http_client(settings, engine) as client:
        await client.post("/graphql", json={"query": query, "extensions": _apq(sha)})
        again = await client.post("/graphql", json={"extensions": _apq(sha)})

    assert codes(again) == ["PERSISTED_QUERY_NOT_FOUND"]


async def test_a_hash_that_is_not_the_documents_is_refused(
    settings: Settings, engine: AsyncEngine
) -> None:
    async with http_client(settings, engine) as client:
        response = await client.post(
            "/graphql", json={"query": "{ provinces { id } }", "extensions": _apq("b" * 64)}
        )

    assert codes(response) == ["PERSISTED_QUERY_HASH_MISMATCH"]


@pytest.mark.parametrize(
    "extensions",
    [{"persistedQuery": {"version": 2, "sha256Hash": "a" * 64}}, _apq("not-a-hash")],
)
async def test_a_malformed_persisted_query_is_a_bad_request(
    settings: Settings, engine: AsyncEngine, extensions: dict[str, object]
) -> None:
    async with http_client(settings, engine) as client:
        response = await client.post("/graphql", json={"extensions": extensions})

    assert (response.status_code, codes(response)) == (400, ["BAD_REQUEST"])


def test_trusted_only_needs_a_manifest() -> None:
    with pytest.raises(ValueError, match="TRUSTED_DOCUMENTS_PATH"):
        Settings(trusted_documents_only=True)
