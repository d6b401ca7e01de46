"""X (Twitter) archive: posts, reposts and profile, read from the person's own ``data/*.js`` files.

Each data file is ``window.YTD.<name>.part<N> = [ … ]``: everything through the first ``=`` is
dropped and the rest is JSON (a trailing ``;`` is tolerated; a bare JSON array is accepted too).
Big sets are split into ``tweets.js``, ``tweets-part1.js``…; archives before 2020 used
``tweet.js`` (``window.YTD.tweet.part0``), sometimes without the ``{"tweet": …}`` wrapper.

Decisions (see FORMATS.md §4 and §7 items 13 and 15):

* A retweet (``full_text`` starting with ``RT @``) is a :attr:`Kind.REPOST` with **empty text**
  (the words are someone else's) and no metrics (the archive gives it zero counts of its own).
  Its target is the original post (``https://x.com/i/status/<id>``) when a media entity gives
  its id, else the original author's profile (``https://x.com/<screen_name>``).
* Replies stay posts; their target is ``https://x.com/i/status/<in_reply_to_status_id>``
  (a URL, like every other target, rather than a bare id).
* Texts are HTML-unescaped (the archive writes ``&amp;``, ``&lt;``, ``&gt;``).
* A long post is truncated in ``tweets.js`` (ends with ``…`` and t.co links); its full text comes
  from ``note-tweet.js``, whose ids differ from the tweets': the two are joined on the creation
  second (±1 s) and on the truncated text being a prefix of the note (links and leading reply
  mentions ignored).
* ``like.js`` is **not** read: it has no dates, so it cannot say when the person reacted.
* ``account.js`` gives the username, display name and creation date; its e-mail address is never
  read into the evidence. ``follower.js``/``following.js`` give counts only.
* Direct messages, deleted posts, ad and device data, contacts… are never decoded: they are
  listed as skipped (``private``). Other archive files are ``not_relevant`` (X data files and
  media folders) or ``unknown_file``.

The helpers :func:`decode_text`, :func:`load_json`, :func:`parse_iso_utc`, :func:`language_code`,
:func:`clean` and :class:`RecordProblems` are shared with :mod:`.mastodon`.
"""

from __future__ import annotations

import datetime
import html
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..errors import Problem
from ..tabular.text import Decoded, nul_lines
from .records import Activity, Evidence, Files, Kind, Network, Profile, Skipped, capped

UTC = datetime.UTC
FORMAT = "X archive"
MAX_RECORD_PROBLEMS = 50  # per file; the rest are summed up in one last problem

# ---------------------------------------------------------------------------------------------
# Shared helpers (also used by the Mastodon parser)
# ---------------------------------------------------------------------------------------------

_SURROGATES = re.compile("[\ud800-\udfff]")


def clean(value: object) -> str:
    """A JSON string as storable text: lone surrogates and NUL characters removed."""
    if not isinstance(value, str):
        return ""
    return _SURROGATES.sub("\ufffd", value).replace("\x00", "")


def decode_text(data: bytes, file: str) -> tuple[str | None, list[Problem]]:
    """UTF-8 text (an optional BOM dropped), or a ``not_utf8`` / ``file_empty`` problem."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        return None, [Problem("not_utf8", {"position": error.start}, file=file, line=line)]
    text = text.removeprefix("\ufeff")
    if not text.strip():
        return None, [Problem("file_empty", file=file)]
    # A NUL is not text (PostgreSQL refuses it): as in a CSV, removed and said, with its lines. An
    # escaped one (\u0000) is removed from the strings by :func:`clean`, and said here too.
    lines = nul_lines(text, ("\x00", "\\u0000")) if "\x00" in text or "\\u0000" in text else ()
    return text.replace("\x00", ""), Decoded(text, "utf-8", lines).problems(file)


def load_json(text: str, file: str, *, line_offset: int = 0) -> tuple[Any, Problem | None]:
    """``json.loads`` whose failures become a ``json_invalid`` problem (with line and column)."""
    try:
        return json.loads(text), None
    except json.JSONDecodeError as error:
        params = {"problem": error.msg, "column": error.colno}
        return None, Problem("json_invalid", params, file=file, line=error.lineno + line_offset)
    except RecursionError:
        return None, Problem("json_invalid", {"problem": "too deeply nested"}, file=file)
    except ValueError:  # e.g. an integer with thousands of digits
        return None, Problem("json_invalid", {"problem": "number too long"}, file=file)


def parse_iso_utc(value: object) -> datetime.datetime | None:
    """``2025-09-06T13:02:20.496Z`` (any ISO 8601 form ``fromisoformat`` reads) → aware UTC.

    A time without offset is taken as UTC.
    """
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not 10 <= len(text) <= 40:
        return None
    if text[-1] in "zZ":
        text = text[:-1] + "+00:00"
    try:
        when = datetime.datetime.fromisoformat(text)
        if when.tzinfo is None:
            return when.replace(tzinfo=UTC)
        return when.astimezone(UTC)
    except (ValueError, OverflowError):
        return None


def language_code(value: object) -> str:
    """An ISO 639-1 code ("fr", "en") from a language tag; "" for X's ``qme``/``zxx``/``und``…"""
    if not isinstance(value, str):
        return ""
    primary = value.strip().replace("_", "-").split("-")[0].lower()
    primary = {"in": "id", "iw": "he", "ji": "yi"}.get(primary, primary)  # X's legacy codes
    return primary if len(primary) == 2 and primary.isascii() and primary.isalpha() else ""


@dataclass
class RecordProblems:
    """``record_invalid`` problems of one file, at most :data:`MAX_RECORD_PROBLEMS` of them."""

    file: str
    problems: list[Problem]
    count: int = 0

    def add(self, index: int, reason: str) -> None:
        self.count += 1
        if self.count <= MAX_RECORD_PROBLEMS:
            self.problems.append(Problem("record_invalid", {"reason": reason}, path=(index,), file=self.file))

    def close(self) -> None:
        extra = self.count - MAX_RECORD_PROBLEMS
        if extra > 0:
            reason = f"{extra} more records left out"
            self.problems.append(Problem("record_invalid", {"reason": reason}, file=self.file))


_COPY_SUFFIX = re.compile(r"\s*\(\d+\)$")  # "tweets (1).js", as browsers save a second download


def split_path(path: str) -> tuple[list[str], str, str]:
    """``"a/b/Tweets-part2 (1).js"`` → (``["a", "b"]``, ``"tweets-part2"``, ``"js"``), lower case."""
    parts = [p for p in path.replace("\\", "/").split("/") if p]
    name = parts[-1] if parts else ""
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    return parts[:-1], _COPY_SUFFIX.sub("", stem).lower(), extension.lower()


# ---------------------------------------------------------------------------------------------
# Which files are read, which are not
# ---------------------------------------------------------------------------------------------

_READ = {
    "tweets": "tweets",
    "tweet": "tweets",  # before 2020
    "note-tweet": "notes",
    "account": "account",
    "profile": "profile",
    "follower": "follower",
    "following": "following",
}
_PRIVATE_NAMES = frozenset(
    {
        "message-event",
        "ip-audit",
        "phone-number",
        "email-address-change",
        "device-token",
        "contact",
        "account-creation-ip",
        "ageinfo",
        "personalization",
        "connected-application",
        "key-registry",
        "ni-devices",
        "saved-search",
        "mute",
        "block",
        "user-link-clicks",
        "sso",
    }
)
_PRIVATE_PREFIXES = (
    "direct-message",
    "direct_message",
    "audio-video-calls-in-dm",
    "deleted-",
    "deleted_",
    "ad-",
    "grok",
)
_PART = re.compile(r"^(.+?)-part\d+$")


def _is_private(name: str) -> bool:
    return name in _PRIVATE_NAMES or name.startswith(_PRIVATE_PREFIXES)


def _x_role(path: str) -> tuple[str, str]:
    """(role, name): a role of :data:`_READ`, or a skip reason with the name to list."""
    directories, stem, extension = split_path(path)
    for depth, directory in enumerate(directories):
        lowered = directory.lower()
        if lowered.startswith(("direct_message", "direct-message", "deleted_", "deleted-", "grok")):
            return "private", "/".join(directories[: depth + 1]) + "/"
        if lowered == "assets" or lowered.endswith("_media"):
            return "not_relevant", "/".join(directories[: depth + 1]) + "/"
    match = _PART.match(stem)
    base = match.group(1) if match else stem
    if _is_private(base) or _is_private(stem):
        return "private", path
    if extension == "js" and base in _READ:
        return _READ[base], path
    if extension == "js" or (extension == "html" and stem == "your archive"):
        return "not_relevant", path
    return "unknown_file", path


def _part_order(path: str) -> tuple[str, int, str]:
    _dirs, stem, _ext = split_path(path)
    match = re.search(r"-part(\d+)$", stem)
    return (stem[: match.start()] if match else stem), int(match.group(1)) if match else 0, path


# ---------------------------------------------------------------------------------------------
# Decoding
# ---------------------------------------------------------------------------------------------


def decode_js(data: bytes, file: str) -> tuple[list[Any] | None, list[Problem]]:
    """The JSON array of one ``window.YTD.<name>.part<N> = [ … ]`` file."""
    text, problems = decode_text(data, file)
    if text is None:
        return None, problems
    if text.lstrip().startswith(("[", "{")):
        body, offset = text, 0
    else:
        equals = text.find("=")
        if equals < 0:
            return None, [Problem("file_corrupt", {"format": FORMAT}, file=file)]
        body, offset = text[equals + 1 :], text.count("\n", 0, equals)
    body = body.rstrip()
    body = body.removesuffix(";")
    value, problem = load_json(body, file, line_offset=offset)
    if problem is not None:
        return None, [problem]
    if not isinstance(value, list):
        return None, [Problem("expected_list", file=file)]
    return value, problems


_MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1
    )
}
_X_DATE = re.compile(
    r"(?:[A-Za-z]{3},?\s+)?([A-Za-z]{3})\s+(\d{1,2})\s+(\d{1,2}):(\d{2}):(\d{2})\s+([+-])(\d{2}):?(\d{2})\s+(\d{4})"
)


def parse_x_date(value: object) -> datetime.datetime | None:
    """``Fri Mar 06 13:02:05 +0000 2026`` → aware UTC (locale-independent); ISO 8601 accepted too."""
    if not isinstance(value, str) or len(value) > 64:
        return None
    match = _X_DATE.fullmatch(value.strip())
    if match is None:
        return parse_iso_utc(value)
    month = _MONTHS.get(match.group(1).lower())
    if month is None:
        return None
    day, hour, minute, second = (int(match.group(i)) for i in (2, 3, 4, 5))
    sign = 1 if match.group(6) == "+" else -1
    offset = datetime.timedelta(hours=int(match.group(7)), minutes=int(match.group(8)))
    try:
        zone = datetime.timezone(sign * offset)
        when = datetime.datetime(int(match.group(9)), month, day, hour, minute, second, tzinfo=zone)
        return when.astimezone(UTC)
    except (ValueError, OverflowError):
        return None


def _identifier(value: object) -> str:
    """A tweet id: digits, given as a string (as in every archive) or as a number."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value < 10**25:
        return str(value)
    if isinstance(value, str) and 0 < len(value) <= 25 and value.isascii() and value.isdigit():
        return value
    return ""


def _count(value: object) -> float | None:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return float(value)
    if isinstance(value, str) and 0 < len(value) <= 18 and value.isascii() and value.isdigit():
        return float(int(value))
    return None


def _mapping(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, dict) else {}


def _items(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


# ---------------------------------------------------------------------------------------------
# Long posts (note-tweet.js)
# ---------------------------------------------------------------------------------------------

_TCO_TAIL = re.compile(r"(?:\s*https?://t\.co/\w*)+\s*$")
_URL = re.compile(r"https?://\S+")
_LEADING_MENTIONS = re.compile(r"^(?:@\w+\s+)+")
_SPACES = re.compile(r"\s+")


def _normalise(text: str) -> str:
    return _SPACES.sub(" ", _URL.sub("\x01", text)).strip()


def truncated_stem(text: str) -> str | None:
    """The visible part of a truncated post (without ``…`` and trailing links), or None."""
    body = _TCO_TAIL.sub("", text).rstrip()
    if not body.endswith("…"):
        return None
    return body[:-1].rstrip()


@dataclass
class _Notes:
    by_second: dict[int, list[tuple[str, str]]] = field(default_factory=dict)  # (normalised, text)

    def add(self, item: object) -> bool:
        note = _mapping(_mapping(item).get("noteTweet"))
        text = clean(_mapping(note.get("core")).get("text"))
        when = parse_iso_utc(note.get("createdAt"))
        if not text or when is None:
            return False
        self.by_second.setdefault(int(when.timestamp()), []).append((_normalise(text), text))
        return True

    def full_text(self, at: datetime.datetime, stem: str) -> str | None:
        wanted = [s for s in {_normalise(stem), _normalise(_LEADING_MENTIONS.sub("", stem))} if s]
        second = int(at.timestamp())
        for delta in (0, -1, 1):
            for normalised, text in self.by_second.get(second + delta, ()):
                if any(normalised.startswith(prefix) for prefix in wanted):
                    return text
        return None


# ---------------------------------------------------------------------------------------------
# Tweets
# ---------------------------------------------------------------------------------------------

_RT_AUTHOR = re.compile(r"RT @(\w{1,50}):?")


def _status_url(username: str, key: str) -> str:
    return f"https://x.com/{username or 'i'}/status/{key}"


def _repost_target(tweet: Mapping[str, Any], text: str) -> str:
    for entities in (_mapping(tweet.get("extended_entities")), _mapping(tweet.get("entities"))):
        for media in _items(entities.get("media")):
            original = _identifier(_mapping(media).get("source_status_id_str"))
            if original:
                return _status_url("", original)
    author = _RT_AUTHOR.match(text)
    return f"https://x.com/{author.group(1)}" if author else ""


def _tweet(item: object, username: str, notes: _Notes) -> Activity | str:
    """One archive tweet as an activity, or the reason why it cannot be read."""
    if not isinstance(item, dict):
        return "not an object"
    tweet = item.get("tweet", item)
    if not isinstance(tweet, dict):
        return "not an object"
    key = _identifier(tweet.get("id_str")) or _identifier(tweet.get("id"))
    if not key:
        return "no tweet id"
    at = parse_x_date(tweet.get("created_at"))
    if at is None:
        return "no date" if not tweet.get("created_at") else "date not understood"
    raw = clean(tweet.get("full_text") if "full_text" in tweet else tweet.get("text"))
    url = _status_url(username, key)
    language = language_code(tweet.get("lang"))
    if raw.startswith("RT @"):
        return Activity(
            Network.X, Kind.REPOST, key, at, url=url, target=_repost_target(tweet, raw), language=language
        )
    text = html.unescape(raw)
    stem = truncated_stem(text)
    if stem is not None:
        text = notes.full_text(at, stem) or text
    reply_to = _identifier(tweet.get("in_reply_to_status_id_str")) or _identifier(
        tweet.get("in_reply_to_status_id")
    )
    counts = {"likes": _count(tweet.get("favorite_count")), "reposts": _count(tweet.get("retweet_count"))}
    metrics = {name: value for name, value in counts.items() if value is not None}
    target = _status_url("", reply_to) if reply_to else ""
    return Activity(
        Network.X, Kind.POST, key, at, text=text, url=url, target=target, language=language, metrics=metrics
    )


# ---------------------------------------------------------------------------------------------
# The archive
# ---------------------------------------------------------------------------------------------


def _profile(
    account: Mapping[str, Any], profile: Mapping[str, Any] | None, counts: Mapping[str, int]
) -> Profile:
    """The public profile. ``account`` also holds the e-mail address: only named keys are read."""
    description = _mapping((profile or {}).get("description"))
    website = clean(description.get("website")).strip()
    has_photo = None
    if profile is not None:
        avatar = clean(profile.get("avatarMediaUrl"))
        has_photo = bool(avatar) and "default_profile" not in avatar
    return Profile(
        Network.X,
        display_name=clean(account.get("accountDisplayName")).strip(),
        username=clean(account.get("username")).strip(),
        headline=clean(description.get("bio")).strip(),
        location=clean(description.get("location")).strip(),
        websites=(website,) if website else (),
        created_at=parse_iso_utc(account.get("createdAt")),
        followers=counts.get("follower"),
        following=counts.get("following"),
        has_photo=has_photo,
    )


def _first(items: Iterable[object], wrapper: str) -> Mapping[str, Any] | None:
    for item in items:
        inner = _mapping(item).get(wrapper)
        if isinstance(inner, dict):
            return inner
    return None


_SKIPPED_ROLES = frozenset({"private", "not_relevant", "unknown_file"})


def wanted(path: str) -> bool:
    """Whether the parser reads this file of an archive: the others are never unpacked."""
    return _x_role(path)[0] not in _SKIPPED_ROLES


def parse_x_archive(files: Files, *, source_name: str = "", unread: Iterable[str] = ()) -> Evidence:
    """Read an X archive's files (paths inside the ZIP, or bare file names) into evidence.

    ``unread`` names the archive's files that were not unpacked (:func:`wanted` said no): they
    are listed as skipped with the others.
    """
    evidence = Evidence("x")
    by_role: dict[str, list[str]] = {}
    skipped: set[str] = set()
    for path in sorted({*files, *unread}, key=_part_order):
        role, name = _x_role(path)
        if role in _SKIPPED_ROLES or path not in files:
            if name not in skipped:
                skipped.add(name)
                evidence.skipped.append(Skipped(name, role))
        else:
            by_role.setdefault(role, []).append(path)

    decoded: dict[str, list[tuple[str, list[Any]]]] = {}
    for role, paths in by_role.items():
        for path in paths:
            items, problems = decode_js(files[path], path)
            evidence.problems.extend(problems)
            if items is not None:
                decoded.setdefault(role, []).append((path, items))

    account = _first((i for _p, items in decoded.get("account", []) for i in items), "account")
    profile = _first((i for _p, items in decoded.get("profile", []) for i in items), "profile")
    counts: dict[str, int] = {}
    for role in ("follower", "following"):
        if role in decoded:
            ids: set[str] = set()
            without_id = 0
            for _path, items in decoded[role]:
                for item in items:
                    entry = _mapping(item).get(role)
                    if isinstance(entry, dict):
                        account_id = clean(entry.get("accountId"))
                        if account_id:
                            ids.add(account_id)
                        else:
                            without_id += 1
            counts[role] = len(ids) + without_id
    if account is not None or profile is not None or counts:
        evidence.profile = _profile(account or {}, profile, counts)
    username = evidence.profile.username if evidence.profile else ""
    if not re.fullmatch(r"\w{1,50}", username):
        username = ""

    notes = _Notes()
    for _path, items in decoded.get("notes", []):
        for item in items:
            notes.add(item)

    seen: set[str] = set()
    for path, items in decoded.get("tweets", []):
        record_problems = RecordProblems(path, evidence.problems)
        for index, item in enumerate(items):
            evidence.rows_read += 1
            activity = _tweet(item, username, notes)
            if isinstance(activity, str):
                record_problems.add(index, activity)
            elif activity.key not in seen:
                seen.add(activity.key)
                evidence.activities.append(capped(activity, evidence.problems, file=path, path=(index,)))
        record_problems.close()
    evidence.activities.sort(key=lambda a: (a.at, a.key))

    if "tweets" not in by_role and "account" not in by_role:
        evidence.problems.append(
            Problem(
                "file_missing_in_archive",
                {"name": "data/tweets.js", "network": "X"},
                file=source_name or None,
            )
        )
    return evidence
