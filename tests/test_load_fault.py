"""Load and a PostgreSQL restart (bench/load_fault.py), driven briefly.

Marked `fault`: it stops and starts the machine's shared PostgreSQL, so it runs in a pytest
invocation of its own after the main suite (`make test` runs `pytest -m fault` last), and the
script waits for an exclusive lock that test sessions hold shared (tests/conftest.py).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from tests.conftest import IN_CI

SCRIPT = Path(__file__).resolve().parents[1] / "bench" / "load_fault.py"

pytestmark = pytest.mark.fault


def test_the_service_rides_out_a_postgresql_restart_under_load(tmp_path: Path) -> None:
    if shutil.which("pg_ctlcluster") is None:
        message = "pg_ctlcluster is not on PATH: the restart test needs the local cluster"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    report_file = tmp_path / "report.json"
    command = [
        sys.executable,
        str(SCRIPT),
        *("--duration", "8", "--concurrency", "8", "--fault-at", "2.5", "--outage", "1.5"),
        *("--tail", "3", "--recover-within", "5", "--port", "18651"),
        *("--json", str(report_file), "--server-log", str(tmp_path / "server.log")),
    ]
    completed = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert report_file.exists(), completed.stdout + completed.stderr
    report = orjson.loads(report_file.read_bytes())
    print(orjson.dumps(report, option=orjson.OPT_INDENT_2).decode())  # the figures, with -s/-rP

    assert report["problems"] == []
    assert completed.returncode == 0
    assert report["readyz_503_seen"]
    assert report["service_unavailable_seen"]
    assert set(report["statuses"]) <= {"200", "503"}
    assert set(report["error_codes"]) <= {"SERVICE_UNAVAILABLE"}
    assert report["seconds_to_recover"] is not None
    assert report["seconds_to_recover"] <= 5
    assert report["operations"] > 100
    # every acknowledged draft is in the database, none twice (the writer's check)
    assert report["writes_acknowledged"] > 0
    assert report["writes_stored"] == report["writes_acknowledged"]
