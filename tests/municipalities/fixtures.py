"""Fixtures of the municipalities domain's write side: tokens for every role, the sitting
committee, and a `workflow` that walks drafts through their life via the GraphQL mutations."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from pydantic import SecretStr
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from core.auth import Role, TokenVerifier, mint_token
from core.settings import Settings
from db.session import RequestDatabase
from graph.root import schema
from resolvers.compiled.extension import CompiledJSON
from resolvers.context import Context
from tests.conftest import GraphQLClient
from tests.ids import key

#: A municipality of the shipped data (Tehran) and another one (Mashhad).
HOME = 1
ELSEWHERE = 2


@dataclass
class Tokens:
    settings: Settings

    def office(self, municipality_id: int = HOME) -> str:
        return mint_token(self.settings, Role.MAYOR_OFFICE, municipality_id=municipality_id)

    def member(self, mayor_id: int) -> str:
        return mint_token(self.settings, Role.COMMITTEE_MEMBER, mayor_id=mayor_id)

    def reviewer(self) -> str:
        return mint_token(self.settings, Role.MINISTRY_REVIEWER, name="معاونت عمران")

    def analyst(self) -> str:
        return mint_token(self.settings, Role.MINISTRY_ANALYST)

    def admin(self) -> str:
        return mint_token(self.settings, Role.ADMINISTRATOR)

    def expired(self) -> str:
        return mint_token(self.settings, Role.MINISTRY_REVIEWER, ttl=timedelta(hours=-1))

    def forged(self) -> str:
        other = Settings(database_url=self.settings.database_url, jwt_secret=SecretStr("x" * 40))
        return mint_token(other, Role.MAYOR_OFFICE, municipality_id=HOME)


@pytest.fixture
def tokens(settings: Settings) -> Tokens:
    return Tokens(settings)


@dataclass
class Committee:
    chair: int  # mayor ids
    members: list[int]
    seats: dict[int, int]  # mayor id -> membership id
    outsider: int  # a sitting mayor not on the committee

    @property
    def everyone(self) -> list[int]:
        return [self.chair, *self.members]


COMMITTEE = """
{ mayorsCommittee { id members { id role mayor { id } } } }
"""
MAYORS = """
query { municipalities(first: 100) { nodes { mayor { id } } } }
"""


@pytest.fixture
async def committee(gql: GraphQLClient) -> Committee:
    data = await gql.data(COMMITTEE)
    seats = data["mayorsCommittee"]["members"]
    chair = next(key(s["mayor"]["id"]) for s in seats if s["role"] == "CHAIR")
    members = [key(s["mayor"]["id"]) for s in seats if s["role"] == "MEMBER"]
    mayors = await gql.data(MAYORS)
    sitting = {key(n["mayor"]["id"]) for n in mayors["municipalities"]["nodes"] if n["mayor"]}
    outsider = min(sitting - {chair, *members})
    return Committee(
        chair=chair,
        members=members,
        seats={key(s["mayor"]["id"]): key(s["id"]) for s in seats},
        outsider=outsider,
    )


CREATE = """
mutation($input: DraftDirectiveCreateInput!) {
  draftDirectiveCreate(input: $input) {
    draftDirective { id status version title body municipality { id } }
    errors { code field message messageFa }
  }
}
"""
SUBMIT = """
mutation($input: DraftDirectiveSubmitInput!) {
  draftDirectiveSubmit(input: $input) {
    draftDirective { id status version submittedAt }
    errors { code field message messageFa }
  }
}
"""
VOTE = """
mutation($input: CommitteeVoteCastInput!) {
  committeeVoteCast(input: $input) {
    draftDirective { id status version }
    vote { id choice comment mayor { id } }
    errors { code field message messageFa }
  }
}
"""
DECIDE = """
mutation($input: DraftDirectiveDecideInput!) {
  draftDirectiveDecide(input: $input) {
    draftDirective { id status version }
    nationalCircular { id number title draftDirectives { id } }
    errors { code field message messageFa }
  }
}
"""
HISTORY = """
query($id: ID!) {
  draftDirective(id: $id) {
    status version
    events { actor fromStatus toStatus reason }
  }
}
"""


def payload(data: dict[str, Any]) -> dict[str, Any]:
    """The one payload of a mutation's data."""
    [value] = data.values()
    result: dict[str, Any] = value
    return result


def codes(data: dict[str, Any]) -> list[str]:
    return [error["code"] for error in payload(data)["errors"]]


STATUSES = (
    "DRAFT",
    "SUBMITTED",
    "IN_COMMITTEE_REVIEW",
    "FORWARDED_TO_MINISTRY",
    "RETURNED_FOR_REVISION",
    "ADOPTED",
    "REJECTED",
    "WITHDRAWN",
)

#: Who calls, in the authorization matrices of the mutation tests: no token, an expired one, one
#: signed with another key, the draft's own office, another municipality's office, a sitting
#: committee member, its chair, a mayor not on the committee, and the three ministry roles.
CALLERS = (
    "anonymous",
    "expired",
    "forged",
    "office",
    "other_office",
    "member",
    "chair",
    "outsider",
    "reviewer",
    "analyst",
    "admin",
)
#: The statuses in which `Workflow.in_status` gives a draft never submitted (withdrawn straight
#: from DRAFT): to anyone but its own office it does not exist (NOT_FOUND, never FORBIDDEN).
NEVER_SUBMITTED = frozenset({"DRAFT", "WITHDRAWN"})
UNAUTHENTICATED = {
    "anonymous": "UNAUTHENTICATED",
    "expired": "UNAUTHENTICATED",
    "forged": "UNAUTHENTICATED",
}


@dataclass
class Workflow:
    """Walks drafts through their life; every step must succeed."""

    gql: GraphQLClient
    tokens: Tokens
    committee: Committee

    async def ok(self, document: str, input: dict[str, Any], token: str) -> dict[str, Any]:
        result = payload(await self.gql.data(document, {"input": input}, token=token))
        assert result["errors"] == [], result["errors"]
        return result

    async def create(self, municipality_id: int = HOME, **fields: Any) -> str:
        input = {"kind": "DIRECTIVE", "title": "پیش‌نویس آزمایشی", "body": "متن پیش‌نویس", **fields}
        result = await self.ok(CREATE, input, self.tokens.office(municipality_id))
        return str(result["draftDirective"]["id"])

    async def submitted(self, municipality_id: int = HOME) -> str:
        draft = await self.create(municipality_id)
        await self.ok(SUBMIT, {"id": draft}, self.tokens.office(municipality_id))
        return draft

    async def vote(
        self, draft: str, mayor: int, choice: str, comment: str | None = None
    ) -> dict[str, Any]:
        input = {"draftDirectiveId": draft, "choice": choice, "comment": comment}
        return await self.ok(VOTE, input, self.tokens.member(mayor))

    async def in_review(self, municipality_id: int = HOME) -> str:
        draft = await self.submitted(municipality_id)
        await self.vote(draft, self.committee.chair, "FOR")
        return draft

    async def forwarded(self, municipality_id: int = HOME) -> str:
        draft = await self.submitted(municipality_id)
        for mayor in self.committee.everyone[:3]:
            await self.vote(draft, mayor, "FOR")
        return draft

    async def returned(self, municipality_id: int = HOME) -> str:
        draft = await self.submitted(municipality_id)
        for mayor in self.committee.everyone[:3]:
            await self.vote(draft, mayor, "AGAINST", "نیاز به آمار پشتیبان")
        return draft

    async def decided(self, decision: str, municipality_id: int = HOME) -> str:
        draft = await self.forwarded(municipality_id)
        reason = None if decision == "ADOPT" else "مغایرت با قانون شهرداری"
        await self.ok(
            DECIDE,
            {"id": draft, "decision": decision, "reason": reason},
            self.tokens.reviewer(),
        )
        return draft

    async def withdrawn(self, municipality_id: int = HOME) -> str:
        draft = await self.create(municipality_id)
        await self.ok(
            """mutation($input: DraftDirectiveWithdrawInput!) {
                 draftDirectiveWithdraw(input: $input) { errors { code } } }""",
            {"id": draft, "reason": "انصراف"},
            self.tokens.office(municipality_id),
        )
        return draft

    async def in_status(self, status: str, municipality_id: int = HOME) -> str:
        make = {
            "DRAFT": self.create,
            "SUBMITTED": self.submitted,
            "IN_COMMITTEE_REVIEW": self.in_review,
            "FORWARDED_TO_MINISTRY": self.forwarded,
            "RETURNED_FOR_REVISION": self.returned,
            "WITHDRAWN": self.withdrawn,
        }
        decisions = {"ADOPTED": "ADOPT", "REJECTED": "REJECT"}
        if status in decisions:
            return await self.decided(decisions[status], municipality_id)
        return await make[status](municipality_id)

    def token(self, caller: str) -> str | None:
        """The bearer token of one of `CALLERS`."""
        c = self.committee
        return {
            "anonymous": lambda: None,
            "expired": self.tokens.expired,
            "forged": self.tokens.forged,
            "office": lambda: self.tokens.office(HOME),
            "other_office": lambda: self.tokens.office(ELSEWHERE),
            "member": lambda: self.tokens.member(c.members[0]),
            "chair": lambda: self.tokens.member(c.chair),
            "outsider": lambda: self.tokens.member(c.outsider),
            "reviewer": self.tokens.reviewer,
            "analyst": self.tokens.analyst,
            "admin": self.tokens.admin,
        }[caller]()

    async def status(self, draft: str, municipality_id: int = HOME) -> str:
        """The draft's status, as its own office (which sees its drafts in every status) reads it."""
        data = await self.gql.data(
            HISTORY, {"id": draft}, token=self.tokens.office(municipality_id)
        )
        return str(data["draftDirective"]["status"])


@pytest.fixture
def workflow(gql: GraphQLClient, tokens: Tokens, committee: Committee) -> Workflow:
    return Workflow(gql, tokens, committee)


class CommittedClient:
    """Runs operations each in its own committed transaction, on connections of the pool (for what
    needs real commits: concurrent writers). Whatever the test wrote is deleted at its end."""

    CLEANUP = (
        "DELETE FROM committee_vote WHERE draft_directive_id > :d",
        "DELETE FROM committee_summary WHERE draft_directive_id > :d",
        "DELETE FROM national_circular_source WHERE draft_directive_id > :d",
        "DELETE FROM national_circular WHERE id > :c",
        "DELETE FROM idempotency_key WHERE draft_directive_id > :d OR draft_directive_id IS NULL",
        "DELETE FROM draft_directive_event WHERE draft_directive_id > :d",
        "DELETE FROM draft_directive WHERE id > :d",
    )

    def __init__(self, engine: AsyncEngine, settings: Settings) -> None:
        self.engine = engine
        self.settings = settings
        self.verifier = TokenVerifier(settings)
        self._last_draft = 0
        self._last_circular = 0
        #: write transactions begun (counted as they come to their BEGIN IMMEDIATE on SQLite)
        self.writes_begun = 0

    async def until_blocked(self, writes_before: int) -> None:
        """Until another writer waits for the lock a held transaction has: on PostgreSQL, a
        backend of this database waiting on a lock (pg_stat_activity); on SQLite, a write that
        has reached its BEGIN IMMEDIATE since `writes_before` (SQLite shows no waiters)."""
        postgres = self.engine.dialect.name == "postgresql"
        async with asyncio.timeout(10):
            while True:
                if postgres:
                    async with self.engine.connect() as conn:
                        waiting = await conn.scalar(
                            text(
                                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type ="
                                " 'Lock' AND datname = current_database()"
                            )
                        )
                    if waiting:
                        return
                elif self.writes_begun > writes_before:
                    # SQLite shows no waiters: the write has reached its BEGIN IMMEDIATE, which
                    # its connection's thread is about to run; give that thread its turn
                    await asyncio.sleep(0.2)
                    return
                await asyncio.sleep(0.01)

    async def __aenter__(self) -> CommittedClient:
        self._begin = RequestDatabase._begin
        client = self

        def counted(db: RequestDatabase, conn: Any) -> Any:
            client.writes_begun += 1
            return client._begin(db, conn)

        RequestDatabase._begin = counted  # type: ignore[method-assign,assignment]
        async with self.engine.connect() as conn:
            self._last_draft = int(await conn.scalar(text("SELECT max(id) FROM draft_directive")))
            self._last_circular = int(
                await conn.scalar(text("SELECT coalesce(max(id), 0) FROM national_circular"))
            )
        return self

    async def __aexit__(self, *_: object) -> None:
        RequestDatabase._begin = self._begin  # type: ignore[method-assign]
        async with self.engine.begin() as conn:
            for statement in self.CLEANUP:
                await conn.execute(
                    text(statement), {"d": self._last_draft, "c": self._last_circular}
                )

    async def drafts_created(self) -> int:
        async with self.engine.connect() as conn:
            count = await conn.scalar(
                text("SELECT count(*) FROM draft_directive WHERE id > :d"), {"d": self._last_draft}
            )
        return int(count)

    async def data(
        self, query: str, variables: dict[str, Any] | None = None, *, token: str | None = None
    ) -> dict[str, Any]:
        authorization = f"Bearer {token}" if token is not None else None
        context = Context(
            db=RequestDatabase(self.engine),
            settings=self.settings,
            viewer=await self.verifier.viewer(authorization),
        )
        try:
            result = await schema.execute(query, variable_values=variables, context_value=context)
        finally:
            await context.db.close()
        assert not result.errors, result.errors
        assert result.data is not None
        if isinstance(result.data, CompiledJSON):  # a read the compiled path answered
            return result.data.parsed()
        return result.data


@pytest.fixture
async def committed(engine: AsyncEngine, settings: Settings) -> AsyncIterator[CommittedClient]:
    async with CommittedClient(engine, settings) as client:
        yield client
