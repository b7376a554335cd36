"""Load with wrk, and what the server spent doing it (CPU, peak memory)."""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from harness import procstat
from harness.targets import Running

WRK_SCRIPT = Path(__file__).with_name("wrk.lua")


def ensure_wrk() -> str:
    """The wrk binary, installed from Debian's package if it is missing."""
    found = shutil.which("wrk")
    if found:
        return found
    print("wrk is missing: apt-get install -y wrk", flush=True)
    subprocess.run(["apt-get", "install", "-y", "wrk"], check=False)
    found = shutil.which("wrk")
    if not found:
        subprocess.run(["apt-get", "update"], check=False)
        subprocess.run(["apt-get", "install", "-y", "wrk"], check=True)
        found = shutil.which("wrk")
    if not found:
        raise SystemExit("wrk could not be installed (Debian package `wrk`)")
    return found


@dataclass
class Measurement:
    """One timed wrk run against one server."""

    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    failed: int  # non-2xx responses, responses with GraphQL errors, socket errors and timeouts
    cpu_ms_per_request: float | None
    pg_cpu_ms_per_request: float | None
    peak_mib: float
    bytes_per_response: float

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds > 0 else 0.0


def run_wrk(
    wrk: str,
    url: str,
    bodies: Path,
    *,
    connections: int,
    seconds: float,
    timeout_s: int = 120,
    authorization: str = "",
) -> dict[str, float]:
    command = [
        wrk,
        "-t1",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        "--latency",
        f"--timeout={timeout_s}s",
        "-s",
        str(WRK_SCRIPT),
        url,
        "--",
        str(bodies),
        authorization,
    ]
    out = subprocess.run(
        command, capture_output=True, text=True, check=False, timeout=seconds + timeout_s + 60
    )
    for line in out.stdout.splitlines():
        if line.startswith("BENCH_RESULT "):
            parsed: dict[str, float] = json.loads(line.removeprefix("BENCH_RESULT "))
            return parsed
    raise RuntimeError(f"wrk printed no result (exit {out.returncode}): {out.stderr or out.stdout}")


def wait_quiet(
    roots: list[int],
    postgres: procstat.PostgresProcesses | None,
    *,
    limit: float = 120,
    cores: float = 0.15,
) -> float:
    """Wait until the servers and PostgreSQL are idle; the seconds waited.

    When wrk stops, the requests it had in flight are abandoned, not cancelled: servers finish
    them (and PostgreSQL runs their statements). Without this wait, that work would be charged to
    whatever is measured next.
    """
    started = time.monotonic()
    window = 0.5

    def busy() -> tuple[float, procstat.PostgresSnapshot | None]:
        pids = [pid for root in roots for pid in procstat.process_tree(root)]
        return procstat.cpu_seconds(pids), postgres.snapshot() if postgres else None

    before = busy()
    while time.monotonic() - started < limit:
        time.sleep(window)
        after = busy()
        spent = after[0] - before[0]
        if before[1] is not None and after[1] is not None:
            spent += before[1].seconds_until(after[1])
        if spent / window < cores:
            break
        before = after
    return time.monotonic() - started


def measure(
    wrk: str,
    server: Running,
    bodies: Path,
    *,
    connections: int,
    seconds: float,
    warmup: float,
    postgres: procstat.PostgresProcesses | None,
    quiet_roots: list[int],
) -> Measurement:
    """A warm-up run, then the timed run, with the server's CPU and peak memory around it.

    Each starts on idle servers and an idle PostgreSQL (`wait_quiet`).
    """
    if warmup > 0:
        wait_quiet(quiet_roots, postgres)
        run_wrk(
            wrk,
            server.url,
            bodies,
            connections=connections,
            seconds=warmup,
            authorization=server.target.headers.get("Authorization", ""),
        )
    wait_quiet(quiet_roots, postgres)
    pids = procstat.process_tree(server.pid)
    can_reset = procstat.reset_peak_rss(pids)
    server.extra.setdefault("peak_reset_ok", True)
    server.extra["peak_reset_ok"] = server.extra["peak_reset_ok"] and can_reset
    cpu_before = procstat.cpu_seconds(pids)
    pg_before = postgres.snapshot() if postgres else None
    result = run_wrk(
        wrk,
        server.url,
        bodies,
        connections=connections,
        seconds=seconds,
        authorization=server.target.headers.get("Authorization", ""),
    )
    pids_after = procstat.process_tree(server.pid)
    cpu_after = procstat.cpu_seconds(pids_after)
    pg_after = postgres.snapshot() if postgres else None
    requests = int(result["requests"])
    failed = int(
        result["failed_responses"]
        + result["errors_connect"]
        + result["errors_read"]
        + result["errors_write"]
        + result["errors_timeout"]
    )
    per = 1000 / requests if requests else None
    return Measurement(
        requests=requests,
        seconds=result["duration_us"] / 1e6,
        p50_ms=result["p50_us"] / 1000,
        p99_ms=result["p99_us"] / 1000,
        failed=failed,
        cpu_ms_per_request=(cpu_after - cpu_before) * per if per else None,
        pg_cpu_ms_per_request=(
            pg_before.seconds_until(pg_after) * per
            if per and pg_after is not None and pg_before is not None
            else None
        ),
        peak_mib=procstat.peak_rss_mib(pids_after),
        bytes_per_response=result["bytes"] / requests if requests else 0.0,
    )
