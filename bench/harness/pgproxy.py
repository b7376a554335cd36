"""A loopback TCP proxy in front of PostgreSQL that counts the SQL statements a client sends.

It reads the frontend side of PostgreSQL's wire protocol (v3) as it forwards it, byte for byte:

* a simple-protocol `Query` ('Q') counts once per statement in its text (split on `;` outside
  quotes, comments and dollar quotes);
* an extended-protocol `Execute` ('E') counts once, with the text of the statement that was
  `Parse`d ('P') and `Bind`-ed ('B') to the executed portal.

Each statement is classified as *data* (SELECT, WITH, INSERT, …) or *control* (BEGIN, COMMIT,
ROLLBACK, SET, RESET, SHOW, DISCARD, an empty ping such as SQLAlchemy's `pool_pre_ping`, …).
The proxy answers an SSL or GSS encryption request itself with "no", so the session stays in clear
text and readable (the traffic never leaves the loopback interface).

Only the harness's statement-counting phase goes through the proxy, never the timed load.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import struct
import threading
from collections import Counter
from dataclasses import dataclass, field

_SSL_REQUEST = 80877103
_GSSENC_REQUEST = 80877104
_CANCEL_REQUEST = 80877102

_CONTROL = re.compile(
    r"^\s*(BEGIN|START|COMMIT|END|ROLLBACK|ABORT|SAVEPOINT|RELEASE|SET|RESET|SHOW|DISCARD|"
    r"DEALLOCATE|CLOSE|UNLISTEN|LISTEN|SELECT\s+pg_advisory_unlock_all)\b",
    re.IGNORECASE,
)


def split_statements(sql: str) -> list[str]:
    """The statements of a simple-protocol query string (empty ones included, as pings)."""
    parts: list[str] = []
    start = 0
    i = 0
    n = len(sql)
    while i < n:
        ch = sql[i]
        if ch in ("'", '"'):
            end = sql.find(ch, i + 1)
            while end != -1 and end + 1 < n and sql[end + 1] == ch:  # doubled quote
                end = sql.find(ch, end + 2)
            i = n if end == -1 else end + 1
            continue
        if sql.startswith("--", i):
            end = sql.find("\n", i)
            i = n if end == -1 else end + 1
            continue
        if sql.startswith("/*", i):
            end = sql.find("*/", i + 2)
            i = n if end == -1 else end + 2
            continue
        if ch == "$":
            tag = re.match(r"\$[A-Za-z_0-9]*\$", sql[i:])
            if tag:
                end = sql.find(tag.group(0), i + len(tag.group(0)))
                i = n if end == -1 else end + len(tag.group(0))
                continue
        if ch == ";":
            parts.append(sql[start:i])
            start = i + 1
        i += 1
    rest = sql[start:]
    if rest.strip() or not parts:
        parts.append(rest)
    return parts


def is_control(sql: str) -> bool:
    """Transaction control, session settings and empty pings: not a read of data."""
    stripped = re.sub(r"(--[^\n]*(\n|$))|(/\*.*?\*/)", " ", sql, flags=re.DOTALL)
    stripped = stripped.strip().rstrip(";").strip()
    return not stripped or bool(_CONTROL.match(stripped))


@dataclass
class Counts:
    """Statements seen so far (all clients together)."""

    data: int = 0
    control: int = 0
    texts: Counter[str] = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return self.data + self.control


class _Session:
    """The frontend half of one client connection: prepared statements and portals by name."""

    def __init__(self, counts: Counts, lock: threading.Lock) -> None:
        self.counts = counts
        self.lock = lock
        self.statements: dict[str, str] = {}
        self.portals: dict[str, str] = {}

    def count(self, sql: str) -> None:
        with self.lock:
            if is_control(sql):
                self.counts.control += 1
            else:
                self.counts.data += 1
            self.counts.texts[" ".join(sql.split())[:200]] += 1

    def message(self, kind: bytes, payload: bytes) -> None:
        if kind == b"Q":
            for statement in split_statements(payload.rstrip(b"\0").decode("utf-8", "replace")):
                self.count(statement)
        elif kind == b"P":
            name, rest = payload.split(b"\0", 1)
            query = rest.split(b"\0", 1)[0]
            self.statements[name.decode()] = query.decode("utf-8", "replace")
        elif kind == b"B":
            target, rest = payload.split(b"\0", 1)
            bound = rest.split(b"\0", 1)[0].decode()
            self.portals[target.decode()] = self.statements.get(bound, "?")
        elif kind == b"E":
            executed = payload.split(b"\0", 1)[0].decode()
            self.count(self.portals.get(executed, "?"))
        elif kind == b"C" and payload[:1] == b"S":  # Close of a prepared statement
            self.statements.pop(payload[1:].split(b"\0", 1)[0].decode(), None)


class CountingProxy:
    """Listens on 127.0.0.1:`port` and forwards to `upstream`; runs its own loop in a thread."""

    def __init__(self, port: int, upstream_host: str, upstream_port: int) -> None:
        self.port = port
        self.upstream = (upstream_host, upstream_port)
        self.counts = Counts()
        self._lock = threading.Lock()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._run, name="pg-counting-proxy", daemon=True)
        self._ready = threading.Event()
        self._server: asyncio.Server | None = None
        self._error: BaseException | None = None

    def __enter__(self) -> CountingProxy:
        self._thread.start()
        self._ready.wait(10)
        if self._error is not None:
            raise RuntimeError(f"the counting proxy did not start: {self._error}")
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def snapshot(self) -> Counts:
        with self._lock:
            return Counts(self.counts.data, self.counts.control, Counter(self.counts.texts))

    def close(self) -> None:
        if self._loop.is_closed():
            return
        if self._thread.is_alive():
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(5)
        with contextlib.suppress(RuntimeError):
            self._loop.close()

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        try:
            self._server = self._loop.run_until_complete(
                asyncio.start_server(self._client, "127.0.0.1", self.port)
            )
        except OSError as exc:
            self._error = exc
            self._ready.set()
            return
        self._ready.set()
        try:
            self._loop.run_forever()
        finally:
            self._server.close()
            for task in asyncio.all_tasks(self._loop):
                task.cancel()
            with contextlib.suppress(Exception):
                self._loop.run_until_complete(asyncio.sleep(0))

    async def _client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        upstream_writer: asyncio.StreamWriter | None = None
        try:
            startup = await self._startup(reader, writer)
            if startup is None:
                return
            upstream_reader, upstream_writer = await asyncio.open_connection(*self.upstream)
            upstream_writer.write(startup)
            session = _Session(self.counts, self._lock)
            await asyncio.gather(
                self._frontend(reader, upstream_writer, session),
                self._pipe(upstream_reader, writer),
            )
        except (OSError, asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            for w in (writer, upstream_writer):
                if w is not None:
                    w.close()

    @staticmethod
    async def _startup(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> bytes | None:
        """The startup packet, after declining any encryption request."""
        while True:
            header = await reader.readexactly(8)
            length, code = struct.unpack("!ii", header)
            body = await reader.readexactly(length - 8)
            if code in (_SSL_REQUEST, _GSSENC_REQUEST):
                writer.write(b"N")
                await writer.drain()
                continue
            return header + body  # a startup packet, or a cancel request: forwarded as is

    @staticmethod
    async def _frontend(
        reader: asyncio.StreamReader, writer: asyncio.StreamWriter, session: _Session
    ) -> None:
        try:
            while True:
                header = await reader.readexactly(5)
                kind = header[:1]
                (length,) = struct.unpack("!i", header[1:])
                payload = await reader.readexactly(length - 4)
                session.message(kind, payload)
                writer.write(header + payload)
                await writer.drain()
                if kind == b"X":  # Terminate
                    return
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    @staticmethod
    async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while chunk := await reader.read(65536):
                writer.write(chunk)
                await writer.drain()
        except ConnectionError:
            pass
        finally:
            writer.close()
