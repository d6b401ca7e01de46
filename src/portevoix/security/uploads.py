"""The gate every upload passes before it is accepted: its size and its content (magic bytes).

Limits are per kind (settings ``PORTEVOIX_MAX_UPLOAD_MB``). The content is sniffed from the first
bytes, whatever the file's name says; the readers behind the gate then apply their own defences
(ZIP bombs, path traversal: ``core/evidence/archive.py`` and ``core/tabular/xlsx.py``).
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from portevoix.core import sniff

HEAD = 8192

EVIDENCE_ARCHIVES = frozenset({sniff.ZIP, sniff.GZIP, sniff.TAR})
EVIDENCE_ANALYTICS = frozenset({sniff.ZIP, sniff.XLS, sniff.TEXT})  # an .xls saved as HTML is explained later
ANSWERS = frozenset({sniff.TEXT, sniff.ZIP, sniff.XLS})  # CSV or XLSX; an .xls gets its own message
FRAMEWORK = frozenset({sniff.TEXT})

_EXPECTED = {
    EVIDENCE_ARCHIVES: "zip",
    EVIDENCE_ANALYTICS: "analytics",
    ANSWERS: "table",
    FRAMEWORK: "yaml",
}


def max_bytes(kind: str) -> int:
    return int(settings.PORTEVOIX_MAX_UPLOAD_MB[kind]) * 1024 * 1024


def _expected(allowed: frozenset[str]) -> str:
    key = _EXPECTED.get(allowed, "")
    if key == "zip":
        return _("an export archive (.zip or .tar.gz)")
    if key == "analytics":
        return _("an Excel file (.xlsx or .xls)")
    if key == "table":
        return _("a CSV or Excel (.xlsx) file")
    return _("a YAML text file")


def upload_problem(upload: UploadedFile, *, kind: str, allowed: frozenset[str]) -> str | None:
    """Why ``upload`` is refused (translated, naming the file), or None when it may go on."""
    name = (upload.name or "").replace("\\", "/").rsplit("/", 1)[-1][:120]
    limit = max_bytes(kind)
    if upload.size is not None and upload.size > limit:
        return _("%(name)s is too large (%(size)s MB; at most %(limit)s MB).") % {
            "name": name,
            "size": f"{upload.size / 1024 / 1024:.1f}",
            "limit": settings.PORTEVOIX_MAX_UPLOAD_MB[kind],
        }
    upload.seek(0)
    head = upload.read(HEAD)
    upload.seek(0)
    if not head:
        return _("%(name)s is empty.") % {"name": name}
    if sniff.sniff(head) not in allowed:
        return _(
            "%(name)s is not %(expected)s: its content was checked, whatever its name says. "
            "Upload the file as the service gave it."
        ) % {"name": name, "expected": _expected(allowed)}
    return None
