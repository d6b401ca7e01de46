"""``portevoix serve`` keeps its processes running (security review F13): a child that dies is
started again with a back-off, and SIGTERM stops everything cleanly."""

from __future__ import annotations

import itertools
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from portevoix.web.supervisor import Supervisor


def test_the_back_off_doubles_up_to_a_ceiling() -> None:
    supervisor = Supervisor([], first_delay=1.0, max_delay=30.0)
    assert [supervisor.delay(n) for n in range(1, 8)] == [1, 2, 4, 8, 16, 30, 30]


def _supervise(tmp_path: Path, child_code: str) -> subprocess.Popen[str]:
    script = textwrap.dedent(
        f"""
        import sys
        import django
        django.setup()
        from portevoix.web.supervisor import Child, Supervisor
        child = Child("crasher", [sys.executable, "-c", {child_code!r}])
        Supervisor([child], first_delay=0.2, max_delay=0.8, stable_after=60, tick=0.05).run()
        """
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portevoix.config.settings"}
    return subprocess.Popen(
        [sys.executable, "-c", script],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def test_a_child_that_keeps_dying_is_started_again_with_growing_delays(tmp_path: Path) -> None:
    starts = tmp_path / "starts"
    code = (
        f"import time; open({str(starts)!r}, 'a').write(repr(time.monotonic()) + '\\n'); raise SystemExit(3)"
    )
    supervisor = _supervise(tmp_path, code)
    try:
        deadline = time.monotonic() + 60
        while not starts.exists() or len(starts.read_text().split()) < 5:
            assert supervisor.poll() is None, supervisor.communicate()[0]
            assert time.monotonic() < deadline, "the child was not started again"
            time.sleep(0.1)
    finally:
        supervisor.send_signal(signal.SIGTERM)
        output, _ = supervisor.communicate(timeout=30)
    assert supervisor.returncode == 0, output
    times = [float(t) for t in starts.read_text().split()]
    gaps = [b - a for a, b in itertools.pairwise(times)]
    # 0.2, 0.4, 0.8, then capped at 0.8 (plus the child's own start-up time).
    assert gaps[0] >= 0.2
    assert gaps[1] >= 0.4
    assert gaps[2] >= 0.8
    assert gaps[3] >= 0.8
    assert "exit code 3" in output or "code de sortie 3" in output


def test_sigterm_stops_a_running_child_and_the_supervisor(tmp_path: Path) -> None:
    pid_file = tmp_path / "pid"
    code = f"import os, time; open({str(pid_file)!r}, 'w').write(str(os.getpid())); time.sleep(600)"
    supervisor = _supervise(tmp_path, code)
    deadline = time.monotonic() + 60
    while not pid_file.exists() or not pid_file.read_text():
        assert supervisor.poll() is None, supervisor.communicate()[0]
        assert time.monotonic() < deadline
        time.sleep(0.1)
    child = int(pid_file.read_text())
    supervisor.send_signal(signal.SIGTERM)
    output, _ = supervisor.communicate(timeout=30)
    assert supervisor.returncode == 0, output
    assert not Path(f"/proc/{child}").exists() or "zombie" in Path(f"/proc/{child}/status").read_text()
