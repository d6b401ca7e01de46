"""LinkedIn member archive ("Get a copy of your data") → :class:`Evidence`.

What is read, file by file (FORMATS.md §1; names matched case-insensitively, spaces = underscores,
member-id suffixes allowed: ``Shares_155814142.csv``):

* ``Profile.csv`` (+ ``Profile Summary.csv``), ``Positions.csv``, ``Skills.csv`` (a count) → the
  profile. Birth date, address, zip code, instant messengers and Twitter handles are not kept.
* ``Shares.csv`` → posts; an empty ``ShareCommentary`` is a repost. Key: the URN of ``ShareLink``
  (``urn:li:share:123``). Multi-line texts lose the stray quotes LinkedIn adds (§1.5).
* ``InstantReposts.csv`` → reposts (key: the reposted post's URN).
* ``Comments.csv`` → comments, read by records anchored on their timestamp (§1.5: ``\\"`` quotes
  since 2025, unquoted multi-line messages in 2021). Key: a hash of date, target and text.
* ``Reactions.csv`` / ``Likes.csv`` → reactions (key: a hash of date and target).
* ``Articles/**.html`` → articles (title, body text, publication or creation date). **Drafts**
  (``Not published yet``) are not public activity: they are listed as skipped, ``private``.
* ``Connections.csv`` → connections, found under the Notes preamble by their header. The e-mail
  column is never mapped and names are not stored: the key is the profile URL, else a hash of
  name, company and date (rows without URL nor name, closed accounts, are numbered in order so
  that two of them on the same day stay two connections).
* ``Company Follows.csv``, ``Member_Follows.csv``, ``Hashtag_Follows.csv`` → follows (the latest
  row of each name wins, so an ``Unfollow`` after a follow makes it inactive).
* ``Recommendations_Received.csv``, ``Endorsement_Received_Info.csv`` → received (no text, URL or
  name is stored, only hashed keys; hidden, pending or rejected ones are left out).

**Never decoded** (listed as skipped, ``private``): messages of every kind, ``Invitations.csv``
(the whole file: its ``Message`` column holds private notes, and no record type needs its counts),
contacts, e-mail addresses, phone numbers, logins, security challenges, registration, receipts,
ad targeting, inferences, identity assets, search queries, ``Jobs/`` and ``Verifications/`` (and,
to be safe, any name with "message", "contact", "email", "phone", "job"…).
Known files without a record type (education, certifications, ``Rich_Media.csv``,
``Learning.csv``…) are ``not_relevant``; anything else is ``unknown_file``.

Every CSV is decoded and split on its own (UTF-8 with or without BOM, UTF-16 with BOM and tabs as
in 2018, semicolons of a file re-saved by Excel), and its header is found by content, below any
preamble. A missing required column is a ``column_missing`` problem for that file; a row whose
date cannot be read is reported (``date_invalid``) and left out, the others are kept. Problems
name the file by its path in the archive; ``source_name`` (the archive) names the only problem
about the whole archive: no LinkedIn file at all. Records are deduplicated by natural key within
one archive (the first wins); ``rows_read`` counts the data rows (and article pages) read.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from operator import attrgetter

from ..errors import Problem
from ..tabular.text import decode
from .archive import split_name
from .dates import is_blank, parse_day, parse_instant
from .records import (
    Activity,
    Connection,
    Evidence,
    Files,
    Follow,
    Kind,
    Network,
    Position,
    Profile,
    Received,
    Skipped,
    capped,
)

LINKEDIN = Network.LINKEDIN
HEADER_SEARCH_LINES = 50  # a preamble (Connections' Notes) is a few lines
DELIMITERS = (",", ";", "\t")
FILLERS = frozenset({"NA", "N/A", "n/a", "#N/A"})  # "no value" in files re-saved by a spreadsheet

# -- Which file is what --------------------------------------------------------------------------

# Compared without case, spaces, underscores, hyphens and a trailing number.
PRIVATE = frozenset(
    {
        "messages",
        "guidemessages",
        "learningcoachmessages",
        "learningroleplaymessages",
        "invitations",
        "importedcontacts",
        "contacts",
        "emailaddresses",
        "phonenumbers",
        "whatsappphonenumbers",
        "logins",
        "securitychallenges",
        "registration",
        "adtargeting",
        "adsclicked",
        "inferencesaboutyou",
        "privateidentityasset",
        "searchqueries",
        "accountstatushistory",
        "verifications",
        "savedjobalerts",
        "jobapplications",
        "jobseekerpreferences",
        "jobapplicantsavedanswers",
        "jobapplicantsavedscreeningquestionresponses",
    }
)
PRIVATE_PREFIXES = ("receipts", "messages")
# Any name with one of these is private too: better an unread file than a leaked one.
PRIVATE_WORDS = (
    "message",
    "job",
    "inmail",
    "contact",
    "email",
    "phone",
    "login",
    "password",
    "payment",
    "receipt",
    "identity",
    "verification",
    "searchquer",
    "inference",
    "targeting",
)
PRIVATE_FOLDERS = frozenset({"jobs", "verifications"})
NOT_RELEVANT = frozenset(
    {
        "education",
        "certifications",
        "languages",
        "honors",
        "projects",
        "publications",
        "courses",
        "patents",
        "testscores",
        "organizations",
        "volunteering",
        "volunteeringexperiences",
        "causesyoucareabout",
        "groups",
        "events",
        "votes",
        "saveditems",
        "recommendationsgiven",
        "endorsementgiveninfo",
        "richmedia",
        "learning",
        "servicesmarketplace",
        "providers",
        "companies",
    }
)
ROLES = {
    "profile": "profile",
    "profilesummary": "profile_summary",
    "positions": "positions",
    "skills": "skills",
    "shares": "shares",
    "instantreposts": "instant_reposts",
    "comments": "comments",
    "reactions": "reactions",
    "likes": "reactions",
    "connections": "connections",
    "companyfollows": "company_follows",
    "memberfollows": "member_follows",
    "hashtagfollows": "hashtag_follows",
    "recommendationsreceived": "recommendations",
    "endorsementreceivedinfo": "endorsements",
}
_SEPARATORS = re.compile(r"[\s_\-]+")
_TRAILING_NUMBER = re.compile(r"\(?\d+\)?$")


def file_role(path: str) -> str:
    """``shares``, ``comments``… for a file to read; ``private``, ``not_relevant`` or ``unknown_file``."""
    *folders, base = path.split("/")
    folder_names = {_SEPARATORS.sub("", folder.lower()) for folder in folders}
    if folder_names & PRIVATE_FOLDERS:
        return "private"
    stem, extension = split_name(base)
    compact = _SEPARATORS.sub("", stem)
    bare = _TRAILING_NUMBER.sub("", compact) or compact
    if (
        bare in PRIVATE
        or compact in PRIVATE
        or bare.startswith(PRIVATE_PREFIXES)
        or any(word in compact for word in PRIVATE_WORDS)
    ):
        return "private"
    if "articles" in folder_names:
        return "article" if extension in (".html", ".htm") else "not_relevant"
    if extension == ".csv" and bare in ROLES:
        return ROLES[bare]
    if bare in NOT_RELEVANT:
        return "not_relevant"
    return "unknown_file"


# -- Columns ---------------------------------------------------------------------------------------


def _header_key(name: str) -> str:
    return re.sub(r"[\s_\"'\ufeff.]+", "", name).lower()


@dataclass(frozen=True)
class Column:
    name: str  # as LinkedIn writes it today (used in problems)
    aliases: tuple[str, ...]  # compared with _header_key
    required: bool = False


def _column(name: str, *aliases: str, required: bool = False) -> Column:
    return Column(name, (_header_key(name), *aliases), required)


DATE = _column("Date", required=True)
COLUMNS: dict[str, tuple[Column, ...]] = {
    "profile": (
        _column("First Name", required=True),
        _column("Last Name"),
        _column("Headline"),
        _column("Summary"),
        _column("Industry"),
        _column("Geo Location", "location"),
        _column("Country"),
        _column("Websites", "website"),
    ),
    "positions": (
        _column("Company Name", "company", required=True),
        _column("Title", "jobtitle", required=True),
        _column("Started On", "startdate"),
        _column("Finished On", "enddate"),
    ),
    "skills": (_column("Name", "skill", "skillname", required=True),),
    "shares": (
        DATE,
        _column("ShareLink", required=True),
        _column("ShareCommentary", required=True),
        _column("SharedUrl"),
    ),
    "instant_reposts": (DATE, _column("Link", "url", required=True)),
    "comments": (DATE, _column("Link", "url", required=True), _column("Message", "comment", required=True)),
    "reactions": (DATE, _column("Link", "url", required=True), _column("Type", "reactiontype")),
    "connections": (
        _column("First Name", required=True),
        _column("Last Name"),
        _column("URL", "profileurl"),
        _column("Company"),
        _column("Position"),
        _column("Connected On", required=True),
    ),
    "company_follows": (
        _column("Organization", "organisation", "company", "companyname", required=True),
        _column("Followed On", required=True),
    ),
    "member_follows": (
        DATE,
        _column("FullName", "name", "member", required=True),
        _column("Status"),
    ),
    "hashtag_follows": (
        _column("HashTag", "name", required=True),
        _column("CreatedTime", "date", "followedon"),
        _column("State", "status"),
    ),
    "recommendations": (
        _column("First Name", required=True),
        _column("Last Name", required=True),
        _column("Company"),
        _column("Job Title", "title"),
        _column("Creation Date", "date"),
        _column("Status"),
    ),
    "endorsements": (
        _column("Endorsement Date", "date"),
        _column("Skill Name", "skill", required=True),
        _column("Endorser First Name"),
        _column("Endorser Last Name"),
        _column("Endorser Public Url", "endorserurl"),
        _column("Endorsement Status", "status"),
    ),
}
HIDDEN_STATUSES = frozenset(
    {"HIDDEN", "REJECTED", "DECLINED", "PENDING", "WITHDRAWN", "DELETED", "INVISIBLE"}
)

# -- Text fixes ----------------------------------------------------------------------------------------

_URN_ESCAPES = tuple(
    (escape, character)
    for character in ":(),"
    for escape in (f"%{ord(character):02X}", f"%{ord(character):02x}")
)
_URN = re.compile(r"urn:li:[A-Za-z]+:\d+(?:-\d+)*")  # groupPost: <group>-<post>
_COMMENT_URN = re.compile(r"urn:li:comment:\([A-Za-z]+:\d+,\d+\)")
_COMMENT_RECORD = re.compile(r"^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}),", re.MULTILINE)
_ESCAPED_QUOTE = re.compile(r'\\"|""')
_WEB_ADDRESS = re.compile(r"(?:https?://|www\.)[^\s,\[\]\"'<>]+", re.IGNORECASE)


def repair_share_text(text: str) -> str:
    """A multi-line ``ShareCommentary`` without LinkedIn's stray quotes (FORMATS.md §1.5).

    LinkedIn writes each line break as ``""``+newline+``""``; read back, every line but the
    first starts with a stray ``"`` and every line but the last ends with one. Texts that do not
    follow this pattern throughout are left as they are.
    """
    if "\n" not in text:
        return text
    lines = text.replace("\r\n", "\n").split("\n")
    last = len(lines) - 1
    if not (
        all(line.endswith('"') for line in lines[:last])
        and all(line.startswith('"') for line in lines[1:])
        and all(len(line) >= 2 for line in lines[1:last])
    ):
        return text
    return "\n".join(
        line[1 if index else 0 : len(line) - 1 if index < last else len(line)]
        for index, line in enumerate(lines)
    )


def urn_of(link: str) -> str:
    """The URN a LinkedIn link points to (URL-decoded); a comment's when the link names one."""
    if "%" in link:
        link = link.replace("%3A", ":")
        if "%" in link:
            for escaped, character in _URN_ESCAPES:
                link = link.replace(escaped, character)
    match = (_COMMENT_URN.search(link) if "urn:li:comment:(" in link else None) or _URN.search(link)
    return match.group() if match else ""


def _stamp(at: datetime.datetime, text: str) -> str:
    """``at`` as ``2025-07-01 14:33:22`` for a key: the text itself when it is written so already."""
    if len(text) == 19 and text[4] == "-" and text[10] == " ":
        return text
    return at.strftime("%Y-%m-%d %H:%M:%S.%f" if at.microsecond else "%Y-%m-%d %H:%M:%S")


def _digest(*parts: str) -> str:
    joined = "\x1f".join(parts).encode("utf-8", "surrogatepass")
    return hashlib.blake2b(joined, digest_size=12).hexdigest()


def _websites(text: str) -> tuple[str, ...]:
    """The web addresses of ``[COMPANY:https://…/]`` or ``PORTFOLIO:http://…, BLOG:…``."""
    return tuple(dict.fromkeys(match.rstrip(".,;)") for match in _WEB_ADDRESS.findall(text)))


# -- Reading CSV files ----------------------------------------------------------------------------------


@dataclass
class _Table:
    """The records of one CSV file below its header."""

    path: str
    text: str
    delimiter: str
    header_line: int  # 1-based
    body_start: int  # offset of the first character after the header line
    positions: list[int]  # the cell of each column of the file's spec, -1 when absent

    def rows(self, problems: list[Problem]) -> Iterator[tuple[int, list[str]]]:
        """Each non-blank record as ``(line, one stripped value per column of the spec)``."""
        reader = csv.reader(io.StringIO(self.text[self.body_start :], newline=""), delimiter=self.delimiter)
        positions = self.positions
        width = max(positions) + 1
        while True:
            line = self.header_line + reader.line_num + 1
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error:  # a field beyond the csv module's limit (131,072 characters)
                problems.append(Problem("file_corrupt", {"format": "CSV"}, file=self.path, line=line))
                return
            if len(cells) < width:
                cells += [""] * (width - len(cells))
            cells.append("")  # what position -1 reads
            values = ["" if (value := cells[index].strip()) in FILLERS else value for index in positions]
            if any(values):
                yield line, values


def _decoded(raw: bytes, path: str, problems: list[Problem]) -> str | None:
    decoded = decode(raw)
    if decoded is None:
        problems.append(Problem("unknown_encoding", file=path))
        return None
    problems.extend(decoded.problems(path))  # a NUL removed, lines that were not UTF-8
    return decoded.text.lstrip("\ufeff")


def _open_table(text: str, path: str, columns: tuple[Column, ...], problems: list[Problem]) -> _Table | None:
    """The header found by content among the first lines (below a preamble), with its delimiter."""
    required = [column.name for column in columns if column.required]
    closest: tuple[int, int, dict[str, int]] = (0, 1, {})  # matches, line, indexes: for the problems
    offset = 0
    for number in range(1, HEADER_SEARCH_LINES + 1):
        end = text.find("\n", offset)
        end = len(text) if end < 0 else end + 1
        line = text[offset:end].rstrip("\r\n")
        candidates = [
            (len(indexes), delimiter, indexes)
            for delimiter in DELIMITERS
            if delimiter in line or len(columns) == 1
            for indexes in (_match_header(line, delimiter, columns),)
        ]
        for found, delimiter, indexes in sorted(candidates, key=lambda c: -c[0]):
            if all(name in indexes for name in required):
                positions = [indexes.get(column.name, -1) for column in columns]
                return _Table(path, text, delimiter, number, end, positions)
            if found > closest[0]:
                closest = (found, number, indexes)
        if end >= len(text):
            break
        offset = end
    if not text.strip():
        return None  # an empty file: no rows, no problem
    _found, header_line, indexes = closest
    for name in required:
        if name not in indexes:
            problems.append(
                Problem("column_missing", {"column": name}, path=(name,), file=path, line=header_line)
            )
    return None


def _match_header(line: str, delimiter: str, columns: tuple[Column, ...]) -> dict[str, int]:
    try:
        cells = next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:
        return {}
    keys = [_header_key(cell) for cell in cells]
    indexes: dict[str, int] = {}
    for column in columns:
        for alias in column.aliases:
            if alias in keys:
                indexes[column.name] = keys.index(alias)
                break
    return indexes


# -- Parsing -------------------------------------------------------------------------------------------------


Rows = Iterator[tuple[int, list[str]]]


@dataclass
class _Parser:
    files: Files
    evidence: Evidence = field(default_factory=lambda: Evidence("linkedin"))
    activity_keys: set[tuple[Kind, str]] = field(default_factory=set)
    connection_keys: set[str] = field(default_factory=set)
    anonymous: dict[str, int] = field(default_factory=dict)
    follows: dict[tuple[str, str], Follow] = field(default_factory=dict)
    received_keys: set[tuple[str, str]] = field(default_factory=set)
    profile_row: list[str] | None = None
    summary: str = ""
    positions: dict[tuple[str, str, datetime.date | None], Position] = field(default_factory=dict)
    skills: set[str] = field(default_factory=set)
    has_profile_data: bool = False

    @property
    def problems(self) -> list[Problem]:
        return self.evidence.problems

    def add(self, activity: Activity) -> None:
        identity = (activity.kind, activity.key)
        if identity not in self.activity_keys:
            self.activity_keys.add(identity)
            self.evidence.activities.append(activity)

    def table(self, path: str, role: str) -> Rows:
        """The records of a CSV file, one value per column of ``COLUMNS[role]``, counted as read."""
        text = _decoded(self.files[path], path, self.problems)
        if text is not None:
            yield from self.counted(self.table_of_text(text, path, role))

    def table_of_text(self, text: str, path: str, role: str) -> Rows:
        table = _open_table(text, path, COLUMNS[role], self.problems)
        return iter(()) if table is None else table.rows(self.problems)

    def counted(self, rows: Rows) -> Rows:
        for row in rows:
            self.evidence.rows_read += 1
            yield row

    def bad_date(self, path: str, line: int, column: str, value: str) -> None:
        self.problems.append(
            Problem("date_invalid", {"value": value[:100]}, path=(column,), file=path, line=line)
        )

    def instant(self, path: str, line: int, column: str, value: str) -> datetime.datetime | None:
        """A required moment; ``None`` (reported) when it is missing or unreadable."""
        moment = parse_instant(value)
        if moment is None:
            self.bad_date(path, line, column, value)
        return moment

    def day(self, path: str, line: int, column: str, value: str) -> tuple[bool, datetime.date | None]:
        """An optional day: ``(True, None)`` when blank, ``(False, None)`` (reported) when unreadable."""
        if is_blank(value):
            return True, None
        day = parse_day(value)
        if day is None:
            self.bad_date(path, line, column, value)
            return False, None
        return True, day

    # -- activities --

    def shares(self, path: str) -> None:
        for line, (date, link, commentary, shared_url) in self.table(path, "shares"):
            at = self.instant(path, line, "Date", date)
            if at is None:
                continue
            text = repair_share_text(commentary).strip()
            key = urn_of(link) or link or "h:" + _digest(_stamp(at, date), text)
            kind = Kind.POST if text else Kind.REPOST
            activity = Activity(LINKEDIN, kind, key, at, text=text, url=link, target=shared_url)
            self.add(capped(activity, self.problems, file=path, line=line))

    def instant_reposts(self, path: str) -> None:
        for line, (date, link) in self.table(path, "instant_reposts"):
            at = self.instant(path, line, "Date", date)
            if at is None:
                continue
            target = urn_of(link) or link
            key = target or "h:" + _digest(_stamp(at, date))
            self.add(Activity(LINKEDIN, Kind.REPOST, key, at, url=link, target=target))

    def comments(self, path: str) -> None:
        text = _decoded(self.files[path], path, self.problems)
        if text is None:
            return
        records = _comment_records(text)
        if records is None:  # not the usual layout (re-saved, older): an ordinary CSV
            records = self.table_of_text(text, path, "comments")
        for line, (date, link, message) in self.counted(records):
            at = self.instant(path, line, "Date", date)
            if at is None:
                continue
            target = urn_of(link) or link
            key = _digest(_stamp(at, date), target, message)
            activity = Activity(LINKEDIN, Kind.COMMENT, key, at, text=message, url=link, target=target)
            self.add(capped(activity, self.problems, file=path, line=line))

    def reactions(self, path: str) -> None:
        for line, (date, link, reaction) in self.table(path, "reactions"):
            at = self.instant(path, line, "Date", date)
            if at is None:
                continue
            target = urn_of(link) or link
            key = _digest(_stamp(at, date), target)
            reaction = reaction.upper() or "LIKE"  # Likes.csv (2015) has no type
            self.add(
                Activity(LINKEDIN, Kind.REACTION, key, at, url=link, target=target, reaction_type=reaction)
            )

    def article(self, path: str) -> None:
        self.evidence.rows_read += 1
        page = _ArticlePage()
        try:
            page.feed(self.files[path].decode("utf-8", errors="replace").lstrip("\ufeff"))
            page.close()
        except AssertionError:  # html.parser's own checks on hopeless markup
            pass
        if page.draft:
            self.evidence.skipped.append(Skipped(path, "private"))
            return
        stem = path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        at = _article_time(page.published) or _article_time(page.created) or parse_instant(stem)
        if at is None:
            self.bad_date(path, 1, "created", page.created.strip() or stem)
            return
        edit_id = re.search(r"/(?:post/edit|pulse)/(?:[^/?#]*-)?(\d{6,})", page.href)
        key = f"urn:li:linkedInArticle:{edit_id.group(1)}" if edit_id else "article:" + path
        url = page.href if page.href.startswith(("http://", "https://")) else ""
        text = "\n\n".join(part for part in (page.title_text, page.body_text) if part)
        self.add(
            capped(Activity(LINKEDIN, Kind.ARTICLE, key, at, text=text, url=url), self.problems, file=path)
        )

    # -- network --

    def connections(self, path: str) -> None:
        for line, (first, last, url, company, position, connected_on) in self.table(path, "connections"):
            day = parse_day(connected_on)
            if day is None:
                self.bad_date(path, line, "Connected On", connected_on)
                continue
            if url:
                key = url
            else:
                name = f"{first}\x1f{last}".casefold()
                key = "h:" + _digest(name, company.casefold(), day.isoformat())
                if not (first or last):
                    # No name, no URL (a closed account): rows alike are different people, in order.
                    seen = self.anonymous.get(key, 0)
                    self.anonymous[key] = seen + 1
                    key = "h:" + _digest(
                        name, company.casefold(), position.casefold(), day.isoformat(), str(seen)
                    )
            if key not in self.connection_keys:
                self.connection_keys.add(key)
                self.evidence.connections.append(Connection(key, day, company, position))

    def follow(self, kind: str, name: str, day: datetime.date | None, active: bool) -> None:
        """The latest row about a name wins (an ``Unfollow`` after a follow)."""
        identity = (kind, name.casefold())
        previous = self.follows.get(identity)
        if previous is None or (day or datetime.date.min) >= (previous.followed_on or datetime.date.min):
            self.follows[identity] = Follow(kind, name, day, active)

    def company_follows(self, path: str) -> None:
        for line, (organisation, followed_on) in self.table(path, "company_follows"):
            ok, day = self.day(path, line, "Followed On", followed_on)
            if ok and organisation:
                self.follow("company", organisation, day, True)

    def member_follows(self, path: str) -> None:
        for line, (date, name, status) in self.table(path, "member_follows"):
            ok, day = self.day(path, line, "Date", date)
            if ok and name:
                self.follow("member", name, day, not status.lower().startswith(("unfollow", "inactive")))

    def hashtag_follows(self, path: str) -> None:
        for line, (hashtag, created, state) in self.table(path, "hashtag_follows"):
            ok, day = self.day(path, line, "CreatedTime", created)
            if ok and hashtag.lstrip("#"):
                active = not state.lower().startswith(("unfollow", "inactive", "deleted"))
                self.follow("hashtag", hashtag.lstrip("#"), day, active)

    def recommendations(self, path: str) -> None:
        for line, (first, last, company, job_title, created, status) in self.table(path, "recommendations"):
            if status.upper() in HIDDEN_STATUSES:
                continue
            ok, day = self.day(path, line, "Creation Date", created)
            if ok:
                key = _digest(f"{first}\x1f{last}\x1f{company}".casefold(), created)
                self.received("recommendation", key, day, job_title)

    def endorsements(self, path: str) -> None:
        for line, (date, skill, first, last, url, status) in self.table(path, "endorsements"):
            if status.upper() in HIDDEN_STATUSES or not skill:
                continue
            ok, day = self.day(path, line, "Endorsement Date", date)
            if ok:
                endorser = url.lower().split("://")[-1].rstrip("/") or f"{first}\x1f{last}".casefold()
                self.received("endorsement", _digest(endorser, skill.casefold()), day, skill)

    def received(self, kind: str, key: str, day: datetime.date | None, label: str) -> None:
        if (kind, key) not in self.received_keys:
            self.received_keys.add((kind, key))
            self.evidence.received.append(Received(kind, key, day, label))

    # -- profile --

    def profile(self, path: str) -> None:
        for _line, row in self.table(path, "profile"):
            self.has_profile_data = True
            if self.profile_row is None:
                self.profile_row = row

    def profile_summary(self, path: str) -> None:
        """``Profile Summary.csv``: no public sample, so its header is read as it comes."""
        text = _decoded(self.files[path], path, self.problems)
        if text is None:
            return
        try:
            rows = [
                row for row in csv.reader(io.StringIO(text, newline="")) if any(cell.strip() for cell in row)
            ]
        except csv.Error:
            self.problems.append(Problem("file_corrupt", {"format": "CSV"}, file=path))
            return
        if len(rows) < 2:
            return
        self.evidence.rows_read += len(rows) - 1
        keys = [_header_key(cell) for cell in rows[0]]
        wanted = next((i for i, key in enumerate(keys) if "summary" in key or "about" in key), 0)
        value = rows[1][wanted].strip() if wanted < len(rows[1]) else ""
        self.summary = self.summary or value
        self.has_profile_data = self.has_profile_data or bool(value)

    def positions_file(self, path: str) -> None:
        for line, (company, title, started_on, finished_on) in self.table(path, "positions"):
            started_ok, started = self.day(path, line, "Started On", started_on)
            finished_ok, finished = self.day(path, line, "Finished On", finished_on)
            if started_ok and finished_ok:
                self.has_profile_data = True
                self.positions.setdefault(
                    (company, title, started), Position(company, title, started, finished)
                )

    def skills_file(self, path: str) -> None:
        for _line, (name,) in self.table(path, "skills"):
            self.has_profile_data = True
            self.skills.add(name.casefold())

    def build_profile(self) -> Profile | None:
        if not self.has_profile_data:
            return None
        first, last, headline, summary, industry, location, country, websites = self.profile_row or [""] * 8
        return Profile(
            LINKEDIN,
            display_name=f"{first} {last}".strip(),
            headline=headline,
            summary=summary or self.summary,
            industry=industry,
            location=location or country,
            websites=_websites(websites),
            positions=tuple(self.positions.values()),
            skills=len(self.skills),
        )


_SKIPPED_ROLES = frozenset({"private", "not_relevant", "unknown_file"})


def wanted(path: str) -> bool:
    """Whether the parser reads this file of an archive: the others are never unpacked."""
    return file_role(path) not in _SKIPPED_ROLES


def parse_linkedin_archive(files: Files, *, source_name: str = "", unread: Iterable[str] = ()) -> Evidence:
    """The evidence in a LinkedIn member archive's files (paths inside the ZIP, or bare names).

    ``unread`` names the archive's files that were not unpacked (:func:`wanted` said no): they
    are listed as skipped with the others.
    """
    parser = _Parser(files)
    evidence = parser.evidence
    handlers: dict[str, Callable[[str], None]] = {
        "profile": parser.profile,
        "profile_summary": parser.profile_summary,
        "positions": parser.positions_file,
        "skills": parser.skills_file,
        "shares": parser.shares,
        "instant_reposts": parser.instant_reposts,
        "comments": parser.comments,
        "reactions": parser.reactions,
        "article": parser.article,
        "connections": parser.connections,
        "company_follows": parser.company_follows,
        "member_follows": parser.member_follows,
        "hashtag_follows": parser.hashtag_follows,
        "recommendations": parser.recommendations,
        "endorsements": parser.endorsements,
    }
    read = 0
    for path in sorted({*files, *unread}, key=lambda p: (p.count("/"), p.lower())):
        role = file_role(path)
        handler = handlers.get(role)
        if handler is None or path not in files:
            evidence.skipped.append(Skipped(path, role))
            continue
        read += 1
        handler(path)
    evidence.follows = list(parser.follows.values())
    evidence.profile = parser.build_profile()
    evidence.activities.sort(key=attrgetter("at"))  # stable: the order of the files within a moment
    if not read:
        problem = Problem(
            "file_missing_in_archive", {"name": "Shares.csv", "network": "LinkedIn"}, file=source_name or None
        )
        evidence.problems.append(problem)
    return evidence


# -- Comments.csv ----------------------------------------------------------------------------------------


def _comment_records(text: str) -> Rows | None:
    """Records of a ``Date,Link,Message`` file, each starting at a line ``YYYY-MM-DD hh:mm:ss,``.

    ``None`` when the file does not have that layout. Lines that do not start a record belong to
    the previous message (2021: multi-line messages written without quotes). A quoted message
    loses its quotes; ``\\"`` (2025+) and ``""`` (RFC 4180) inside it become ``"``.
    """
    first_end = text.find("\n")
    header = text[: first_end if first_end >= 0 else len(text)].rstrip("\r")
    if [_header_key(cell) for cell in header.split(",")] != ["date", "link", "message"]:
        return None
    starts = [match.start() for match in _COMMENT_RECORD.finditer(text)]
    if not starts:
        return None
    return _comment_iterator(text, starts)


def _comment_iterator(text: str, starts: list[int]) -> Rows:
    line = 1
    previous = 0
    ends = [*starts[1:], len(text)]
    for start, end in zip(starts, ends, strict=True):
        line += text.count("\n", previous, start)
        previous = start
        record = text[start:end].rstrip("\r\n")
        date, rest = record[:19], record[20:]
        if rest.startswith('"'):
            close = rest.find('"', 1)
            close = len(rest) if close < 0 else close
            link, rest = rest[1:close], rest[close + 2 :]
        else:
            link, _comma, rest = rest.partition(",")
        yield line, [date, link.strip(), _comment_message(rest)]


def _comment_message(raw: str) -> str:
    raw = raw.replace("\r\n", "\n").strip()
    if len(raw) >= 2 and raw[0] == '"' and raw[-1] == '"':
        raw = _ESCAPED_QUOTE.sub('"', raw[1:-1])
    return raw.strip()


# -- Articles --------------------------------------------------------------------------------------------

_BLOCKS = frozenset(
    {"p", "div", "br", "li", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "tr", "section"}
)
_DATE_IN_TEXT = re.compile(r"\d{4}[-/]\d{2}[-/]\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?")
_NOT_PUBLISHED = re.compile(r"not\s+(?:yet\s+)?published", re.IGNORECASE)


class _ArticlePage(HTMLParser):
    """Title, edit link, created/published paragraphs and body text of an exported article."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: dict[str, list[str]] = {
            "title": [],
            "head_title": [],
            "created": [],
            "published": [],
            "body": [],
        }
        self.href = ""
        self.mode = "body"
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").lower().split()
        if tag in ("script", "style"):
            self.skipping += 1
        elif tag == "h1" and not self.parts["title"]:
            self.mode = "title"
        elif tag == "title":
            self.mode = "head_title"
        elif tag == "a" and self.mode == "title" and not self.href:
            self.href = attributes.get("href") or ""
        elif tag == "p" and ("created" in classes or "published" in classes):
            self.mode = "created" if "created" in classes else "published"
        elif tag in _BLOCKS and self.mode == "body":
            self.parts["body"].append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.skipping = max(0, self.skipping - 1)
        elif tag in ("h1", "title", "p") and self.mode != "body":
            self.mode = "body"
        elif tag in _BLOCKS and self.mode == "body":
            self.parts["body"].append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts[self.mode].append(data)

    @property
    def title_text(self) -> str:
        return " ".join("".join(self.parts["title"] or self.parts["head_title"]).split())

    @property
    def created(self) -> str:
        return "".join(self.parts["created"])

    @property
    def published(self) -> str:
        return "".join(self.parts["published"])

    @property
    def draft(self) -> bool:
        return bool(_NOT_PUBLISHED.search(self.published))

    @property
    def body_text(self) -> str:
        lines = (" ".join(line.split()) for line in "".join(self.parts["body"]).split("\n"))
        return "\n".join(line for line in lines if line)


def _article_time(text: str) -> datetime.datetime | None:
    """The moment in ``Created on 2017-12-09 04:54`` or ``Published on March 9, 2026``."""
    match = _DATE_IN_TEXT.search(text)
    return parse_instant(match.group() if match is not None else text)
