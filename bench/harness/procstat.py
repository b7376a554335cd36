"""CPU time and peak memory of a server's processes, read from /proc (Linux)."""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path

_PROC = Path("/proc")
_TICKS = os.sysconf("SC_CLK_TCK")


def _stat_fields(pid: int) -> list[str] | None:
    try:
        raw = (_PROC / str(pid) / "stat").read_text()
    except OSError:
        return None
    # The command name (field 2) may hold spaces and parentheses: split after its last ')'.
    return raw[raw.rindex(")") + 2 :].split()


def _parents() -> dict[int, int]:
    parents: dict[int, int] = {}
    for entry in _PROC.iterdir():
        if entry.name.isdigit():
            fields = _stat_fields(int(entry.name))
            if fields is not None:
                parents[int(entry.name)] = int(fields[1])
    return parents


def process_tree(root: int) -> list[int]:
    """`root` and all its living descendants."""
    children: dict[int, list[int]] = {}
    for pid, parent in _parents().items():
        children.setdefault(parent, []).append(pid)
    tree: list[int] = []
    todo = [root]
    while todo:
        pid = todo.pop()
        if (_PROC / str(pid)).exists():
            tree.append(pid)
            todo.extend(children.get(pid, []))
    return tree


def cpu_seconds(pids: list[int], *, reaped_children: bool = True) -> float:
    """User + system CPU of the processes (and of children they have reaped)."""
    ticks = 0
    for pid in pids:
        fields = _stat_fields(pid)
        if fields is None:
            continue
        # After the name: state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14).
        ticks += int(fields[11]) + int(fields[12])
        if reaped_children:
            ticks += int(fields[13]) + int(fields[14])
    return ticks / _TICKS


def _status_kib(pid: int, key: str) -> int:
    try:
        for line in (_PROC / str(pid) / "status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def peak_rss_mib(pids: list[int]) -> float:
    """The sum of the processes' peak resident set sizes (VmHWM), in MiB."""
    return sum(_status_kib(pid, "VmHWM") for pid in pids) / 1024


def reset_peak_rss(pids: list[int]) -> bool:
    """Restart the processes' VmHWM from their current RSS (`clear_refs` 5); False if refused."""
    ok = True
    for pid in pids:
        try:
            (_PROC / str(pid) / "clear_refs").write_text("5")
        except OSError:
            ok = False
    return ok


@dataclass(frozen=True)
class PostgresProcesses:
    """The local PostgreSQL cluster's processes that work for the benchmark database."""

    postmaster: int
    database: str = ""

    @classmethod
    def find(cls, port: int, database: str) -> PostgresProcesses | None:
        """The postmaster listening on `port`, found from the postmaster.pid files it writes."""
        candidates = list(Path("/var/lib/postgresql").glob("*/*/postmaster.pid"))
        candidates += list(Path("/var/run/postgresql").glob("*.pid"))
        for path in candidates:
            with contextlib.suppress(OSError, ValueError, IndexError):
                lines = path.read_text().splitlines()
                if int(lines[3]) == port and (_PROC / lines[0]).exists():
                    return cls(int(lines[0]), database)
        return None

    def _ours(self, pid: int) -> bool:
        """A backend of our database, or a parallel worker (whose leader may be one)."""
        try:
            title = (_PROC / str(pid) / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            return False
        return f" {self.database} " in title or "parallel worker" in title

    def snapshot(self) -> PostgresSnapshot:
        """CPU so far of each child (and whether it serves us), and of the children reaped."""
        fields = _stat_fields(self.postmaster)
        reaped = (int(fields[13]) + int(fields[14])) / _TICKS if fields else 0.0
        children: dict[int, tuple[float, bool]] = {}
        for pid in process_tree(self.postmaster):
            if pid != self.postmaster:
                children[pid] = (cpu_seconds([pid], reaped_children=False), self._ours(pid))
        return PostgresSnapshot(reaped, children)


@dataclass(frozen=True)
class PostgresSnapshot:
    reaped: float
    children: dict[int, tuple[float, bool]]

    def seconds_until(self, later: PostgresSnapshot) -> float:
        """CPU spent between the two snapshots by backends of the benchmark database and by
        parallel workers. A process that exited in between is in the postmaster's reaped time
        with its whole life: the part before this snapshot is taken off again. Processes of other
        databases that exit in between leak in (noise on a shared machine)."""
        total = later.reaped - self.reaped
        for pid, (cpu, ours) in later.children.items():
            before = self.children.get(pid)
            if ours or (before is not None and before[1]):
                total += cpu - (before[0] if before else 0.0)
        for pid, (cpu, _ours) in self.children.items():
            if pid not in later.children:
                total -= cpu
        return total
