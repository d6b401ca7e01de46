"""Reading export archives safely: names, limits, bombs, links, damaged and foreign files."""

from __future__ import annotations

import gzip
import io
import os
import random
import struct
import tarfile
import warnings
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portevoix.core.errors import MESSAGES, Problem
from portevoix.core.evidence.archive import Limits, find, read_archive, read_folder, safe_name
from portevoix.testing import hostile

SMALL = Limits(
    max_entries=50, max_total_bytes=100_000, max_entry_bytes=60_000, max_ratio=20, ratio_from_bytes=1024
)


def zip_bytes(*entries: tuple[str | zipfile.ZipInfo, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate names some tests want
        with zipfile.ZipFile(buffer, "w", method) as archive:
            for name, data in entries:
                archive.writestr(name, data)
    return buffer.getvalue()


def tar_bytes(*members: tuple[tarfile.TarInfo, bytes | None], compress: bool = True) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz" if compress else "w") as archive:
        for info, data in members:
            if data is not None:
                info.size = len(data)
            archive.addfile(info, io.BytesIO(data) if data is not None else None)
    return buffer.getvalue()


def member(name: str, kind: bytes = tarfile.REGTYPE, link: str = "") -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type = kind
    info.linkname = link
    return info


def codes(problems: list[Problem]) -> list[str]:
    return [p.code for p in problems]


# -- ZIP -------------------------------------------------------------------------------------------


def test_zip_entries_in_memory_with_normalised_names() -> None:
    raw = zip_bytes(
        ("Shares.csv", b"Date,ShareLink\n"),
        ("./Comments.csv", b"Date,Link,Message\n"),
        ("Articles\\Articles\\a.html", b"<h1>a</h1>"),
        ("Articles/2017-12-09 04:54:08.html", b"<h1>colons</h1>"),
        ("Jobs/", b""),
        ("sub//./deep/x.csv", b"x"),
        ("__MACOSX/._Shares.csv", b"resource fork"),
    )
    files, problems = read_archive(raw, filename="export.zip")
    assert problems == []
    assert files == {
        "Shares.csv": b"Date,ShareLink\n",
        "Comments.csv": b"Date,Link,Message\n",
        "Articles/Articles/a.html": b"<h1>a</h1>",
        "Articles/2017-12-09 04:54:08.html": b"<h1>colons</h1>",
        "sub/deep/x.csv": b"x",
    }


@pytest.mark.parametrize(
    "name",
    ["../../etc/passwd", "/abs", "C:\\x", "c:/windows/x", "a/../../b", "..", "bell\x07.csv", "tab\tname"],
)
def test_unsafe_zip_names_are_refused(name: str) -> None:
    raw = zip_bytes((name, b"evil"), ("Shares.csv", b"ok"))
    files, problems = read_archive(raw, filename="export.zip")
    assert files == {"Shares.csv": b"ok"}
    assert codes(problems) == ["archive_entry_unsafe"]
    assert problems[0].file == "export.zip"
    shown = problems[0].params["name"]
    assert all(ch.isprintable() for ch in shown)
    assert problems[0].message()  # the message formats with its parameters


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Shares.csv", "Shares.csv"),
        ("./a/./b.csv", "a/b.csv"),
        ("a\\b.csv", "a/b.csv"),
        ("Articles/2017-12-09 04:54:08.html", "Articles/2017-12-09 04:54:08.html"),
        ("Rich Media.csv", "Rich Media.csv"),
        ("a..b.csv", "a..b.csv"),
        ("../x", None),
        ("a/../x", None),
        ("/etc/passwd", None),
        ("\\\\server\\share", None),
        ("C:x", None),
        ("nul\x00byte", None),
        ("", None),
        ("./", None),
    ],
)
def test_safe_name(name: str, expected: str | None) -> None:
    assert safe_name(name) == expected


def test_duplicate_names_keep_the_first() -> None:
    raw = zip_bytes(("Shares.csv", b"first"), ("./Shares.csv", b"second"), ("Shares.csv", b"third"))
    files, problems = read_archive(raw, filename="export.zip")
    assert files == {"Shares.csv": b"first"}
    assert codes(problems) == ["archive_entry_duplicate", "archive_entry_duplicate"]
    assert problems[0].params == {"name": "Shares.csv"}


def test_zip_bomb_is_refused() -> None:
    raw = zip_bytes(("Reactions.csv", b"\0" * 500_000))
    assert len(raw) < 5_000
    files, problems = read_archive(raw, filename="bomb.zip", limits=SMALL)
    assert files is None
    assert codes(problems) == ["archive_bomb"]
    # With the default limits a 500 kB member is too small to matter, whatever its ratio.
    files, problems = read_archive(raw, filename="bomb.zip")
    assert problems == []
    assert files is not None


def test_zip_too_large_in_total_is_refused() -> None:
    raw = zip_bytes(*((f"f{i}.csv", os.urandom(40_000)) for i in range(3)), method=zipfile.ZIP_STORED)
    files, problems = read_archive(raw, filename="big.zip", limits=SMALL)
    assert files is None
    assert codes(problems) == ["archive_too_large"]
    assert problems[0].params == {"limit": 100_000}


def test_an_oversized_entry_is_left_out() -> None:
    raw = zip_bytes(("big.bin", os.urandom(70_000)), ("Shares.csv", b"ok"), method=zipfile.ZIP_STORED)
    files, problems = read_archive(raw, filename="export.zip", limits=SMALL)
    assert files == {"Shares.csv": b"ok"}
    assert codes(problems) == ["archive_entry_too_large"]
    assert problems[0].params == {"name": "big.bin", "limit": 60_000}


def test_too_many_entries_are_refused() -> None:
    raw = zip_bytes(*((f"f{i}.csv", b"x") for i in range(51)))
    files, problems = read_archive(raw, filename="many.zip", limits=SMALL)
    assert files is None
    assert codes(problems) == ["archive_too_many_files"]


def test_declared_sizes_are_not_trusted_when_reading() -> None:
    """A central directory that under-declares a member's size: reading stops at the declared size."""
    raw = bytearray(zip_bytes(("Shares.csv", b"A" * 5000), method=zipfile.ZIP_STORED))
    central = raw.index(b"PK\x01\x02")
    struct.pack_into("<I", raw, central + 24, 10)  # uncompressed size in the central directory
    files, problems = read_archive(bytes(raw), filename="liar.zip", limits=SMALL)
    assert files == {}  # the CRC of the first 10 bytes does not match: the member is damaged
    assert codes(problems) == ["file_corrupt"]
    assert problems[0].file == "Shares.csv"


def test_truncated_zip_is_corrupt() -> None:
    raw = zip_bytes(("Shares.csv", os.urandom(3000)), ("Comments.csv", b"x" * 100))
    files, problems = read_archive(raw[: len(raw) // 2], filename="cut.zip")
    assert files is None
    assert codes(problems) == ["file_corrupt"]
    assert problems[0].params == {"format": "ZIP"}
    assert "ZIP" in problems[0].message()


def test_encrypted_entries_are_left_out() -> None:
    raw = bytearray(zip_bytes(("secret.csv", b"hidden"), ("Shares.csv", b"ok"), method=zipfile.ZIP_STORED))
    # Set the "encrypted" flag of the first member, in its local header and in the central directory.
    struct.pack_into("<H", raw, raw.index(b"PK\x03\x04") + 6, 0x1)
    struct.pack_into("<H", raw, raw.index(b"PK\x01\x02") + 8, 0x1)
    files, problems = read_archive(bytes(raw), filename="locked.zip")
    assert files == {"Shares.csv": b"ok"}
    assert codes(problems) == ["archive_encrypted"]
    assert problems[0].params == {"count": 1}


def test_zip_symlink_is_not_read() -> None:
    link = zipfile.ZipInfo("link.csv")
    link.external_attr = 0o120777 << 16
    raw = zip_bytes((link, b"/etc/passwd"), ("Shares.csv", b"ok"))
    files, problems = read_archive(raw, filename="export.zip")
    assert files == {"Shares.csv": b"ok"}
    assert codes(problems) == ["archive_entry_unsafe"]


# Noise from a fixed seed: the same bytes in every process (pytest-xdist collects in each worker).
NOISE = random.Random(7).randbytes(100)


@pytest.mark.parametrize(
    "raw",
    [b"", b"Date,ShareLink\n2025-01-01 00:00:00,x\n", b'{"a": 1}', b"PK", b"\x1f", NOISE],
    ids=["empty", "csv", "json", "PK", "gzip-byte", "noise"],
)
def test_non_archives(raw: bytes) -> None:
    files, problems = read_archive(raw, filename="Shares.csv")
    assert files is None
    assert codes(problems) == ["not_an_archive"]
    assert problems[0].file == "Shares.csv"


def test_keep_chooses_the_entries_to_read() -> None:
    raw = zip_bytes(("outbox.json", b"{}"), ("media/big.mp4", b"\0" * 10))
    files, problems = read_archive(raw, filename="a.zip", keep=lambda name: not name.startswith("media/"))
    assert (files, problems) == ({"outbox.json": b"{}"}, [])


# -- tar.gz ------------------------------------------------------------------------------------------


def test_tar_gz_happy_path() -> None:
    raw = tar_bytes(
        (member("archive", tarfile.DIRTYPE), None),
        (member("./outbox.json"), b'{"orderedItems": []}'),
        (member("actor.json"), b"{}"),
        (member("media_attachments/files/1/a.png"), b"\x89PNG"),
    )
    files, problems = read_archive(raw, filename="archive.tar.gz")
    assert problems == []
    assert files == {
        "outbox.json": b'{"orderedItems": []}',
        "actor.json": b"{}",
        "media_attachments/files/1/a.png": b"\x89PNG",
    }


def test_plain_tar_as_a_browser_unpacks_it() -> None:
    raw = tar_bytes((member("outbox.json"), b"{}"), compress=False)
    assert read_archive(raw, filename="archive.tar") == ({"outbox.json": b"{}"}, [])


def test_tar_links_devices_and_traversal_are_not_read() -> None:
    raw = tar_bytes(
        (member("passwd", tarfile.SYMTYPE, "/etc/passwd"), None),
        (member("hard", tarfile.LNKTYPE, "outbox.json"), None),
        (member("dev", tarfile.CHRTYPE), None),
        (member("fifo", tarfile.FIFOTYPE), None),
        (member("../../escape.json"), b"evil"),
        (member("/abs.json"), b"evil"),
        (member("outbox.json"), b"{}"),
        (member("outbox.json"), b"second"),
    )
    files, problems = read_archive(raw, filename="archive.tar.gz")
    assert files == {"outbox.json": b"{}"}
    assert codes(problems) == ["archive_entry_unsafe"] * 6 + ["archive_entry_duplicate"]
    assert [p.params["name"] for p in problems[:6]] == [
        "passwd",
        "hard",
        "dev",
        "fifo",
        "../../escape.json",
        "/abs.json",
    ]


def test_tar_gz_bomb_is_refused() -> None:
    raw = tar_bytes((member("outbox.json"), b"\0" * 2_000_000))
    assert len(raw) < 10_000
    files, problems = read_archive(raw, filename="bomb.tar.gz", limits=SMALL)
    assert files is None
    assert codes(problems) == ["archive_entry_too_large", "archive_bomb"]  # as the stream went


def test_tar_too_large_is_refused_while_reading() -> None:
    limits = Limits(max_total_bytes=100_000, max_entry_bytes=60_000)
    raw = tar_bytes(*((member(f"f{i}.bin"), os.urandom(50_000)) for i in range(3)))
    files, problems = read_archive(raw, filename="big.tar.gz", limits=limits)
    assert files is None
    assert codes(problems) == ["archive_too_large"]


def test_tar_too_many_entries() -> None:
    raw = tar_bytes(*((member(f"f{i}.json"), b"{}") for i in range(51)))
    files, problems = read_archive(raw, filename="many.tar.gz", limits=Limits(max_entries=50))
    assert files is None
    assert codes(problems) == ["archive_too_many_files"]


@pytest.mark.parametrize("cut", [10, 100, 600])
def test_truncated_or_damaged_tar_gz_is_corrupt(cut: int) -> None:
    raw = tar_bytes((member("outbox.json"), os.urandom(5000)))
    files, problems = read_archive(raw[:cut], filename="cut.tar.gz")
    assert files is None
    assert codes(problems) == ["file_corrupt"]
    assert problems[0].params == {"format": "tar.gz"}


def test_gzip_that_is_not_a_tar_is_corrupt() -> None:
    files, problems = read_archive(gzip.compress(b"Date,Link\n" * 100), filename="x.csv.gz")
    assert files is None
    assert codes(problems) == ["file_corrupt"]


# -- extracted folders ---------------------------------------------------------------------------------


def test_folder_never_follows_links(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.csv").write_text("secret")
    root = tmp_path / "export"
    (root / "Articles" / "Articles").mkdir(parents=True)
    (root / "Shares.csv").write_bytes(b"Date,ShareLink\n")
    (root / "Articles" / "Articles" / "a.html").write_bytes(b"<h1>a</h1>")
    (root / "link-out.csv").symlink_to(outside / "secret.csv")
    (root / "link-in.csv").symlink_to(root / "Shares.csv")
    (root / "dir-out").symlink_to(outside, target_is_directory=True)
    files, problems = read_folder(root)
    assert files == {"Shares.csv": b"Date,ShareLink\n", "Articles/Articles/a.html": b"<h1>a</h1>"}
    assert sorted(p.params["name"] for p in problems) == ["dir-out", "link-in.csv", "link-out.csv"]
    assert set(codes(problems)) == {"archive_entry_unsafe"}


def test_folder_limits(tmp_path: Path) -> None:
    (tmp_path / "big.bin").write_bytes(b"x" * 70_000)
    (tmp_path / "ok.csv").write_bytes(b"ok")
    files, problems = read_folder(tmp_path, limits=SMALL)
    assert files == {"ok.csv": b"ok"}
    assert codes(problems) == ["archive_entry_too_large"]
    for i in range(60):
        (tmp_path / f"f{i}.csv").write_bytes(b"x")
    files, problems = read_folder(tmp_path, limits=SMALL)
    assert files is None
    assert codes(problems)[-1] == "archive_too_many_files"


def test_missing_folder(tmp_path: Path) -> None:
    files, problems = read_folder(tmp_path / "nope")
    assert files is None
    assert codes(problems) == ["file_not_found"]


# -- finding files -------------------------------------------------------------------------------------

NAMES = [
    "Basic_LinkedInDataExport_05-01-2026/Shares_155814142.csv",
    "Comments.csv",
    "Rich Media.csv",
    "Company Follows.csv",
    "Articles/Articles/Shares.csv",
    "Reactions (1).csv",
]


@pytest.mark.parametrize(
    ("wanted", "found"),
    [
        (("Shares.csv",), "Basic_LinkedInDataExport_05-01-2026/Shares_155814142.csv"),  # the shallowest
        (("comments.CSV",), "Comments.csv"),
        (("Rich_Media.csv",), "Rich Media.csv"),
        (("Company_Follows.csv",), "Company Follows.csv"),
        (("Likes.csv", "Reactions.csv"), "Reactions (1).csv"),
        (("Comments.json",), None),
        (("Company.csv",), None),
    ],
)
def test_find(wanted: tuple[str, ...], found: str | None) -> None:
    assert find(NAMES, *wanted) == found


def test_find_with_member_id_suffix_and_exact_mode() -> None:
    names = ["Basic_LinkedInDataExport_05-01-2026/Shares_155814142.csv"]
    assert find(names, "Shares.csv") == names[0]
    assert find(names, "Shares.csv", prefix=False) is None
    assert find(["Shares_old.csv"], "Shares.csv") is None


def test_messages_exist() -> None:
    for code in (
        "not_an_archive",
        "archive_too_large",
        "archive_too_many_files",
        "archive_entry_too_large",
        "archive_bomb",
        "archive_encrypted",
        "archive_entry_unsafe",
        "archive_entry_duplicate",
        "file_corrupt",
    ):
        assert code in MESSAGES


# -- anything at all -----------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_never_raise(raw: bytes) -> None:
    files, problems = read_archive(raw, filename="x", limits=SMALL)
    assert files is not None or problems


@settings(max_examples=300, deadline=None)
@given(st.sampled_from([b"PK\x03\x04", b"PK\x05\x06", b"\x1f\x8b\x08\x00"]), st.binary(max_size=2000))
def test_arbitrary_bytes_behind_archive_magic_never_raise(magic: bytes, rest: bytes) -> None:
    files, problems = read_archive(magic + rest, filename="x", limits=SMALL)
    assert files is not None or problems


@settings(max_examples=100, deadline=None)
@given(st.binary(min_size=1, max_size=400), st.integers(min_value=0, max_value=10_000))
def test_damaged_real_archives_never_raise(noise: bytes, where: int) -> None:
    for raw in (
        zip_bytes(("Shares.csv", b"Date,ShareLink\n" * 50), ("a/b.csv", b"x" * 300)),
        tar_bytes((member("outbox.json"), b"{}" * 300), (member("a/b.json"), b"[]")),
    ):
        at = where % len(raw)
        damaged = raw[:at] + noise + raw[at + len(noise) :]
        files, problems = read_archive(damaged, filename="x", limits=SMALL)
        assert files is not None or problems


def test_entries_compressed_otherwise_than_deflate_are_left_out_unread() -> None:
    # zipfile decompresses bzip2 a whole compressed chunk at a time, whatever the declared size:
    # this entry says 10 bytes and holds 8 MiB. It is never opened.
    liar = hostile.bzipped("Shares_2.csv", bytes(8 * 1024 * 1024))
    liar = hostile.Member(liar.name, liar.data, liar.crc, 10, liar.method)
    raw = hostile.zip_of([hostile.deflated("Shares.csv", b"Date,Link\n"), liar])
    files, problems = read_archive(raw, filename="export.zip")
    assert files == {"Shares.csv": b"Date,Link\n"}
    assert [(p.code, p.file, dict(p.params)) for p in problems] == [
        ("archive_compression_skipped", "export.zip", {"count": 1})
    ]


def test_small_members_cannot_add_up_to_a_bomb() -> None:
    # Review F10: members of 1 MiB or less were exempt from the ratio, so 1,000 of them (190 KB)
    # unpacked to 1 GB. The whole archive now has a budget too, read or not.
    raw = hostile.amplification_zip(shares=b"Date,Link\n")
    files, problems = read_archive(raw, filename="amplify.zip", keep=lambda name: name == "Shares.csv")
    assert files is None
    assert [(p.code, p.file) for p in problems] == [("archive_bomb", "amplify.zip")]
    fewer = hostile.amplification_zip(count=20, shares=b"Date,Link\n")  # 20 MiB in 3 KB: a bomb too
    assert [p.code for p in read_archive(fewer, filename="a.zip")[1]] == ["archive_bomb"]
    honest = zip_bytes(*((f"f{i}.csv", os.urandom(50_000)) for i in range(20)))
    files, problems = read_archive(honest, filename="honest.zip")
    assert problems == []
    assert files is not None
    assert len(files) == 20
