"""What the command-line tools show on a terminal while they work."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TextIO


def progress_bar(*, quiet: bool = False, stream: TextIO | None = None) -> Callable[[int], None]:
    """A 20-cell bar redrawn in place on ``stream`` (standard error); nothing when ``quiet`` or when
    the stream is not a terminal (piped, redirected to a file, JSON wanted)."""
    out = stream if stream is not None else sys.stderr
    if quiet or not out.isatty():
        return lambda percent: None

    def show(percent: int) -> None:
        percent = max(0, min(100, percent))
        filled = percent // 5
        out.write(f"\r[{'#' * filled}{'.' * (20 - filled)}] {percent:3d}%")
        if percent >= 100:
            out.write("\n")
        out.flush()

    return show
