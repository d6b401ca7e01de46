"""What a file really is, from its first bytes (magic numbers), whatever its name says.

Uploads are checked with :func:`sniff` before they are accepted: a ``.zip`` that is not a ZIP
archive, or a ``.xlsx`` that is an executable, is refused with a clear message.
"""

from __future__ import annotations

ZIP = "zip"
XLS = "xls"  # OLE2 compound document (legacy Excel)
GZIP = "gzip"  # a .tar.gz archive (Mastodon)
TAR = "tar"  # a .tar.gz that the browser already unpacked
PDF = "pdf"
JPEG = "jpeg"
PNG = "png"
TEXT = "text"  # UTF-8, UTF-16 with BOM or a single-byte encoding: CSV, YAML, JSON
UNKNOWN = "unknown"

_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")  # local file header; empty archive
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
# Bytes that never occur in a text file in any of the encodings we read (NUL and most C0 controls).
_BINARY_CONTROLS = set(range(0, 9)) | {11, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 28, 29, 30, 31}


def sniff(head: bytes) -> str:
    """The kind of a file from its first bytes (a few kilobytes are enough)."""
    # Before the text test: a PDF starts with printable ASCII.
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(_ZIP_MAGICS):
        return ZIP
    if head.startswith(_OLE2):
        return XLS
    if head.startswith(b"\x1f\x8b"):
        return GZIP
    if head[257:262] == b"ustar":
        return TAR
    if head.startswith(_BOMS):
        return TEXT
    if not any(byte in _BINARY_CONTROLS for byte in head):
        return TEXT
    return UNKNOWN
