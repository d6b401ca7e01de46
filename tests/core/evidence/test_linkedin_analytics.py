"""LinkedIn analytics workbooks: the real page sample, synthetic page and creator files, garbage."""

from __future__ import annotations

import datetime
import io
import os
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import openpyxl
import pytest
import xlrd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portevoix.core.errors import MESSAGES
from portevoix.core.evidence.linkedin_analytics import parse_creator_export, parse_page_export
from portevoix.core.evidence.records import Evidence, Kind, Network, Skipped
from tests.conftest import DATA_DIR, require

FIXTURES = DATA_DIR / "evidence" / "analytics"
UTC = datetime.UTC
D = datetime.date


def _samples() -> Path:
    configured = os.environ.get("PORTEVOIX_SAMPLES")
    if configured:
        return Path(configured)
    return Path(__file__).resolve().parents[3] / ".." / "shared" / "samples"


def workbook(sheets: Mapping[str, Sequence[Sequence[object]]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def metrics(evidence: Evidence, name: str) -> dict[D, float]:
    return {m.day: m.value for m in evidence.daily_metrics if m.metric == name}


def found(evidence: Evidence) -> list[tuple[str, int | None, tuple[str | int, ...]]]:
    return [(p.code, p.line, p.path) for p in evidence.problems]


# --- the real sample --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_path() -> Path:
    path = _samples() / "linkedin-page-2023" / "page-content.xls"
    if not path.is_file():
        require(False, f"the real page analytics sample is missing: {path}")
    return path


def test_real_page_content_sample(sample_path: Path) -> None:
    raw = sample_path.read_bytes()
    evidence = parse_page_export(raw, filename="page-content.xls")

    # The expected numbers, read independently: whole columns by xlrd, dates by strptime.
    book = xlrd.open_workbook(str(sample_path))
    sheet = book.sheet_by_name("Metrics")
    dates = [datetime.datetime.strptime(v, "%m/%d/%Y").date() for v in sheet.col_values(0, start_rowx=2)]
    total_impressions = sum(sheet.col_values(3, start_rowx=2))
    links = [v for v in book.sheet_by_name("All posts").col_values(1, start_rowx=2) if v]

    assert (len(dates), min(dates), max(dates), total_impressions, len(links)) == (
        365,
        D(2024, 7, 30),
        D(2025, 7, 29),
        50998.0,
        53,
    )
    assert evidence.source == "linkedin-page"
    assert evidence.problems == []
    assert evidence.skipped == []
    impressions = metrics(evidence, "impressions")
    assert sorted(impressions) == sorted(dates)
    assert sum(impressions.values()) == total_impressions
    assert len(evidence.daily_metrics) == 365 * 9
    assert {m.scope for m in evidence.daily_metrics} == {"page"}
    assert {m.network for m in evidence.daily_metrics} == {Network.LINKEDIN}
    assert evidence.rows_read == 365 + 53

    # Rates are fractions (not percentages): (clicks + reactions + comments + reposts) / impressions,
    # above 1 or below 0 on a few days of the real file (corrections).
    rates = metrics(evidence, "engagement_rate")
    assert len(rates) == 365
    engaged = {m: metrics(evidence, m) for m in ("clicks", "reactions", "comments", "reposts")}
    for day, shown in impressions.items():
        if shown > 0:
            expected = sum(values[day] for values in engaged.values()) / shown
            assert rates[day] == pytest.approx(expected), day
    assert sorted(rates.values())[182] < 0.2
    assert rates[D(2025, 3, 26)] == pytest.approx(1.36)
    assert min(m.value for m in evidence.daily_metrics) == -7.0  # a correction, kept

    posts = evidence.activities
    assert len(posts) == 53 == evidence.counts()["posts"]
    assert [p.url for p in posts] == links
    assert all(p.kind is Kind.POST and p.key.startswith("urn:li:activity:") for p in posts)
    assert all(p.url.endswith(p.key) for p in posts)
    first = posts[0]
    assert first.key == "urn:li:activity:7355562008013860867"
    assert first.at == datetime.datetime(2025, 7, 28, tzinfo=UTC)
    assert first.text.startswith("Call for Junior Creatives:")
    assert first.metrics["impressions"] == 532.0
    assert first.metrics["sponsored"] == 0.0
    assert 0 < first.metrics["engagement_rate"] < 1
    assert "views" not in first.metrics  # an empty cell is not a zero
    assert all(0 <= p.metrics["engagement_rate"] <= 1 for p in posts)


def test_the_real_sample_is_not_a_creator_export(sample_path: Path) -> None:
    evidence = parse_creator_export(sample_path.read_bytes(), filename="page-content.xls")
    assert [p.code for p in evidence.problems] == ["not_creator_analytics"]
    assert evidence.daily_metrics == []
    assert evidence.activities == []


# --- company page: synthetic workbooks --------------------------------------------------------

METRICS_HEADER = [
    "Date",
    "Impressions (organic)",
    "Impressions (sponsored)",
    "Impressions (total)",
    "Unique impressions (organic)",
    "Clicks (organic)",
    "Clicks (sponsored)",
    "Clicks (total)",
    "Reactions (organic)",
    "Reactions (sponsored)",
    "Reactions (total)",
    "Comments (organic)",
    "Comments (sponsored)",
    "Comments (total)",
    "Reposts (organic)",
    "Reposts (sponsored)",
    "Reposts (total)",
    "Engagement rate (organic)",
    "Engagement rate (sponsored)",
    "Engagement rate (total)",
]
POSTS_HEADER = [
    "Post title",
    "Post link",
    "Post type",
    "Campaign name",
    "Posted by",
    "Created date",
    "Campaign start date",
    "Campaign end date",
    "Audience",
    "Impressions",
    "Views",
    "Offsite Views",
    "Clicks",
    "Click through rate (CTR)",
    "Likes",
    "Comments",
    "Reposts",
    "Follows",
    "Engagement rate",
    "Content Type",
]
LINK = "https://www.linkedin.com/feed/update/urn:li:activity:"


def metrics_row(day: str, impressions: float, rate: float = 0.05) -> list[object]:
    # organic, sponsored, total, unique, clicks ×3, reactions ×3, comments ×3, reposts ×3, rates ×3
    counts = [1.0, 2.0, 0.0, 2.0, 3.0, 0.0, 3.0, 4.0, 0.0, 4.0, 5.0, 0.0, 5.0]
    return [day, impressions, 0.0, impressions, *counts, rate, 0.0, rate]


def post_row(title: str, post_id: int, day: str, impressions: object, kind: str = "Organic") -> list[object]:
    start = [title, f"{LINK}{post_id}", kind, "", "Someone", day, "", "", "All followers"]
    return [*start, impressions, "", "", 7.0, 0.1, 3.0, 1.0, 0.0, "", 0.02, ""]


def test_a_resaved_content_workbook_is_read_by_header_names() -> None:
    raw = workbook(
        {
            "Metrics": [
                ["Aggregated engagement metrics…"],
                METRICS_HEADER,
                metrics_row("07/30/2024", 34.0),
                metrics_row("07/31/2024", -3.0),
                metrics_row("2024/08/01", 10.0),  # not a date LinkedIn writes
                metrics_row("08/02/2024", 12.0),
                [],
            ],
            "All posts": [
                ["Engagement metrics for individual posts."],
                POSTS_HEADER,
                post_row("Hello\nworld", 7355562008013860867, "07/28/2025", 532.0),
                post_row("Paid", 7353764000000000000, "07/23/2025", "1,234", kind="Sponsored"),
                ["No link", "https://example.com/x", "Organic", "", "", "07/23/2025"],
                post_row("Bad date", 7353517000000000000, "13/13/2025", 1.0),
                post_row("Bad number", 7353517000000000001, "07/22/2025", "lots"),
            ],
        }
    )
    evidence = parse_page_export(raw, filename="content.xlsx")
    assert metrics(evidence, "impressions") == {
        D(2024, 7, 30): 34.0,
        D(2024, 7, 31): -3.0,
        D(2024, 8, 2): 12.0,
    }
    assert metrics(evidence, "engagement_rate")[D(2024, 7, 30)] == 0.05
    assert metrics(evidence, "reposts")[D(2024, 7, 30)] == 5.0
    assert found(evidence) == [
        ("date_invalid", 5, ("Date",)),
        ("link_invalid", 5, ("Post link",)),
        ("date_invalid", 6, ("Created date",)),
        ("number_invalid", 7, ("Impressions",)),
    ]
    assert evidence.problems[0].params == {"value": "2024/08/01"}
    assert evidence.problems[0].file == "content.xlsx"
    posts = {p.key: p for p in evidence.activities}
    assert list(posts) == [
        "urn:li:activity:7355562008013860867",
        "urn:li:activity:7353764000000000000",
        "urn:li:activity:7353517000000000001",
    ]
    hello = posts["urn:li:activity:7355562008013860867"]
    assert (hello.text, hello.at) == ("Hello\nworld", datetime.datetime(2025, 7, 28, tzinfo=UTC))
    assert hello.metrics == {
        "impressions": 532.0,
        "clicks": 7.0,
        "likes": 3.0,
        "comments": 1.0,
        "reposts": 0.0,
        "engagement_rate": 0.02,
        "sponsored": 0.0,
    }
    paid = posts["urn:li:activity:7353764000000000000"]
    assert (paid.metrics["impressions"], paid.metrics["sponsored"]) == (1234.0, 1.0)
    assert "impressions" not in posts["urn:li:activity:7353517000000000001"].metrics  # the bad cell only


def test_localized_content_headers_are_read_by_position_and_dates_day_first() -> None:
    header = [
        "Date",
        "Impressions (naturelles)",
        "Impressions (sponsorisées)",
        *(f"Col {i}" for i in range(17)),
    ]
    posts_header = ["Titre", "Lien", *(f"Colonne {i}" for i in range(18))]
    raw = workbook(
        {
            "Indicateurs": [
                ["Indicateurs d’engagement agrégés…"],
                header,
                metrics_row("30/07/2024", 34.0),
                metrics_row("01/08/2024", 8.0),
            ],
            "Toutes les publications": [
                ["Indicateurs par publication."],
                posts_header,
                post_row("Bonjour", 42, "28/07/2025", 9.0, kind="Sponsorisé"),
            ],
            "Autre": [["Rien"]],
        }
    )
    evidence = parse_page_export(raw, filename="contenu.xls")
    assert evidence.problems == []
    assert metrics(evidence, "impressions") == {D(2024, 7, 30): 34.0, D(2024, 8, 1): 8.0}
    assert metrics(evidence, "clicks") == {D(2024, 7, 30): 2.0, D(2024, 8, 1): 2.0}
    assert metrics(evidence, "engagement_rate")[D(2024, 8, 1)] == 0.05
    (post,) = evidence.activities
    assert post.key == "urn:li:activity:42"
    assert post.at.date() == D(2025, 7, 28)
    assert (post.metrics["sponsored"], post.metrics["impressions"]) == (1.0, 9.0)
    assert evidence.skipped == [Skipped("Autre", "not_relevant")]


def test_ambiguous_dates_are_month_first_in_an_english_export() -> None:
    raw = workbook({"Metrics": [METRICS_HEADER, metrics_row("07/08/2024", 1.0)]})
    assert metrics(parse_page_export(raw, filename="c.xlsx"), "impressions") == {D(2024, 7, 8): 1.0}


def test_older_content_sheets_and_headers() -> None:
    old_metrics = [h.replace("Reposts", "Shares") for h in METRICS_HEADER]
    old_posts = ["Update title", "Update link", "Update type", "Created date", "Impressions", "Shares"]
    raw = workbook(
        {
            "Update metrics (aggregated)": [["Sentence"], old_metrics, metrics_row("01/02/2020", 3.0)],
            "Update engagement": [
                ["Sentence"],
                old_posts,
                ["Old", f"{LINK}7", "Organic", "01/02/2020", 4, 2],
            ],
        }
    )
    evidence = parse_page_export(raw, filename="updates.xls")
    assert evidence.problems == []
    assert metrics(evidence, "reposts") == {D(2020, 1, 2): 5.0}
    (post,) = evidence.activities
    assert post.metrics == {"impressions": 4.0, "reposts": 2.0, "sponsored": 0.0}


def test_missing_headers_are_reported_and_the_sheet_left_out() -> None:
    raw = workbook({"Metrics": [["Sentence"], ["Day", "Impressions (organic)"], ["07/30/2024", 3.0]]})
    evidence = parse_page_export(raw, filename="c.xlsx")
    assert found(evidence) == [("column_missing", 2, ()), ("column_missing", 2, ())]
    assert [p.params["column"] for p in evidence.problems] == ["Date", "Impressions (total)"]
    assert evidence.daily_metrics == []


def test_a_sheet_without_days_is_fine() -> None:
    raw = workbook({"Metrics": [["Sentence"], METRICS_HEADER], "All posts": [["Sentence"], POSTS_HEADER]})
    evidence = parse_page_export(raw, filename="c.xlsx")
    assert (evidence.problems, evidence.daily_metrics, evidence.activities) == ([], [], [])


FOLLOWERS_HEADER = [
    "Date",
    "Sponsored followers",
    "Organic followers",
    "Auto-invited followers",
    "Total followers",
]


def test_followers_file_keeps_new_followers_and_skips_demographics() -> None:
    raw = workbook(
        {
            "New followers": [FOLLOWERS_HEADER, ["07/30/2024", 0, 3, 1, 4], ["07/31/2024", 0, -1, 0, -1]],
            "Location": [["Location", "Total followers"], ["Paris", 12]],
            "Job function": [["Job function", "Total followers"], ["Sales", 3]],
        }
    )
    evidence = parse_page_export(raw, filename="followers.xls")
    assert evidence.problems == []
    assert metrics(evidence, "new_followers_total") == {D(2024, 7, 30): 4.0, D(2024, 7, 31): -1.0}
    assert metrics(evidence, "new_followers_organic") == {D(2024, 7, 30): 3.0, D(2024, 7, 31): -1.0}
    assert metrics(evidence, "new_followers_auto_invited")[D(2024, 7, 30)] == 1.0
    assert evidence.skipped == [Skipped("Location", "not_relevant"), Skipped("Job function", "not_relevant")]


def test_localized_followers_file_without_auto_invited_is_read_by_position() -> None:
    raw = workbook(
        {
            "Nouveaux abonnés": [
                ["Data", "Patrocinados", "Orgânicos", "Total"],
                ["31/07/2024", "1", "2", "3"],
            ],
            "Localização": [["Localização", "Total"], ["São Paulo", 5]],
        }
    )
    evidence = parse_page_export(raw, filename="seguidores.xls")
    assert evidence.problems == []
    assert metrics(evidence, "new_followers_total") == {D(2024, 7, 31): 3.0}
    assert metrics(evidence, "new_followers_sponsored") == {D(2024, 7, 31): 1.0}
    assert metrics(evidence, "new_followers_auto_invited") == {}


def _visitors_header() -> list[str]:
    header = ["Date"]
    for section in ("Overview", "Life", "Jobs", "Total"):
        for what in ("page views", "unique visitors"):
            header += [f"{section} {what} ({device})" for device in ("desktop", "mobile", "total")]
    return header


@pytest.mark.parametrize("localized", [False, True])
def test_visitors_file(localized: bool) -> None:
    header = _visitors_header()
    if localized:
        header = ["Datum", *(f"Spalte {i}" for i in range(24))]
    row: list[object] = ["07/30/2024", *[float(i) for i in range(1, 25)]]
    raw = workbook({"Besucher" if localized else "Visitor metrics": [header, row]})
    evidence = parse_page_export(raw, filename="visitors.xls")
    assert evidence.problems == []
    day = D(2024, 7, 30)
    assert {m.metric: m.value for m in evidence.daily_metrics if m.day == day} == {
        "page_views_desktop": 19.0,
        "page_views_mobile": 20.0,
        "page_views_total": 21.0,
        "unique_visitors_desktop": 22.0,
        "unique_visitors_mobile": 23.0,
        "unique_visitors_total": 24.0,
    }


def test_competitors_are_period_metrics_on_the_last_day() -> None:
    header = ["Page", "Total Followers", "New Followers", "Total Post Engagements", "Total Posts"]
    raw = workbook(
        {
            "Competitors": [
                ["Date range: 01/01/2025 - 03/31/2025"],
                header,
                ["Acme", "1,200", 30, 450, 12],
                ["Globex", 800, -2, 90, 3],
            ]
        }
    )
    evidence = parse_page_export(raw, filename="Acme_competitor_analytics.xlsx")
    assert evidence.problems == []
    assert {(m.day, m.metric): m.value for m in evidence.daily_metrics} == {
        (D(2025, 3, 31), "competitor:Acme:total_followers"): 1200.0,
        (D(2025, 3, 31), "competitor:Acme:new_followers_period"): 30.0,
        (D(2025, 3, 31), "competitor:Acme:post_engagements_period"): 450.0,
        (D(2025, 3, 31), "competitor:Acme:posts_period"): 12.0,
        (D(2025, 3, 31), "competitor:Globex:total_followers"): 800.0,
        (D(2025, 3, 31), "competitor:Globex:new_followers_period"): -2.0,
        (D(2025, 3, 31), "competitor:Globex:post_engagements_period"): 90.0,
        (D(2025, 3, 31), "competitor:Globex:posts_period"): 3.0,
    }


def test_competitors_without_a_period_are_reported() -> None:
    header = ["Page", "Total Followers", "New Followers", "Total Post Engagements", "Total Posts"]
    raw = workbook({"Sheet1": [["Competitors"], header, ["Acme", 1, 2, 3, 4]]})
    evidence = parse_page_export(raw, filename="c.xlsx")
    assert found(evidence) == [("date_invalid", 1, ())]
    assert evidence.daily_metrics == []


# --- creator ----------------------------------------------------------------------------------

CREATOR_URL = "https://www.linkedin.com/feed/update/urn:li:activity:"


def creator_sheets(
    names: Sequence[str],
    *,
    dates: Sequence[str],
    numbers: bool = True,
    total_label: str = "Total followers on",
) -> dict[str, list[list[object]]]:
    """The five sheets of a creator export; ``dates`` = period start, period end, day 1, day 2."""
    start, end, day1, day2 = dates

    def n(value: int) -> object:
        return value if numbers else f"{value:,}"

    return {
        names[0]: [
            ["Overall Performance", f"{start} - {end}"],
            ["Impressions", n(12345)],
            ["Members reached", n(4567)],
        ],
        names[1]: [["Date", "Impressions", "Engagements"], [day1, n(1200), n(30)], [day2, n(-5), n(0)]],
        names[2]: [
            ["Maximum of 50 posts available to include in this list"],
            [],
            [
                "Post URL",
                "Post publish date",
                "Engagements",
                None,
                "Post URL",
                "Post publish date",
                "Impressions",
            ],
            [f"{CREATOR_URL}1", day1, n(40), None, f"{CREATOR_URL}2", day2, n(9000)],
            [f"{CREATOR_URL}3", day2, n(20), None, f"{CREATOR_URL}1", day1, n(1500)],
        ],
        names[3]: [
            [f"{total_label} {end}:", n(2345)],
            [],
            ["Date", "New followers"],
            [day1, n(3)],
            [day2, n(-1)],
        ],
        names[4]: [["Top Demographics", "Value", "Percentage"], ["Locations", "Paris", "< 1%"]],
    }


ENGLISH = ["DISCOVERY", "ENGAGEMENT", "TOP POSTS", "FOLLOWERS", "DEMOGRAPHICS"]


def check_creator(evidence: Evidence, *, end: D, day1: D, day2: D) -> None:
    assert evidence.source == "linkedin-creator"
    assert evidence.problems == []
    assert {m.scope for m in evidence.daily_metrics} == {"person"}
    assert metrics(evidence, "impressions_period") == {end: 12345.0}
    assert metrics(evidence, "members_reached_period") == {end: 4567.0}
    assert metrics(evidence, "impressions") == {day1: 1200.0, day2: -5.0}
    assert metrics(evidence, "engagements") == {day1: 30.0, day2: 0.0}
    assert metrics(evidence, "new_followers") == {day1: 3.0, day2: -1.0}
    assert metrics(evidence, "followers") == {end: 2345.0}
    assert evidence.profile is not None
    assert evidence.profile.followers == 2345
    posts = {p.key: p for p in evidence.activities}
    assert set(posts) == {f"urn:li:activity:{i}" for i in (1, 2, 3)}
    assert posts["urn:li:activity:1"].metrics == {"engagements": 40.0, "impressions": 1500.0}
    assert posts["urn:li:activity:1"].at == datetime.datetime(day1.year, day1.month, day1.day, tzinfo=UTC)
    assert posts["urn:li:activity:2"].metrics == {"impressions": 9000.0}
    assert posts["urn:li:activity:3"].metrics == {"engagements": 20.0}
    assert all(p.kind is Kind.POST and p.network is Network.LINKEDIN for p in posts.values())
    assert [s.reason for s in evidence.skipped] == ["not_relevant"] * len(evidence.skipped)
    assert len(evidence.skipped) >= 1


def test_english_creator_export() -> None:
    sheets = creator_sheets(ENGLISH, dates=["7/1/2024", "6/30/2025", "6/1/2025", "6/14/2025"])
    evidence = parse_creator_export(workbook(sheets), filename="Content_2024-07-01_2025-06-30_Jane.xlsx")
    check_creator(evidence, end=D(2025, 6, 30), day1=D(2025, 6, 1), day2=D(2025, 6, 14))
    assert evidence.skipped == [Skipped("DEMOGRAPHICS", "not_relevant")]


def test_french_creator_export_with_text_values_and_day_first_dates() -> None:
    names = ["DÉCOUVERTE", "ENGAGEMENT", "MEILLEURES PUBLICATIONS", "ABONNÉS", "DONNÉES DÉMOGRAPHIQUES"]
    sheets = creator_sheets(
        names, dates=["01/07/2024", "30/06/2025", "01/06/2025", "14/06/2025"], numbers=False,
        total_label="Nombre total d’abonnés au",
    )  # fmt: skip
    sheets[names[1]][0] = ["Date", "Impressions", "Interactions"]
    sheets[names[0]][1][0], sheets[names[0]][2][0] = "Impressions", "Membres touchés"
    evidence = parse_creator_export(workbook(sheets), filename="Contenu.xlsx")
    check_creator(evidence, end=D(2025, 6, 30), day1=D(2025, 6, 1), day2=D(2025, 6, 14))


def test_brazilian_creator_export_with_six_sheets() -> None:
    names = [
        "Descoberta",
        "Engajamento",
        "Publicações mais em alta",
        "Seguidores",
        "Dados demográficos do público",
    ]
    sheets = creator_sheets(
        names, dates=["01/07/2024", "30/06/2025", "01/06/2025", "14/06/2025"], numbers=False
    )
    sheets["Dados demográficos do conteúdo"] = [
        ["Principais dados", "Valor", "Porcentagem"],
        ["x", "y", "2%"],
    ]
    sheets[names[1]][0] = ["Data", "Impressões", "Engajamentos"]
    evidence = parse_creator_export(
        workbook(sheets), filename="AggregateAnalytics_Ana_2024-07-01_2025-06-30.xlsx"
    )
    check_creator(evidence, end=D(2025, 6, 30), day1=D(2025, 6, 1), day2=D(2025, 6, 14))
    assert [s.name for s in evidence.skipped] == [
        "Dados demográficos do público",
        "Dados demográficos do conteúdo",
    ]


def test_unknown_sheet_names_fall_back_to_sheet_order() -> None:
    names = ["Blatt 1", "Blatt 2", "Blatt 3", "Blatt 4", "Blatt 5"]
    sheets = creator_sheets(names, dates=["01.07.2024", "30.06.2025", "01.06.2025", "14.06.2025"])
    sheets[names[0]][1][0], sheets[names[0]][2][0] = "Eindrücke", "Erreichte"
    sheets[names[1]][0] = ["Datum", "Eindrücke", "Interaktionen"]
    evidence = parse_creator_export(workbook(sheets), filename="Inhalte.xlsx")
    check_creator(evidence, end=D(2025, 6, 30), day1=D(2025, 6, 1), day2=D(2025, 6, 14))
    assert evidence.skipped == [Skipped("Blatt 5", "not_relevant")]


def test_creator_dates_without_a_clue_follow_the_sheet_language() -> None:
    dates = ["1/7/2024", "2/6/2025", "3/6/2025", "4/6/2025"]  # every part ≤ 12
    english = parse_creator_export(workbook(creator_sheets(ENGLISH, dates=dates)), filename="e.xlsx")
    assert sorted(metrics(english, "impressions")) == [D(2025, 3, 6), D(2025, 4, 6)]
    names = ["Descoberta", "Engajamento", "Publicações mais em alta", "Seguidores", "Dados demográficos"]
    localized = parse_creator_export(workbook(creator_sheets(names, dates=dates)), filename="p.xlsx")
    assert sorted(metrics(localized, "impressions")) == [D(2025, 6, 3), D(2025, 6, 4)]


def test_creator_problems_are_located_and_the_rest_kept() -> None:
    sheets = creator_sheets(ENGLISH, dates=["7/1/2024", "6/30/2025", "6/1/2025", "6/14/2025"])
    sheets["ENGAGEMENT"].append(["6/31/2025", 3, 4])  # no such day
    sheets["ENGAGEMENT"].append(["6/15/2025", "many", 4])
    sheets["TOP POSTS"].append(["https://example.com/not-a-post", "6/2/2025", 1])
    evidence = parse_creator_export(workbook(sheets), filename="c.xlsx")
    assert found(evidence) == [
        ("date_invalid", 4, ("Date",)),
        ("number_invalid", 5, ("Impressions",)),
        ("link_invalid", 6, ("Post URL",)),
    ]
    assert metrics(evidence, "engagements")[D(2025, 6, 15)] == 4.0
    assert D(2025, 6, 15) not in metrics(evidence, "impressions")


def test_real_date_cells_and_an_encoded_urn_are_read() -> None:
    day = datetime.datetime(2025, 6, 1)
    raw = workbook(
        {
            "ENGAGEMENT": [["Date", "Impressions", "Engagements"], [day, 5, 1]],
            "TOP POSTS": [
                ["Post URL", "Post Publish Date", "Engagements"],
                ["https://www.linkedin.com/feed/update/urn%3Ali%3AugcPost%3A99", day, 3],
            ],
        }
    )
    evidence = parse_creator_export(raw, filename="c.xlsx")
    assert evidence.problems == []
    assert metrics(evidence, "impressions") == {D(2025, 6, 1): 5.0}
    assert [a.key for a in evidence.activities] == ["urn:li:ugcPost:99"]


# --- files that are not what they claim ---------------------------------------------------------

PARSERS = [parse_page_export, parse_creator_export]


def _codes(raw: bytes, filename: str = "export.xls") -> list[list[str]]:
    return [[p.code for p in parse(raw, filename=filename).problems] for parse in PARSERS]


def test_an_html_page_saved_as_xls_is_refused_with_a_hint() -> None:
    raw = (FIXTURES / "page-content-html.xls").read_bytes()
    assert _codes(raw) == [["xls_is_html"], ["xls_is_html"]]
    for variant in (b"\xef\xbb\xbf \r\n<html><body></body></html>", "\ufeff <table>".encode("utf-16-le")):
        assert _codes(variant) == [["xls_is_html"]] * 2
    assert "save it as .xlsx" in MESSAGES["xls_is_html"]


def test_other_content_is_an_unsupported_format() -> None:
    evidence = parse_page_export(b"Date,Impressions\n07/30/2024,3\n", filename="export.csv")
    assert found(evidence) == [("unsupported_format", None, ())]
    assert evidence.problems[0].params == {"format": "CSV"}


def test_empty_inputs() -> None:
    assert _codes(b"") == [["file_empty"], ["file_empty"]]
    assert _codes(workbook({"Sheet": []})) == [["file_empty"], ["file_empty"]]


def test_a_workbook_of_something_else() -> None:
    raw = workbook({"Budget": [["Item", "Cost"], ["Pens", 3]]})
    assert _codes(raw, "budget.xlsx") == [["not_page_analytics"], ["not_creator_analytics"]]


def test_a_truncated_workbook_is_corrupt() -> None:
    raw = workbook({"Metrics": [METRICS_HEADER, metrics_row("07/30/2024", 1.0)]})
    assert _codes(raw[: len(raw) // 2], "c.xlsx") == [["file_corrupt"], ["file_corrupt"]]


def test_a_damaged_xls_is_corrupt() -> None:
    raw = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)
    assert _codes(raw) == [["file_corrupt"], ["file_corrupt"]]


def _archive(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_a_zip_bomb_is_refused_before_it_is_unpacked() -> None:
    raw = _archive({"xl/workbook.xml": b"<workbook/>", "xl/worksheets/sheet1.xml": bytes(30 << 20)})
    assert len(raw) < 100_000
    assert _codes(raw, "bomb.xlsx") == [["archive_bomb"], ["archive_bomb"]]


def _all_problems_located(evidence: Evidence, filename: str) -> bool:
    return all(p.file == filename and p.code in MESSAGES for p in evidence.problems)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    prefix=st.sampled_from([b"", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"PK\x03\x04", b"\xef\xbb\xbf", b"<"]),
    body=st.binary(max_size=2048),
)
def test_arbitrary_bytes_never_raise(prefix: bytes, body: bytes) -> None:
    for parse in PARSERS:
        evidence = parse(prefix + body, filename="x.xls")
        assert _all_problems_located(evidence, "x.xls")


def _mutations(raw: bytes, positions: Iterable[int]) -> Iterable[bytes]:
    for position in positions:
        yield raw[:position] + bytes([raw[position] ^ 0xFF]) + raw[position + 1 :]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(min_value=0), min_size=1, max_size=4))
def test_damaged_workbooks_never_raise(offsets: list[int]) -> None:
    raw = workbook(creator_sheets(ENGLISH, dates=["7/1/2024", "6/30/2025", "6/1/2025", "6/14/2025"]))
    for damaged in _mutations(raw, [o % len(raw) for o in offsets]):
        for parse in PARSERS:
            assert _all_problems_located(parse(damaged, filename="x.xlsx"), "x.xlsx")


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.lists(
            st.one_of(
                st.none(),
                st.text(max_size=20),
                st.floats(allow_nan=False, allow_infinity=False),
                st.sampled_from(["07/30/2024", "31/12/2024", "1,234", "< 1%", "5%", f"{LINK}5"]),
            ),
            max_size=26,
        ),
        max_size=8,
    )
)
def test_arbitrary_cells_never_raise(rows: list[list[object]]) -> None:
    cleaned = [[c.replace("\x00", "") if isinstance(c, str) else c for c in row] for row in rows]
    try:
        raw = workbook({"Metrics": [METRICS_HEADER, *cleaned], "DISCOVERY": cleaned, "TOP POSTS": cleaned})
    except (ValueError, openpyxl.utils.exceptions.IllegalCharacterError):
        return  # openpyxl refuses some control characters: not our concern
    for parse in PARSERS:
        assert _all_problems_located(parse(raw, filename="x.xlsx"), "x.xlsx")
