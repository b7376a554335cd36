"""The explorer works on a closed network: the page at /graphql names no URL outside the service,
every file it loads is served with its media type and is byte for byte the npm registry's, its
preloaded operations are valid, and a real browser with no other host reachable renders it, runs
a query and shows the answer."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import itertools
import os
import re
import shutil
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest
from graphql import parse, validate
from sqlalchemy.ext.asyncio import AsyncEngine
from websockets.asyncio.client import ClientConnection, connect

from core.settings import Environment, Settings
from graph.root import schema
from tests.conftest import IN_CI
from tests.http_client import http_client
from tests.ports import free_ports
from web.explorer import STATIC, VENDORED, example_operations

URL_ATTRIBUTE = re.compile(r'\b(?:src|href)="([^"]*)"')
ROOT = Path(__file__).resolve().parent.parent
MEDIA_TYPES = {".js": {"text/javascript", "application/javascript"}, ".css": {"text/css"}}


async def _page(settings: Settings, engine: AsyncEngine) -> tuple[str, dict[str, httpx.Response]]:
    async with http_client(settings, engine) as client:
        page = await client.get("/graphql", headers={"Accept": "text/html"})
        assert page.status_code == 200
        assert page.headers["content-type"].startswith("text/html")
        urls = URL_ATTRIBUTE.findall(page.text)
        return page.text, {url: await client.get(url) for url in urls if url.startswith("/")}


async def test_the_page_names_no_outside_url(settings: Settings, engine: AsyncEngine) -> None:
    text, _ = await _page(settings, engine)
    urls = URL_ATTRIBUTE.findall(text)
    assert urls, "the page loads its scripts and styles"
    outside = [url for url in urls if not url.startswith("/") or url.startswith("//")]
    assert outside == ["data:,"]  # the empty favicon, so the browser does not ask for one
    assert "http://" not in text
    assert "https://" not in text


async def test_every_file_the_page_loads_is_served(settings: Settings, engine: AsyncEngine) -> None:
    text, served = await _page(settings, engine)
    assert len(served) == len(VENDORED) + 2  # React, GraphiQL, the plugin; our css and script
    for url, response in served.items():
        assert response.status_code == 200, url
        media = response.headers["content-type"].split(";")[0]
        assert media in MEDIA_TYPES[Path(url).suffix], (url, media)
    for asset in VENDORED:
        digest = base64.b64encode(hashlib.sha384(served[asset.url].content).digest()).decode()
        assert digest == asset.sha384, f"{asset.name} is not {asset.package}@{asset.version}'s"
        assert f'integrity="sha384-{asset.sha384}"' in text


def test_the_vendored_files_are_the_registry_files() -> None:
    """Each vendored file is the one npm publishes at the pinned version (its sha384)."""
    for asset in VENDORED:
        data = (STATIC / asset.name).read_bytes()
        assert base64.b64encode(hashlib.sha384(data).digest()).decode() == asset.sha384


def test_the_preloaded_operations_are_valid() -> None:
    operations = example_operations()
    assert len(operations) >= 3
    for operation in operations:
        assert validate(schema._schema, parse(operation["query"])) == []


async def test_no_explorer_in_production(settings: Settings, engine: AsyncEngine) -> None:
    production = Settings(database_url=settings.database_url, environment=Environment.PRODUCTION)
    async with http_client(production, engine) as client:
        page = await client.get("/graphql", headers={"Accept": "text/html"})
        asset = await client.get(VENDORED[0].url)
    assert not page.headers["content-type"].startswith("text/html")
    assert asset.status_code == 404


# -- in a real browser ------------------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def chromium() -> str:
    if CHROMIUM is None:
        message = "the browser test needs Debian's chromium (`apt-get install -y chromium`)"
        if IN_CI:
            pytest.fail(message + " (CI=true: .ci/run installs it)", pytrace=False)
        pytest.skip(message)
    return CHROMIUM


async def _wait_until_answers(url: str, process: asyncio.subprocess.Process) -> None:
    async with httpx.AsyncClient(timeout=5) as client:
        for _ in range(600):
            if process.returncode is not None:
                raise RuntimeError(f"the process behind {url} exited with {process.returncode}")
            try:
                if (await client.get(url)).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.1)
    raise TimeoutError(f"{url} did not answer")


async def _stop(process: asyncio.subprocess.Process) -> None:
    if process.returncode is None:
        process.terminate()
        try:
            await asyncio.wait_for(process.wait(), timeout=10)
        except TimeoutError:
            process.kill()
            await process.wait()


@pytest.fixture
async def service(tmp_path: Path) -> AsyncIterator[str]:
    """The service on a fresh SQLite file (migrated and seeded at start), in its own process."""
    (port,) = free_ports(1)
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'explorer.db'}",
        "CIVICGRAPH_PORT": str(port),
        "CIVICGRAPH_ENVIRONMENT": "development",
    }
    command = [sys.executable, "-m", "cli", "serve"]
    process = await asyncio.create_subprocess_exec(*command, env=env, cwd=ROOT)
    try:
        await _wait_until_answers(f"http://127.0.0.1:{port}/healthz", process)
        yield f"http://127.0.0.1:{port}"
    finally:
        await _stop(process)


class DevTools:
    """The Chrome DevTools Protocol over one page's WebSocket: commands and the events seen."""

    def __init__(self, socket: ClientConnection) -> None:
        self.socket = socket
        self.ids = itertools.count(1)
        self.events: list[dict[str, Any]] = []

    async def send(self, method: str, **params: Any) -> dict[str, Any]:
        ident = next(self.ids)
        command = {"id": ident, "method": method, "params": params}
        await self.socket.send(orjson.dumps(command).decode())  # DevTools reads text frames
        while True:
            message = orjson.loads(await self.socket.recv())
            if message.get("id") == ident:
                assert "error" not in message, message
                result: dict[str, Any] = message["result"]
                return result
            self.events.append(message)

    async def evaluate(self, expression: str) -> Any:
        result = await self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        return result["result"].get("value")

    async def wait_for(self, expression: str, seconds: float = 60) -> Any:
        for _ in range(int(seconds * 10)):
            value = await self.evaluate(expression)
            if value:
                return value
            await asyncio.sleep(0.1)
        raise TimeoutError(expression)


@pytest.fixture
async def browser(chromium: str, tmp_path: Path) -> AsyncIterator[DevTools]:
    """Headless chromium that can reach nothing but this machine's loopback address."""
    (port,) = free_ports(1)
    process = await asyncio.create_subprocess_exec(
        chromium,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        f"--user-data-dir={tmp_path / 'chromium'}",
        # every host name but the loopback address resolves to nothing: an offline network
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
        "--window-size=1400,900",
        f"--remote-debugging-port={port}",
        "about:blank",
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )
    try:
        await _wait_until_answers(f"http://127.0.0.1:{port}/json/version", process)
        async with httpx.AsyncClient() as client:
            targets = (await client.get(f"http://127.0.0.1:{port}/json/list")).json()
        page = next(t for t in targets if t["type"] == "page")
        async with connect(page["webSocketDebuggerUrl"], max_size=None) as socket:
            yield DevTools(socket)
    finally:
        await _stop(process)


async def test_the_explorer_runs_a_query_offline(service: str, browser: DevTools) -> None:
    await browser.send("Network.enable")
    await browser.send("Page.enable")
    await browser.send("Page.navigate", url=f"{service}/graphql")
    # GraphiQL has rendered, the schema is loaded, the README's first operation is in its tab
    await browser.wait_for("!!document.querySelector('.graphiql-execute-button')")
    await browser.wait_for(
        "document.querySelector('.graphiql-query-editor').innerText.includes('Metropolises')"
    )
    await browser.evaluate("document.querySelector('.graphiql-execute-button').click()")
    answer = await browser.wait_for(
        "(() => { const shown = document.querySelector('.result-window');"
        " const text = shown ? shown.innerText : '';"
        " return text.includes('totalCount') ? text : ''; })()"
    )
    answer = answer.replace("\xa0", " ")
    assert '"totalCount": 9' in answer  # the nine metropolises
    assert re.search(r'"nameFa": "[\u0600-\u06ff ]+"', answer), answer  # Persian as Persian
    requested = {
        event["params"]["request"]["url"]
        for event in browser.events
        if event.get("method") == "Network.requestWillBeSent"
    }
    assert requested, "the page's requests were seen"
    assert all(url.startswith((service, "data:")) for url in requested), requested
    if target := os.environ.get("CIVICGRAPH_EXPLORER_SCREENSHOT"):
        shot = await browser.send("Page.captureScreenshot", format="png")
        await asyncio.to_thread(Path(target).write_bytes, base64.b64decode(shot["data"]))
