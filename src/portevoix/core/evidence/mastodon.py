"""Mastodon archive: public posts and boosts from ``outbox.json``, the profile from ``actor.json``.

Decisions (see FORMATS.md §5 and §7 items 14 and 15):

* ``outbox.json`` may hold the key ``orderedItems`` twice: the last one wins (Python's ``json``
  does that); ``totalItems`` is wrong in real files and is ignored.
* ``Create`` of a ``Note`` (or a poll, ``Question``) → :attr:`Kind.POST`: key = the status URI,
  text = the HTML content as plain text (tags dropped, ``<script>``/``<style>`` content dropped,
  entities unescaped, line breaks kept from ``<br>`` and paragraphs), target = ``inReplyTo``.
* ``Announce`` (boost) → :attr:`Kind.REPOST`: key = the boost activity's URI, no text, target =
  the boosted status (``object`` is a URI string or a dict with an ``id``).
* Visibility comes from the addressing: the public collection in ``to`` = public, in ``cc`` =
  unlisted (both kept). Otherwise the item is followers-only (the followers collection is
  addressed) or a direct message: it is **excluded**, its content goes nowhere, and one
  :class:`Skipped` per kind says how many were left out, e.g. ``outbox.json: 3 followers-only
  posts`` (reason ``private``).
* ``likes.json`` and ``bookmarks.json`` are lists of URIs without dates: ``not_relevant``, like
  the avatar, the header and ``media_attachments/`` (never read).
* ``actor.json``: followers/following are URLs without counts, so the counts stay ``None``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from html.parser import HTMLParser
from typing import Any

from ..errors import Problem
from .records import Activity, Evidence, Files, Kind, Network, Profile, Skipped, capped
from .x import RecordProblems, clean, decode_text, language_code, load_json, parse_iso_utc, split_path

PUBLIC = frozenset({"https://www.w3.org/ns/activitystreams#Public", "as:Public", "Public"})
POST_TYPES = frozenset({"Note", "Question"})
MAX_KEY = 255
MAX_URL = 500

# ---------------------------------------------------------------------------------------------
# HTML → plain text
# ---------------------------------------------------------------------------------------------

_BLOCKS = frozenset(
    {"p", "div", "blockquote", "li", "ul", "ol", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr"}
)
_HIDDEN = frozenset({"script", "style", "template", "noscript", "head", "title", "iframe", "object"})


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def _break(self, text: str) -> None:
        self.parts.append(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag == "br":
            self._break("\n")
        elif tag in _BLOCKS:
            self._break("\n\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self._break("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCKS:
            self._break("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


_BLANK_LINES = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")
_LINE_END_SPACES = re.compile(r"[ \t]+\n")


def html_to_text(markup: object) -> str:
    """Mastodon's HTML (``<p>``, ``<br>``, links, spans) as plain text: never any markup."""
    text = clean(markup)
    if not text:
        return ""
    parser = _TextExtractor()
    try:
        parser.feed(text)
        parser.close()
    except (AssertionError, ValueError, IndexError):  # the parser's own complaints on broken markup
        pass
    plain = "".join(parser.parts).replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ")
    plain = _LINE_END_SPACES.sub("\n", plain)
    return _BLANK_LINES.sub("\n\n", plain).strip()


# ---------------------------------------------------------------------------------------------
# Items
# ---------------------------------------------------------------------------------------------


def _addresses(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


def visibility(item: Mapping[str, Any], followers: frozenset[str]) -> str:
    """``public``, ``unlisted``, ``followers`` or ``direct``, from ``to`` and ``cc``."""
    to, cc = _addresses(item.get("to")), _addresses(item.get("cc"))
    if PUBLIC.intersection(to):
        return "public"
    if PUBLIC.intersection(cc):
        return "unlisted"
    if any(a in followers or a.endswith("/followers") for a in (*to, *cc)):
        return "followers"
    return "direct"


def _uri(value: object) -> str:
    if isinstance(value, dict):
        value = value.get("id")
    text = clean(value).strip()
    return text if 0 < len(text) <= MAX_KEY else ""


def _url(value: object) -> str:
    if isinstance(value, list):
        value = value[0] if value else ""
    if isinstance(value, dict):
        value = value.get("href")
    text = clean(value).strip()
    return text if text.startswith(("https://", "http://")) and len(text) <= MAX_URL else ""


def _context_language(context: object) -> str:
    """The ``@language`` of a JSON-LD ``@context``, when it declares exactly one."""
    entries = context if isinstance(context, list) else [context]
    found = {language_code(e.get("@language")) for e in entries if isinstance(e, dict) and "@language" in e}
    return found.pop() if len(found) == 1 else ""


def _language(note: Mapping[str, Any], default: str) -> str:
    content_map = note.get("contentMap")
    if isinstance(content_map, dict) and len(content_map) == 1:
        return language_code(next(iter(content_map)))
    return _context_language(note.get("@context")) or default


def _item(item: object, followers: frozenset[str], default_language: str) -> Activity | str | tuple[str, str]:
    """An activity; or ("excluded", visibility) for private items; or why it cannot be read."""
    if not isinstance(item, dict):
        return "not an object"
    kind = item.get("type")
    if kind == "Create":
        note = item.get("object")
        if not isinstance(note, dict):
            return "no object"
        if not isinstance(note.get("type"), str) or note["type"] not in POST_TYPES:
            return "not a post"
        addressed = note if ("to" in note or "cc" in note) else item
        seen_by = visibility(addressed, followers)
        if seen_by not in ("public", "unlisted"):
            return ("excluded", seen_by)
        key = _uri(note.get("id"))
        if not key:
            return "no status id"
        at = parse_iso_utc(note.get("published")) or parse_iso_utc(item.get("published"))
        if at is None:
            return "no date"
        return Activity(
            Network.MASTODON,
            Kind.POST,
            key,
            at,
            text=html_to_text(note.get("content")),
            url=_url(note.get("url")),
            target=_uri(note.get("inReplyTo")),
            language=_language(note, default_language),
        )
    if kind == "Announce":
        seen_by = visibility(item, followers)
        if seen_by not in ("public", "unlisted"):
            return ("excluded", seen_by)
        key = _uri(item.get("id"))
        if not key:
            return "no activity id"
        at = parse_iso_utc(item.get("published"))
        if at is None:
            return "no date"
        target = _uri(item.get("object"))
        if not target:
            return "no boosted status"
        return Activity(Network.MASTODON, Kind.REPOST, key, at, target=target)
    return "neither a post nor a boost"


# ---------------------------------------------------------------------------------------------
# The archive
# ---------------------------------------------------------------------------------------------

_EXCLUDED_NAMES = {
    "followers": ("followers-only post", "followers-only posts"),
    "direct": ("direct message", "direct messages"),
}


def _role(path: str) -> tuple[str, str]:
    directories, stem, extension = split_path(path)
    for depth, directory in enumerate(directories):
        if directory.lower() == "media_attachments":
            return "not_relevant", "/".join(directories[: depth + 1]) + "/"
    if extension == "json" and stem in ("outbox", "actor"):
        return stem, path
    if (extension == "json" and stem in ("likes", "bookmarks")) or stem in ("avatar", "header"):
        return "not_relevant", path
    return "unknown_file", path


def _load_object(data: bytes, path: str, problems: list[Problem]) -> Mapping[str, Any] | None:
    text, decode_problems = decode_text(data, path)
    problems.extend(decode_problems)
    if text is None:
        return None
    value, problem = load_json(text, path)
    if problem is not None:
        problems.append(problem)
        return None
    if not isinstance(value, dict):
        problems.append(Problem("not_a_mapping", file=path))
        return None
    return value


def _profile(actor: Mapping[str, Any]) -> Profile:
    websites = []
    attachments = actor.get("attachment")
    for field in attachments if isinstance(attachments, list) else ():
        if isinstance(field, dict) and field.get("type") == "PropertyValue":
            value = html_to_text(field.get("value"))
            if value.startswith(("https://", "http://")) and " " not in value:
                websites.append(value)
    icon = actor.get("icon")
    return Profile(
        Network.MASTODON,
        display_name=clean(actor.get("name")).strip(),
        username=clean(actor.get("preferredUsername")).strip(),
        summary=html_to_text(actor.get("summary")),
        websites=tuple(websites),
        created_at=parse_iso_utc(actor.get("published")),
        has_photo=bool(icon) and isinstance(icon, dict | list),
    )


def wanted(path: str) -> bool:
    """Whether the parser reads this file of an archive: the others are never kept in memory."""
    return _role(path)[0] in ("outbox", "actor")


def parse_mastodon_archive(files: Files, *, source_name: str = "", unread: Iterable[str] = ()) -> Evidence:
    """Read a Mastodon archive's files (paths inside the tar, or bare file names) into evidence.

    ``unread`` names the archive's files that were not kept (:func:`wanted` said no): they are
    listed as skipped with the others.
    """
    evidence = Evidence("mastodon")
    outboxes: list[str] = []
    actors: list[str] = []
    skipped: set[str] = set()
    for path in sorted({*files, *unread}):
        role, name = _role(path)
        if role == "outbox" and path in files:
            outboxes.append(path)
        elif role == "actor" and path in files:
            actors.append(path)
        elif name not in skipped:
            skipped.add(name)
            evidence.skipped.append(Skipped(name, role))

    followers: set[str] = set()
    for path in actors:
        actor = _load_object(files[path], path, evidence.problems)
        if actor is None:
            continue
        if evidence.profile is None:
            evidence.profile = _profile(actor)
        collection = _uri(actor.get("followers"))
        if collection:
            followers.add(collection)

    addressed_followers = frozenset(followers)
    seen: set[str] = set()
    for path in outboxes:
        outbox = _load_object(files[path], path, evidence.problems)
        if outbox is None:
            continue
        items = outbox.get("orderedItems")
        if not isinstance(items, list):
            code = "missing_key" if items is None else "expected_list"
            evidence.problems.append(Problem(code, path=("orderedItems",), file=path))
            continue
        default_language = _context_language(outbox.get("@context"))
        excluded = dict.fromkeys(_EXCLUDED_NAMES, 0)
        record_problems = RecordProblems(path, evidence.problems)
        for index, item in enumerate(items):
            evidence.rows_read += 1
            result = _item(item, addressed_followers, default_language)
            if isinstance(result, tuple):
                excluded[result[1]] += 1
            elif isinstance(result, str):
                record_problems.add(index, result)
            elif result.key not in seen:
                seen.add(result.key)
                evidence.activities.append(capped(result, evidence.problems, file=path, path=(index,)))
        record_problems.close()
        for seen_by, count in excluded.items():
            if count:
                name = _EXCLUDED_NAMES[seen_by][count > 1]
                evidence.skipped.append(Skipped(f"{path}: {count} {name}", "private"))
    evidence.activities.sort(key=lambda a: (a.at, a.key))

    if not outboxes and not actors:
        evidence.problems.append(
            Problem(
                "file_missing_in_archive",
                {"name": "outbox.json", "network": "Mastodon"},
                file=source_name or None,
            )
        )
    return evidence
