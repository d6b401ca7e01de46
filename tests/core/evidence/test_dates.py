"""Every date format of FORMATS.md §1.7 and §7.9 (and X's and Mastodon's), read into UTC."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portevoix.core.evidence.dates import is_blank, linkedin_id_time, parse_day, parse_instant, parse_when

UTC = datetime.UTC


def at(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0, micro: int = 0
) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, second, micro, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # LinkedIn member archive
        ("2025-07-01 14:33:22", at(2025, 7, 1, 14, 33, 22)),
        ("2026/03/21 02:06:52 UTC", at(2026, 3, 21, 2, 6, 52)),
        ("2017/06/08 08:15:44 UTC", at(2017, 6, 8, 8, 15, 44)),
        ("2021-07-30 18:09 UTC", at(2021, 7, 30, 18, 9)),
        ("Wed Jun 16 06:56:05 UTC 2021", at(2021, 6, 16, 6, 56, 5)),
        ("Wed Jun 16 06:56:05 PDT 2021", at(2021, 6, 16, 13, 56, 5)),
        ("07 Feb 2026", datetime.date(2026, 2, 7)),
        ("7 Feb 2026", datetime.date(2026, 2, 7)),
        ("6/14/24, 5:57 AM", at(2024, 6, 14, 5, 57)),
        ("04/15/24, 09:25 PM", at(2024, 4, 15, 21, 25)),
        ("1/8/18, 6:14 PM", at(2018, 1, 8, 18, 14)),
        ("12/1/24, 12:05 AM", at(2024, 12, 1, 0, 5)),
        ("12/1/24, 12:05 PM", at(2024, 12, 1, 12, 5)),
        ("1/14/2020 12:13", at(2020, 1, 14, 12, 13)),
        ("Mar 2023", datetime.date(2023, 3, 1)),
        ("March 2023", datetime.date(2023, 3, 1)),
        ("2015", datetime.date(2015, 1, 1)),
        ("Feb 17, 1998", datetime.date(1998, 2, 17)),
        ("You uploaded a photo on March 9, 2026 at 2:58 PM (GMT)", at(2026, 3, 9, 14, 58)),
        ("2017-12-09 04:54", at(2017, 12, 9, 4, 54)),
        ('"2025-07-01 14:33:22"', at(2025, 7, 1, 14, 33, 22)),
        ("  07 Feb 2026  ", datetime.date(2026, 2, 7)),
        # files re-saved by a spreadsheet (§1.8)
        ("18-Jun-24", datetime.date(2024, 6, 18)),
        ("5-Jan-26", datetime.date(2026, 1, 5)),
        ("30-oct-09", datetime.date(2009, 10, 30)),
        ("1 févr. 2024", datetime.date(2024, 2, 1)),
        ("14/01/2020 12:13", at(2020, 1, 14, 12, 13)),  # day first: 14 cannot be a month
        ("07/28/2025", datetime.date(2025, 7, 28)),
        # X, Mastodon, ISO
        ("Fri Mar 06 13:02:05 +0000 2026", at(2026, 3, 6, 13, 2, 5)),
        ("Fri Mar 06 13:02:05 +0100 2026", at(2026, 3, 6, 12, 2, 5)),
        ("2022-11-08T03:07:14Z", at(2022, 11, 8, 3, 7, 14)),
        ("2025-09-06T13:02:20.496Z", at(2025, 9, 6, 13, 2, 20, 496000)),
        ("2025-07-01T14:33:22+02:00", at(2025, 7, 1, 12, 33, 22)),
        ("2025-07-01", datetime.date(2025, 7, 1)),
    ],
)
def test_formats(text: str, expected: datetime.datetime | datetime.date) -> None:
    value = parse_when(text)
    assert value == expected
    assert type(value) is type(expected)
    if isinstance(value, datetime.datetime):
        assert value.tzinfo is UTC or value.utcoffset() == datetime.timedelta(0)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "N/A",
        "NA",
        "na",
        "-",
        "Jun 20",  # a birth date without a year
        "not a date",
        "2025-13-01 10:00:00",
        "31 Feb 2024",
        "0000",
        "Wed Foo 16 06:56:05 UTC 2021",
        "Wed Jun 16 06:56:05 XYZ 2021",
        "1" * 500,
    ],
)
def test_blanks_fillers_and_nonsense_are_none(text: str) -> None:
    assert parse_when(text) is None
    assert parse_instant(text) is None
    assert parse_day(text) is None


def test_instant_and_day_conversions() -> None:
    assert parse_instant("07 Feb 2026") == at(2026, 2, 7)
    assert parse_day("2025-07-01 23:59:59") == datetime.date(2025, 7, 1)
    assert parse_day("Mar 2023") == datetime.date(2023, 3, 1)


def test_blank() -> None:
    assert is_blank("")
    assert is_blank(" N/A ")
    assert is_blank('""')
    assert not is_blank("2015")


def test_linkedin_id_time_matches_the_share_date() -> None:
    # FORMATS.md §1.6: this share's Date is 2024-06-11 09:51:14 in Shares.csv.
    moment = linkedin_id_time("urn:li:share:7206231495840026624")
    assert moment is not None
    assert moment.tzinfo is not None
    assert abs(moment - at(2024, 6, 11, 9, 51, 14)) < datetime.timedelta(seconds=2)
    assert linkedin_id_time(7206231495840026624) == moment
    assert (
        linkedin_id_time("https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A7206231495840026624")
        == moment
    )
    nested = linkedin_id_time("urn:li:comment:(activity:1,7206231495840026624)")
    assert nested == moment


@pytest.mark.parametrize("value", ["", "urn:li:share:", "abc", "12", 0, -5, 10**30, "urn:li:share:1234567"])
def test_linkedin_id_time_without_a_plausible_id(value: str | int) -> None:
    assert linkedin_id_time(value) is None


@given(st.text(max_size=300))
def test_arbitrary_text_never_raises(text: str) -> None:
    value = parse_when(text)
    assert value is None or isinstance(value, datetime.date)
    if isinstance(value, datetime.datetime):
        assert value.utcoffset() == datetime.timedelta(0)
    parse_instant(text)
    parse_day(text)
    linkedin_id_time(text)


@given(
    st.from_regex(r"\A[0-9]{1,4}[-/ ][0-9A-Za-z]{1,9}[-/ ,]{1,2}[0-9]{1,4}( [0-9]{1,2}:[0-9]{2}( [AP]M)?)?\Z")
)
def test_date_like_text_never_raises(text: str) -> None:
    parse_when(text)


@given(st.integers())
def test_any_id_never_raises(number: int) -> None:
    linkedin_id_time(number)
