"""Fixtures of the neighbourhood councils' tests: district 8's posts (from the graph) and their
tokens, and a `district` helper that walks a small project through the GraphQL mutations."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from core.auth import Role, mint_token
from core.settings import Settings
from tests.conftest import GraphQLClient
from tests.ids import key

DISTRICT = """
{ cityDistricts { id number
    officials { id office isCurrent isSample personFa }
    councils { id neighbourhood { id } members { id isCurrent } }
    workingGroups { id level field council { id } secretary { id office } } } }
"""
PROJECT_FIELDS = """
  id status round version estimatedCostRials nextOffice submittedAt sentAt
  signatures { step office post { id } }
  events { fromStatus toStatus reason round }
"""
CREATE = (
    "mutation($input: SmallProjectCreateInput!) { smallProjectCreate(input: $input) {"
    " project {" + PROJECT_FIELDS + "} errors { code field message messageFa } } }"
)
EDIT = (
    "mutation($input: SmallProjectEditInput!) { smallProjectEdit(input: $input) {"
    " project {" + PROJECT_FIELDS + "} errors { code field message messageFa } } }"
)
SUBMIT = (
    "mutation($input: SmallProjectSubmitInput!) { smallProjectSubmit(input: $input) {"
    " project {" + PROJECT_FIELDS + "} errors { code field message messageFa } } }"
)
SIGN = (
    "mutation($input: SmallProjectSignInput!) { smallProjectSign(input: $input) {"
    " project {" + PROJECT_FIELDS + "} errors { code field message messageFa } } }"
)
RETURN = (
    "mutation($input: SmallProjectReturnInput!) { smallProjectReturn(input: $input) {"
    " project {" + PROJECT_FIELDS + "} errors { code field message messageFa } } }"
)
PROJECT = "query($id: ID!) { smallProject(id: $id) {" + PROJECT_FIELDS + "} }"

FORM = {
    "title": "نصب روشنایی كوچه ۱۲",
    "description": "روشنایی کوچه برای امنیت شبانه",
    "estimatedCostRials": "1500000000",
    "beneficiaries": 400,
    "location": "کوچه ۱۲، محله نمونه",
}

#: The role that signs at each step, in order.
SIGNER_ROLES = (
    Role.NEIGHBOURHOOD_WG_SECRETARY,
    Role.DISTRICT_WG_SECRETARY,
    Role.DISTRICT_LIAISON,
    Role.PLANNING_DEPUTY,
    Role.DISTRICT_MAYOR,
)


def payload(data: dict[str, Any]) -> dict[str, Any]:
    [value] = data.values()
    result: dict[str, Any] = value
    return result


@dataclass
class District:
    """District 8's posts (ids as the graph gives them) and the steps of a project."""

    gql: GraphQLClient
    settings: Settings
    id: str
    other_id: str  # another district with councils? (none shipped: a district without)
    posts: dict[str, str]  # office -> the current post's id (the district's officials)
    real: dict[str, str]  # office -> the post seed 001 names (ended)
    council: str
    other_council: str
    councillor: str
    other_councillor: str  # of another council of the district
    neighbourhood_secretary: str  # of `council`'s planning group
    services_secretary: str  # of `council`'s urban-services group
    other_neighbourhood_secretary: str  # of `other_council`'s
    district_secretary: str  # of the district's planning group
    board: str  # the chair

    def token(self, role: Role, post: str) -> str:
        return mint_token(self.settings, role, post_id=key(post), name=f"{role.value} {post}")

    def signer(self, step: int) -> str:
        role = SIGNER_ROLES[step - 1]
        post = {
            Role.NEIGHBOURHOOD_WG_SECRETARY: self.neighbourhood_secretary,
            Role.DISTRICT_WG_SECRETARY: self.district_secretary,
            Role.DISTRICT_LIAISON: self.posts["DISTRICT_LIAISON"],
            Role.PLANNING_DEPUTY: self.posts["PLANNING_DEPUTY"],
            Role.DISTRICT_MAYOR: self.posts["DISTRICT_MAYOR"],
        }[role]
        return self.token(role, post)

    def member(self) -> str:
        return self.token(Role.NEIGHBOURHOOD_COUNCILLOR, self.councillor)

    async def ok(self, document: str, input: dict[str, Any], token: str) -> dict[str, Any]:
        result = payload(await self.gql.data(document, {"input": input}, token=token))
        assert result["errors"] == [], result["errors"]
        project: dict[str, Any] = result["project"]
        return project

    async def errors(self, document: str, input: dict[str, Any], token: str | None) -> list[str]:
        result = payload(await self.gql.data(document, {"input": input}, token=token))
        assert result["project"] is None
        return [e["code"] for e in result["errors"]]

    async def create(self, **changes: Any) -> dict[str, Any]:
        return await self.ok(CREATE, {**FORM, **changes}, self.member())

    async def submitted(self) -> dict[str, Any]:
        project = await self.create()
        return await self.ok(SUBMIT, {"projectId": project["id"]}, self.member())

    async def signed_up_to(self, steps: int) -> dict[str, Any]:
        project = await self.submitted()
        for step in range(1, steps + 1):
            project = await self.ok(SIGN, {"projectId": project["id"]}, self.signer(step))
        return project

    async def read(self, project: str, token: str | None) -> dict[str, Any] | None:
        response = await self.gql.execute(PROJECT, {"id": project}, token=token)
        if "errors" in response:
            return None
        found: dict[str, Any] = response["data"]["smallProject"]
        return found


async def district_of(gql: GraphQLClient, settings: Settings) -> District:
    data = await gql.data(DISTRICT)
    districts = {d["number"]: d for d in data["cityDistricts"]}
    eight = districts[8]
    current = {p["office"]: p["id"] for p in eight["officials"] if p["isCurrent"]}
    real = {p["office"]: p["id"] for p in eight["officials"] if not p["isSample"]}
    councils = eight["councils"]
    planning = {
        (g["council"] or {}).get("id"): g["secretary"]["id"]
        for g in eight["workingGroups"]
        if g["field"] == "PLANNING"
    }
    services = {
        (g["council"] or {}).get("id"): g["secretary"]["id"]
        for g in eight["workingGroups"]
        if g["field"] == "URBAN_SERVICES"
    }
    return District(
        gql=gql,
        settings=settings,
        id=eight["id"],
        other_id=districts[1]["id"],
        posts=current,
        real=real,
        council=councils[0]["id"],
        other_council=councils[1]["id"],
        councillor=councils[0]["members"][2]["id"],
        other_councillor=councils[1]["members"][2]["id"],
        neighbourhood_secretary=planning[councils[0]["id"]],
        services_secretary=services[councils[0]["id"]],
        other_neighbourhood_secretary=planning[councils[1]["id"]],
        district_secretary=planning[None],
        board=current["BOARD_CHAIR"],
    )


@pytest.fixture
async def district(gql: GraphQLClient, settings: Settings) -> District:
    return await district_of(gql, settings)
