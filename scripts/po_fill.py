"""Developer helper: fill French translations from a Python dict file, clearing fuzzy flags.

Usage: .venv/bin/python scripts/po_fill.py translations.py
where translations.py defines T = {msgid: msgstr or (singular, plural)}. Then `make messages`.
"""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

import polib

PO = Path(__file__).resolve().parent.parent / "src/portevoix/locale/fr/LC_MESSAGES/django.po"


def main() -> None:
    table = dict(runpy.run_path(sys.argv[1])["T"])
    po = polib.pofile(str(PO))
    for entry in po:
        if entry.msgid not in table:
            continue
        value = table.pop(entry.msgid)
        if entry.msgid_plural:
            singular, plural = value
            entry.msgstr_plural = {0: singular, 1: plural}
        else:
            entry.msgstr = value
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        entry.previous_msgid = entry.previous_msgid_plural = None
    if table:
        sys.exit(f"not in the catalogue: {sorted(table)}")
    po.save()
    po.save_as_mofile(str(PO.with_suffix(".mo")))


if __name__ == "__main__":
    main()
