"""``portevoix objections classify|list|validate|vectors``."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from portevoix.core.errors import ProblemsError
from portevoix.core.objections import Classification, load_catalogue_file, shipped_catalogue
from portevoix.core.objections.classifier import vectors_path, write_vectors
from portevoix.objections import services
from portevoix.tenancy.models import Organisation

MAX_FILE_BYTES = 20 * 1024 * 1024


class Command(BaseCommand):
    help = "Classify leaders' words into objections, barriers and triggers; list the catalogue."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        classify = actions.add_parser("classify", help="Classify a text, or every line of a file.")
        classify.add_argument("text", nargs="?", metavar="TEXT")
        classify.add_argument("--file", metavar="FILE", help="A UTF-8 text file: one text per line.")
        classify.add_argument(
            "--lang", choices=["fr", "en"], default=None, help="Language of the text (detected otherwise)."
        )
        classify.add_argument("--org", help="Also use this organisation's own entries and phrasings (slug).")
        classify.add_argument("--explain", action="store_true", help="Show the closest example phrasings.")
        listing = actions.add_parser("list", help="List the catalogue's entries.")
        listing.add_argument("--lang", choices=["fr", "en"], default=None, help="Language of the labels.")
        validate = actions.add_parser("validate", help="Check a catalogue file; exit 1 if it is invalid.")
        validate.add_argument("file", metavar="FILE")
        validate.add_argument("--lang", choices=["fr", "en"], default=None, help="Language of the messages.")
        vectors = actions.add_parser("vectors", help="Recompute the shipped example vectors (after editing).")
        vectors.add_argument("--lang", choices=["fr", "en"], default=None)
        for sub in (classify, listing, validate, vectors):
            sub.add_argument("--json", action="store_true", help="Print JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        language = options.get("lang") or settings.LANGUAGE_CODE
        with translation.override(language):
            getattr(self, f"_{options['action']}")(options)

    def _print(self, data: Any) -> None:
        self.stdout.write(json.dumps(data, ensure_ascii=False))

    def _classify(self, options: dict[str, Any]) -> None:
        text, path = options.get("text"), options.get("file")
        if (text is None) == (path is None):
            raise CommandError(_("Give a TEXT to classify or --file FILE, not both."))
        organisation = None
        if options.get("org"):
            organisation = Organisation.objects.filter(slug=options["org"]).first()
            if organisation is None:
                raise CommandError(_("No organisation “%(slug)s”.") % {"slug": options["org"]})
        texts = [text] if text is not None else self._lines(Path(str(path)))
        classifier = services.classifier_for(organisation)
        results = classifier.classify_many(texts, options.get("lang"))
        for result in results:
            if options["json"]:
                self._print(result.as_dict(explain=options["explain"], translate=_))
            else:
                self._human(result, options["explain"])

    def _lines(self, path: Path) -> list[str]:
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                raise CommandError(_("%(file)s: the file is too large (at most 20 MB).") % {"file": path})
            raw = path.read_bytes()
        except FileNotFoundError:
            raise CommandError(_("%(file)s: file not found.") % {"file": path}) from None
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror or error}") from None
        try:
            content = raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = raw[: error.start].count(b"\n") + 1
            raise CommandError(
                _("%(file)s:%(line)s: the file is not UTF-8 text.") % {"file": path, "line": line}
            ) from None
        return content.splitlines()

    def _human(self, result: Classification, explain: bool) -> None:
        head = f"[{result.language or '?'}] {result.text[:80]}"
        self.stdout.write(head)
        for notice in result.notices(_):
            self.stdout.write(f"  ! {notice}")
        if result.status == "ok" and not result.matches:
            self.stdout.write("  " + _("no match"))
        catalogue = shipped_catalogue()
        language = translation.get_language() or "fr"
        for match in result.matches:
            entry = catalogue.find(match.id)
            label = entry.label.get(language) if entry else match.id
            self.stdout.write(f"  {match.id} ({match.kind}) {match.confidence:.2f} — {label}")
            if explain:
                for closest in match.closest:
                    self.stdout.write(f"      ≈ {closest.similarity:.2f} “{closest.text}”")

    def _list(self, options: dict[str, Any]) -> None:
        catalogue = shipped_catalogue()
        language = translation.get_language() or "fr"
        rows: list[dict[str, Any]] = [
            {
                "id": e.id,
                "kind": e.kind,
                "label": e.label.model_dump(),
                "examples": {"fr": len(e.examples.fr), "en": len(e.examples.en)},
                "actions": list(e.actions),
                "dimensions": list(e.dimensions),
                "figures": sorted({f for a in e.counter_arguments for f in a.figure_ids}),
            }
            for e in catalogue.entries
        ]
        if options["json"]:
            self._print({"version": catalogue.version, "entries": rows})
            return
        for row in rows:
            self.stdout.write(
                f"{row['id']:<22} {row['kind']:<10} {row['label'][language if language == 'en' else 'fr']}"
            )

    def _validate(self, options: dict[str, Any]) -> None:
        name = options["file"]
        try:
            catalogue = load_catalogue_file(Path(name))
        except ProblemsError as error:
            if options["json"]:
                self._print(
                    {"file": name, "valid": False, "problems": [p.as_dict(_) for p in error.problems]}
                )
            else:
                self.stderr.write(
                    _("✗ %(file)s: %(count)s problems") % {"file": name, "count": len(error.problems)}
                )
                for problem in error.problems:
                    self.stderr.write(f"  {problem.render(_)}")
            sys.exit(1)
        if options["json"]:
            self._print({"file": name, "valid": True, "entries": len(catalogue.entries)})
        else:
            self.stdout.write(
                _("✓ %(file)s: %(count)s entries") % {"file": name, "count": len(catalogue.entries)}
            )

    def _vectors(self, options: dict[str, Any]) -> None:
        count = write_vectors(vectors_path(), shipped_catalogue())
        if options["json"]:
            self._print({"file": str(vectors_path()), "examples": count})
        else:
            self.stdout.write(
                _("%(count)s example vectors written to %(file)s") % {"count": count, "file": vectors_path()}
            )
