"""X archive parser: the real 2024 sample, synthetic quirks, and garbage that must never raise."""

from __future__ import annotations

import datetime
import html
import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portevoix.core.errors import MESSAGES, Problem
from portevoix.core.evidence.records import Evidence, Kind, Network
from portevoix.core.evidence.x import (
    MAX_RECORD_PROBLEMS,
    decode_js,
    language_code,
    parse_iso_utc,
    parse_x_archive,
    parse_x_date,
    truncated_stem,
)
from tests.conftest import DATA_DIR, require

UTC = datetime.UTC
FIXTURES = DATA_DIR / "evidence" / "x"
EMAIL = "ceo.secret@example.com"


def _samples() -> Path:
    configured = os.environ.get("PORTEVOIX_SAMPLES")
    if configured:
        return Path(configured)
    return Path(__file__).resolve().parents[3] / ".." / "shared" / "samples"


def _folder(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _ytd(path: Path) -> list[Any]:
    """The sample's JSON, read independently of the parser (split on the first '=')."""
    _prefix, body = path.read_text(encoding="utf-8").split("=", 1)
    items: list[Any] = json.loads(body)
    return items


# --- the real sample --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample() -> tuple[Evidence, list[dict[str, Any]], list[dict[str, Any]]]:
    folder = _samples() / "x-2024"
    if not (folder / "tweets.js").is_file() or not (folder / "note-tweet.js").is_file():
        require(False, f"the real X sample is missing: {folder}")
    files = {
        "data/tweets.js": (folder / "tweets.js").read_bytes(),
        "data/note-tweet.js": (folder / "note-tweet.js").read_bytes(),
    }
    tweets = [item["tweet"] for item in _ytd(folder / "tweets.js")]
    notes = [item["noteTweet"] for item in _ytd(folder / "note-tweet.js")]
    return parse_x_archive(files, source_name="twitter-2024.zip"), tweets, notes


def test_real_sample_counts_posts_and_reposts(sample: tuple[Evidence, list[Any], list[Any]]) -> None:
    evidence, tweets, _notes = sample
    reposts = sum(1 for t in tweets if t["full_text"].startswith("RT @"))
    assert (len(tweets) - reposts, reposts) == (1211, 12)
    counts = evidence.counts()
    assert (counts["posts"], counts["reposts"]) == (len(tweets) - reposts, reposts)
    assert evidence.problems == []
    assert evidence.skipped == []
    assert evidence.rows_read == 1223
    assert evidence.source == "x"
    assert len({a.key for a in evidence.activities}) == len(evidence.activities)
    assert {a.network for a in evidence.activities} == {Network.X}


def test_real_sample_first_and_last_dates(sample: tuple[Evidence, list[Any], list[Any]]) -> None:
    evidence, tweets, _notes = sample
    dates = sorted(datetime.datetime.strptime(t["created_at"], "%a %b %d %H:%M:%S %z %Y") for t in tweets)
    assert evidence.activities[0].at == dates[0] == datetime.datetime(2019, 2, 3, 21, 45, 43, tzinfo=UTC)
    assert evidence.activities[-1].at == dates[-1] == datetime.datetime(2024, 11, 9, 12, 14, 18, tzinfo=UTC)
    assert all(a.at.tzinfo is UTC for a in evidence.activities)


def test_real_sample_reposts_have_no_text_and_point_at_the_original(
    sample: tuple[Evidence, list[Any], list[Any]],
) -> None:
    evidence, _tweets, _notes = sample
    reposts = [a for a in evidence.activities if a.kind is Kind.REPOST]
    assert all(a.text == "" and not a.metrics for a in reposts)
    # One retweet carries a photo whose source status is known; the others name the author.
    assert "https://x.com/i/status/1836827009990938906" in {a.target for a in reposts}
    assert "https://x.com/notasintel" in {a.target for a in reposts}


def test_real_sample_long_posts_get_their_full_text(sample: tuple[Evidence, list[Any], list[Any]]) -> None:
    evidence, tweets, notes = sample
    shown = {t["id_str"]: html.unescape(t["full_text"]) for t in tweets}
    note_texts = {n["core"]["text"] for n in notes}
    replaced = [a for a in evidence.activities if a.kind is Kind.POST and a.text != shown[a.key]]
    assert len(replaced) == 31
    assert {a.text for a in replaced} <= note_texts
    assert len({a.text for a in replaced}) == 31  # no note used twice

    # A known one: the note id differs from the tweet id; the join is on date and text.
    post = next(a for a in evidence.activities if a.key == "1712845356000485462")
    note = next(n for n in notes if n["core"]["text"].startswith("Data engineers, say goodbye"))
    assert note["noteTweetId"] != post.key
    assert shown[post.key].endswith("https://t.co/yJcplUtlpa")
    assert "…" in shown[post.key]
    assert post.text == note["core"]["text"]
    assert len(post.text) > 280
    assert not re.search(r"https://t\.co/\w+$", post.text)


def test_real_sample_fields(sample: tuple[Evidence, list[Any], list[Any]]) -> None:
    evidence, tweets, _notes = sample
    posts = [a for a in evidence.activities if a.kind is Kind.POST]
    originals = [t for t in tweets if not t["full_text"].startswith("RT @")]
    assert sum(a.metrics["likes"] for a in posts) == sum(int(t["favorite_count"]) for t in originals)
    assert sum(a.metrics["reposts"] for a in posts) == sum(int(t["retweet_count"]) for t in originals)
    assert {a.language for a in evidence.activities}.isdisjoint({"qme", "zxx", "und", "art", "qst"})
    assert sum(1 for a in posts if a.language == "es") == sum(1 for t in originals if t["lang"] == "es")
    replies = [a for a in posts if a.target]
    assert len(replies) == sum(1 for t in originals if t.get("in_reply_to_status_id_str"))
    assert all(re.fullmatch(r"https://x\.com/i/status/\d+", a.target) for a in replies)
    assert all(a.url == f"https://x.com/i/status/{a.key}" for a in evidence.activities)  # no account.js
    assert not any("&amp;" in a.text or "&gt;" in a.text for a in posts)


# --- synthetic archive ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def archive() -> Evidence:
    return parse_x_archive(_folder(FIXTURES / "archive"), source_name="archive.zip")


def test_multi_part_tweets_are_merged_and_deduplicated(archive: Evidence) -> None:
    keys = [a.key for a in archive.activities]
    assert keys == [
        "1000000000000000001",
        "1000000000000000002",
        "1000000000000000003",
        "1000000000000000004",
        "1000000000000000005",
        "1000000000000000009",  # tweets-part1.js (which repeats ...001)
        "1000000000000000010",  # tweets-part2.js
    ]
    assert archive.counts()["posts"] == 5
    assert archive.counts()["reposts"] == 2
    assert archive.rows_read == 10


def test_post_fields(archive: Evidence) -> None:
    first = archive.activities[0]
    assert first.kind is Kind.POST
    assert first.at == datetime.datetime(2024, 1, 15, 7, 30, tzinfo=UTC)  # +0100 → UTC
    assert first.text == "Bonjour & bienvenue <3"
    assert first.language == "fr"
    assert first.metrics == {"likes": 5.0, "reposts": 2.0}
    assert first.url == "https://x.com/ceo_example/status/1000000000000000001"
    last = archive.activities[-1]
    assert last.at == datetime.datetime(2024, 12, 2, 4, 59, 59, tzinfo=UTC)  # -0500 → next day UTC
    assert last.language == ""  # "und"


def test_reposts_and_replies(archive: Evidence) -> None:
    by_key = {a.key: a for a in archive.activities}
    with_media = by_key["1000000000000000002"]
    assert (with_media.kind, with_media.text, with_media.metrics) == (Kind.REPOST, "", {})
    assert with_media.target == "https://x.com/i/status/2000000000000000000"
    assert by_key["1000000000000000003"].target == "https://x.com/bob_b"
    reply = by_key["1000000000000000004"]
    assert reply.kind is Kind.POST
    assert reply.target == "https://x.com/i/status/3000000000000000000"
    assert reply.text == "@carol d'accord avec toi 👍"
    assert reply.language == ""  # "qme"


def test_truncated_post_takes_the_note_with_the_same_second_and_prefix(archive: Evidence) -> None:
    post = next(a for a in archive.activities if a.key == "1000000000000000005")
    assert len(post.text) > 280
    assert "https://t.co/NOTELINK01" in post.text  # the note's own link, not the truncated tweet's
    assert "TRUNCLNK99" not in post.text
    assert not post.text.startswith("Un autre texte")  # the other note of the same second


def test_invalid_records_are_reported_and_dropped(archive: Evidence) -> None:
    assert archive.problems == [
        Problem("record_invalid", {"reason": "no tweet id"}, path=(5,), file="data/tweets.js"),
        Problem("record_invalid", {"reason": "date not understood"}, path=(6,), file="data/tweets.js"),
    ]
    assert all(p.code in MESSAGES for p in archive.problems)


def test_profile_without_email(archive: Evidence) -> None:
    profile = archive.profile
    assert profile is not None
    assert (profile.network, profile.username, profile.display_name) == (
        Network.X,
        "ceo_example",
        "Camille Exemple",
    )
    assert profile.created_at == datetime.datetime(2012, 5, 1, 9, 0, tzinfo=UTC)
    assert profile.headline == "CEO @Exemple. Confiance, équipes, produit."
    assert profile.location == "Lyon, France"
    assert profile.websites == ("https://t.co/website01",)
    assert profile.has_photo is True
    assert (profile.followers, profile.following) == (3, 2)
    assert EMAIL not in repr(archive)
    assert "ceo.secret" not in repr(archive)


def test_private_files_are_skipped_unread(archive: Evidence) -> None:
    reasons = {s.name: s.reason for s in archive.skipped}
    assert reasons == {
        "data/direct-messages.js": "private",
        "data/phone-number.js": "private",
        "data/direct_messages_media/": "private",
        "data/tweets_media/": "not_relevant",
        "data/like.js": "not_relevant",
        "data/manifest.js": "not_relevant",
        "Your archive.html": "not_relevant",
        "notes.txt": "unknown_file",
    }
    text = repr(archive)
    for secret in ("SECRET-DM", "salaire", "+33612345678", "LIKED-TEXT", "4000000000000000000"):
        assert secret not in text


def test_pre_2020_tweet_js() -> None:
    evidence = parse_x_archive(_folder(FIXTURES / "pre2020"))
    assert evidence.problems == []
    assert [(a.kind, a.key) for a in evidence.activities] == [
        (Kind.POST, "1090000000000000001"),  # an item without the {"tweet": …} wrapper
        (Kind.REPOST, "1090000000000000002"),
    ]
    assert evidence.activities[0].text == 'Premier tweet "historique"'
    assert evidence.activities[0].at == datetime.datetime(2019, 2, 3, 21, 45, 43, tzinfo=UTC)
    assert evidence.activities[1].target == "https://x.com/dave"
    assert evidence.profile is None


def test_bare_file_names_are_accepted() -> None:
    data = (FIXTURES / "archive" / "data" / "tweets-part1.js").read_bytes()
    assert parse_x_archive({"tweets-part1 (1).js": data}).counts()["posts"] == 2
    assert parse_x_archive({"tweets.js": data}).counts()["posts"] == 2


# --- problems ---------------------------------------------------------------------------------


def test_invalid_json_gives_its_line() -> None:
    evidence = parse_x_archive({"data/tweets.js": b'window.YTD.tweets.part0 = [\n  {"tweet": {\n  ]\n'})
    [problem] = evidence.problems
    assert (problem.code, problem.file, problem.line) == ("json_invalid", "data/tweets.js", 3)
    assert problem.message().startswith("the JSON data cannot be read")


def test_file_level_problems() -> None:
    assert [p.code for p in parse_x_archive({"data/tweets.js": b"no equals sign here"}).problems] == [
        "file_corrupt"
    ]
    assert [p.code for p in parse_x_archive({"data/tweets.js": b"\xff\xfe garbage"}).problems] == ["not_utf8"]
    assert [p.code for p in parse_x_archive({"data/tweets.js": b"  \n"}).problems] == ["file_empty"]
    assert [
        p.code for p in parse_x_archive({"data/tweets.js": b"window.YTD.tweets.part0 = {}"}).problems
    ] == ["expected_list"]
    assert [p.code for p in parse_x_archive({"data/tweets.js": b"[[" * 100_000}).problems] == ["json_invalid"]


def test_trailing_semicolon_and_bom_are_tolerated() -> None:
    tweet = '{"id_str": "7", "created_at": "Fri Mar 06 13:02:05 +0000 2026", "full_text": "ok"}'
    body = f'\ufeffwindow.YTD.tweets.part0 = [{{"tweet": {tweet}}}] ;\n'
    evidence = parse_x_archive({"data/tweets.js": body.encode()})
    assert evidence.problems == []
    assert evidence.activities[0].at == datetime.datetime(2026, 3, 6, 13, 2, 5, tzinfo=UTC)


def test_not_an_x_archive() -> None:
    evidence = parse_x_archive({"Shares.csv": b"Date,ShareLink\n"}, source_name="linkedin.zip")
    assert [(p.code, p.file) for p in evidence.problems] == [("file_missing_in_archive", "linkedin.zip")]
    assert evidence.skipped[0].reason == "unknown_file"


def test_record_problems_are_capped() -> None:
    items = ",".join('{"tweet": {"full_text": "x"}}' for _ in range(MAX_RECORD_PROBLEMS + 30))
    evidence = parse_x_archive({"data/tweets.js": f"window.YTD.tweets.part0 = [{items}]".encode()})
    assert len(evidence.problems) == MAX_RECORD_PROBLEMS + 1
    assert evidence.problems[-1].params == {"reason": "30 more records left out"}
    assert {p.code for p in evidence.problems} == {"record_invalid"}


# --- small helpers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Fri Mar 06 13:02:05 +0000 2026", datetime.datetime(2026, 3, 6, 13, 2, 5, tzinfo=UTC)),
        ("Sun Dec 01 23:59:59 -0500 2024", datetime.datetime(2024, 12, 2, 4, 59, 59, tzinfo=UTC)),
        ("2025-09-06T13:02:20.496Z", datetime.datetime(2025, 9, 6, 13, 2, 20, 496000, tzinfo=UTC)),
        ("Fri Feb 30 13:02:05 +0000 2026", None),
        ("Fri Foo 06 13:02:05 +0000 2026", None),
        ("yesterday", None),
        ("", None),
    ],
)
def test_parse_x_date(text: str, expected: datetime.datetime | None) -> None:
    assert parse_x_date(text) == expected


def test_parse_iso_utc_naive_is_utc() -> None:
    assert parse_iso_utc("2022-11-08T03:07:14") == datetime.datetime(2022, 11, 8, 3, 7, 14, tzinfo=UTC)
    assert parse_iso_utc("0001-01-01T00:00:00+01:00") is None


@pytest.mark.parametrize(
    ("tag", "code"),
    [("fr", "fr"), ("EN", "en"), ("pt-BR", "pt"), ("in", "id"), ("qme", ""), ("zxx", ""), ("und", "")],
)
def test_language_code(tag: str, code: str) -> None:
    assert language_code(tag) == code


def test_truncated_stem() -> None:
    assert truncated_stem("Une idée… https://t.co/abc https://t.co/def") == "Une idée"
    assert truncated_stem("Sans lien…") == "Sans lien"
    assert truncated_stem("Complet https://t.co/abc") is None


# --- never raise ------------------------------------------------------------------------------

_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=20,
)
_TWEET_KEYS = st.sampled_from(
    [
        "id_str",
        "id",
        "created_at",
        "full_text",
        "lang",
        "favorite_count",
        "retweet_count",
        "in_reply_to_status_id_str",
        "extended_entities",
        "entities",
        "text",
    ]
)
_TWEETS = st.lists(
    st.fixed_dictionaries(
        {
            "tweet": st.dictionaries(
                _TWEET_KEYS, _JSON | st.just("RT @a: b") | st.just("Fri Mar 06 13:02:05 +0000 2026")
            )
        }
    )
    | _JSON,
    max_size=5,
)
_SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _only_problems(evidence: Evidence) -> None:
    assert all(isinstance(p, Problem) and p.code in MESSAGES for p in evidence.problems)


@_SETTINGS
@given(
    name=st.sampled_from(["data/tweets.js", "data/account.js", "data/note-tweet.js", "follower.js"]),
    data=st.binary(),
)
def test_arbitrary_bytes_never_raise(name: str, data: bytes) -> None:
    _only_problems(parse_x_archive({name: data}))


@_SETTINGS
@given(
    tweets=_TWEETS,
    notes=_JSON,
    account=_JSON,
    prefix=st.sampled_from(["window.YTD.tweets.part0 = ", "", "x="]),
)
def test_arbitrary_json_never_raises(tweets: list[Any], notes: Any, account: Any, prefix: str) -> None:
    files = {
        "data/tweets.js": (prefix + json.dumps(tweets)).encode(),
        "data/note-tweet.js": ("window.YTD.note_tweet.part0 = " + json.dumps(notes)).encode(),
        "data/account.js": ("window.YTD.account.part0 = " + json.dumps([{"account": account}])).encode(),
    }
    evidence = parse_x_archive(files)
    _only_problems(evidence)
    for activity in evidence.activities:
        assert activity.at.tzinfo is UTC
        assert activity.key.isdigit()


@_SETTINGS
@given(text=st.text(max_size=60))
def test_dates_and_decoding_never_raise(text: str) -> None:
    when = parse_x_date(text)
    assert when is None or when.tzinfo is UTC
    decode_js(text.encode("utf-8", "surrogatepass"), "f.js")
