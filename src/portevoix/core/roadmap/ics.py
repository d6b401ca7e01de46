"""An iCalendar (RFC 5545) file of a roadmap: one all-day event per action and per milestone.

Written by hand, carefully: CRLF line ends, lines folded at 75 octets without cutting a UTF-8
character, TEXT values escaped (backslash, semicolon, comma, new lines), a stable UID per event
(so a calendar that imports the file again updates the events instead of duplicating them), and
DTSTAMP in UTC.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from ..cells import clean_text

CRLF = "\r\n"
MAX_OCTETS = 75


@dataclass(frozen=True)
class Event:
    uid: str
    summary: str
    start: dt.date
    end: dt.date  # inclusive last day; written as the exclusive DTEND of an all-day event
    description: str = ""
    categories: tuple[str, ...] = ()
    status: str | None = None  # TENTATIVE, CONFIRMED or CANCELLED
    url: str = ""


def escape_text(value: str) -> str:
    """RFC 5545 §3.3.11: backslash, semicolon and comma escaped; new lines as ``\\n``; no other
    control character (TEXT excludes them)."""
    value = clean_text(value).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def fold(line: str) -> str:
    """RFC 5545 §3.1: lines of at most 75 octets, continued with CRLF and one space."""
    encoded = line.encode("utf-8")
    if len(encoded) <= MAX_OCTETS:
        return line
    parts: list[str] = []
    current = ""
    size = 0
    limit = MAX_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append(current)
            current, size = char, width
            limit = MAX_OCTETS - 1  # continuation lines start with a space
        else:
            current += char
            size += width
    parts.append(current)
    return (CRLF + " ").join(parts)


def _date(value: dt.date) -> str:
    return value.strftime("%Y%m%d")


def calendar(
    events: Sequence[Event], *, name: str, stamp: dt.datetime, product: str = "-//Porte-voix//Roadmap//FR"
) -> str:
    """The whole file. ``stamp`` (aware or UTC) becomes every event's DTSTAMP."""
    utc = stamp.astimezone(dt.UTC) if stamp.tzinfo else stamp
    dtstamp = utc.strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{product}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for event in events:
        end = max(event.end, event.start) + dt.timedelta(days=1)
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.uid}",
            f"DTSTAMP:{dtstamp}",
            f"DTSTART;VALUE=DATE:{_date(event.start)}",
            f"DTEND;VALUE=DATE:{_date(end)}",
            f"SUMMARY:{escape_text(event.summary)}",
        ]
        if event.description:
            lines.append(f"DESCRIPTION:{escape_text(event.description)}")
        if event.categories:
            lines.append("CATEGORIES:" + ",".join(escape_text(c) for c in event.categories))
        if event.status:
            lines.append(f"STATUS:{event.status}")
        if event.url:
            lines.append(f"URL:{event.url}")
        lines += ["TRANSP:TRANSPARENT", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines)
