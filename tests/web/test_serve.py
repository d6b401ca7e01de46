"""The README's first command, for real: ``portevoix serve`` on a fresh SQLite database."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.status, response.read().decode()


def test_serve_sets_up_everything_and_runs_web_and_worker(tmp_path: Path) -> None:
    port = _free_port()
    env = {**os.environ, "PORTEVOIX_DATA_DIR": str(tmp_path)}
    for name in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL"):
        env.pop(name, None)
    server = subprocess.Popen(
        [sys.executable, "-m", "portevoix", "serve", "--port", str(port), "--workers", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
        start_new_session=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90
        while True:
            try:
                status, _body = _get(f"{base}/healthz")
                if status == 200:
                    break
            except OSError:
                pass
            assert server.poll() is None, server.stdout.read() if server.stdout else ""
            assert time.monotonic() < deadline, "serve did not answer within 90 s"
            time.sleep(0.5)
        status, login = _get(f"{base}/accounts/login/")
        assert status == 200
        assert "Se connecter" in login
        assert "/static/portevoix/app.css" in login
        assert _get(f"{base}/static/portevoix/app.css")[0] == 200
        assert (tmp_path / "portevoix.sqlite3").exists()
        check = subprocess.run(
            [sys.executable, "-m", "portevoix", "worker_check", "--timeout", "60", "--json"],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            check=False,
        )
        assert check.returncode == 0, check.stderr
        assert '"worker": "ok"' in check.stdout
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        output, _ = server.communicate(timeout=30)
    assert f"http://127.0.0.1:{port}/" in output
    assert "claire.dubois@mecanique-armor.example" in output
    assert "porte-voix-demo" in output


def _children(pid: int) -> dict[int, str]:
    pids = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    found = {}
    for child in pids:
        try:
            found[int(child)] = Path(f"/proc/{child}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        except FileNotFoundError:
            continue
    return found


def _worker_pid(pid: int) -> int | None:
    return next((child for child, cmd in _children(pid).items() if "db_worker" in cmd), None)


def test_serve_starts_the_worker_again_when_it_is_killed_and_stops_cleanly(tmp_path: Path) -> None:
    """Security review F13: kill -9 of the worker (OOM) no longer takes the web server down."""
    port = _free_port()
    env = {**os.environ, "PORTEVOIX_DATA_DIR": str(tmp_path)}
    for name in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL"):
        env.pop(name, None)
    server = subprocess.Popen(
        [sys.executable, "-m", "portevoix", "serve", "--port", str(port), "--workers", "1", "--no-demo"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while _worker_pid(server.pid) is None or not _answers(f"{base}/healthz"):
            assert server.poll() is None, server.stdout.read() if server.stdout else ""
            assert time.monotonic() < deadline, "serve did not start within 90 s"
            time.sleep(0.3)
        killed = _worker_pid(server.pid)
        assert killed is not None
        os.kill(killed, signal.SIGKILL)
        deadline = time.monotonic() + 60
        while _worker_pid(server.pid) in (None, killed):
            assert server.poll() is None, "serve stopped when its worker was killed"
            assert time.monotonic() < deadline, "the worker was not started again"
            time.sleep(0.2)
        assert _answers(f"{base}/healthz")  # the web server never stopped
        check = subprocess.run(
            [sys.executable, "-m", "portevoix", "worker_check", "--timeout", "60", "--json"],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            check=False,
        )
        assert check.returncode == 0, check.stderr  # the new worker runs tasks
        children = list(_children(server.pid))
    finally:
        server.send_signal(signal.SIGTERM)  # to serve alone, as Ctrl+C or systemd would
        output, _ = server.communicate(timeout=60)
    assert server.returncode == 0, output
    assert "exit code -9" in output or "code de sortie -9" in output
    for child in children:  # every child stopped with it
        assert not Path(f"/proc/{child}").exists() or "zombie" in Path(f"/proc/{child}/status").read_text()


def _answers(url: str) -> bool:
    try:
        return _get(url)[0] == 200
    except OSError:
        return False
