"""Load and a database fault: the service under a bounded load of concurrent operations on
loopback while PostgreSQL is stopped and started again.

    python bench/load_fault.py --duration 10 --concurrency 8 --fault-at 3 --outage 1.5

It makes a throw-away database on the local PostgreSQL (migrated and loaded with the shipped data),
starts `civicgraph serve` on it as a subprocess (127.0.0.1, a port in 18600-18699), keeps
`--concurrency` clients sending operations for `--duration` seconds (and never more than
`--max-operations`), polls `/readyz`, and in the middle stops PostgreSQL
(`pg_ctlcluster … main stop -m fast`), waits `--outage` seconds, and starts it again. Then it checks
what the issue promises:

- while the database is away `/readyz` answers 503 and `/graphql` a typed `SERVICE_UNAVAILABLE`;
- nothing answers 5xx other than 503, and no error is an `INTERNAL_SERVER_ERROR`;
- the service recovers by itself, within `--recover-within` seconds of PostgreSQL being back;
- every write a writer saw acknowledged is in the database afterwards, none twice.

It prints (and with `--json`, writes) the figures: operations per second, concurrency, duration,
errors by code, time to recover. It exits 1 when a check fails.

PostgreSQL is shared by every test session on the machine: the restart waits for an exclusive
lock (`/tmp/civicgraph-postgres.lock`, which test sessions hold shared) and for no other client to
be connected, and keeps the outage short.

Writers: `WRITERS` is a list of plug-ins (see `Writer`); half the clients write, each write with
an idempotency key, retried with the same key (as a client should) until it is acknowledged; after
the run the writer checks that each acknowledged write is stored exactly once, and that no write
is stored twice. `DraftCreateWriter` creates draft directives as a mayor's office.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import fcntl
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Awaitable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Protocol

import asyncpg
import httpx
import orjson

ROOT = Path(__file__).resolve().parents[1]
ADMIN_URL = os.environ.get(
    "CIVICGRAPH_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)
LOCK_FILE = Path(tempfile.gettempdir()) / "civicgraph-postgres.lock"
ACCEPT = "application/graphql-response+json"
#: Added to the load's end until the fault has happened (a bound, should it never end).
_UNTIL_THE_FAULT = 600.0

#: Reads: the compiled path (one statement), the general executor (Solar Hijri fields, loaders),
#: a root lookup, and an analysts' aggregate.
READS: list[tuple[str, dict[str, Any]]] = [
    (
        """{ municipalities(first: 20, filter: {kind: METROPOLIS}) { totalCount
             nodes { nameEn province { nameEn } mayor { fullName } } } }""",
        {},
    ),
    (
        """query($first: Int) { draftDirectives(first: $first) {
             nodes { title status createdOnSolarHijri events { toStatus occurredOnSolarHijri } } } }""",
        {"first": 10},
    ),
    (
        # Tehran: the Relay id of Municipality 1 (core/ids.py)
        '{ municipality(id: "TXVuaWNpcGFsaXR5OjE=") { nameFa mayors { fullName termStartSolarHijri } } }',
        {},
    ),
    ("{ obligationsSummary(groupBy: [CATEGORY]) { amountDue collectionRate } }", {}),
]


@dataclass
class WriteResult:
    acknowledged: bool
    status: int  # of the last attempt (0: it failed on the wire)
    codes: list[str]  # errors of the last attempt
    attempts: int


class Writer(Protocol):
    """A plug-in that writes during the load and checks afterwards that nothing was lost."""

    name: str

    async def write(self, client: httpx.AsyncClient, key: str) -> WriteResult:
        """Send one write with idempotency key `key`, retrying with the same key while the
        service is unavailable; `acknowledged` when the service said it was done."""
        ...

    async def verify(
        self, database_url: str, attempted: list[str], acknowledged: list[str]
    ) -> list[str]:
        """Problems found: an acknowledged write not stored, or any write stored twice."""
        ...


CREATE_DRAFT = """mutation($input: DraftDirectiveCreateInput!) {
  draftDirectiveCreate(input: $input) { draftDirective { id } errors { code message } } }"""


class DraftCreateWriter:
    """`draftDirectiveCreate` as a mayor's office, titled after its idempotency key."""

    name = "draftDirectiveCreate"

    def __init__(self, attempts: int = 60, pause: float = 0.2) -> None:
        sys.path.insert(0, str(ROOT))
        from core.auth import Role, mint_token
        from core.settings import Settings

        # the server runs in development with the development secret
        token = mint_token(Settings(), Role.MAYOR_OFFICE, municipality_id=1, name="load_fault")
        self.headers = {"Authorization": f"Bearer {token}", "Accept": ACCEPT}
        self.attempts = attempts
        self.pause = pause

    async def write(self, client: httpx.AsyncClient, key: str) -> WriteResult:
        body = {
            "query": CREATE_DRAFT,
            "variables": {
                "input": {
                    "kind": "DIRECTIVE",
                    "title": f"fault {key}",
                    "body": "load_fault",
                    "idempotencyKey": key,
                }
            },
        }
        status, codes = 0, ["<not sent>"]
        for attempt in range(1, self.attempts + 1):
            try:
                response = await client.post("/graphql", json=body, headers=self.headers)
                status = response.status_code
                payload = response.json()
            except (httpx.HTTPError, ValueError) as error:
                status, codes = 0, [f"<{type(error).__name__}>"]
            else:
                errors = list(payload.get("errors") or [])
                created = (payload.get("data") or {}).get("draftDirectiveCreate") or {}
                errors += created.get("errors") or []
                codes = [str((e.get("extensions") or e).get("code", "<no code>")) for e in errors]
                if status == 200 and not errors and (created.get("draftDirective") or {}).get("id"):
                    return WriteResult(True, status, [], attempt)
                if set(codes) - {"SERVICE_UNAVAILABLE"}:
                    return WriteResult(False, status, codes, attempt)  # not worth retrying
            await asyncio.sleep(self.pause)
        return WriteResult(False, status, codes, self.attempts)

    async def verify(
        self, database_url: str, attempted: list[str], acknowledged: list[str]
    ) -> list[str]:
        url = database_url.replace("postgresql+asyncpg://", "postgresql://")
        connection = await asyncpg.connect(url, timeout=10)
        try:
            rows = await connection.fetch(
                "SELECT title, count(*) AS n FROM draft_directive"
                " WHERE title LIKE 'fault %' GROUP BY title"
            )
        finally:
            await connection.close()
        stored = {row["title"].removeprefix("fault "): row["n"] for row in rows}
        problems = [f"write {key} stored {n} times" for key, n in stored.items() if n > 1]
        problems += [
            f"acknowledged write {key} is not stored" for key in acknowledged if key not in stored
        ]
        problems += [
            f"a write nobody sent is stored: {key}" for key in stored if key not in set(attempted)
        ]
        return problems


WRITERS: list[Writer] = [DraftCreateWriter()]


@dataclass
class Sample:
    started: float
    ended: float
    kind: str  # "read" or a writer's name
    status: int
    codes: list[str]


@dataclass
class Report:
    duration: float = 0.0
    concurrency: int = 0
    operations: int = 0
    operations_per_second: float = 0.0
    statuses: dict[str, int] = field(default_factory=dict)
    error_codes: dict[str, int] = field(default_factory=dict)
    latency_p50_ms: float = 0.0
    latency_p99_ms: float = 0.0
    fault: dict[str, float | None] = field(default_factory=dict)
    readyz_503_seen: bool = False
    service_unavailable_seen: bool = False
    seconds_to_recover: float | None = None  # from PostgreSQL accepting connections again
    clients_saw_errors_for: float | None = None  # first to last failed operation
    writes_attempted: int = 0
    writes_acknowledged: int = 0
    writes_stored: int | None = None  # equal to the acknowledged when every check passed
    problems: list[str] = field(default_factory=list)


# -- PostgreSQL ---------------------------------------------------------------------------------


def _cluster() -> str:
    versions = sorted(os.listdir("/etc/postgresql"))
    if not versions:
        raise SystemExit("no PostgreSQL cluster under /etc/postgresql")
    return versions[-1]


def _pg_ctl(action: str) -> None:
    command = ["pg_ctlcluster", "--skip-systemctl-redirect", _cluster(), "main", action]
    if action == "stop":
        command += ["-m", "fast"]
    subprocess.run(command, check=True, capture_output=True, timeout=60)


async def _pg_ready(seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            connection = await asyncpg.connect(ADMIN_URL, timeout=1)
        except (OSError, asyncpg.PostgresError, TimeoutError):
            await asyncio.sleep(0.1)
            continue
        await connection.close()
        return True
    return False


async def _others_connected(database: str) -> int:
    """Clients of other databases that are busy or were lately."""
    connection = await asyncpg.connect(ADMIN_URL, timeout=5)
    try:
        count: int = await connection.fetchval(
            "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'"
            " AND pid <> pg_backend_pid() AND datname IS DISTINCT FROM $1"
            # a pool's connection idle for a while is no test running (it reconnects after)
            " AND (state <> 'idle' OR state_change > now() - interval '30 seconds')",
            database,
        )
    finally:
        await connection.close()
    return count


@contextlib.contextmanager
def _exclusive_lock(timeout: float) -> Iterator[None]:
    with LOCK_FILE.open("a+") as handle:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise TimeoutError("PostgreSQL is in use by a test session") from None
                time.sleep(0.2)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


async def _create_database() -> tuple[str, str]:
    name = f"civicgraph_fault_{uuid.uuid4().hex[:10]}"
    admin = await asyncpg.connect(ADMIN_URL, timeout=5)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    base = ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://")
    url = f"{base}/{name}"
    sys.path.insert(0, str(ROOT))
    from core.settings import Settings
    from db import migrate
    from db.engine import create_engine
    from db.seed import seed

    engine = create_engine(Settings(database_url=url))
    try:
        async with engine.begin() as conn:
            await migrate.upgrade(conn)
            await seed(conn)
    finally:
        await engine.dispose()
    return name, url


async def _drop_database(name: str) -> None:
    if not await _pg_ready(30):
        return
    admin = await asyncpg.connect(ADMIN_URL, timeout=5)
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()


# -- the service --------------------------------------------------------------------------------


def _start_server(url: str, port: int, log: Path) -> subprocess.Popen[bytes]:
    if not 18600 <= port <= 18699:
        raise SystemExit("the port must be in 18600-18699")
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "CIVICGRAPH_HOST": "127.0.0.1",
        "CIVICGRAPH_PORT": str(port),
        "CIVICGRAPH_RATE_LIMIT_OPERATIONS": "0",
        "CIVICGRAPH_RATE_LIMIT_ANONYMOUS_OPERATIONS": "0",
        "CIVICGRAPH_LOG_LEVEL": "warning",
        "CIVICGRAPH_LOG_FORMAT": "json",
    }
    command = [sys.executable, str(ROOT / "cli.py"), "serve", "--port", str(port)]
    with log.open("wb") as out:
        return subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT)


async def _wait_ready(client: httpx.AsyncClient, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(httpx.HTTPError):
            if (await client.get("/readyz")).status_code == 200:
                return
        await asyncio.sleep(0.1)
    raise SystemExit("the service did not become ready")


# -- the load -----------------------------------------------------------------------------------


async def _read(client: httpx.AsyncClient, rng: random.Random) -> tuple[int, list[str]]:
    query, variables = rng.choice(READS)
    response = await client.post(
        "/graphql", json={"query": query, "variables": variables}, headers={"Accept": ACCEPT}
    )
    try:
        payload = response.json()
    except ValueError:
        return response.status_code, ["<not JSON>"]
    errors = payload.get("errors") or [] if isinstance(payload, dict) else []
    return response.status_code, [
        str((e.get("extensions") or {}).get("code", "<no code>")) for e in errors
    ]


async def _worker(
    client: httpx.AsyncClient,
    index: int,
    stop_at: list[float],
    budget: list[int],
    samples: list[Sample],
    writer: Writer | None,
    attempted: dict[str, list[str]],
    acknowledged: dict[str, list[str]],
) -> None:
    rng = random.Random(index)
    while time.monotonic() < stop_at[0] and budget[0] > 0:
        budget[0] -= 1
        started = time.monotonic()
        if writer is not None:
            key = f"{index}-{uuid.uuid4().hex}"
            attempted.setdefault(writer.name, []).append(key)
            result = await writer.write(client, key)
            if result.acknowledged:
                acknowledged.setdefault(writer.name, []).append(key)
            samples.append(
                Sample(started, time.monotonic(), writer.name, result.status, result.codes)
            )
            continue
        try:
            status, codes = await _read(client, rng)
        except httpx.HTTPError as error:
            status, codes = 0, [f"<{type(error).__name__}>"]
        samples.append(Sample(started, time.monotonic(), "read", status, codes))


async def _poll_readyz(
    client: httpx.AsyncClient, stop_at: list[float], seen: list[tuple[float, int]]
) -> None:
    while time.monotonic() < stop_at[0]:
        try:
            status = (await client.get("/readyz")).status_code
        except httpx.HTTPError:
            status = 0
        seen.append((time.monotonic(), status))
        await asyncio.sleep(0.1)


async def _fault(
    at: float,
    outage: float,
    database: str,
    marks: dict[str, float | None],
    quiet_wait: float,
    stop_at: list[float],
    tail: float,
) -> None:
    """Stop PostgreSQL `at` seconds in, start it `outage` seconds later; the load goes on until
    `tail` seconds after it is back (or ends now, when the fault cannot happen)."""
    try:
        await _stop_and_start(at, outage, database, marks, quiet_wait, stop_at, tail)
    except BaseException:
        stop_at[0] = time.monotonic()
        raise


async def _stop_and_start(
    at: float,
    outage: float,
    database: str,
    marks: dict[str, float | None],
    quiet_wait: float,
    stop_at: list[float],
    tail: float,
) -> None:
    await asyncio.sleep(at)
    deadline = time.monotonic() + quiet_wait
    # Polling other processes' connections: there is no event to wait on.
    while (others := await _others_connected(database)) and time.monotonic() < deadline:  # noqa: ASYNC110
        await asyncio.sleep(0.5)
    if others:
        raise RuntimeError(f"{others} other clients are connected to PostgreSQL: no restart")
    loop = asyncio.get_running_loop()
    with _exclusive_lock(quiet_wait):
        marks["stop_requested"] = time.monotonic()
        await loop.run_in_executor(None, _pg_ctl, "stop")
        marks["stopped"] = time.monotonic()
        await asyncio.sleep(outage)
        marks["start_requested"] = time.monotonic()
        await loop.run_in_executor(None, _pg_ctl, "start")
        await _pg_ready(30)
        back = time.monotonic()
        marks["back"] = back
        stop_at[0] = max(stop_at[0] - _UNTIL_THE_FAULT, back + tail)


def _percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p * len(ordered)) - 1))]


def _assess(
    report: Report,
    t0: float,
    samples: list[Sample],
    readyz: list[tuple[float, int]],
    marks: dict[str, float | None],
    recover_within: float,
) -> None:
    report.operations = len(samples)
    report.operations_per_second = round(report.operations / report.duration, 1)
    report.statuses = dict(Counter(str(s.status) for s in samples))
    report.error_codes = dict(Counter(code for s in samples for code in s.codes))
    latencies = [(s.ended - s.started) * 1000 for s in samples]
    report.latency_p50_ms = round(_percentile(latencies, 0.5), 1)
    report.latency_p99_ms = round(_percentile(latencies, 0.99), 1)
    stopped, back = marks.get("stop_requested"), marks.get("back")
    report.fault = {
        key: round(value - t0, 3) if value is not None else None for key, value in marks.items()
    }
    problems = report.problems
    for sample in samples:
        if sample.status >= 500 and sample.status != 503:
            problems.append(f"{sample.kind} answered {sample.status}")
        if "INTERNAL_SERVER_ERROR" in sample.codes or "<no code>" in sample.codes:
            problems.append(f"{sample.kind} got an untyped or internal error: {sample.codes}")
        unexpected = set(sample.codes) - {"SERVICE_UNAVAILABLE"}
        if unexpected:
            problems.append(f"{sample.kind} got {sorted(unexpected)}")
        if sample.status == 0 and sample.kind == "read":
            problems.append(f"a read failed on the wire: {sample.codes}")
    for at, status in readyz:
        if status not in (200, 503):
            problems.append(f"/readyz answered {status}")
        in_outage = stopped is not None and back is not None and stopped <= at <= back
        if status == 503 and in_outage:
            report.readyz_503_seen = True
    report.service_unavailable_seen = "SERVICE_UNAVAILABLE" in report.error_codes
    if stopped is None or back is None:
        problems.append("the fault did not happen")
        return
    if not report.readyz_503_seen:
        problems.append("/readyz never answered 503 while PostgreSQL was away")
    if not report.service_unavailable_seen:
        problems.append("no operation was answered SERVICE_UNAVAILABLE while PostgreSQL was away")
    # Recovered: the first time after PostgreSQL is back from which every operation started
    # succeeds (no errors) until the end.
    failed_after = [
        s.started for s in samples if s.started >= back and (s.codes or s.status != 200)
    ]
    last_failure = max(failed_after, default=back)
    later = [s for s in samples if s.started > last_failure]
    if not later:
        problems.append("no operation succeeded after PostgreSQL came back")
        return
    recovered_at = min(s.ended for s in later)
    report.seconds_to_recover = round(max(0.0, recovered_at - back), 3)
    failures = [s.ended for s in samples if s.codes or s.status != 200]
    if failures:
        report.clients_saw_errors_for = round(max(failures) - min(failures), 3)
    if report.seconds_to_recover > recover_within:
        problems.append(
            f"recovered {report.seconds_to_recover}s after PostgreSQL was back"
            f" (more than {recover_within}s)"
        )


async def run(args: argparse.Namespace) -> Report:
    report = Report(concurrency=args.concurrency)
    name, url = await _create_database()
    log = Path(args.server_log or tempfile.mkstemp(prefix="civicgraph-fault-", suffix=".log")[1])
    server = _start_server(url, args.port, log)
    samples: list[Sample] = []
    readyz: list[tuple[float, int]] = []
    marks: dict[str, float | None] = {"stop_requested": None, "stopped": None, "back": None}
    attempted: dict[str, list[str]] = {}
    acknowledged: dict[str, list[str]] = {}
    try:
        limits = httpx.Limits(max_connections=args.concurrency + 2)
        base = f"http://127.0.0.1:{args.port}"
        async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:
            await _wait_ready(client, 60)
            t0 = time.monotonic()
            # The load runs until the fault is over (waiting for other clients to be idle may
            # take a while), then for its own duration or `tail` seconds more.
            stop_at = [t0 + args.duration + _UNTIL_THE_FAULT]
            budget = [args.max_operations]
            writers: list[Writer | None] = [
                WRITERS[i % len(WRITERS)] if WRITERS and i % 2 else None
                for i in range(args.concurrency)
            ]
            tasks: list[Awaitable[Any]] = [
                _worker(client, i, stop_at, budget, samples, writers[i], attempted, acknowledged)
                for i in range(args.concurrency)
            ]
            tasks.append(_poll_readyz(client, stop_at, readyz))
            tasks.append(
                _fault(args.fault_at, args.outage, name, marks, args.quiet_wait, stop_at, args.tail)
            )
            await asyncio.gather(*tasks)
            report.duration = round(time.monotonic() - t0, 3)
        _assess(report, t0, samples, readyz, marks, args.recover_within)
        for writer in WRITERS:
            keys = acknowledged.get(writer.name, [])
            report.writes_attempted += len(attempted.get(writer.name, []))
            report.writes_acknowledged += len(keys)
            report.problems += await writer.verify(url, attempted.get(writer.name, []), keys)
        report.writes_stored = report.writes_acknowledged if not report.problems else None
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
        await _drop_database(name)
    if report.problems:
        counted = Counter(report.problems)
        report.problems = [f"{n} × {problem}" for problem, n in counted.items()]
        tail = _log_tail(log)
        report.problems += ["server log: " + line[:400] for line in tail]
    return report


def _log_tail(log: Path) -> list[str]:
    return log.read_text(errors="replace").splitlines()[-5:]


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=10.0, help="seconds of load (10)")
    parser.add_argument("--concurrency", type=int, default=8, help="clients at once (8)")
    parser.add_argument("--max-operations", type=int, default=20_000, help="a bound on the count")
    parser.add_argument("--fault-at", type=float, default=3.0, help="seconds into the load (3)")
    parser.add_argument("--outage", type=float, default=1.5, help="seconds PostgreSQL is down")
    parser.add_argument("--tail", type=float, default=3.0, help="load after it is back (3)")
    parser.add_argument("--recover-within", type=float, default=5.0, help="seconds allowed (5)")
    parser.add_argument("--quiet-wait", type=float, default=120.0, help="wait for other clients")
    parser.add_argument("--port", type=int, default=18650, help="18600-18699 (18650)")
    parser.add_argument("--server-log", help="where the server's log goes (a temporary file)")
    parser.add_argument("--json", help="write the report here as JSON")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    if shutil.which("pg_ctlcluster") is None:
        print("pg_ctlcluster is not on PATH: this script restarts the local PostgreSQL")
        return 2
    args = parse_args(argv)
    report = asyncio.run(run(args))
    text = orjson.dumps(asdict(report), option=orjson.OPT_INDENT_2).decode()
    print(text)
    if args.json:
        Path(args.json).write_text(text, encoding="utf-8")
    return 1 if report.problems else 0


if __name__ == "__main__":
    raise SystemExit(main())


__all__ = ["READS", "WRITERS", "Report", "Writer", "main", "run"]
