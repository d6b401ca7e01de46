"""The web's number filters are the one formatter (issue 15, item 5)."""

from __future__ import annotations

MINUS, NARROW, NBSP = "\u2212", "\u202f", "\u00a0"


def test_the_web_filters_use_the_one_formatter() -> None:
    from django.utils import translation

    from portevoix.web.templatetags.portevoix import number, percent, signed

    with translation.override("fr"):
        assert number(12345.5) == f"12{NARROW}346"
        assert number(-2.5) == f"{MINUS}3"  # was "-2" (hyphen, round half to even)
        assert percent(58) == f"58{NBSP}%"
        assert signed(0.02, 0) == "="
        assert signed(-2.5, 0) == f"{MINUS}3"
    with translation.override("en"):
        assert number(2.5) == "3"
        assert percent(58) == "58%"
