"""LinkedIn analytics exports: a company page's (admin) workbooks and a person's (creator) workbook.

Both are read by content, never by file name: a legacy BIFF ``.xls`` (OLE2) through xlrd, an
``.xlsx`` (ZIP, checked against zip bombs by :func:`..tabular.xlsx.check_archive`) through openpyxl.
An ``.xls`` that is really a web page is refused with a hint (``xls_is_html``).

**Company page** (:func:`parse_page_export`, source ``"linkedin-page"``; FORMATS.md §2). One
function reads the four downloads, recognising each sheet by its name and, when names and headers
are localized, by its shape:

- content: ``Metrics`` (older ``Update metrics (aggregated)``) → one :class:`DailyMetric` (scope
  ``"page"``) per day and metric: ``impressions_organic``, ``impressions_sponsored``,
  ``impressions`` (total), ``unique_impressions``, ``clicks``, ``reactions``, ``comments``,
  ``reposts`` (older ``Shares``), ``engagement_rate`` (a fraction, as exported: 0.05 = 5 %).
  ``All posts`` (older ``Update engagement``) → one :class:`Activity` (kind post) per post, keyed
  by the ``urn:li:activity:<id>`` of its link, dated by its created date (UTC midnight), with the
  metrics ``impressions``, ``views``, ``clicks``, ``likes``, ``comments``, ``reposts``, ``follows``,
  ``engagement_rate`` and ``sponsored`` (1 or 0);
- followers: ``New followers`` → ``new_followers_sponsored``, ``new_followers_organic``,
  ``new_followers_auto_invited`` and ``new_followers_total`` (its "Total followers" column counts
  the *new* followers of the day); the demographic sheets are skipped (``not_relevant``);
- visitors: ``Visitor metrics`` → ``page_views_desktop|mobile|total`` and
  ``unique_visitors_desktop|mobile|total`` (the "Total …" columns, all page sections together);
- competitors (xlsx): one row per page for a period. They are kept as page metrics dated by the
  **end** of the period, named ``competitor:<page>:total_followers`` (a level on that day) and
  ``competitor:<page>:new_followers_period``, ``…:post_engagements_period``, ``…:posts_period``
  (totals over the period, like the creator export's discovery numbers below).

Headers are matched by name (English, with the older aliases); when the required ones are not
found — a localized export — by **position**, in the order FORMATS.md gives:

- ``Metrics`` (20 columns): 0 date, 1–3 impressions organic/sponsored/total, 4 unique impressions,
  5–7 clicks, 8–10 reactions, 11–13 comments, 14–16 reposts, 17–19 engagement rate (each
  organic, sponsored, total; only the totals and the impressions split are kept);
- ``All posts`` (20 columns): 0 title, 1 link, 2 type (organic/sponsored), 3 campaign, 4 posted
  by, 5 created date, 6–7 campaign dates, 8 audience, 9 impressions, 10 views, 11 offsite views,
  12 clicks, 13 CTR, 14 likes, 15 comments, 16 reposts, 17 follows, 18 engagement rate, 19 type;
- ``New followers``: 0 date, 1 sponsored, 2 organic, 3 auto-invited, 4 total (4 columns: no
  auto-invited);
- ``Visitor metrics`` (25 columns): 0 date, then overview, life, jobs and total sections, each
  page views then unique visitors, each desktop, mobile, total (19–24 are the totals kept);
- competitors: 0 page, 1 total followers, 2 new followers, 3 post engagements, 4 posts.

**Creator** (:func:`parse_creator_export`, source ``"linkedin-creator"``; FORMATS.md §3): sheets
by name (English, French, Portuguese, a few others) or else by index (0 discovery, 1 engagement,
2 top posts, 3 followers; the demographic sheets are skipped, ``not_relevant``):

- DISCOVERY → ``impressions_period`` and ``members_reached_period`` (scope ``"person"``) dated by
  the **end** of the period the sheet covers: totals over the period, not daily numbers;
- ENGAGEMENT → ``impressions`` and ``engagements`` per day;
- TOP POSTS → one :class:`Activity` per post of either side-by-side table, merged by post
  (metrics ``engagements`` and/or ``impressions``);
- FOLLOWERS → ``Profile.followers`` (the "Total followers on …" number), the same number as a
  ``followers`` metric on that day, and ``new_followers`` per day.

**Dates.** Text dates ``M/D/YYYY`` or ``D/M/YYYY``, ISO dates and real date cells are read. The
order of day and month is decided once per workbook: a date whose first part is above 12 is a
vote for day-first, one whose second part is above 12 for month-first, and the majority wins;
without any such date, an English export (its sheet names are English) is month-first and a
localized one day-first. A date that contradicts the decided order is reported (``date_invalid``).

**Numbers** are floats or text: ``1,234``, ``1 234``, ``1.234`` (a count in a localized file),
``0,05``, ``5%`` (→ 0.05). LinkedIn's bounds such as ``< 1%`` are not values and are left out;
negative daily values (LinkedIn's corrections) are kept.

Every problem carries the file name, the spreadsheet row as a user sees it (from 1) and the
column's header; a bad row is dropped and the rest is kept.
"""

from __future__ import annotations

import datetime
import io
import math
import re
import unicodedata
import urllib.parse
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import openpyxl
import xlrd

from ..errors import Problem
from ..tabular import MAX_BYTES, MAX_ROWS
from ..tabular.xlsx import OLE_MAGIC, XLSX, ZIP_MAGIC, check_archive
from .records import Activity, DailyMetric, Evidence, Kind, Network, Profile, Skipped

__all__ = ["parse_creator_export", "parse_page_export"]

Cell = str | float | bool | datetime.datetime | None
Row = list[Cell]

MAX_SHEETS = 64
MAX_COLUMNS = 256  # a BIFF8 sheet has at most 256 columns; the exports use at most 25
XLS = "Excel 97–2003 (.xls)"
PAGE = "page"
PERSON = "person"


# --- Reading workbooks --------------------------------------------------------------------------


@dataclass
class _Sheet:
    index: int
    name: str
    rows: list[Row]

    @property
    def empty(self) -> bool:
        return not any(self.rows)


def _open_workbook(raw: bytes, filename: str) -> tuple[list[_Sheet] | None, list[Problem]]:
    """The sheets of a workbook recognised by its content, or the reason it cannot be read."""
    if len(raw) > MAX_BYTES:
        return None, [Problem("file_too_large", {"size": len(raw), "limit": MAX_BYTES}, file=filename)]
    if not raw.strip():
        return None, [Problem("file_empty", file=filename)]
    if raw.startswith(OLE_MAGIC):
        return _read_xls(raw, filename)
    if raw.startswith(ZIP_MAGIC):
        problems = check_archive(raw, max_bytes=MAX_BYTES, filename=filename)
        return (None, problems) if problems else _read_xlsx(raw, filename)
    if _is_markup(raw):
        return None, [Problem("xls_is_html", file=filename)]
    return None, [Problem("unsupported_format", {"format": _format_name(raw, filename)}, file=filename)]


def _is_markup(raw: bytes) -> bool:
    """An HTML (or XML) page saved under an ``.xls`` name, whatever its BOM or leading blanks."""
    head = raw[:1024]
    for bom, encoding in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if head.startswith(bom):
            text = head[len(bom) :].decode(encoding, errors="ignore")
            return text.lstrip().startswith("<")
    return head.removeprefix(b"\xef\xbb\xbf").lstrip().startswith(b"<")


def _format_name(raw: bytes, filename: str) -> str:
    if raw.startswith(b"%PDF"):
        return "PDF"
    suffix = filename.rpartition(".")[2] if "." in filename else ""
    return suffix.upper()[:10] if suffix.isalnum() else "These"


def _read_xls(raw: bytes, filename: str) -> tuple[list[_Sheet] | None, list[Problem]]:
    problems: list[Problem] = []
    sheets: list[_Sheet] = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = xlrd.open_workbook(file_contents=raw, logfile=io.StringIO(), verbosity=0)
            for index in range(min(book.nsheets, MAX_SHEETS)):
                sheet = book.sheet_by_index(index)
                rows: list[Row] = []
                for number in range(sheet.nrows):
                    if number >= MAX_ROWS:
                        problems.append(_too_many_rows(filename, number + 1, sheet.name))
                        break
                    types = sheet.row_types(number, 0, MAX_COLUMNS)
                    values = sheet.row_values(number, 0, MAX_COLUMNS)
                    rows.append(
                        _trimmed(
                            [_xls_cell(t, v, book.datemode) for t, v in zip(types, values, strict=False)]
                        )
                    )
                sheets.append(_Sheet(index, str(sheet.name), rows))
    except Exception:  # noqa: BLE001 — xlrd raises many types on damaged or foreign OLE files
        return None, [Problem("file_corrupt", {"format": XLS}, file=filename)]
    return sheets, problems


def _xls_cell(ctype: int, value: Any, datemode: int) -> Cell:
    if ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        return None
    if ctype == xlrd.XL_CELL_BOOLEAN:
        return bool(value)
    if ctype == xlrd.XL_CELL_DATE:
        try:
            moment: datetime.datetime = xlrd.xldate_as_datetime(value, datemode)
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return float(value)
        return moment
    if ctype == xlrd.XL_CELL_NUMBER:
        return float(value)
    return str(value)


def _read_xlsx(raw: bytes, filename: str) -> tuple[list[_Sheet] | None, list[Problem]]:
    problems: list[Problem] = []
    sheets: list[_Sheet] = []
    try:
        with warnings.catch_warnings():
            # openpyxl warns about styles and extensions it ignores: nothing a user can act on.
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
            try:
                for index, sheet in enumerate(book.worksheets[:MAX_SHEETS]):
                    if hasattr(sheet, "reset_dimensions"):
                        sheet.reset_dimensions()  # stored dimensions may be wrong: read all rows
                    rows: list[Row] = []
                    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                        if number > MAX_ROWS:
                            problems.append(_too_many_rows(filename, number, sheet.title))
                            break
                        rows.append(_trimmed([_xlsx_cell(v) for v in values[:MAX_COLUMNS]]))
                    sheets.append(_Sheet(index, str(sheet.title), rows))
            finally:
                book.close()
    except Exception:  # noqa: BLE001 — openpyxl and the XML parser raise many types on damaged files
        return None, [Problem("file_corrupt", {"format": XLSX}, file=filename)]
    return sheets, problems


def _xlsx_cell(value: object) -> Cell:
    if value is None or isinstance(value, str | bool | float):
        return value
    if isinstance(value, int):
        return float(value)
    if isinstance(value, datetime.datetime):
        return value
    if isinstance(value, datetime.date):
        return datetime.datetime.combine(value, datetime.time())
    return str(value)


def _too_many_rows(filename: str, line: int, sheet: str) -> Problem:
    return Problem("too_many_rows", {"limit": MAX_ROWS}, path=(sheet,), file=filename, line=line)


def _trimmed(row: Row) -> Row:
    end = len(row)
    while end and _blank(row[end - 1]):
        end -= 1
    return row[:end]


# --- Cells --------------------------------------------------------------------------------------


def _blank(cell: Cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _at(row: Sequence[Cell], column: int | None) -> Cell:
    return row[column] if column is not None and 0 <= column < len(row) else None


def _text(cell: Cell) -> str:
    """A cell as a user reads it: 12 rather than 12.0, dates in ISO form."""
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "TRUE" if cell else "FALSE"
    if isinstance(cell, float):
        return str(int(cell)) if cell.is_integer() else repr(cell)
    if isinstance(cell, datetime.datetime):
        return cell.date().isoformat() if cell.time() == datetime.time() else cell.isoformat(sep=" ")
    return cell.strip()


def _norm(text: str) -> str:
    """A name compared without case, accents or extra spaces: ``DÉCOUVERTE`` → ``decouverte``."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())


_SPACES = dict.fromkeys(map(ord, " \u00a0\u202f\u2009'’"), None)
_SEPARATORS = re.compile(r"[\d.,]+")
_THOUSANDS = {",": re.compile(r"[1-9]\d{0,2}(,\d{3})+"), ".": re.compile(r"[1-9]\d{0,2}(\.\d{3})+")}
_NOT_MEASURED = {"", "-", "–", "—", "n/a", "na"}


def _number(cell: Cell, *, count: bool = True) -> float | None:
    """The number in a cell; ``None`` when it holds none; ``ValueError`` when it is not a number.

    With one kind of separator followed by groups of three digits, a *count* reads it as a
    thousands separator (``1,234`` or, localized, ``1.234``), a rate as a decimal one.
    """
    if _blank(cell):
        return None
    if isinstance(cell, bool | datetime.datetime):
        raise ValueError(cell)
    if isinstance(cell, float):
        if not math.isfinite(cell):
            raise ValueError(cell)
        return cell
    assert isinstance(cell, str)
    text = cell.strip().translate(_SPACES)
    if text.casefold() in _NOT_MEASURED or text[:1] in "<>≤≥":
        return None  # LinkedIn's "< 1%" is a bound, not a value
    percent = text.endswith("%")
    text = text.removesuffix("%")
    negative = text[:1] in ("-", "−")
    if negative:
        text = text[1:]
    if not _SEPARATORS.fullmatch(text) or not any(c.isdigit() for c in text):
        raise ValueError(cell)
    if "," in text and "." in text:
        decimal = "," if text.rfind(",") > text.rfind(".") else "."
        grouping = "." if decimal == "," else ","
        if text.count(decimal) > 1:
            raise ValueError(cell)
        text = text.replace(grouping, "").replace(decimal, ".")
    elif "," in text or "." in text:
        separator = "," if "," in text else "."
        grouped = _THOUSANDS[separator].fullmatch(text) is not None
        if text.count(separator) > 1 and not grouped:
            raise ValueError(cell)
        text = text.replace(separator, "") if grouped and (count or text.count(separator) > 1) else text
        text = text.replace(separator, ".")
    value = float(text)
    value = -value if negative else value
    return value / 100 if percent else value


_DATE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_DATE_IN_TEXT = re.compile(r"(?<!\d)(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?!\d)")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+)?")
_ISO_IN_TEXT = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_PERIOD = re.compile(r"\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}\s*[-–—]\s*\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}")


def _date(cell: Cell, day_first: bool) -> datetime.date | None:
    """The day in a date cell or a date text; ``None`` when there is none."""
    if isinstance(cell, datetime.datetime):
        return cell.date()
    if not isinstance(cell, str):
        return None
    text = cell.strip()
    if match := _DATE.fullmatch(text):
        return _day(match, day_first)
    if match := _ISO.fullmatch(text):
        return _safe_date(int(match[1]), int(match[2]), int(match[3]))
    return None


def _dates_in(cell: Cell, day_first: bool) -> list[datetime.date | None]:
    """Every date written inside a text, in order (``None`` for an impossible one)."""
    if isinstance(cell, datetime.datetime):
        return [cell.date()]
    if not isinstance(cell, str):
        return []
    found: list[tuple[int, datetime.date | None]] = [
        (match.start(), _day(match, day_first)) for match in _DATE_IN_TEXT.finditer(cell)
    ]
    found += [
        (match.start(), _safe_date(int(match[1]), int(match[2]), int(match[3])))
        for match in _ISO_IN_TEXT.finditer(cell)
    ]
    return [day for _start, day in sorted(found, key=lambda item: item[0])]


def _day(match: re.Match[str], day_first: bool) -> datetime.date | None:
    first, second, year = int(match[1]), int(match[2]), int(match[3])
    day, month = (first, second) if day_first else (second, first)
    return _safe_date(year, month, day)


def _safe_date(year: int, month: int, day: int) -> datetime.date | None:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _day_first(sheets: Iterable[_Sheet], *, default: bool) -> bool:
    """Whether the workbook writes day before month, by the dates only one order can read."""
    votes = {True: 0, False: 0}
    for sheet in sheets:
        for row in sheet.rows:
            for cell in row:
                if isinstance(cell, str) and len(cell) <= 80:
                    for match in _DATE_IN_TEXT.finditer(cell):
                        first, second = int(match[1]), int(match[2])
                        if first > 12 >= second:
                            votes[True] += 1
                        elif second > 12 >= first:
                            votes[False] += 1
    if votes[True] != votes[False]:
        return votes[True] > votes[False]
    return default


_URN = re.compile(r"urn:li:(activity|ugcPost|share):(\d+)", re.IGNORECASE)
_URN_TYPES = {"activity": "activity", "ugcpost": "ugcPost", "share": "share"}


def _post_urn(cell: Cell) -> str | None:
    """``urn:li:activity:<id>`` from a post link, encoded (``urn%3Ali%3A…``) or not."""
    if not isinstance(cell, str):
        return None
    match = _URN.search(urllib.parse.unquote(cell))
    return f"urn:li:{_URN_TYPES[match[1].casefold()]}:{match[2]}" if match else None


def _midnight(day: datetime.date) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.UTC)


# --- What one parse collects --------------------------------------------------------------------


@dataclass
class _Collector:
    filename: str
    day_first: bool
    evidence: Evidence
    metrics: dict[tuple[str, datetime.date, str], DailyMetric] = field(default_factory=dict)
    activities: dict[str, Activity] = field(default_factory=dict)

    def problem(
        self, code: str, params: Mapping[str, Any] | None = None, *, line: int, column: str | None = None
    ) -> None:
        path = (column,) if column else ()
        self.evidence.problems.append(
            Problem(code, dict(params or {}), path=path, file=self.filename, line=line)
        )

    def metric(self, scope: str, day: datetime.date, name: str, value: float) -> None:
        # A day written twice in one file keeps its last value rather than counting twice.
        self.metrics[(scope, day, name)] = DailyMetric(Network.LINKEDIN, scope, day, name, value)

    def activity(self, activity: Activity) -> None:
        self.activities.setdefault(activity.key, activity)

    def number(self, cell: Cell, *, line: int, column: str, count: bool = True) -> float | None:
        try:
            return _number(cell, count=count)
        except ValueError:
            self.problem("number_invalid", {"value": _text(cell)}, line=line, column=column)
            return None

    def date(self, cell: Cell, *, line: int, column: str) -> datetime.date | None:
        day = _date(cell, self.day_first)
        if day is None:
            self.problem("date_invalid", {"value": _text(cell)}, line=line, column=column)
        return day

    def finish(self) -> Evidence:
        self.evidence.daily_metrics.extend(self.metrics.values())
        self.evidence.activities.extend(self.activities.values())
        return self.evidence


# --- Tables whose columns are found by name, or by position when localized ----------------------


@dataclass(frozen=True)
class _Field:
    key: str
    label: str  # the English header, named in messages when the column is missing
    aliases: tuple[str, ...] = ()
    rate: bool = False

    def names(self) -> set[str]:
        return {_norm(name) for name in (self.label, *self.aliases)}


@dataclass(frozen=True)
class _Layout:
    kind: str
    sheet_names: tuple[str, ...]
    fields: tuple[_Field, ...]
    required: tuple[str, ...]
    # Localized headers: by the header's width (at least this many columns), each field's column.
    positions: tuple[tuple[int, Mapping[str, int]], ...]
    date_key: str = "date"

    def field(self, key: str) -> _Field:
        return next(f for f in self.fields if f.key == key)


def _positions(*keys: str | None) -> dict[str, int]:
    return {key: index for index, key in enumerate(keys) if key}


METRICS = _Layout(
    "metrics",
    ("Metrics", "Update metrics (aggregated)"),
    (
        _Field("date", "Date"),
        _Field("impressions_organic", "Impressions (organic)"),
        _Field("impressions_sponsored", "Impressions (sponsored)"),
        _Field("impressions", "Impressions (total)", ("Impressions",)),
        _Field("unique_impressions", "Unique impressions (organic)", ("Unique impressions",)),
        _Field("clicks", "Clicks (total)", ("Clicks",)),
        _Field("reactions", "Reactions (total)", ("Reactions", "Likes (total)", "Likes")),
        _Field("comments", "Comments (total)", ("Comments",)),
        _Field("reposts", "Reposts (total)", ("Shares (total)", "Reposts", "Shares")),
        _Field("engagement_rate", "Engagement rate (total)", ("Engagement rate",), rate=True),
    ),
    ("date", "impressions"),
    (
        (
            20,
            _positions(
                "date", "impressions_organic", "impressions_sponsored", "impressions", "unique_impressions",
                None, None, "clicks", None, None, "reactions", None, None, "comments", None, None, "reposts",
                None, None, "engagement_rate",
            ),
        ),
    ),
)  # fmt: skip

POSTS = _Layout(
    "posts",
    ("All posts", "Update engagement"),
    (
        _Field("title", "Post title", ("Update title",)),
        _Field("link", "Post link", ("Update link",)),
        _Field("type", "Post type", ("Update type",)),
        _Field("campaign", "Campaign name"),
        _Field("created", "Created date", ("Created",)),
        _Field("impressions", "Impressions"),
        _Field("views", "Views", ("Views (excluding off-site video views)", "Video views")),
        _Field("clicks", "Clicks"),
        _Field("likes", "Likes", ("Reactions",)),
        _Field("comments", "Comments"),
        _Field("reposts", "Reposts", ("Shares",)),
        _Field("follows", "Follows"),
        _Field("engagement_rate", "Engagement rate", rate=True),
    ),
    ("link", "created"),
    (
        (
            19,
            _positions(
                "title", "link", "type", "campaign", None, "created", None, None, None, "impressions",
                "views", None, "clicks", None, "likes", "comments", "reposts", "follows", "engagement_rate",
            ),
        ),
    ),
    date_key="created",
)  # fmt: skip
POST_METRICS = tuple(
    f.key for f in POSTS.fields if f.key not in ("title", "link", "type", "campaign", "created")
)

FOLLOWERS = _Layout(
    "followers",
    ("New followers",),
    (
        _Field("date", "Date"),
        _Field("new_followers_sponsored", "Sponsored followers"),
        _Field("new_followers_organic", "Organic followers"),
        _Field("new_followers_auto_invited", "Auto-invited followers"),
        _Field("new_followers_total", "Total followers", ("New followers",)),
    ),
    ("date", "new_followers_total"),
    (
        (5, _positions("date", "new_followers_sponsored", "new_followers_organic",
                       "new_followers_auto_invited", "new_followers_total")),
        (4, _positions("date", "new_followers_sponsored", "new_followers_organic", "new_followers_total")),
    ),
)  # fmt: skip

VISITORS = _Layout(
    "visitors",
    ("Visitor metrics",),
    (
        _Field("date", "Date"),
        _Field("page_views_desktop", "Total page views (desktop)"),
        _Field("page_views_mobile", "Total page views (mobile)"),
        _Field("page_views_total", "Total page views (total)"),
        _Field("unique_visitors_desktop", "Total unique visitors (desktop)"),
        _Field("unique_visitors_mobile", "Total unique visitors (mobile)"),
        _Field("unique_visitors_total", "Total unique visitors (total)"),
    ),
    ("date", "page_views_total"),
    (
        (
            25,
            {
                "date": 0, "page_views_desktop": 19, "page_views_mobile": 20, "page_views_total": 21,
                "unique_visitors_desktop": 22, "unique_visitors_mobile": 23, "unique_visitors_total": 24,
            },
        ),
    ),
)  # fmt: skip

COMPETITORS = _Layout(
    "competitors",
    ("Competitors", "Competitor analytics"),
    (
        _Field("page", "Page"),
        _Field("total_followers", "Total Followers"),
        _Field("new_followers_period", "New Followers"),
        _Field("post_engagements_period", "Total Post Engagements"),
        _Field("posts_period", "Total Posts"),
    ),
    ("page", "total_followers"),
    ((5, _positions("page", "total_followers", "new_followers_period", "post_engagements_period",
                    "posts_period")),),
    date_key="page",
)  # fmt: skip

PAGE_LAYOUTS = (METRICS, POSTS, FOLLOWERS, VISITORS, COMPETITORS)
# Sheets of the followers and visitors files that describe the audience: never stored.
PAGE_DEMOGRAPHICS = ("Location", "Job function", "Seniority", "Industry", "Company size")


@dataclass
class _Table:
    header_line: int  # 1-based
    header: Row
    rows: list[tuple[int, Row]]  # (1-based line, cells), blank rows left out


def _table(sheet: _Sheet, *, start: int = 0) -> _Table | None:
    """The header — the first row with two cells or more, after any sentence — and the rows below."""
    for index in range(start, min(len(sheet.rows), start + 6)):
        row = sheet.rows[index]
        if sum(not _blank(cell) for cell in row) >= 2:
            rows = [(number + 1, r) for number, r in enumerate(sheet.rows) if number > index and r]
            return _Table(index + 1, row, [(line, r) for line, r in rows if any(not _blank(c) for c in r)])
    return None


def _columns(layout: _Layout, table: _Table, day_first: bool) -> tuple[dict[str, int] | None, list[str]]:
    """Each field's column: by header name, else by position; or the labels of missing columns."""
    names = [_norm(_text(cell)) for cell in table.header]
    by_name: dict[str, int] = {}
    for f in layout.fields:
        wanted = f.names()
        found = next((index for index, name in enumerate(names) if name in wanted), None)
        if found is not None:
            by_name[f.key] = found
    if len(by_name) == len(layout.fields):
        return by_name, []
    # Localized headers may still share a few names with English ("Date", "Impressions"): the
    # positional layout is taken when the width fits, the first row agrees and no name found
    # contradicts it.
    width = len(_trimmed(table.header))
    for min_width, positions in sorted(layout.positions, key=lambda item: -item[0]):
        if (
            width >= min_width
            and all(positions.get(key, index) == index for key, index in by_name.items())
            and _fits(layout, positions, table, day_first)
        ):
            return {**by_name, **positions}, []
    if all(key in by_name for key in layout.required):
        return by_name, []
    return None, [layout.field(key).label for key in layout.required if key not in by_name]


def _fits(layout: _Layout, positions: Mapping[str, int], table: _Table, day_first: bool) -> bool:
    """Whether the first row agrees with a positional layout: a date (or a name) where expected."""
    if not table.rows:
        return True
    cell = _at(table.rows[0][1], positions[layout.date_key])
    if layout.date_key == "page":
        return isinstance(cell, str) and bool(cell.strip())
    return _date(cell, day_first) is not None


def _header_label(table: _Table, columns: Mapping[str, int], layout: _Layout, key: str) -> str:
    return _text(_at(table.header, columns.get(key))) or layout.field(key).label


def _guess_page_layout(sheet: _Sheet, day_first: bool) -> _Layout | None:
    """The layout of a sheet whose name is not known (a localized export), by its shape."""
    table = _table(sheet)
    if table is None or not table.rows:
        return None
    width = len(_trimmed(table.header))
    first = table.rows[0][1]
    if _date(_at(first, 0), day_first) is not None:
        if width >= 25:
            return VISITORS
        if width >= 10:
            return METRICS
        if 4 <= width <= 5:
            return FOLLOWERS
        return None
    if width >= 19 and _post_urn(_at(first, 1)):
        return POSTS
    return None


# --- Company page -------------------------------------------------------------------------------


def parse_page_export(raw: bytes, *, filename: str) -> Evidence:
    """A company page's analytics download (content, followers, visitors or competitors)."""
    evidence = Evidence(source="linkedin-page")
    sheets, problems = _open_workbook(raw, filename)
    evidence.problems.extend(problems)
    if sheets is None:
        return evidence
    if all(sheet.empty for sheet in sheets):
        evidence.problems.append(Problem("file_empty", file=filename))
        return evidence
    known = {_norm(name): layout for layout in PAGE_LAYOUTS for name in layout.sheet_names}
    english = any(_norm(sheet.name) in known for sheet in sheets)
    collector = _Collector(filename, _day_first(sheets, default=not english), evidence)
    chosen: dict[int, _Layout] = {}
    for sheet in sheets:
        layout = known.get(_norm(sheet.name)) or _competitors_by_header(sheet)
        if layout is not None and layout not in chosen.values():
            chosen[sheet.index] = layout
    for sheet in sheets:
        if sheet.index in chosen:
            continue
        guess = _guess_page_layout(sheet, collector.day_first)
        if guess is not None and guess not in chosen.values():
            chosen[sheet.index] = guess
    if not chosen:
        evidence.problems.append(Problem("not_page_analytics", file=filename))
    for sheet in sheets:
        layout = chosen.get(sheet.index)
        if layout is None:
            evidence.skipped.append(Skipped(sheet.name, "not_relevant"))
        elif layout is POSTS:
            _page_posts(sheet, collector)
        elif layout is COMPETITORS:
            _competitors(sheet, collector)
        else:
            _page_daily(sheet, layout, collector)
    return collector.finish()


def _page_daily(sheet: _Sheet, layout: _Layout, collector: _Collector) -> None:
    table = _table(sheet)
    if table is None:
        return  # an empty sheet: nothing happened
    columns = _located_columns(layout, table, collector)
    if columns is None:
        return
    date_label = _header_label(table, columns, layout, "date")
    for line, row in table.rows:
        collector.evidence.rows_read += 1
        day = collector.date(_at(row, columns["date"]), line=line, column=date_label)
        if day is None:
            continue
        for f in layout.fields:
            if f.key == "date" or f.key not in columns:
                continue
            label = _header_label(table, columns, layout, f.key)
            value = collector.number(_at(row, columns[f.key]), line=line, column=label, count=not f.rate)
            if value is not None:
                collector.metric(PAGE, day, f.key, value)


def _located_columns(layout: _Layout, table: _Table, collector: _Collector) -> dict[str, int] | None:
    columns, missing = _columns(layout, table, collector.day_first)
    for label in missing:
        collector.problem("column_missing", {"column": label}, line=table.header_line)
    return columns


_SPONSORED = {"sponsored", "sponsorise", "sponsorisee", "patrocinado", "patrocinada", "gesponsert"}
_ORGANIC = {"organic", "organique", "organico", "organica", "organisch"}


def _page_posts(sheet: _Sheet, collector: _Collector) -> None:
    table = _table(sheet)
    if table is None:
        return
    columns = _located_columns(POSTS, table, collector)
    if columns is None:
        return

    def label(key: str) -> str:
        return _header_label(table, columns, POSTS, key)

    for line, row in table.rows:
        collector.evidence.rows_read += 1
        link = _at(row, columns["link"])
        key = _post_urn(link)
        if key is None:
            collector.problem("link_invalid", {"value": _text(link)}, line=line, column=label("link"))
            continue
        day = collector.date(_at(row, columns["created"]), line=line, column=label("created"))
        if day is None:
            continue
        metrics: dict[str, float] = {}
        for name in POST_METRICS:
            if name in columns:
                rate = POSTS.field(name).rate
                value = collector.number(
                    _at(row, columns[name]), line=line, column=label(name), count=not rate
                )
                if value is not None:
                    metrics[name] = value
        metrics["sponsored"] = _sponsored(row, columns)
        title = _at(row, columns.get("title"))
        collector.activity(
            Activity(
                Network.LINKEDIN,
                Kind.POST,
                key,
                _midnight(day),
                text=title.strip() if isinstance(title, str) else "",
                url=_text(link),
                metrics=metrics,
            )
        )


def _sponsored(row: Row, columns: Mapping[str, int]) -> float:
    kind = _norm(_text(_at(row, columns.get("type"))))
    if kind in _SPONSORED:
        return 1.0
    if kind in _ORGANIC:
        return 0.0
    return 0.0 if _blank(_at(row, columns.get("campaign"))) else 1.0


def _competitors_by_header(sheet: _Sheet) -> _Layout | None:
    """The competitors sheet has no known name: its header starts with ``Page, Total Followers``."""
    for row in sheet.rows[:6]:
        names = [_norm(_text(cell)) for cell in row[:2]]
        if names == ["page", "total followers"]:
            return COMPETITORS
    return None


def _competitors(sheet: _Sheet, collector: _Collector) -> None:
    header_index = next(
        (
            index
            for index, row in enumerate(sheet.rows[:6])
            if sum(not _blank(c) for c in row) >= 5 and _dates_in(_at(row, 0), collector.day_first) == []
        ),
        None,
    )
    if header_index is None:
        return
    table = _table(sheet, start=header_index)
    if table is None:
        return
    columns = _located_columns(COMPETITORS, table, collector)
    if columns is None or not table.rows:
        return
    # The period is written above the header ("01/01/2025 - 03/31/2025"): its last date ends it.
    above = [cell for row in sheet.rows[:header_index] for cell in row]
    dates = [day for cell in above for day in _dates_in(cell, collector.day_first)]
    end = dates[-1] if dates else None
    if end is None:
        text = " ".join(_text(cell) for cell in above if not _blank(cell))
        collector.problem("date_invalid", {"value": text}, line=max(header_index, 1))
        return
    for line, row in table.rows:
        collector.evidence.rows_read += 1
        page = _text(_at(row, columns["page"]))
        if not page:
            continue
        for f in COMPETITORS.fields[1:]:
            if f.key in columns:
                label = _header_label(table, columns, COMPETITORS, f.key)
                value = collector.number(_at(row, columns[f.key]), line=line, column=label)
                if value is not None:
                    collector.metric(PAGE, end, f"competitor:{page}:{f.key}", value)


# --- Creator ------------------------------------------------------------------------------------

DISCOVERY, ENGAGEMENT, TOP_POSTS, CREATOR_FOLLOWERS = "discovery", "engagement", "top_posts", "followers"
CREATOR_ORDER = (DISCOVERY, ENGAGEMENT, TOP_POSTS, CREATOR_FOLLOWERS)  # index fallback
CREATOR_SHEETS: dict[str, tuple[str, ...]] = {
    DISCOVERY: ("DISCOVERY", "DÉCOUVERTE", "Descoberta", "Descubrimiento", "Entdeckung", "Scoperta"),
    ENGAGEMENT: ("ENGAGEMENT", "Engajamento", "Interacciones", "Interazioni", "Interaktionen"),
    TOP_POSTS: (
        "TOP POSTS",
        "MEILLEURES PUBLICATIONS",
        "PUBLICATIONS LES PLUS POPULAIRES",
        "TOP PUBLICATIONS",
        "Publicações mais em alta",
        "Publicaciones principales",
        "Top-Beiträge",
    ),
    CREATOR_FOLLOWERS: ("FOLLOWERS", "ABONNÉS", "Seguidores", "Abonnenten", "Follower"),
}
CREATOR_SKIPPED = (
    "DEMOGRAPHICS",
    "AUDIENCE DEMOGRAPHICS",
    "CONTENT DEMOGRAPHICS",
    "DONNÉES DÉMOGRAPHIQUES",
    "Démographie de l’audience",
    "Démographie du contenu",
    "Dados demográficos do público",
    "Dados demográficos do conteúdo",
    "Datos demográficos",
)
ENGLISH_ONLY = {
    _norm(n) for n in ("DISCOVERY", "TOP POSTS", "FOLLOWERS", "DEMOGRAPHICS", "AUDIENCE DEMOGRAPHICS")
}
IMPRESSIONS = {_norm(n) for n in ("Impressions", "Impressões", "Impresiones", "Impressionen", "Impressioni")}
ENGAGEMENTS = {
    _norm(n)
    for n in ("Engagements", "Engagement", "Interactions", "Engajamentos", "Interações", "Interacciones")
}
MEMBERS_REACHED = {
    _norm(n) for n in ("Members reached", "Membres touchés", "Membros alcançados", "Miembros alcanzados")
}


def parse_creator_export(raw: bytes, *, filename: str) -> Evidence:
    """A person's creator analytics workbook (``Content_…``/``AggregateAnalytics_….xlsx``)."""
    evidence = Evidence(source="linkedin-creator")
    sheets, problems = _open_workbook(raw, filename)
    evidence.problems.extend(problems)
    if sheets is None:
        return evidence
    if all(sheet.empty for sheet in sheets):
        evidence.problems.append(Problem("file_empty", file=filename))
        return evidence
    by_name = {_norm(name): kind for kind, names in CREATOR_SHEETS.items() for name in names}
    skipped = {_norm(name) for name in CREATOR_SKIPPED}
    english = any(_norm(sheet.name) in ENGLISH_ONLY for sheet in sheets)
    collector = _Collector(filename, _day_first(sheets, default=not english), evidence)
    chosen: dict[int, str] = {}
    for sheet in sheets:
        kind = by_name.get(_norm(sheet.name))
        if kind is not None and kind not in chosen.values():
            chosen[sheet.index] = kind
    if not chosen and (len(sheets) < len(CREATOR_ORDER) or not _has_period(sheets[: len(CREATOR_ORDER)])):
        evidence.problems.append(Problem("not_creator_analytics", file=filename))
        evidence.skipped.extend(Skipped(sheet.name, "not_relevant") for sheet in sheets)
        return evidence
    for index, kind in enumerate(CREATOR_ORDER):
        if kind in chosen.values() or index >= len(sheets) or index in chosen:
            continue
        if _norm(sheets[index].name) not in skipped and _norm(sheets[index].name) not in by_name:
            chosen[index] = kind
    readers = {
        DISCOVERY: _discovery,
        ENGAGEMENT: _engagement,
        TOP_POSTS: _top_posts,
        CREATOR_FOLLOWERS: _creator_followers,
    }
    for sheet in sheets:
        kind = chosen.get(sheet.index)
        if kind is None:
            evidence.skipped.append(Skipped(sheet.name, "not_relevant"))
        else:
            readers[kind](sheet, collector)
    return collector.finish()


def _has_period(sheets: Iterable[_Sheet]) -> bool:
    """Whether a workbook names a period (``7/1/2024 - 6/30/2025``), as DISCOVERY does."""
    return any(
        isinstance(cell, str) and len(cell) <= 80 and _PERIOD.search(cell)
        for sheet in sheets
        for row in sheet.rows[:10]
        for cell in row
    )


def _label_rows(sheet: _Sheet) -> Iterable[tuple[int, Row]]:
    for number, row in enumerate(sheet.rows, start=1):
        if any(not _blank(cell) for cell in row):
            yield number, row


def _discovery(sheet: _Sheet, collector: _Collector) -> None:
    """``Overall Performance | 7/1/2024 - 6/30/2025`` then ``Impressions | n``, ``Members reached | n``."""
    end: datetime.date | None = None
    first: tuple[int, str] | None = None
    values: list[tuple[int, str, float]] = []
    for line, row in _label_rows(sheet):
        collector.evidence.rows_read += 1
        if first is None:
            first = (line, " ".join(_text(cell) for cell in row if not _blank(cell)))
        dates = [day for cell in row for day in _dates_in(cell, collector.day_first)]
        if dates and end is None:
            end = dates[-1]
            if end is None:
                collector.problem("date_invalid", {"value": first[1]}, line=line)
                return
            continue
        label = _text(_at(row, 0))
        value = collector.number(_at(row, 1), line=line, column=label)
        if value is not None:
            values.append((line, _norm(label), value))
    if not values:
        return
    if end is None:
        assert first is not None
        collector.problem("date_invalid", {"value": first[1]}, line=first[0])
        return
    named = any(label in IMPRESSIONS | MEMBERS_REACHED for _, label, _ in values)
    for position, (_line, label, value) in enumerate(values):
        if named:
            metric = (
                "impressions_period"
                if label in IMPRESSIONS
                else "members_reached_period"
                if label in MEMBERS_REACHED
                else None
            )
        else:
            metric = ("impressions_period", "members_reached_period", None)[min(position, 2)]
        if metric is not None:
            collector.metric(PERSON, end, metric, value)


def _daily_header(rows: Sequence[tuple[int, Row]], day_first: bool) -> int | None:
    """Index (in ``rows``) of a ``Date, …`` header: two cells or more, neither a date nor a number."""
    for index, (_line, row) in enumerate(rows):
        if sum(not _blank(c) for c in row) < 2 or _date(_at(row, 0), day_first) is not None:
            continue
        try:
            is_number = _number(_at(row, 1)) is not None
        except ValueError:
            is_number = False
        if not is_number:
            return index
    return None


def _engagement(sheet: _Sheet, collector: _Collector) -> None:
    """``Date, Impressions, Engagements``: one row per day."""
    rows = list(_label_rows(sheet))
    start = _daily_header(rows, collector.day_first)
    if start is None:
        return
    header = rows[start][1]
    names = [_norm(_text(cell)) for cell in header]
    columns = {
        "impressions": next((i for i, n in enumerate(names) if n in IMPRESSIONS), None),
        "engagements": next((i for i, n in enumerate(names) if n in ENGAGEMENTS), None),
    }
    if columns["impressions"] is None and columns["engagements"] is None:
        columns = {"impressions": 1, "engagements": 2}  # localized headers: by position
    _daily_rows(rows[start + 1 :], header, columns, collector)


def _daily_rows(
    rows: Sequence[tuple[int, Row]], header: Row, columns: Mapping[str, int | None], collector: _Collector
) -> None:
    date_label = _text(_at(header, 0)) or "Date"
    for line, row in rows:
        collector.evidence.rows_read += 1
        day = collector.date(_at(row, 0), line=line, column=date_label)
        if day is None:
            continue
        for metric, column in columns.items():
            if column is None:
                continue
            label = _text(_at(header, column)) or metric
            value = collector.number(_at(row, column), line=line, column=label)
            if value is not None:
                collector.metric(PERSON, day, metric, value)


def _creator_followers(sheet: _Sheet, collector: _Collector) -> None:
    """``Total followers on 6/30/2025: | n``, a blank row, then ``Date, New followers``."""
    rows = list(_label_rows(sheet))
    start = _daily_header(rows, collector.day_first)
    for line, row in rows[: start if start is not None else len(rows)]:
        collector.evidence.rows_read += 1
        dates = _dates_in(_at(row, 0), collector.day_first)
        if not dates:
            continue
        label = _text(_at(row, 0))
        if dates[-1] is None:
            collector.problem("date_invalid", {"value": label}, line=line, column=label)
            continue
        total = collector.number(_at(row, 1), line=line, column=label)
        if total is not None:
            collector.evidence.profile = Profile(Network.LINKEDIN, followers=round(total))
            collector.metric(PERSON, dates[-1], "followers", total)
    if start is not None:
        _daily_rows(rows[start + 1 :], rows[start][1], {"new_followers": 1}, collector)


def _top_posts(sheet: _Sheet, collector: _Collector) -> None:
    """Two side-by-side tables ``Post URL, Post publish date, <metric>``, merged by post."""
    rows = list(_label_rows(sheet))
    start = next((i for i, (_, row) in enumerate(rows) if sum(not _blank(c) for c in row) >= 3), None)
    if start is None:
        return
    header = rows[start][1]
    groups: list[list[int]] = []
    for column, cell in enumerate(header):
        if _blank(cell):
            continue
        if groups and groups[-1][-1] == column - 1:
            groups[-1].append(column)
        else:
            groups.append([column])
    tables = [group[:3] for group in groups if len(group) >= 3]
    posts: dict[str, tuple[datetime.date, str, dict[str, float]]] = {}
    for position, (url_column, date_column, value_column) in enumerate(tables):
        name = _norm(_text(header[value_column]))
        if "impress" in name:
            metric = "impressions"
        elif "engag" in name or "interac" in name:
            metric = "engagements"
        else:
            metric = ("engagements", "impressions")[min(position, 1)]
        for line, row in rows[start + 1 :]:
            url = _at(row, url_column)
            if _blank(url):
                continue
            collector.evidence.rows_read += 1
            key = _post_urn(url)
            if key is None:
                collector.problem(
                    "link_invalid", {"value": _text(url)}, line=line, column=_text(header[url_column])
                )
                continue
            day = collector.date(_at(row, date_column), line=line, column=_text(header[date_column]))
            if day is None:
                continue
            value = collector.number(_at(row, value_column), line=line, column=_text(header[value_column]))
            entry = posts.setdefault(key, (day, _text(url), {}))
            if value is not None:
                entry[2][metric] = value
    for key, (day, url, metrics) in posts.items():
        collector.activity(
            Activity(Network.LINKEDIN, Kind.POST, key, _midnight(day), url=url, metrics=metrics)
        )
