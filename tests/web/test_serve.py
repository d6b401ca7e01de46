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
