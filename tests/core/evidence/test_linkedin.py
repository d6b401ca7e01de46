"""The LinkedIn member archive parser, on real samples and on synthetic fixtures of every quirk."""

from __future__ import annotations

import csv
import datetime
import io
import os
import re
import zipfile
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portevoix.core.evidence.archive import read_archive, read_folder
from portevoix.core.evidence.dates import linkedin_id_time
from portevoix.core.evidence.linkedin import file_role, parse_linkedin_archive, repair_share_text, urn_of
from portevoix.core.evidence.records import Activity, Evidence, Kind, Network
from tests.conftest import DATA_DIR, require

UTC = datetime.UTC
FIXTURES = DATA_DIR / "evidence" / "linkedin"
ARCHIVE = FIXTURES / "archive-2026"
RECORD_START = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},", re.MULTILINE)


def at(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0, micro: int = 0
) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, second, micro, tzinfo=UTC)


def of_kind(evidence: Evidence, kind: Kind) -> list[Activity]:
    return [activity for activity in evidence.activities if activity.kind == kind]


def codes(evidence: Evidence) -> list[tuple[str, str | None, int | None]]:
    return [(p.code, p.file, p.line) for p in evidence.problems]


# -- The real samples (shared/samples/linkedin-2025) --------------------------------------------------------


def samples() -> Path:
    configured = os.environ.get("PORTEVOIX_SAMPLES")
    base = (
        Path(configured) if configured else Path(__file__).resolve().parents[3] / ".." / "shared" / "samples"
    )
    folder = base / "linkedin-2025"
    found = (folder / "Shares.csv").is_file() and (folder / "Comments.csv").is_file()
    require(found, f"the real LinkedIn samples are not in {folder} (set PORTEVOIX_SAMPLES)")
    return folder


@pytest.fixture(scope="module")
def real() -> Evidence:
    folder = samples()
    files = {name: (folder / name).read_bytes() for name in ("Shares.csv", "Comments.csv")}
    return parse_linkedin_archive(files, source_name="linkedin-2025")


# Counted independently of the parser: 202 lines of Shares.csv start a record (a date then a comma;
# continuation lines of multi-line posts start with a quote) for 198 distinct ShareLinks: one post
# appears five times, once per thumbnail in MediaUrl. 14 of them have an empty ShareCommentary.
# Comments.csv has 323 lines that start a record, 23 messages with quotes (written \").
SHARE_ROWS, POSTS, REPOSTS, COMMENTS, QUOTED_COMMENTS = 202, 184, 14, 323, 23


def test_real_sample_counts_checked_independently() -> None:
    folder = samples()
    shares = (folder / "Shares.csv").read_text(encoding="utf-8")
    comments = (folder / "Comments.csv").read_text(encoding="utf-8")
    assert len(RECORD_START.findall(shares)) == SHARE_ROWS
    links = re.findall(
        r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},(https://[^,]+),(\"\",|,)?", shares, re.MULTILINE
    )
    assert len({link for link, _empty in links}) == POSTS + REPOSTS
    assert len({link for link, empty in links if empty}) == REPOSTS  # an empty ShareCommentary
    assert len(RECORD_START.findall(comments)) == COMMENTS


def test_real_sample_counts(real: Evidence) -> None:
    counts = real.counts()
    assert (counts["posts"], counts["reposts"], counts["comments"]) == (POSTS, REPOSTS, COMMENTS)
    assert real.rows_read == SHARE_ROWS + COMMENTS
    assert real.problems == []
    assert real.skipped == []
    assert real.profile is None
    assert {a.network for a in real.activities} == {Network.LINKEDIN}


def test_real_sample_first_and_last_dates(real: Evidence) -> None:
    def span(kind: Kind) -> tuple[datetime.datetime, datetime.datetime]:
        moments = [a.at for a in of_kind(real, kind)]
        return min(moments), max(moments)

    assert span(Kind.POST) == (at(2015, 11, 5, 12, 25, 36), at(2025, 7, 1, 14, 33, 22))
    assert span(Kind.REPOST) == (at(2018, 2, 23, 2, 51, 1), at(2023, 1, 20, 1, 27, 47))
    assert span(Kind.COMMENT) == (at(2016, 2, 22, 5, 48, 25), at(2025, 7, 13, 8, 15, 21))
    assert all(a.at.tzinfo is UTC for a in real.activities)
    assert [a.at for a in real.activities] == sorted(a.at for a in real.activities)


def test_real_sample_keys_are_urns_and_dates_are_utc(real: Evidence) -> None:
    shares = of_kind(real, Kind.POST) + of_kind(real, Kind.REPOST)
    assert {a.key.rsplit(":", 1)[0] for a in shares} == {"urn:li:share", "urn:li:ugcPost", "urn:li:groupPost"}
    assert len({a.key for a in shares}) == len(shares)
    # FORMATS.md §1.6: ids embed their creation time; the Date column agrees within 2 seconds.
    assert "urn:li:groupPost:9186332-6985503444988043264" in {a.key for a in shares}  # group id - post id
    for activity in shares:
        moment = linkedin_id_time(activity.key)
        assert moment is not None
        assert abs(moment - activity.at) < datetime.timedelta(seconds=2), activity.key
    assert all(a.text == "" for a in of_kind(real, Kind.REPOST))


def test_real_multi_line_post_has_no_stray_quotes(real: Evidence) -> None:
    post = next(a for a in real.activities if a.key == "urn:li:share:7345821826846990338")
    assert post.kind == Kind.POST
    assert post.at == at(2025, 7, 1, 14, 33, 22)
    assert post.url == "https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A7345821826846990338"
    assert post.text == (
        "I'm off for a 10-day Vipassana meditation program.\n"
        "\n"
        "𝗪𝗛𝗔𝗧? A 10-day residential meditation. No phone, laptop, or speaking. https://www.dhamma.org/\n"
        "𝗪𝗛𝗘𝗡? From today until next Sunday (13 July)\n"
        "𝗪𝗛𝗘𝗥𝗘? Near Chennai. https://lnkd.in/geGVFynY\n"
        "𝗪𝗛𝗬? I've heard good things and am curious.\n"
        "𝗦𝗨𝗥𝗘? I've never been away from tech for this long. Let's see!\n"
        "\n"
        "I've scheduled LinkedIn posts, so you'll still see stuff. But I won't be replying."
    )
    quoted = next(a for a in real.activities if a.key == "urn:li:share:7345736358277103616")
    assert quoted.text.startswith(
        "If someone asked me, \"What's changed this year in LLMs\", here's my list:\n\n"
    )


def test_real_posts_match_an_independent_repair(real: Evidence) -> None:
    """Every text equals the RFC-parsed field with each stray ``"`` + newline + ``"`` made a newline."""
    with (samples() / "Shares.csv").open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    expected: dict[str, str] = {}
    for row in rows:
        key = "urn:li:" + row["ShareLink"].rsplit("urn%3Ali%3A", 1)[1].replace("%3A", ":")
        expected.setdefault(key, row["ShareCommentary"].replace('"\n"', "\n").strip())
    got = {a.key: a.text for a in real.activities if a.kind in (Kind.POST, Kind.REPOST)}
    assert got == expected
    multi_line = [text for text in got.values() if "\n" in text]
    assert len(multi_line) == 169
    assert not any('"\n"' in text or text.endswith('"\n') for text in multi_line)


def test_real_comments_with_backslash_quotes_are_intact(real: Evidence) -> None:
    comments = of_kind(real, Kind.COMMENT)
    assert sum('"' in c.text for c in comments) == QUOTED_COMMENTS
    assert not any('\\"' in c.text for c in comments)
    comment = next(c for c in comments if "Challenge my assumptions" in c.text)
    assert comment.at == at(2025, 6, 27, 9, 4, 13)
    assert comment.target == "urn:li:activity:7344186464080941056"
    assert comment.text.startswith("Srini Annamaraju Here's how I tagged it: https://sanand0.github.io/")
    assert (
        'custom instruction telling ChatGPT to "Challenge my assumptions, ask probing questions, suggest '
        'better approaches, share contrarian perspectives, and engage rather than affirm."'
    ) in comment.text
    assert len({c.key for c in comments}) == COMMENTS


def test_real_comments_match_a_backslash_aware_csv_reader(real: Evidence) -> None:
    with (samples() / "Comments.csv").open(encoding="utf-8", newline="") as stream:
        rows = list(csv.reader(stream, escapechar="\\", doublequote=True))[1:]
    expected = sorted((date, link, message.strip()) for date, link, message in rows)
    got = sorted((f"{c.at:%Y-%m-%d %H:%M:%S}", c.url, c.text) for c in of_kind(real, Kind.COMMENT))
    assert got == expected


def test_member_id_suffixes_and_a_folder_inside_the_zip() -> None:
    folder = samples()
    files = {
        "Basic_LinkedInDataExport_07-14-2025/Shares_155814142.csv": (folder / "Shares.csv").read_bytes(),
        "Basic_LinkedInDataExport_07-14-2025/Comments_155814142.csv": (folder / "Comments.csv").read_bytes(),
    }
    counts = parse_linkedin_archive(files).counts()
    assert (counts["posts"], counts["reposts"], counts["comments"]) == (POSTS, REPOSTS, COMMENTS)


# -- Synthetic fixtures ------------------------------------------------------------------------------------


def test_2018_utf16_tab_shares() -> None:
    raw = (FIXTURES / "2018" / "Shares.csv").read_bytes()
    assert raw.startswith(b"\xff\xfe")
    evidence = parse_linkedin_archive({"Shares.csv": raw})
    assert evidence.problems == []
    assert evidence.rows_read == 3
    posts, reposts = of_kind(evidence, Kind.POST), of_kind(evidence, Kind.REPOST)
    assert [(p.key, p.at, p.text, p.target) for p in posts] == [
        ("urn:li:activity:6218000000000000000", at(2016, 12, 24, 18, 30), "Joyeux Noël 🎄", ""),
        (
            "urn:li:activity:6278000000000000000",
            at(2017, 6, 8, 8, 15, 44),
            'Line one\nline two with a "quote".',  # no stray quotes to remove: left as it is
            "https://example.com/a",
        ),
    ]
    assert [(r.key, r.at) for r in reposts] == [("urn:li:activity:6264000000000000000", at(2017, 5, 1, 10))]


def test_2021_comments_with_unquoted_multi_line_records() -> None:
    raw = (FIXTURES / "2021" / "Comments.csv").read_bytes()
    assert len(RECORD_START.findall(raw.decode())) == 4
    evidence = parse_linkedin_archive({"Comments.csv": raw})
    assert evidence.problems == []
    assert evidence.rows_read == 4
    assert [(c.at, c.text, c.target) for c in evidence.activities] == [
        (at(2021, 6, 14, 6), "Simple comment", "urn:li:activity:6808000000000000000"),
        (at(2021, 6, 15, 7), "Quoted with\nan inner line", "urn:li:activity:6809000000000000000"),
        (
            at(2021, 6, 16, 8),
            "Merci Paul, vraiment\n2020 fut une année étrange",
            "urn:li:activity:6810000000000000000",
        ),
        (at(2021, 6, 17, 9), 'Bravo, "superbe" travail !', "urn:li:activity:6811000000000000000"),
    ]


def test_comments_in_an_unusual_layout_are_read_as_plain_csv() -> None:
    raw = b'Date;Link;Message\n2025-01-02 03:04:05;https://x/urn%3Ali%3Aactivity%3A1;"Bonjour; ""toi"""\n'
    evidence = parse_linkedin_archive({"Comments.csv": raw})
    assert evidence.problems == []
    assert [(c.text, c.target) for c in evidence.activities] == [('Bonjour; "toi"', "urn:li:activity:1")]


def test_connections_with_notes_preamble_and_no_email() -> None:
    evidence = parse_linkedin_archive({"Connections.csv": (ARCHIVE / "Connections.csv").read_bytes()})
    assert [(c.connected_on, c.company, c.position) for c in evidence.connections] == [
        (datetime.date(2026, 2, 7), "Acme", "CEO"),
        (datetime.date(2021, 6, 17), "Beta", "CTO"),
        (datetime.date(2024, 1, 5), "", ""),
        (datetime.date(2024, 1, 5), "", ""),  # a second closed account, the same day: not a duplicate
        (datetime.date(2019, 3, 12), "Gamma", "CFO"),
    ]
    keys = [c.key for c in evidence.connections]
    assert keys[:2] == [
        "https://www.linkedin.com/in/alice-martin-123",
        "https://www.linkedin.com/in/bob-leroy",
    ]
    assert all(key.startswith("h:") for key in keys[2:])
    assert len(set(keys)) == 5
    assert [(p.code, p.file, p.line, p.path, dict(p.params)) for p in evidence.problems] == [
        ("date_invalid", "Connections.csv", 11, ("Connected On",), {"value": "not a date"})
    ]
    dump = repr(evidence)
    assert "@" not in dump
    for name in ("Alice", "Martin", "Chloé", "Petit", "Denis"):
        assert name not in dump


def test_connections_keys_are_stable() -> None:
    raw = (ARCHIVE / "Connections.csv").read_bytes()
    first = parse_linkedin_archive({"Connections.csv": raw}).connections
    again = parse_linkedin_archive({"Connections_123.csv": raw}).connections
    assert first == again


def test_resaved_semicolon_file_with_short_dates_and_fillers() -> None:
    evidence = parse_linkedin_archive(
        {"Connections.csv": (FIXTURES / "resaved" / "Connections.csv").read_bytes()}
    )
    assert evidence.problems == []
    assert [(c.key[:2], c.connected_on, c.company) for c in evidence.connections] == [
        ("ht", datetime.date(2024, 6, 18), "Acme"),
        ("h:", datetime.date(2026, 1, 5), "Beta"),  # URL "NA" is no URL
    ]
    assert "@" not in repr(evidence)


def test_2018_connections_without_preamble() -> None:
    raw = (
        b"First Name,Last Name,Email Address,Company,Position,Connected On\n"
        b'Ann,Lee,ann@x.com,Co,CEO,"1/8/18, 6:14 PM"\n'
    )
    evidence = parse_linkedin_archive({"Connections.csv": raw})
    assert evidence.problems == []
    assert [(c.connected_on, c.company, c.key[:2]) for c in evidence.connections] == [
        (datetime.date(2018, 1, 8), "Co", "h:")
    ]
    assert "@" not in repr(evidence)


def test_hashtag_follows_and_profile_summary() -> None:
    files = {
        "Hashtag_Follows.csv": (
            b"HashTag,CreatedTime,LastModifiedTime,State\n#leadership,1/14/2020 12:13,,FOLLOWED\n"
        ),
        "Profile Summary.csv": b'Profile Summary\n"Dirigeante, \nautrice."\n',
    }
    evidence = parse_linkedin_archive(files)
    assert evidence.problems == []
    assert [(f.kind, f.name, f.followed_on, f.active) for f in evidence.follows] == [
        ("hashtag", "leadership", datetime.date(2020, 1, 14), True)
    ]
    assert evidence.profile is not None
    assert evidence.profile.summary == "Dirigeante, \nautrice."


def article_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "Articles/2017-12-09 04:54:08.html", (FIXTURES / "articles" / "published.html").read_bytes()
        )
        archive.writestr("Articles/Articles/draft.html", (FIXTURES / "articles" / "draft.html").read_bytes())
        archive.writestr("Articles/Articles/image.png", b"\x89PNG")
    return buffer.getvalue()


def test_articles_with_colons_in_names_and_drafts_left_out() -> None:
    files, problems = read_archive(article_zip(), filename="Complete_LinkedInDataExport.zip")
    assert problems == []
    assert files is not None
    evidence = parse_linkedin_archive(files)
    assert evidence.problems == []
    [article] = evidence.activities
    assert article.kind == Kind.ARTICLE
    assert article.key == "urn:li:linkedInArticle:6343000000000000000"
    assert article.at == at(2017, 12, 10, 8, 0)  # published, not created
    assert article.text == "Pourquoi publier\n\nPremier paragraphe.\nSecond paragraphe & fin."
    assert {(s.name, s.reason) for s in evidence.skipped} == {
        ("Articles/Articles/draft.html", "private"),
        ("Articles/Articles/image.png", "not_relevant"),
    }
    assert "DRAFT-TEXT-NEVER-SHOWN" not in repr(evidence)
    assert evidence.rows_read == 2


def test_article_date_from_its_file_name() -> None:
    html = b"<html><body><h1>Sans date</h1><p>Texte.</p></body></html>"
    evidence = parse_linkedin_archive({"Articles/2017-12-09 04:54:08.html": html})
    assert [(a.at, a.key) for a in evidence.activities] == [
        (at(2017, 12, 9, 4, 54, 8), "article:Articles/2017-12-09 04:54:08.html")
    ]
    evidence = parse_linkedin_archive({"Articles/untitled.html": html})
    assert [(p.code, p.file) for p in evidence.problems] == [("date_invalid", "Articles/untitled.html")]


class Watched(Mapping[str, bytes]):
    """Files that remember which ones were read."""

    def __init__(self, files: Mapping[str, bytes]) -> None:
        self.files = dict(files)
        self.read: set[str] = set()

    def __getitem__(self, name: str) -> bytes:
        self.read.add(name)
        return self.files[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self.files)

    def __len__(self) -> int:
        return len(self.files)


PRIVATE_FILES = {
    "messages.csv",
    "Invitations.csv",
    "Email Addresses.csv",
    "PhoneNumbers.csv",
    "Jobs/Job Applications.csv",
}
SECRETS = (
    "SECRET-MESSAGE-CONTENT",
    "SECRET-INVITATION-NOTE",
    "Eve Secret",
    "camille.secret",
    "12 rue Secrète",
    "75011",
    "Jun 20",
    "+33",
    "Call me",
    "paul.bernard",
    "Hidden praise",
    "Zoé",
    "@",
)


@pytest.fixture(scope="module")
def archive() -> tuple[Evidence, Watched]:
    files, problems = read_folder(ARCHIVE)
    assert problems == []
    assert files is not None
    watched = Watched(files)
    return parse_linkedin_archive(watched, source_name="archive-2026"), watched


def test_private_files_are_never_read(archive: tuple[Evidence, Watched]) -> None:
    evidence, watched = archive
    assert set(watched.files) >= PRIVATE_FILES
    assert not watched.read & PRIVATE_FILES
    assert {s.name for s in evidence.skipped if s.reason == "private"} == PRIVATE_FILES
    dump = repr(evidence)
    for secret in SECRETS:
        assert secret not in dump, secret


def test_skipped_files_and_reasons(archive: tuple[Evidence, Watched]) -> None:
    evidence, _watched = archive
    assert {(s.name, s.reason) for s in evidence.skipped} == {
        *((name, "private") for name in PRIVATE_FILES),
        ("Rich_Media.csv", "not_relevant"),
        ("Learning.csv", "not_relevant"),
        ("Education.csv", "not_relevant"),
        ("Whatever Else.csv", "unknown_file"),
    }


def test_whole_archive(archive: tuple[Evidence, Watched]) -> None:
    evidence, _watched = archive
    assert evidence.source == "linkedin"
    assert evidence.counts() == {
        "posts": 1,
        "reposts": 2,
        "comments": 0,
        "reactions": 3,
        "articles": 0,
        "connections": 5,
        "follows": 4,
        "received": 3,
        "daily_metrics": 0,
        "skipped_files": 9,
        "errors": 2,
    }
    assert [(p.code, p.file, p.line, p.path) for p in evidence.problems] == [
        ("date_invalid", "Connections.csv", 11, ("Connected On",)),
        ("date_invalid", "Reactions.csv", 5, ("Date",)),
    ]
    # data rows: profile 1, positions 2, skills 3, connections 7, company follows 2, member follows 3,
    # reactions 5, instant reposts 1, shares 2, recommendations 2, endorsements 3
    assert evidence.rows_read == 31


def test_profile(archive: tuple[Evidence, Watched]) -> None:
    profile = archive[0].profile
    assert profile is not None
    assert profile.network == Network.LINKEDIN
    assert profile.display_name == "Camille Durand"
    assert profile.headline == "Directrice générale chez Exemple"
    assert profile.summary == "Je dirige Exemple.\nDeux lignes."
    assert profile.industry == "Software Development"
    assert profile.location == "Paris, Île-de-France, France"
    assert profile.websites == ("https://exemple.fr/", "https://blog.exemple.fr/")
    assert profile.skills == 2  # "Leadership" and "leadership" are one skill
    assert [(p.company, p.title, p.started_on, p.finished_on) for p in profile.positions] == [
        ("Exemple", "Directrice générale", datetime.date(2023, 3, 1), None),
        ("Autre SA", "Directrice marketing", datetime.date(2015, 1, 1), datetime.date(2023, 2, 1)),
    ]


def test_activities_of_the_archive(archive: tuple[Evidence, Watched]) -> None:
    evidence = archive[0]
    reactions = of_kind(evidence, Kind.REACTION)
    assert [(r.at, r.reaction_type, r.target) for r in reactions] == [
        (at(2026, 4, 1, 8), "EMPATHY", "urn:li:activity:7311000000000000000"),
        (at(2026, 4, 5, 10), "PRAISE", "urn:li:comment:(ugcPost:7313000000000000000,7313000000000000001)"),
        (at(2026, 4, 6, 21, 12, 29), "LIKE", "urn:li:activity:7314000000000000000"),
    ]
    assert len({r.key for r in reactions}) == 3
    [post] = of_kind(evidence, Kind.POST)
    assert (post.key, post.text) == ("urn:li:share:7312900000000000000", "Nous recrutons !\n\nÉcrivez-moi.")
    assert sorted(r.key for r in of_kind(evidence, Kind.REPOST)) == [
        "urn:li:activity:7300000000000000000",  # InstantReposts.csv
        "urn:li:share:7306500000000000000",  # an empty ShareCommentary
    ]


def test_follows_and_received(archive: tuple[Evidence, Watched]) -> None:
    evidence = archive[0]
    assert sorted((f.kind, f.name, f.followed_on, f.active) for f in evidence.follows) == [
        ("company", "Exemple", datetime.date(2021, 6, 16), True),
        ("company", "OpenAI", datetime.date(2023, 1, 2), True),
        ("member", "Jean Dupont", datetime.date(2026, 4, 6), True),
        ("member", "Marie Curie", datetime.date(2026, 2, 1), False),  # unfollowed after following
    ]
    assert sorted((r.kind, r.on, r.label) for r in evidence.received) == [
        ("endorsement", datetime.date(2026, 3, 21), "Leadership"),  # endorsed twice: once
        ("endorsement", datetime.date(2026, 3, 22), "Stratégie"),
        ("recommendation", datetime.date(2024, 4, 15), "Head of Sales"),  # the hidden one is left out
    ]


def test_zipped_archive_gives_the_same_evidence(archive: tuple[Evidence, Watched]) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zipped:
        for path in sorted(ARCHIVE.rglob("*")):
            if path.is_file():
                zipped.write(path, path.relative_to(ARCHIVE).as_posix())
    files, problems = read_archive(buffer.getvalue(), filename="Basic_LinkedInDataExport_04-07-2026.zip")
    assert problems == []
    assert files is not None
    evidence = parse_linkedin_archive(files)
    expected = archive[0]
    assert evidence.activities == expected.activities
    assert evidence.connections == expected.connections
    assert evidence.profile == expected.profile


# -- Problems and edge cases -------------------------------------------------------------------------------


def test_empty_known_files_are_fine() -> None:
    evidence = parse_linkedin_archive(
        {"Shares.csv": b"", "Reactions.csv": b"Date,Type,Link\n", "Comments.csv": b"\n"}
    )
    assert evidence.problems == []
    assert evidence.activities == []
    assert evidence.rows_read == 0


def test_missing_required_columns() -> None:
    evidence = parse_linkedin_archive({"Shares.csv": b"Date,Foo\n2025-01-01 00:00:00,x\n"})
    assert [(p.code, p.file, p.line, p.path, dict(p.params)) for p in evidence.problems] == [
        ("column_missing", "Shares.csv", 1, ("ShareLink",), {"column": "ShareLink"}),
        ("column_missing", "Shares.csv", 1, ("ShareCommentary",), {"column": "ShareCommentary"}),
    ]
    assert evidence.activities == []


def test_bad_dates_are_reported_and_the_rest_kept() -> None:
    raw = (
        b"Date,Type,Link\n"
        b"2025-01-01 10:00:00,LIKE,https://x/urn%3Ali%3Aactivity%3A1\n"
        b"yesterday,LIKE,https://x/urn%3Ali%3Aactivity%3A2\n"
        b"2025-01-03 10:00:00,INTEREST,https://x/urn%3Ali%3Aactivity%3A3\n"
    )
    evidence = parse_linkedin_archive({"Reactions.csv": raw})
    assert [a.target for a in evidence.activities] == ["urn:li:activity:1", "urn:li:activity:3"]
    assert [(p.code, p.line, dict(p.params)) for p in evidence.problems] == [
        ("date_invalid", 3, {"value": "yesterday"})
    ]
    assert evidence.rows_read == 3


def test_likes_of_2015_without_a_type() -> None:
    raw = b"Date,Link\n2015-03-04 05:06:07,https://www.linkedin.com/feed/update/urn:li:activity:5900000000000000000\n"
    evidence = parse_linkedin_archive({"Likes.csv": raw})
    assert [(a.kind, a.reaction_type, a.target) for a in evidence.activities] == [
        (Kind.REACTION, "LIKE", "urn:li:activity:5900000000000000000")
    ]


def test_duplicates_across_files_are_kept_once() -> None:
    raw = b"Date,Type,Link\n2025-01-01 10:00:00,LIKE,https://x/urn%3Ali%3Aactivity%3A1\n"
    evidence = parse_linkedin_archive({"Reactions.csv": raw, "Reactions_42.csv": raw})
    assert len(evidence.activities) == 1
    assert evidence.rows_read == 2


def test_an_archive_without_linkedin_files() -> None:
    evidence = parse_linkedin_archive(
        {"data/tweets.js": b"window.YTD.tweets.part0 = []"}, source_name="x.zip"
    )
    assert [(p.code, p.file, dict(p.params)) for p in evidence.problems] == [
        ("file_missing_in_archive", "x.zip", {"name": "Shares.csv", "network": "LinkedIn"})
    ]
    assert [(s.name, s.reason) for s in evidence.skipped] == [("data/tweets.js", "unknown_file")]


def test_undecodable_file() -> None:
    evidence = parse_linkedin_archive({"Shares.csv": b"\xff\xfe\x00\xd8"})  # UTF-16 with a lone surrogate
    assert all(p.file == "Shares.csv" for p in evidence.problems)


@pytest.mark.parametrize(
    ("path", "role"),
    [
        ("Shares.csv", "shares"),
        ("Shares_155814142.csv", "shares"),
        ("shares (1).csv", "shares"),
        ("Basic_LinkedInDataExport_05-01-2026/Comments.csv", "comments"),
        ("Likes.csv", "reactions"),
        ("Rich Media.csv", "not_relevant"),
        ("Rich_Media.csv", "not_relevant"),
        ("Endorsement Received Info.csv", "endorsements"),
        ("Company Follows.csv", "company_follows"),
        ("Articles/Articles/x.html", "article"),
        ("Articles/2017-12-09 04:54:08.html", "article"),
        ("messages.csv", "private"),
        ("Messages.csv", "private"),
        ("guide_messages.csv", "private"),
        ("learning_coach_messages.csv", "private"),
        ("LearningCoachMessages.csv", "private"),
        ("Invitations.csv", "private"),
        ("ImportedContacts.csv", "private"),
        ("Imported Contacts.csv", "private"),
        ("Email Addresses.csv", "private"),
        ("PhoneNumbers.csv", "private"),
        ("Phone Numbers.csv", "private"),
        ("Logins.csv", "private"),
        ("Security Challenges.csv", "private"),
        ("Registration.csv", "private"),
        ("Receipts.csv", "private"),
        ("Receipts_v2.csv", "private"),
        ("Ad_Targeting.csv", "private"),
        ("Ad Targeting.csv", "private"),
        ("Inferences_about_you.csv", "private"),
        ("Private_identity_asset.csv", "private"),
        ("SearchQueries.csv", "private"),
        ("Search Queries.csv", "private"),
        ("Jobs/Job Applications.csv", "private"),
        ("Jobs/Saved Jobs.csv", "private"),
        ("Verifications/Verifications.csv", "private"),
        ("Learning.csv", "not_relevant"),
        ("Something New.csv", "unknown_file"),
    ],
)
def test_file_roles(path: str, role: str) -> None:
    assert file_role(path) == role


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("one line", "one line"),
        ('first"\n"second', "first\nsecond"),
        ('first"\n""\n"third', "first\n\nthird"),
        ('He said "hi""\n"next', 'He said "hi"\nnext'),
        ("no\nstray quotes", "no\nstray quotes"),
        ('mixed"\nnot quoted', 'mixed"\nnot quoted'),
    ],
)
def test_repair_share_text(text: str, expected: str) -> None:
    assert repair_share_text(text) == expected


@pytest.mark.parametrize(
    ("link", "urn"),
    [
        ("https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A123", "urn:li:share:123"),
        ("https://www.linkedin.com/feed/update/urn:li:activity:456/", "urn:li:activity:456"),
        (
            "https://www.linkedin.com/feed/update/urn%3Ali%3AugcPost%3A1?commentUrn=urn%3Ali%3Acomment%3A%28ugcPost%3A1%2C2%29",
            "urn:li:comment:(ugcPost:1,2)",
        ),
        (
            "https://www.linkedin.com/feed/update/urn%3Ali%3AgroupPost%3A9186332-6985503444988043264",
            "urn:li:groupPost:9186332-6985503444988043264",
        ),
        ("https://example.com/", ""),
        ("", ""),
    ],
)
def test_urn_of(link: str, urn: str) -> None:
    assert urn_of(link) == urn


# -- Anything at all -------------------------------------------------------------------------------------

NAMES = [
    "Shares.csv",
    "Comments.csv",
    "Reactions.csv",
    "InstantReposts.csv",
    "Connections.csv",
    "Profile.csv",
    "Profile Summary.csv",
    "Positions.csv",
    "Skills.csv",
    "Company Follows.csv",
    "Member_Follows.csv",
    "Hashtag_Follows.csv",
    "Recommendations_Received.csv",
    "Endorsement_Received_Info.csv",
    "Articles/a.html",
]
HEADERS = [
    "Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility\n",
    "Date,Link,Message\n",
    "Date,Type,Link\n",
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n",
    '"Date"\t"Share Link"\t"Share Commentary"\n',
    "",
]


def check(evidence: Evidence) -> None:
    assert isinstance(evidence, Evidence)
    for activity in evidence.activities:
        assert activity.at.tzinfo is not None


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(NAMES), st.binary(max_size=3000))
def test_arbitrary_bytes_never_raise(name: str, raw: bytes) -> None:
    check(parse_linkedin_archive({name: raw}))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(NAMES),
    st.sampled_from(HEADERS),
    st.lists(
        st.one_of(
            st.text(max_size=80),
            st.sampled_from(['"', '""', '\\"', ",", ";", "\t", "\r\n", "\n", "2025-07-01 14:33:22,", "NA"]),
        ),
        max_size=40,
    ),
    st.sampled_from(["utf-8", "utf-16", "utf-8-sig"]),
)
def test_arbitrary_csv_like_text_never_raises(
    name: str, header: str, parts: list[str], encoding: str
) -> None:
    raw = (header + "".join(parts)).encode(encoding, errors="surrogatepass")
    check(parse_linkedin_archive({name: raw}))
