"""What rasd starts, it stops: the suite's PostgreSQL server (however the suite ends) and
`rasd serve --demo`'s temporary folder."""
from __future__ import annotations

import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).parent.parent
RASD = str(Path(sys.executable).with_name("rasd"))
HAS_POSTGRES = bool(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))


def postgres_running(data_dir: Path) -> bool:
    pid_file = data_dir / "postmaster.pid"
    if not pid_file.exists():
        return False
    pid = int(pid_file.read_text().split()[0])
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.mark.slow
@pytest.mark.skipif(not HAS_POSTGRES, reason="PostgreSQL is not installed")
def test_the_suite_stops_the_postgres_it_started_on_failure_and_on_ctrl_c(tmp_path):
    base = Path(tempfile.mkdtemp(prefix="rasd-cleanup-", dir="/tmp"))  # reachable by the postgres user
    os.chmod(base, 0o755)
    data_dir = base / "pg"
    marker = tmp_path / "started"
    (tmp_path / "test_inner.py").write_text(
        "import os, pathlib, time\n"
        f"def test_waits():\n    pathlib.Path({str(marker)!r}).touch()\n"
        "    if os.environ.get('INNER_WAIT'): time.sleep(120)\n    assert False\n")
    env = {**os.environ, "RASD_PG_DIR": str(data_dir)}
    try:
        failed = subprocess.run(["bash", "scripts/test.sh", str(tmp_path / "test_inner.py")], cwd=ROOT,
                                env=env, capture_output=True, text=True, timeout=300)
        assert failed.returncode == 1 and marker.exists(), failed.stdout[-2000:]
        assert not postgres_running(data_dir)

        marker.unlink()
        suite = subprocess.Popen(["bash", "scripts/test.sh", str(tmp_path / "test_inner.py")], cwd=ROOT,
                                 env={**env, "INNER_WAIT": "1"}, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + 240
        while not marker.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert postgres_running(data_dir)
        os.killpg(suite.pid, signal.SIGINT)  # Ctrl-C reaches the whole foreground group
        suite.wait(timeout=120)
        assert not postgres_running(data_dir)
    finally:
        if postgres_running(data_dir):
            subprocess.run(["runuser", "-u", "postgres", "--", *glob.glob("/usr/lib/postgresql/*/bin/pg_ctl")[:1],
                            "-D", str(data_dir), "stop", "-m", "immediate"], capture_output=True)
        shutil.rmtree(base, ignore_errors=True)


def test_serve_demo_removes_its_temporary_folder(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    process = subprocess.Popen([RASD, "serve", "--demo", "--port", str(port)], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        for _ in range(300):
            try:
                httpx.get(f"http://127.0.0.1:{port}/events", timeout=2).raise_for_status()
                break
            except httpx.HTTPError:
                assert process.poll() is None, process.communicate(timeout=5)
                time.sleep(0.2)
        assert list(tmp_path.glob("rasd-demo-*")), "the demo should use a temporary folder"
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)
    assert not list(tmp_path.glob("rasd-demo-*"))
