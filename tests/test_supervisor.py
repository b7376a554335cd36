"""`civicgraph serve --workers N`: the parent becomes `core.supervisor` (standard library only, no
resource tracker), its workers share one socket, a worker that dies is replaced, SIGHUP replaces
them all, and SIGTERM stops everything and removes the shared metrics folder."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.ports import free_ports

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Served:
    process: asyncio.subprocess.Process
    base: str

    def workers(self) -> list[int]:
        """The supervisor's children (the workers), from /proc."""
        found = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            fields = _stat(int(entry.name))
            if fields and int(fields[1]) == self.process.pid:
                found.append(int(entry.name))
        return sorted(found)

    async def answers(self) -> bool:
        async with httpx.AsyncClient(base_url=self.base, timeout=5) as client:
            try:
                return (await client.get("/healthz")).status_code == 200
            except httpx.TransportError:
                return False

    async def until(self, condition: object, seconds: float = 60) -> None:
        for _ in range(int(seconds * 10)):
            if callable(condition) and await _maybe_await(condition()):
                return
            await asyncio.sleep(0.1)
        raise AssertionError("the supervisor did not get there in time")


def _stat(pid: int) -> list[bytes]:
    """/proc/<pid>/stat's fields after the command name (state, parent, …); empty when gone."""
    stat = _proc(pid, "stat")
    return stat.rsplit(b")", 1)[1].split() if stat else []


def _running(pid: int) -> bool:
    """The process exists and has not ended (a zombie waiting for its reaper has ended)."""
    fields = _stat(pid)
    return bool(fields) and fields[0] != b"Z"


def _proc(pid: int, name: str) -> bytes:
    """/proc/<pid>/<name>, empty when the process is gone."""
    try:
        return Path(f"/proc/{pid}/{name}").read_bytes()
    except OSError:
        return b""


async def _maybe_await(value: object) -> bool:
    if asyncio.iscoroutine(value):
        value = await value
    return bool(value)


@pytest.fixture
async def served(tmp_path: Path) -> AsyncIterator[Served]:
    env = {**os.environ, "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'served.db'}"}
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    (port,) = free_ports(1)
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "cli", "serve", "--workers", "2", "--port", str(port),
        env=env, cwd=ROOT,
    )  # fmt: skip
    server = Served(process, f"http://127.0.0.1:{port}")
    try:
        await server.until(lambda: len(server.workers()) == 2 and server.answers())
        yield server
    finally:
        # the workers first: once their supervisor is gone they are no longer its children
        for pid in server.workers():
            os.kill(pid, signal.SIGKILL)
        if process.returncode is None:
            process.kill()
            await process.wait()


async def test_the_parent_is_a_small_supervisor_without_a_resource_tracker(
    served: Served,
) -> None:
    command = _proc(served.process.pid, "cmdline").split(b"\0")
    assert command[1:4] == [b"-S", b"-P", b"-OO"]  # no site-packages, no .pth hooks
    assert command[4].endswith(b"core/supervisor.py")
    # nothing of the application stayed in the parent: no settings library, no web server
    maps = _proc(served.process.pid, "maps")
    assert b"pydantic_core" not in maps
    assert b"uvloop" not in maps
    assert b"httptools" not in maps
    commands = [_proc(pid, "cmdline") for pid in served.workers()]
    assert all(b"serve-worker" in command for command in commands)
    assert not any(b"resource_tracker" in command for command in commands)


async def test_a_worker_that_dies_is_replaced(served: Served) -> None:
    before = served.workers()
    os.kill(before[0], signal.SIGKILL)
    await served.until(lambda: len(served.workers()) == 2 and before[0] not in served.workers())
    assert before[1] in served.workers()
    assert await served.answers()


async def test_the_database_is_prepared_once_before_the_workers_start(served: Served) -> None:
    # two workers migrating and seeding one fresh SQLite file at once lock each other out: the
    # serving process does it before it becomes the supervisor, and tells the workers not to
    for pid in served.workers():
        environ = _proc(pid, "environ").split(b"\0")
        assert b"CIVICGRAPH_AUTO_MIGRATE=false" in environ
        assert b"CIVICGRAPH_SEED_IF_EMPTY=false" in environ
    async with httpx.AsyncClient(base_url=served.base, timeout=10) as client:
        response = await client.post(
            "/graphql", json={"query": "{ municipalities { totalCount } }"}
        )
    assert response.json()["data"]["municipalities"]["totalCount"] > 0


async def test_workers_verify_shared_secret_tokens_without_the_public_key_library(
    served: Served,
) -> None:
    # a server verifying tokens with the shared secret never maps `cryptography` (PyJWT would
    # import it for public keys, ≈ 9 MiB a worker), and still takes a signed token; the workers
    # run under -OO (no docstrings, no asserts) and answer as any process does
    from core.auth import Role, mint_token
    from core.settings import Settings

    for pid in served.workers():
        assert b"-OO" in _proc(pid, "cmdline").split(b"\0")
        assert b"cryptography" not in _proc(pid, "maps")
    token = mint_token(Settings(), Role.MINISTRY_ANALYST)
    async with httpx.AsyncClient(base_url=served.base, timeout=10) as client:
        response = await client.post(
            "/graphql",
            json={"query": "{ viewer { role } }"},
            headers={"authorization": f"Bearer {token}"},
        )
        assert response.json() == {"data": {"viewer": {"role": "MINISTRY_ANALYST"}}}
        refused = await client.post(
            "/graphql",
            json={"query": "{ viewer { role } }"},
            headers={"authorization": f"Bearer {token[:-2]}xx"},
        )
    assert refused.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_workers_run_uvicorns_server_without_its_command_line_or_reloaders(
    served: Served,
) -> None:
    # `import uvicorn` would import its command line and its reloaders (watchfiles, a compiled
    # library); a worker takes uvicorn's Config and Server alone (cli._uvicorn_server_alone),
    # and its lifespan, which imports `Config` from the package, still runs: the pool is open
    for pid in served.workers():
        assert b"watchfiles" not in _proc(pid, "maps")
    assert await served.answers()


async def test_the_workers_end_when_the_supervisor_is_killed_outright(served: Served) -> None:
    # a supervisor killed by SIGKILL (the OOM killer) cannot stop its workers: the kernel tells
    # them (PR_SET_PDEATHSIG), and none stays behind accepting on the socket
    workers = served.workers()
    assert len(workers) == 2
    for pid in workers:
        environ = _proc(pid, "environ").split(b"\0")
        assert f"CIVICGRAPH_SUPERVISOR_PID={served.process.pid}".encode() in environ
    served.process.kill()
    await served.process.wait()
    await served.until(lambda: not any(_running(pid) for pid in workers), seconds=40)
    assert not await served.answers()


async def test_sighup_replaces_every_worker_and_the_service_answers_throughout(
    served: Served,
) -> None:
    before = set(served.workers())
    assert served.process.returncode is None
    served.process.send_signal(signal.SIGHUP)
    answers: list[bool] = []
    for _ in range(1200):  # two minutes at most
        if len(served.workers()) == 2 and not before & set(served.workers()):
            break
        answers.append(await served.answers())
        await asyncio.sleep(0.1)
    else:
        raise AssertionError("the workers were not replaced in time")
    # an old worker stops only once its replacement serves: no request went unanswered
    assert answers
    assert all(answers)
    assert await served.answers()


async def test_sigterm_stops_everything_and_removes_the_metrics_folder(served: Served) -> None:
    workers = served.workers()
    environ = _proc(workers[0], "environ").split(b"\0")
    folder = next(
        Path(item.split(b"=", 1)[1].decode())
        for item in environ
        if item.startswith(b"PROMETHEUS_MULTIPROC_DIR=")
    )
    assert folder.is_dir()
    served.process.send_signal(signal.SIGTERM)
    assert await asyncio.wait_for(served.process.wait(), timeout=40) == 0
    assert not any(_proc(pid, "cmdline") for pid in workers)
    assert not folder.exists()


async def test_a_connection_a_stopping_worker_took_is_answered(served: Served) -> None:
    # a client connects, a worker accepts; the worker is told to stop (a graceful restart, or
    # the service stopping) before the client's request arrives. The worker stops accepting
    # at once, but answers what reaches the connections it holds: the request is not dropped
    reader, writer = await asyncio.open_connection(*served.base.removeprefix("http://").split(":"))
    try:
        await asyncio.sleep(0.5)  # accepted by one of the two workers by now
        for pid in served.workers():
            os.kill(pid, signal.SIGTERM)
        await asyncio.sleep(0.3)  # the workers are shutting down
        writer.write(b"GET /healthz HTTP/1.1\r\nhost: test\r\n\r\n")
        await writer.drain()
        status = await asyncio.wait_for(reader.readline(), timeout=60)
    finally:
        writer.close()
    assert status.startswith(b"HTTP/1.1 200"), status
