"""Dates and times as social-network exports write them, read into UTC.

One LinkedIn archive alone holds a dozen formats (FORMATS.md §1.7): ISO-like times, Java's
``Date.toString``, US ``M/D/YY, h:mm AM``, ``DD Mon YYYY``, month-only and year-only values,
and times inside prose. User re-saved files add ``18-Jun-24`` and localised month names.

:func:`parse_when` returns a timezone-aware UTC ``datetime`` for a moment, a ``date`` for a day
(a month or a year is its first day), and ``None`` for blanks, fillers (``N/A``, ``NA``) and
anything it does not recognise. It never raises. A time without a zone is taken as UTC, which
LinkedIn's are (its ids embed the same instants, see :func:`linkedin_id_time`).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable

UTC = datetime.UTC

# Month names and abbreviations: English (every real member archive), then the French,
# Spanish, Portuguese and German forms that re-saving a file in a local Excel can produce.
_MONTH_NAMES: dict[int, tuple[str, ...]] = {
    1: ("jan", "january", "janv", "janvier", "ene", "enero", "janeiro", "januar", "jän"),
    2: (
        "feb",
        "february",
        "fev",
        "fév",
        "fevr",
        "févr",
        "fevrier",
        "février",
        "febrero",
        "fevereiro",
        "februar",
    ),
    3: ("mar", "march", "mars", "marzo", "março", "marco", "mär", "märz", "maerz"),
    4: ("apr", "april", "avr", "avril", "abr", "abril"),
    5: ("may", "mai", "mayo", "maio"),
    6: ("jun", "june", "juin", "junio", "junho", "juni"),
    7: ("jul", "july", "juil", "juillet", "julio", "julho", "juli"),
    8: ("aug", "august", "aout", "août", "ago", "agosto"),
    9: ("sep", "sept", "september", "septembre", "septiembre", "set", "setembro"),
    10: ("oct", "october", "octobre", "octubre", "out", "outubro", "okt", "oktober"),
    11: ("nov", "november", "novembre", "noviembre", "novembro"),
    12: ("dec", "december", "déc", "decembre", "décembre", "dic", "diciembre", "dez", "dezembro", "dezember"),
}
MONTHS: dict[str, int] = {name: number for number, names in _MONTH_NAMES.items() for name in names}

# Zones that Java's Date.toString and e-mail-style dates write as letters.
_ZONES: dict[str, int] = {
    "utc": 0,
    "gmt": 0,
    "ut": 0,
    "z": 0,
    "est": -5 * 60,
    "edt": -4 * 60,
    "cst": -6 * 60,
    "cdt": -5 * 60,
    "mst": -7 * 60,
    "mdt": -6 * 60,
    "pst": -8 * 60,
    "pdt": -7 * 60,
    "cet": 60,
    "cest": 2 * 60,
    "bst": 60,
}

_BLANKS = frozenset({"", "n/a", "na", "none", "null", "-", "--", "nan", "nat"})
MAX_TEXT = 200  # no date is longer; prose longer than this is not searched

_ISO = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,6})?)?)?(?:Z|[+-]\d{2}:?\d{2})?")
_SLASHED_ISO = re.compile(r"(\d{4})/(\d{2})/(\d{2})(?: (\d{2}):(\d{2})(?::(\d{2}))?)?")
_ZONE_SUFFIX = re.compile(r"\s*(?:\(?\s*(UTC|GMT|Z)\s*\)?)$", re.IGNORECASE)
# Wed Jun 16 06:56:05 UTC 2021 (Java) · Fri Mar 06 13:02:05 +0000 2026 (X)
_JAVA = re.compile(
    r"(?:[A-Za-z]{3},? )?([A-Za-z]{3}) +(\d{1,2}) (\d{1,2}):(\d{2}):(\d{2}) ([A-Za-z]{1,5}|[+-]\d{4}) (\d{4})"
)
# 6/14/24, 5:57 AM · 04/15/24, 09:25 PM · 1/14/2020 12:13 · 07/28/2025
_US = re.compile(
    r"(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})(?:,? +(\d{1,2}):(\d{2})(?::(\d{2}))? *([AaPp]\.?[Mm]\.?)?)?"
)
# 07 Feb 2026 · 18-Jun-24 · 30-oct-09 · 1 févr. 2024
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})[ .\-/]+([^\W\d_]{3,10})\.?[ .\-/]+(\d{4}|\d{2})")
# Feb 17, 1998 · March 9, 2026
_MONTH_DAY_YEAR = re.compile(r"([^\W\d_]{3,10})\.? +(\d{1,2}),? +(\d{4})")
# Mar 2023 · March 2023
_MONTH_YEAR = re.compile(r"([^\W\d_]{3,10})\.?[ \-]+(\d{4})")
_YEAR = re.compile(r"\d{4}")
# You uploaded a photo on March 9, 2026 at 2:58 PM (GMT)
_PROSE = re.compile(
    r"\b([A-Za-z]{3,9})\.? (\d{1,2}),? (\d{4})(?:,? (?:at )?(\d{1,2}):(\d{2})(?::(\d{2}))? ?([AaPp][Mm])?)?"
    r"(?: ?\(?(UTC|GMT)\)?)?"
)


def parse_when(text: str) -> datetime.datetime | datetime.date | None:
    """The moment (UTC ``datetime``) or the day (``date``) that ``text`` writes, or ``None``."""
    try:
        return _usual(text) or _parse(text)
    except (ValueError, OverflowError):  # a day 31 of February, a year 0…
        return None


def parse_instant(text: str) -> datetime.datetime | None:
    """Like :func:`parse_when`, but a day becomes midnight UTC."""
    value = _usual(text) or parse_when(text)
    if value is None or isinstance(value, datetime.datetime):
        return value
    return datetime.datetime(value.year, value.month, value.day, tzinfo=UTC)


def parse_day(text: str) -> datetime.date | None:
    """Like :func:`parse_when`, but a moment becomes its UTC day."""
    value = parse_when(text)
    if isinstance(value, datetime.datetime):
        return value.date()
    return value


def is_blank(text: str) -> bool:
    """Empty, or a filler that means "no value" (``N/A``, ``NA``, ``-``)."""
    return text.strip().strip('"').strip().lower() in _BLANKS


def linkedin_id_time(urn_or_id: str | int) -> datetime.datetime | None:
    """The creation time that a LinkedIn id embeds (``id >> 22`` = Unix milliseconds).

    Takes a bare id or a URN (``urn:li:share:7206231495840026624``; for a nested URN such as
    ``urn:li:comment:(activity:1,2)``, the last id). ``None`` when there is no plausible id.
    """
    if isinstance(urn_or_id, int):
        number = urn_or_id
    else:
        digits = re.findall(r"\d{6,20}", str(urn_or_id)[:500])
        if not digits:
            return None
        number = int(digits[-1])
    if number <= 0:
        return None
    try:
        moment = datetime.datetime.fromtimestamp((number >> 22) / 1000, tz=UTC)
    except (ValueError, OverflowError, OSError):
        return None
    if not 2003 <= moment.year <= 2100:  # LinkedIn did not exist before 2003
        return None
    return moment


def _usual(text: str) -> datetime.datetime | None:
    """The fast path for LinkedIn's usual ``2025-07-01 14:33:22`` (UTC): hundreds of thousands of rows."""
    if len(text) == 19 and text[10] == " " and text[4] == "-":
        try:
            return datetime.datetime.fromisoformat(text + "+00:00")
        except ValueError:
            return None
    return None


def _parse(text: str) -> datetime.datetime | datetime.date | None:
    text = text.strip().strip('"').strip()
    if len(text) > MAX_TEXT or text.lower() in _BLANKS:
        return None
    if _ISO.fullmatch(text):
        return _iso(text)
    without_zone = _ZONE_SUFFIX.sub("", text) if text[-1:] in "CTZctz)" else text
    if without_zone != text and _ISO.fullmatch(without_zone):
        return _iso(without_zone)  # 2021-07-30 18:09 UTC
    for pattern, build in _PATTERNS:
        match = pattern.fullmatch(without_zone)
        if match is None and without_zone is not text:
            match = pattern.fullmatch(text)
        if match is not None:
            return build(match)
    match = _PROSE.search(text)
    if match is not None:
        return _prose(match)
    return None


def _iso(text: str) -> datetime.datetime | datetime.date:
    if len(text) == 10:
        return datetime.date.fromisoformat(text)
    moment = datetime.datetime.fromisoformat(text.replace(",", "."))
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _slashed_iso(match: re.Match[str]) -> datetime.datetime | datetime.date:
    year, month, day, hour, minute, second = match.groups()
    if hour is None:
        return datetime.date(int(year), int(month), int(day))
    return datetime.datetime(
        int(year), int(month), int(day), int(hour), int(minute), int(second or 0), tzinfo=UTC
    )


def _java(match: re.Match[str]) -> datetime.datetime | None:
    month_name, day, hour, minute, second, zone, year = match.groups()
    month = MONTHS.get(month_name.lower())
    offset = _offset(zone)
    if month is None or offset is None:
        return None
    local = datetime.datetime(int(year), month, int(day), int(hour), int(minute), int(second))
    return (local - datetime.timedelta(minutes=offset)).replace(tzinfo=UTC)


def _offset(zone: str) -> int | None:
    """Minutes east of UTC of ``+0100``, ``-0500``, ``UTC``, ``PST``…"""
    if zone[0] in "+-":
        minutes = int(zone[1:3]) * 60 + int(zone[3:5])
        return -minutes if zone[0] == "-" else minutes
    return _ZONES.get(zone.lower())


def _us(match: re.Match[str]) -> datetime.datetime | datetime.date:
    first, second, year_text, hour, minute, seconds, meridiem = match.groups()
    month, day = int(first), int(second)
    if month > 12 and day <= 12:  # a file re-saved with days first (14/01/2020)
        month, day = day, month
    year = _full_year(year_text)
    if hour is None:
        return datetime.date(year, month, day)
    hours = _hours(int(hour), meridiem)
    return datetime.datetime(year, month, day, hours, int(minute), int(seconds or 0), tzinfo=UTC)


def _hours(hour: int, meridiem: str | None) -> int:
    if meridiem is None:
        return hour
    pm = meridiem[0] in "Pp"
    if hour == 12:
        return 12 if pm else 0
    return hour + 12 if pm else hour


def _full_year(text: str) -> int:
    """Two-digit years as Python's ``%y`` reads them: 00–68 → 2000s, 69–99 → 1900s."""
    year = int(text)
    if len(text) == 2:
        return 2000 + year if year < 69 else 1900 + year
    return year


def _month(name: str) -> int | None:
    return MONTHS.get(name.lower().rstrip("."))


def _day_month_year(match: re.Match[str]) -> datetime.date | None:
    day, month_name, year = match.groups()
    month = _month(month_name)
    return None if month is None else datetime.date(_full_year(year), month, int(day))


def _month_day_year(match: re.Match[str]) -> datetime.date | None:
    month_name, day, year = match.groups()
    month = _month(month_name)
    return None if month is None else datetime.date(int(year), month, int(day))


def _month_year(match: re.Match[str]) -> datetime.date | None:
    month_name, year = match.groups()
    month = _month(month_name)
    return None if month is None else datetime.date(int(year), month, 1)


def _year(match: re.Match[str]) -> datetime.date | None:
    year = int(match.group())
    return datetime.date(year, 1, 1) if 1900 <= year <= 2100 else None


def _prose(match: re.Match[str]) -> datetime.datetime | datetime.date | None:
    month_name, day, year, hour, minute, second, meridiem, _zone = match.groups()
    month = _month(month_name)
    if month is None:
        return None
    if hour is None:
        return datetime.date(int(year), month, int(day))
    hours = _hours(int(hour), meridiem)
    return datetime.datetime(int(year), month, int(day), hours, int(minute), int(second or 0), tzinfo=UTC)


_PATTERNS: tuple[
    tuple[re.Pattern[str], Callable[[re.Match[str]], datetime.datetime | datetime.date | None]], ...
] = (
    (_SLASHED_ISO, _slashed_iso),
    (_JAVA, _java),
    (_US, _us),
    (_DAY_MONTH_YEAR, _day_month_year),
    (_MONTH_DAY_YEAR, _month_day_year),
    (_MONTH_YEAR, _month_year),
    (_YEAR, _year),
)
