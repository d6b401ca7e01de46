"""Mastodon archive parser: visibility, boosts, HTML, the duplicate key, and garbage that must never raise."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portevoix.core.errors import MESSAGES, Problem
from portevoix.core.evidence.mastodon import html_to_text, parse_mastodon_archive, visibility
from portevoix.core.evidence.records import Evidence, Kind, Network, Skipped
from tests.conftest import DATA_DIR

UTC = datetime.UTC
FIXTURES = DATA_DIR / "evidence" / "mastodon"
ME = "https://social.example/users/camille"
PUBLIC = "https://www.w3.org/ns/activitystreams#Public"


def _folder(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def archive() -> Evidence:
    return parse_mastodon_archive(_folder(FIXTURES / "archive"), source_name="archive-2024.tar.gz")


def test_the_last_ordered_items_win_and_total_items_is_ignored(archive: Evidence) -> None:
    raw = (FIXTURES / "archive" / "outbox.json").read_text(encoding="utf-8")
    assert raw.count('"orderedItems"') == 2
    assert '"totalItems": 99' in raw
    assert archive.rows_read == 9
    assert archive.source == "mastodon"


def test_only_public_and_unlisted_items_are_kept(archive: Evidence) -> None:
    assert [(a.kind, a.key) for a in archive.activities] == [
        (Kind.POST, f"{ME}/statuses/101"),  # public
        (Kind.POST, f"{ME}/statuses/102"),  # unlisted
        (Kind.REPOST, f"{ME}/statuses/106/activity"),
        (Kind.REPOST, f"{ME}/statuses/107/activity"),
    ]
    assert Skipped("outbox.json: 2 followers-only posts", "private") in archive.skipped
    assert Skipped("outbox.json: 1 direct message", "private") in archive.skipped
    text = repr(archive)
    assert "SECRET" not in text
    assert "statuses/103" not in text
    assert "statuses/104" not in text
    assert "statuses/105" not in text


def test_post_fields(archive: Evidence) -> None:
    first, reply = archive.activities[0], archive.activities[1]
    assert first.network is Network.MASTODON
    assert first.at == datetime.datetime(2022, 11, 8, 3, 7, 14, tzinfo=UTC)
    assert first.url == "https://social.example/@camille/101"
    assert first.language == "fr"
    assert first.target == ""
    assert first.metrics == {}
    assert reply.language == "en"
    assert reply.target == "https://other.example/users/bob/statuses/555"
    assert reply.text == "@bob Agreed, unlisted reply."


def test_html_content_becomes_plain_text(archive: Evidence) -> None:
    assert archive.activities[0].text == (
        "Bonjour & merci ! L'équipe grandit <3\nLigne deux\nLigne trois\n\nArticle : https://blog.example/confiance"
    )
    assert "alert" not in archive.activities[0].text
    assert "SCRIPT-CONTENT" not in repr(archive)
    assert "color:red" not in repr(archive)


def test_boost_with_string_or_dict_object(archive: Evidence) -> None:
    string_boost, dict_boost = archive.activities[2], archive.activities[3]
    assert string_boost.target == "https://other.example/users/bob/statuses/777"
    assert dict_boost.target == "https://third.example/users/eve/statuses/888"
    assert string_boost.text == dict_boost.text == ""
    assert dict_boost.at == datetime.datetime(2022, 11, 14, 10, 0, tzinfo=UTC)


def test_duplicates_dropped_and_bad_records_reported(archive: Evidence) -> None:
    assert [a.text for a in archive.activities].count("duplicate of 101") == 0
    assert archive.problems == [
        Problem("record_invalid", {"reason": "no date"}, path=(7,), file="outbox.json"),
    ]


def test_profile(archive: Evidence) -> None:
    profile = archive.profile
    assert profile is not None
    assert (profile.username, profile.display_name) == ("camille", "Camille Exemple")
    assert profile.summary == "CEO chez Exemple & Cie.\nConfiance <équipes>\n\nLyon"
    assert profile.websites == ("https://exemple.fr",)
    assert profile.created_at == datetime.datetime(2022, 11, 1, tzinfo=UTC)
    assert profile.has_photo is True
    assert (profile.followers, profile.following) == (None, None)
    assert "BEGIN PUBLIC KEY" not in repr(archive)


def test_other_files_are_skipped(archive: Evidence) -> None:
    reasons = {s.name: s.reason for s in archive.skipped if ":" not in s.name}
    assert reasons == {
        "avatar.png": "not_relevant",
        "header.jpg": "not_relevant",
        "likes.json": "not_relevant",
        "bookmarks.json": "not_relevant",
        "media_attachments/": "not_relevant",
    }


def test_outbox_alone_under_a_folder() -> None:
    data = (FIXTURES / "archive" / "outbox.json").read_bytes()
    evidence = parse_mastodon_archive({"archive-2024/outbox (1).json": data})
    assert evidence.counts()["posts"] == 2
    assert evidence.profile is None
    # Without actor.json the followers collection is still recognised by its path.
    assert Skipped("archive-2024/outbox (1).json: 2 followers-only posts", "private") in evidence.skipped


# --- visibility and HTML ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("to", "cc", "expected"),
    [
        ([PUBLIC], [], "public"),
        ("as:Public", [], "public"),
        (["Public"], [], "public"),
        ([f"{ME}/followers"], [PUBLIC], "unlisted"),
        ([f"{ME}/followers"], [], "followers"),
        ([f"{ME}/followers"], ["https://other.example/users/bob"], "followers"),
        (["https://other.example/users/bob"], [], "direct"),
        ([], [], "direct"),
        (None, 42, "direct"),
    ],
)
def test_visibility(to: Any, cc: Any, expected: str) -> None:
    assert visibility({"to": to, "cc": cc}, frozenset()) == expected


def test_visibility_uses_the_actor_followers_collection() -> None:
    assert (
        visibility({"to": ["https://social.example/fans"]}, frozenset({"https://social.example/fans"}))
        == "followers"
    )


@pytest.mark.parametrize(
    ("markup", "text"),
    [
        ("<p>a</p><p>b</p>", "a\n\nb"),
        ("a<br>b<br/>c", "a\nb\nc"),
        ("&lt;b&gt;not bold&lt;/b&gt; &amp;&#233;&eacute;", "<b>not bold</b> &éé"),
        ('<p>x<script type="text/javascript">document.cookie</script>y</p>', "xy"),
        ("<p>unclosed <script>steal()", "unclosed"),
        ("<img src=x onerror=alert(1)>caption", "caption"),
        ("<![CDATA[x]]><!-- comment -->ok", "ok"),
        ("", ""),
    ],
)
def test_html_to_text(markup: str, text: str) -> None:
    assert html_to_text(markup) == text


# --- problems ---------------------------------------------------------------------------------


def test_file_level_problems() -> None:
    def codes(data: bytes) -> list[str]:
        return [p.code for p in parse_mastodon_archive({"outbox.json": data}).problems]

    assert codes(b'{"orderedItems": [') == ["json_invalid"]
    assert codes(b"[]") == ["not_a_mapping"]
    assert codes(b"{}") == ["missing_key"]
    assert codes(b'{"orderedItems": {}}') == ["expected_list"]
    assert codes(b"\xff") == ["not_utf8"]
    assert codes(b'{"a":' * 100_000) == ["json_invalid"]


def test_invalid_json_gives_its_line() -> None:
    [problem] = parse_mastodon_archive({"outbox.json": b'{\n"orderedItems": [\n,]}'}).problems
    assert (problem.code, problem.file, problem.line) == ("json_invalid", "outbox.json", 3)


def test_not_a_mastodon_archive() -> None:
    evidence = parse_mastodon_archive({"data/tweets.js": b"[]"}, source_name="twitter.zip")
    assert [(p.code, p.file) for p in evidence.problems] == [("file_missing_in_archive", "twitter.zip")]
    assert evidence.skipped == [Skipped("data/tweets.js", "unknown_file")]


# --- never raise ------------------------------------------------------------------------------

_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=20,
)
_ADDRESS = st.sampled_from([PUBLIC, "as:Public", f"{ME}/followers", "https://o.example/users/b"])
_OBJECT = st.fixed_dictionaries(
    {},
    optional={
        "id": st.text(max_size=30) | _JSON,
        "type": st.sampled_from(["Note", "Question", "Image"]) | _JSON,
        "published": st.just("2022-11-08T03:07:14Z") | st.text(max_size=25) | _JSON,
        "content": st.text(max_size=60) | _JSON,
        "contentMap": _JSON,
        "inReplyTo": _JSON,
        "url": _JSON,
        "to": st.lists(_ADDRESS, max_size=2) | _JSON,
        "cc": st.lists(_ADDRESS, max_size=2) | _JSON,
    },
)
_ITEM = st.fixed_dictionaries(
    {"type": st.sampled_from(["Create", "Announce", "Delete"]) | _JSON},
    optional={
        "id": st.text(max_size=30) | _JSON,
        "published": st.just("2022-11-08T03:07:14Z") | _JSON,
        "to": st.lists(_ADDRESS, max_size=2) | _JSON,
        "cc": st.lists(_ADDRESS, max_size=2) | _JSON,
        "object": _OBJECT | _JSON,
    },
)
_ACTOR = st.dictionaries(
    st.sampled_from(["name", "summary", "icon", "attachment", "followers", "published", "preferredUsername"]),
    _JSON | st.lists(st.fixed_dictionaries({"type": st.just("PropertyValue"), "value": _JSON}), max_size=2),
)
_SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _only_problems(evidence: Evidence) -> None:
    assert all(isinstance(p, Problem) and p.code in MESSAGES for p in evidence.problems)


@_SETTINGS
@given(name=st.sampled_from(["outbox.json", "actor.json"]), data=st.binary())
def test_arbitrary_bytes_never_raise(name: str, data: bytes) -> None:
    _only_problems(parse_mastodon_archive({name: data}))


@_SETTINGS
@given(items=st.lists(_ITEM | _JSON, max_size=6), actor=_ACTOR | _JSON, context=_JSON)
def test_arbitrary_json_never_raises(items: list[Any], actor: Any, context: Any) -> None:
    files = {
        "outbox.json": json.dumps({"@context": context, "orderedItems": items}).encode(),
        "actor.json": json.dumps(actor).encode(),
    }
    evidence = parse_mastodon_archive(files)
    _only_problems(evidence)
    for activity in evidence.activities:
        assert activity.at.tzinfo is UTC
        assert 0 < len(activity.key) <= 255


@_SETTINGS
@given(
    markup=st.text(max_size=200)
    | st.lists(
        st.sampled_from(
            ["<p>", "</p>", "<br>", "<script>", "</script>", "<![", "&", "#x", "<!--", "a", "<", ">", "="]
        ),
        max_size=30,
    ).map("".join)
)
def test_html_to_text_never_raises(markup: str) -> None:
    assert isinstance(html_to_text(markup), str)
