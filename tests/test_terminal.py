"""The command-line progress bar."""

from __future__ import annotations

import io

from portevoix.terminal import progress_bar


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_bar_is_drawn_in_place_on_a_terminal_and_ends_the_line_at_100() -> None:
    screen = Terminal()
    show = progress_bar(stream=screen)
    for percent in (0, 45, 100):
        show(percent)
    assert screen.getvalue() == (
        "\r[....................]   0%" + "\r[#########...........]  45%" + "\r[####################] 100%\n"
    )


def test_nothing_is_written_when_piped_or_quiet() -> None:
    piped = io.StringIO()
    progress_bar(stream=piped)(50)
    assert piped.getvalue() == ""
    screen = Terminal()
    progress_bar(quiet=True, stream=screen)(50)
    assert screen.getvalue() == ""
