"""French is complete: every source text is in the catalogue, translated, and compiled."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib

import portevoix
from portevoix.core.errors import LABELS, MESSAGES
from tests.conftest import require

PACKAGE = Path(portevoix.__file__).resolve().parent
PO = PACKAGE / "locale" / "fr" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def _ids(catalogue: polib._BaseFile) -> set[tuple[str, str]]:
    return {(e.msgid, e.msgid_plural) for e in catalogue if e.msgid and not e.obsolete}


def test_every_entry_is_translated_and_not_fuzzy() -> None:
    po = polib.pofile(str(PO))
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []
    assert po.metadata["Language"] == "fr"


def test_compiled_catalogue_matches_the_source() -> None:
    po, mo = polib.pofile(str(PO)), polib.mofile(str(MO))
    assert {(e.msgid, e.msgstr) for e in po if not e.msgid_plural} == {
        (e.msgid, e.msgstr) for e in mo if e.msgid and not e.msgid_plural
    }


def test_every_core_message_is_in_the_catalogue() -> None:
    ids = {msgid for msgid, _plural in _ids(polib.pofile(str(PO)))}
    assert set(MESSAGES.values()) - ids == set()
    assert set(LABELS.values()) - ids == set()


def test_placeholders_survive_translation() -> None:
    import re

    pattern = re.compile(r"%\(\w+\)[sd]|\{[\w!]+\}|\{\{ ?\w+ ?\}\}")
    for entry in polib.pofile(str(PO)):
        if entry.msgid and entry.msgstr:
            assert sorted(pattern.findall(entry.msgid)) == sorted(pattern.findall(entry.msgstr)), entry.msgid


def test_catalogue_has_every_text_of_the_source(tmp_path: Path) -> None:
    """Extract the messages again from a copy of the source: nothing may be missing or stale."""
    require(shutil.which("xgettext") is not None, "xgettext not found (apt-get install gettext)")
    copy = tmp_path / "portevoix"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.i18n_settings",
        "PYTHONPATH": str(Path(__file__).resolve().parent.parent),
        "PORTEVOIX_DATA_DIR": str(tmp_path / "var"),
    }
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "fr", "--no-location", "--no-obsolete"],
        cwd=copy,
        env=env,
        check=True,
        capture_output=True,
    )
    fresh = polib.pofile(str(copy / "locale" / "fr" / "LC_MESSAGES" / "django.po"))
    committed = polib.pofile(str(PO))
    assert _ids(fresh) - _ids(committed) == set(), "run `make messages` and translate the new texts"
    assert _ids(committed) - _ids(fresh) == set(), "run `make messages`: the catalogue has stale texts"
