"""Keep the embedded server's processes (web server, background worker) running.

A child that dies (killed, out of memory, crashed) is started again after a back-off that doubles
with each quick death (1 s, 2 s, 4 s… up to ``max_delay``) and resets once the child has stayed up
for ``stable_after`` seconds, so a crash loop does not burn the CPU and a rare crash costs one second.
SIGINT/SIGTERM stop every child (SIGTERM, then SIGKILL after ``stop_timeout``) and return.
"""

from __future__ import annotations

import signal
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from types import FrameType

from django.utils.translation import gettext as _


@dataclass
class Child:
    name: str
    command: Sequence[str]
    # Run before each restart (not before the first start): e.g. queue again what the dead worker left.
    before_restart: Callable[[], None] | None = None
    process: subprocess.Popen[bytes] | None = None
    started_at: float = 0.0
    restart_at: float | None = None
    failures: int = 0
    restarts: int = 0


class Supervisor:
    def __init__(
        self,
        children: Sequence[Child],
        *,
        say: Callable[[str], None] = print,
        first_delay: float = 1.0,
        max_delay: float = 30.0,
        stable_after: float = 60.0,
        stop_timeout: float = 10.0,
        tick: float = 0.2,
    ) -> None:
        self.children = list(children)
        self.say = say
        self.first_delay = first_delay
        self.max_delay = max_delay
        self.stable_after = stable_after
        self.stop_timeout = stop_timeout
        self.tick = tick
        self.stopping = False

    def request_stop(self, signum: int = signal.SIGTERM, frame: FrameType | None = None) -> None:
        self.stopping = True

    def delay(self, failures: int) -> float:
        """The wait before the ``failures``-th restart in a row (1-based)."""
        return float(min(self.max_delay, self.first_delay * 2 ** max(0, failures - 1)))

    def _start(self, child: Child) -> None:
        child.process = subprocess.Popen(list(child.command))
        child.started_at = time.monotonic()
        child.restart_at = None

    def _check(self, child: Child, now: float) -> None:
        if child.restart_at is not None:
            if now >= child.restart_at:
                if child.before_restart is not None:
                    try:
                        child.before_restart()
                    except Exception as error:  # noqa: BLE001 - a failed hook must not stop the restart
                        self.say(f"{child.name}: {type(error).__name__}: {error}")
                child.restarts += 1
                self._start(child)
            return
        assert child.process is not None
        code = child.process.poll()
        if code is None:
            return
        # A child that ran long enough before dying starts the back-off over.
        child.failures = 1 if now - child.started_at >= self.stable_after else child.failures + 1
        wait = self.delay(child.failures)
        child.restart_at = now + wait
        self.say(
            _("%(name)s stopped (exit code %(code)s); started again in %(seconds)s s.")
            % {"name": child.name, "code": code, "seconds": f"{wait:g}"}
        )

    def run(self) -> None:
        """Start every child and keep them running until SIGINT or SIGTERM."""
        previous = {sig: signal.signal(sig, self.request_stop) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            for child in self.children:
                self._start(child)
            while not self.stopping:
                now = time.monotonic()
                for child in self.children:
                    if not self.stopping:
                        self._check(child, now)
                time.sleep(self.tick)
        finally:
            self.stop()
            for sig, handler in previous.items():
                signal.signal(sig, handler)

    def stop(self) -> None:
        running = [c.process for c in self.children if c.process is not None and c.process.poll() is None]
        for process in running:
            process.terminate()
        deadline = time.monotonic() + self.stop_timeout
        for process in running:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
