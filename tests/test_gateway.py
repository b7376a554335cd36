"""A real gateway: the three subgraphs as separate `civicgraph serve --subgraph X` processes on one
SQLite file, composed and served by Hive Gateway (gateway/, from the npm registry), on loopback.

Queries that cross the subgraphs must answer through the gateway exactly as the merged /graphql
answers them, and the gateway's entity fetches must not grow with the number of municipalities:
one `_entities` call per subgraph hop. Between the gateway and each subgraph sits a small
recording proxy (in this process), which is how the fetches are counted.

Needs Node 20 and `npm ci` in gateway/ (`make test` does it). Without them the test is skipped on
a laptop and fails under CI=true.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import sys
from asyncio.subprocess import Process
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from core.auth import Role, mint_token
from core.settings import Settings
from db import migrate
from db.engine import create_engine
from db.seed import SampleSize, seed
from schema.owners import Subgraph
from server import create_app
from tests.conftest import IN_CI
from tests.ports import free_ports

ROOT = Path(__file__).resolve().parent.parent
GATEWAY_DIR = ROOT / "gateway"
HIVE_GATEWAY = GATEWAY_DIR / "node_modules" / ".bin" / "hive-gateway"
CIVICGRAPH = Path(sys.executable).with_name("civicgraph")

#: Enough municipalities for a page of 100: the 52 real ones and 60 sample towns.
SIZE = SampleSize(
    extra_municipalities=60,
    drafts_per_municipality=2,
    mayor_terms=2,
    obligation_years=(1404,),
    resolutions_per_council=3,
)

CROSSING: dict[str, str] = {
    "a municipality with its council, mayor, drafts and obligations": """
      { municipality(id: "TXVuaWNpcGFsaXR5Ojc=") { nameEn kind inCouncilsAssembly
          mayor { fullName committeeMemberships { role } }
          council { id term { number } head { fullName } members { fullName role } }
          draftDirectives(first: 5) { totalCount nodes { title status events { toStatus } } }
          socialSecurityObligations(first: 4) {
            nodes { year amountDue amountCollected category { code } } } } }""",
    "council resolutions' municipalities' committee memberships": """
      { councilResolutions(first: 60, orderBy: {field: NUMBER, direction: ASC}) {
          totalCount nodes { number isUploadedToNationalSystem
            council { municipality { nameEn province { nameEn }
              mayors { fullName committeeMemberships { role startedOn committee { termStart } } }
              socialSecurityObligations(first: 1) { nodes { amountDue } } } } } } }""",
    "the ministry's obligations, their municipalities and councils": """
      { socialSecurityObligations(first: 30, orderBy: {field: AMOUNT_DUE}) { nodes {
          amountDue municipality { nameEn inCouncilsAssembly council { head { fullName } } } } }
        obligationsSummary(groupBy: [PROVINCE]) { province { nameEn centre { nameEn } } amountDue } }""",
    # Relay's node(id:): the municipalities subgraph finds any object, its owner gives the rest
    "objects of three owners by their ids": """
      { node(id: "Q291bmNpbFJlc29sdXRpb246Mg==") { __typename id ... on CouncilResolution { number
          council { municipality { nameEn } } } }
        nodes(ids: ["TXVuaWNpcGFsaXR5Ojc=", "T2JsaWdhdGlvbkNhdGVnb3J5OjE=", "UHJvdmluY2U6MQ=="]) {
          __typename id ... on Municipality { nameEn council { head { fullName } } }
          ... on ObligationCategory { code nameEn } ... on Province { nameFa } } }""",
    "the assembly and the joint sessions": """
      { councilsAssembly { nameFa meetings { kind number participants {
          municipality { nameEn mayor { fullName } } } } }
        jointSessions { sequence host { nameEn council { head { fullName } } } } }""",
    "the union, its election, the commission's meetings and their councils": """
      { municipalUnion { nameFa announcedAt { host { nameEn } }
          officers { office member { municipality { nameEn council { head { fullName } } } } }
          elections { status turnout results { votes isElected } } }
        technicalCommission { meetings { number host { nameEn inCouncilsAssembly
          socialSecurityObligations(first: 1) { totalCount } } } }
        commissionOverdueResolutionsByMetropolis { municipality { nameEn } overdueCount } }""",
    "Tehran's districts (the councils'), their city and its mayor (the municipalities')": """
      { cityDistricts { number nameFa
          municipality { nameEn mayor { fullName } province { nameEn } districts { number } }
          councils { neighbourhood { nameFa area { number } } members { personFa } }
          smallProjects(first: 5) { totalCount nodes { status estimatedCostRials
            signatures { step office } council { district { municipality { nameEn } } } } } }
        smallProjectsByNeighbourhoodAndStage { neighbourhood { nameFa } status projectCount }
        councilDirectives { titleFa municipality { nameEn council { head { fullName } } } } }""",
    "Article 100 cases, their cities' councils and obligations, and the figures": """
      { violationCases(first: 20, orderBy: {field: FILE_NUMBER}) { totalCount nodes {
          fileNumber status owner { fullName } violations { measure kind { code } }
          municipality { nameEn council { head { fullName } }
            socialSecurityObligations(first: 1) { totalCount } }
          verdicts { kind fineRials deciders { seat } } executionTasks { state } } }
        article100CasesByStage { status caseCount }
        article100SpanDays { municipality { nameEn inCouncilsAssembly } span medianDays p90Days } }""",
}

HUNDRED = """
query($first: Int!) { municipalities(first: $first) { nodes {
  nameEn mayor { fullName }
  council { head { fullName } resolutions(first: 1) { totalCount } }
  socialSecurityObligations(first: 1) { nodes { amountDue } } } } }"""


@dataclass
class Recorder:
    """What the gateway asked each subgraph: one GraphQL document per HTTP request."""

    documents: dict[str, list[str]] = field(default_factory=dict)

    def clear(self) -> None:
        self.documents.clear()

    def entity_calls(self) -> dict[str, int]:
        return {
            name: sum(len(re.findall(r"\b_entities\s*\(", doc)) for doc in docs)
            for name, docs in self.documents.items()
        }


def _proxy(name: str, target: str, recorder: Recorder, client: httpx.AsyncClient) -> Starlette:
    async def forward(request: Request) -> Response:
        body = await request.body()
        payload = orjson.loads(body)
        for operation in payload if isinstance(payload, list) else [payload]:
            recorder.documents.setdefault(name, []).append(operation.get("query", ""))
        headers = {"content-type": "application/json"}
        if "authorization" in request.headers:  # what the gateway passed on
            headers["authorization"] = request.headers["authorization"]
        upstream = await client.post(target, content=body, headers=headers)
        return Response(upstream.content, upstream.status_code, media_type="application/json")

    return Starlette(routes=[Route("/graphql", forward, methods=["POST"])])


async def _wait_for(url: str, process: Process, seconds: float = 180) -> None:
    """Until `url` answers; a loaded machine can take a minute to start Hive Gateway."""
    deadline = asyncio.get_running_loop().time() + seconds
    async with httpx.AsyncClient(timeout=5) as client:
        while asyncio.get_running_loop().time() < deadline:
            if process.returncode is not None:
                raise RuntimeError(f"the process behind {url} exited with {process.returncode}")
            try:
                response = await client.post(url, json={"query": "{ __typename }"})
                if response.status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.1)
    raise TimeoutError(f"{url} did not answer")


@dataclass
class Federation:
    gateway: str
    merged: httpx.AsyncClient
    recorder: Recorder


async def _stop(processes: list[Process]) -> None:
    """Ends the processes this module started, each by its own handle."""
    for process in processes:
        if process.returncode is None:
            process.terminate()
    for process in processes:
        try:
            await asyncio.wait_for(process.wait(), timeout=10)
        except TimeoutError:
            process.kill()
            await process.wait()


@pytest.fixture(scope="module")
def node_tools() -> None:
    if shutil.which("node") is None or not HIVE_GATEWAY.exists():
        message = "the gateway test needs Node and `npm ci` in gateway/ (make test runs it)"
        if IN_CI:
            pytest.fail(message + " (CI=true: it must run)", pytrace=False)
        pytest.skip(message)


@pytest.fixture(scope="module")
async def federation(
    node_tools: None, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Federation]:
    workdir = tmp_path_factory.mktemp("gateway")
    database_url = f"sqlite+aiosqlite:///{workdir / 'civicgraph.db'}"
    engine = create_engine(Settings(database_url=database_url))
    async with engine.begin() as conn:
        await migrate.upgrade(conn)
        await seed(conn, SIZE)

    subgraph_ports = free_ports(7)
    proxy_ports, gateway_port = subgraph_ports[3:6], subgraph_ports[6]
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "CIVICGRAPH_AUTO_MIGRATE": "false",
        "CIVICGRAPH_SEED_IF_EMPTY": "false",
        "CIVICGRAPH_LOG_LEVEL": "warning",
    }
    processes: list[Process] = []
    servers: list[tuple[uvicorn.Server, asyncio.Task[None]]] = []
    recorder = Recorder()
    client = httpx.AsyncClient(timeout=30)
    try:
        urls: list[str] = []
        for subgraph, port, proxy_port in zip(Subgraph, subgraph_ports, proxy_ports, strict=False):
            command = [str(CIVICGRAPH), "serve", "--subgraph", subgraph, "--port", str(port)]
            process = await asyncio.create_subprocess_exec(*command, env=env, cwd=workdir)
            processes.append(process)
            target = f"http://127.0.0.1:{port}/graphql"
            proxy = _proxy(str(subgraph), target, recorder, client)
            config = uvicorn.Config(
                proxy, host="127.0.0.1", port=proxy_port, log_level="warning", lifespan="off"
            )
            server = uvicorn.Server(config)
            servers.append((server, asyncio.create_task(server.serve())))
            urls += ["--url", f"{subgraph}=http://127.0.0.1:{proxy_port}/graphql"]
        for process, port in zip(processes, subgraph_ports, strict=False):
            await _wait_for(f"http://127.0.0.1:{port}/graphql", process)

        supergraph = workdir / "supergraph.graphql"
        compose = ["node", str(GATEWAY_DIR / "compose.mjs"), "--output", str(supergraph), *urls]
        composed = await asyncio.create_subprocess_exec(*compose, cwd=workdir)
        assert await composed.wait() == 0, "composition failed"
        gateway = await asyncio.create_subprocess_exec(
            *[str(HIVE_GATEWAY), "supergraph", str(supergraph)],
            *["--config-path", str(GATEWAY_DIR / "gateway.mjs")],
            *["--host", "127.0.0.1", "--port", str(gateway_port)],
            cwd=workdir,
            env={**os.environ, "NODE_ENV": "production"},
        )
        processes.append(gateway)
        gateway_url = f"http://127.0.0.1:{gateway_port}/graphql"
        await _wait_for(gateway_url, gateway)

        merged_app = create_app(
            Settings(database_url=database_url, compiled_reads=False), engine=engine
        )
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=merged_app), base_url="http://merged"
        ) as merged:
            yield Federation(gateway_url, merged, recorder)
    finally:
        await _stop(processes)
        for server, task in servers:
            server.should_exit = True
            await task
        await client.aclose()
        await engine.dispose()


#: The ministry's analyst: the crossing questions read obligations, which are the ministry's (and
#: each office's own) to see; the gateway passes the token on to every subgraph.
ANALYST = {"Authorization": f"Bearer {mint_token(Settings(), Role.MINISTRY_ANALYST)}"}


async def _through_gateway(
    federation: Federation, query: str, variables: dict[str, Any] | None = None
) -> dict[str, Any]:
    async with httpx.AsyncClient(timeout=60) as client:
        response = await client.post(
            federation.gateway,
            json={"query": query, "variables": variables or {}},
            headers=ANALYST,
        )
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


async def _through_merged(
    federation: Federation, query: str, variables: dict[str, Any] | None = None
) -> dict[str, Any]:
    response = await federation.merged.post(
        "/graphql", json={"query": query, "variables": variables or {}}, headers=ANALYST
    )
    result: dict[str, Any] = orjson.loads(response.content)
    return result


@pytest.mark.parametrize("name", list(CROSSING))
async def test_the_gateway_answers_as_the_merged_graph(federation: Federation, name: str) -> None:
    query = CROSSING[name]

    expected = await _through_merged(federation, query)
    actual = await _through_gateway(federation, query)

    assert "errors" not in expected, expected
    assert actual == expected


async def test_the_gateway_passes_the_callers_token_on(federation: Federation) -> None:
    """Who may see what is decided by the subgraphs from the caller's token: the gateway must
    pass it on (gateway/gateway.mjs), or the ministry would see what an anonymous caller sees."""
    query = "{ socialSecurityObligations(first: 1) { totalCount } }"

    as_analyst = await _through_gateway(federation, query)
    async with httpx.AsyncClient(timeout=60) as client:
        anonymous = (await client.post(federation.gateway, json={"query": query})).json()

    assert as_analyst["data"]["socialSecurityObligations"]["totalCount"] > 0
    assert anonymous["data"]["socialSecurityObligations"]["totalCount"] == 0


async def test_entity_fetches_do_not_grow_with_the_municipalities(
    federation: Federation, capsys: pytest.CaptureFixture[str]
) -> None:
    fetches: dict[int, dict[str, int]] = {}
    requests: dict[int, dict[str, int]] = {}
    for first in (10, 100):
        federation.recorder.clear()
        gateway = await _through_gateway(federation, HUNDRED, {"first": first})
        merged = await _through_merged(federation, HUNDRED, {"first": first})
        assert gateway == merged
        assert len(gateway["data"]["municipalities"]["nodes"]) == first
        fetches[first] = federation.recorder.entity_calls()
        requests[first] = {k: len(v) for k, v in federation.recorder.documents.items()}

    # One root fetch from municipalities, then one _entities call to each of the other two.
    assert fetches[100] == fetches[10] == {"municipalities": 0, "councils": 1, "ministry": 1}
    assert requests[100] == requests[10] == {"municipalities": 1, "councils": 1, "ministry": 1}
    with capsys.disabled():
        print(f"\n  gateway entity fetches for 100 municipalities: {fetches[100]}")
