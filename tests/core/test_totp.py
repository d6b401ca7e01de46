from __future__ import annotations

import base64

from portevoix.core import totp
from portevoix.core.sniff import GZIP, JPEG, PDF, PNG, TAR, TEXT, UNKNOWN, XLS, ZIP, sniff

RFC_SECRET = base64.b32encode(b"12345678901234567890").decode()


def test_rfc6238_vectors() -> None:
    # RFC 6238 appendix B, SHA-1, 8 digits
    assert totp.code_at(RFC_SECRET, totp.step_of(59), digits=8) == "94287082"
    assert totp.code_at(RFC_SECRET, totp.step_of(1111111109), digits=8) == "07081804"
    assert totp.code_at(RFC_SECRET, totp.step_of(2000000000), digits=8) == "69279037"


def test_codes_are_accepted_within_one_step_and_only_once() -> None:
    now = 1_700_000_000.0
    step = totp.step_of(now)
    previous = totp.code_at(RFC_SECRET, step - 1)
    assert totp.matching_step(RFC_SECRET, previous, now) == step - 1
    assert totp.matching_step(RFC_SECRET, previous, now, after_step=step - 1) is None
    assert totp.matching_step(RFC_SECRET, totp.code_at(RFC_SECRET, step - 3), now) is None
    spaced = totp.code_at(RFC_SECRET, step)
    assert totp.matching_step(RFC_SECRET, f"{spaced[:3]} {spaced[3:]}", now) == step
    assert totp.matching_step(RFC_SECRET, "abcdef", now) is None


def test_new_secrets_and_uri() -> None:
    secret = totp.new_secret()
    assert len(secret) == 32
    assert secret != totp.new_secret()
    uri = totp.provisioning_uri(secret, account="claire@acme.example", issuer="Porte-voix")
    assert uri.startswith("otpauth://totp/Porte-voix%3Aclaire%40acme.example?secret=")
    assert "issuer=Porte-voix" in uri


def test_sniff_reads_the_content_not_the_name() -> None:
    assert sniff(b"PK\x03\x04rest") == ZIP
    assert sniff(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1....") == XLS
    assert sniff("Nom;Prénom\r\nDubois;Claire\n".encode("cp1252")) == TEXT
    assert sniff(b"\xef\xbb\xbfkey: x\n") == TEXT
    assert sniff(b"\xff\xfeN\x00o\x00") == TEXT
    assert sniff(b"\x1f\x8b\x08\x00") == GZIP
    assert sniff(b"a.txt".ljust(257, b"\x00") + b"ustar\x0000") == TAR
    assert sniff(b"MZ\x90\x00\x03\x00\x00\x00") == UNKNOWN  # a Windows executable
    assert sniff(b"\x7fELF\x02\x01\x01\x00") == UNKNOWN
    assert sniff(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\x00") == PDF
    assert sniff(b"%PDF-1.4 plain ASCII so far") == PDF  # not TEXT: a PDF is refused as a table
    assert sniff(b"\x89PNG\r\n\x1a\n\x00\x00") == PNG
    assert sniff(b"\xff\xd8\xff\xe0\x00\x10JFIF") == JPEG
    assert sniff(b"<html><body>signed</body></html>") == TEXT
