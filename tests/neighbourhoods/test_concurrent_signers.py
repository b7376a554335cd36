"""Two signers at once, on two connections that commit for real, on both databases: exactly one
signature goes in, the other signer finds the form moved on."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from core.auth import Role
from core.settings import Settings
from resolvers.neighbourhoods import small_project_sign as sign_module
from tests.ids import key
from tests.municipalities.fixtures import CommittedClient
from tests.neighbourhoods.fixtures import CREATE, FORM, SIGN, SUBMIT, district_of, payload


class CommittedProjects(CommittedClient):
    """Committed operations; whatever projects the test made are deleted at its end."""

    CLEANUP: tuple[str, ...] = (  # type: ignore[assignment]
        "DELETE FROM idempotency_key WHERE operation LIKE 'smallProject%'",
        "DELETE FROM small_project_event WHERE project_id > :p",
        "DELETE FROM small_project_signature WHERE project_id > :p AND step = 5",
        "DELETE FROM small_project_signature WHERE project_id > :p AND step = 4",
        "DELETE FROM small_project_signature WHERE project_id > :p AND step = 3",
        "DELETE FROM small_project_signature WHERE project_id > :p AND step = 2",
        "DELETE FROM small_project_signature WHERE project_id > :p",
        "DELETE FROM small_project WHERE id > :p",
    )

    async def __aenter__(self) -> CommittedProjects:
        await super().__aenter__()
        async with self.engine.connect() as conn:
            self._last_project = int(
                await conn.scalar(text("SELECT coalesce(max(id), 0) FROM small_project"))
            )
        return self

    async def __aexit__(self, *_: object) -> None:
        from db.session import RequestDatabase

        RequestDatabase._begin = self._begin  # type: ignore[method-assign]
        async with self.engine.begin() as conn:
            for statement in self.CLEANUP:
                await conn.execute(text(statement), {"p": self._last_project})


async def _ok(client: CommittedProjects, document: str, input: Any, token: str) -> Any:
    result = payload(await client.data(document, {"input": input}, token=token))
    assert result["errors"] == [], result["errors"]
    return result["project"]


@pytest.mark.parametrize("same_signer", [True, False], ids=["one signer twice", "two signers"])
async def test_exactly_one_of_two_concurrent_signers_wins(
    engine: AsyncEngine, settings: Settings, monkeypatch: pytest.MonkeyPatch, same_signer: bool
) -> None:
    async with CommittedProjects(engine, settings) as client:
        district = await district_of(client, settings)  # type: ignore[arg-type]
        project = await _ok(client, CREATE, FORM, district.member())
        pid = {"projectId": project["id"]}
        await _ok(client, SUBMIT, pid, district.member())
        first_token = district.signer(1)
        # the other: the same secretary again, or the secretary of another of the council's
        # working groups (who holds the same office for the same council)
        second_token = (
            first_token
            if same_signer
            else district.token(Role.NEIGHBOURHOOD_WG_SECRETARY, district.services_secretary)
        )

        first_inside = asyncio.Event()
        release_first = asyncio.Event()
        original = sign_module.lock_project  # type: ignore[attr-defined]

        async def held(*args: Any, **kwargs: Any) -> Any:
            found = await original(*args, **kwargs)
            if not first_inside.is_set():
                first_inside.set()
                await release_first.wait()
            return found

        monkeypatch.setattr(sign_module, "lock_project", held)

        async def sign(token: str) -> list[str]:
            data = await client.data(SIGN, {"input": pid}, token=token)
            return [e["code"] for e in payload(data)["errors"]]

        first = asyncio.create_task(sign(first_token))
        await first_inside.wait()
        writes = client.writes_begun
        second = asyncio.create_task(sign(second_token))
        await client.until_blocked(writes)
        release_first.set()
        outcomes = sorted([await first, await second])
        assert outcomes == [[], ["INVALID_TRANSITION"]]
        async with engine.connect() as conn:
            signatures = await conn.scalar(
                text("SELECT count(*) FROM small_project_signature WHERE project_id = :p"),
                {"p": key(project["id"])},
            )
            status = await conn.scalar(
                text("SELECT status FROM small_project WHERE id = :p"), {"p": key(project["id"])}
            )
        assert (signatures, status) == (1, "AT_DISTRICT_SECRETARY")
