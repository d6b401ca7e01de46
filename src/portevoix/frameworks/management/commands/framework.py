"""``portevoix framework validate|show|list|load|sync``."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError
from django.utils import translation
from django.utils.translation import gettext as _

from portevoix.core.errors import Problem, ProblemsError
from portevoix.core.framework import Framework, adapt_weights, load_framework_file
from portevoix.core.i18n import pick
from portevoix.frameworks import selectors, services
from portevoix.frameworks.models import FrameworkVersion
from portevoix.tenancy.models import Organisation


def _summary(framework: Framework) -> dict[str, Any]:
    return {
        "key": framework.key,
        "version": framework.version,
        "name": framework.name.model_dump(),
        "dimensions": len(framework.dimensions),
        "questions": len(framework.questions),
    }


class Command(BaseCommand):
    help = "Validate, show, list and load maturity frameworks (YAML files)."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")

        validate = actions.add_parser("validate", help="Check framework files; exit 1 if any is invalid.")
        validate.add_argument("files", nargs="+", metavar="FILE")

        show = actions.add_parser("show", help="Show a stored framework (latest version by default).")
        show.add_argument("name", metavar="NAME", help="Framework key, e.g. codir-social-maturity.")
        show.add_argument("--version", dest="framework_version", help="A given version.")
        show.add_argument("--org", help="Also show the weights adapted to this organisation (slug).")

        actions.add_parser("list", help="List stored framework versions.")

        load = actions.add_parser("load", help="Validate a file and store it as a new framework version.")
        load.add_argument("file", metavar="FILE")

        actions.add_parser("sync", help="Store the frameworks shipped with Porte-voix.")

        for sub in (validate, show, actions.choices["list"], load, actions.choices["sync"]):
            sub.add_argument("--json", action="store_true", help="Print JSON.")
            sub.add_argument("--lang", choices=["fr", "en"], default=None, help="Language of the messages.")

    def handle(self, *args: Any, **options: Any) -> None:
        language = options.get("lang") or settings.LANGUAGE_CODE
        with translation.override(language):
            self.language = language
            action = options["action"]
            try:
                getattr(self, f"_{action}")(options)
            except DatabaseError as error:
                raise CommandError(
                    _("The database is not ready (%(error)s). Run “portevoix migrate” first.")
                    % {"error": str(error).strip()}
                ) from None

    # -- actions ------------------------------------------------------------------------------

    def _validate(self, options: dict[str, Any]) -> None:
        reports = []
        for name in options["files"]:
            result = load_framework_file(Path(name), display_name=name)
            reports.append((name, result))
        invalid = [name for name, result in reports if not result.ok]
        if options["json"]:
            payload = {
                "valid": not invalid,
                "files": [
                    {
                        "file": name,
                        "valid": result.ok,
                        "framework": _summary(result.framework) if result.framework else None,
                        "problems": [p.as_dict(_) for p in result.problems],
                    }
                    for name, result in reports
                ],
            }
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
        else:
            for name, result in reports:
                if result.ok and result.framework is not None:
                    framework = result.framework
                    self.stdout.write(
                        self.style.SUCCESS(
                            _(
                                "✓ %(file)s: framework “%(name)s” version %(version)s is valid "
                                "(dimensions: %(dimensions)d, questions: %(questions)d)."
                            )
                            % {
                                "file": name,
                                "name": framework.name.get(self.language),
                                "version": framework.version,
                                "dimensions": len(framework.dimensions),
                                "questions": len(framework.questions),
                            }
                        )
                    )
                else:
                    self._write_problems(name, result.problems)
        if invalid:
            sys.exit(1)

    def _write_problems(self, name: str, problems: list[Problem]) -> None:
        count = len(problems)
        self.stderr.write(
            translation.ngettext("✗ %(file)s: %(count)d problem", "✗ %(file)s: %(count)d problems", count)
            % {"file": name, "count": count}
        )
        for problem in problems:
            self.stderr.write(f"  {problem.render(_)}")

    def _get(self, name: str, version: str | None) -> FrameworkVersion:
        if version:
            # the global version: an organisation's own versions are seen in that organisation
            stored = FrameworkVersion.objects.filter(key=name, version=version, organisation=None).first()
        else:
            stored = selectors.framework_latest(name)
        if stored is None:
            known = ", ".join(sorted({v.key for v in FrameworkVersion.objects.all()})) or "—"
            raise CommandError(
                _("No framework “%(name)s”%(version)s. Known frameworks: %(known)s.")
                % {"name": name, "version": f" {version}" if version else "", "known": known}
            )
        return stored

    def _show(self, options: dict[str, Any]) -> None:
        stored = self._get(options["name"], options["framework_version"])
        framework = stored.framework
        adapted = None
        if options["org"]:
            organisation = Organisation.objects.filter(slug=options["org"]).first()
            if organisation is None:
                raise CommandError(_("No organisation “%(slug)s”.") % {"slug": options["org"]})
            adapted = adapt_weights(framework, organisation.profile)
        if options["json"]:
            payload: dict[str, Any] = {
                "key": stored.key,
                "version": stored.version,
                "checksum": stored.checksum,
                "source": stored.source,
                "content": stored.content,
            }
            if adapted is not None:
                payload["adapted"] = {
                    "organisation": options["org"],
                    "weights": adapted.weights,
                    "applied": [a.id for a in adapted.applied],
                }
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        lang = self.language
        self.stdout.write(f"{framework.name.get(lang)} — {stored.key} {stored.version}")
        self.stdout.write(framework.description.get(lang))
        self.stdout.write("")
        self.stdout.write(_("Levels:"))
        for level in framework.levels:
            self.stdout.write(f"  {level.min:>5g}–{level.max:<5g} {level.name.get(lang)}")
        self.stdout.write(_("Dimensions:"))
        # makemessages does not read inside f-strings: translate these words first.
        weight_word, questions_word = _("weight"), _("questions")
        for dimension in framework.dimensions:
            weight = f"{dimension.weight:g}"
            if adapted is not None:
                weight = f"{dimension.weight:g} → {adapted.weights[dimension.id]:.1f}"
            self.stdout.write(
                f"  [{_(dimension.level_of_analysis)}] {dimension.name.get(lang)} "
                f"({weight_word} {weight}, {len(dimension.questions)} {questions_word})"
            )
        if adapted is not None:
            for adjustment in adapted.applied:
                self.stdout.write(f"  * {adjustment.reason.get(lang)}")

    def _list(self, options: dict[str, Any]) -> None:
        versions = list(FrameworkVersion.objects.order_by("key", "created_at"))
        if options["json"]:
            payload = [
                {
                    "key": v.key,
                    "version": v.version,
                    "name": v.name,
                    "source": v.source,
                    "checksum": v.checksum,
                }
                for v in versions
            ]
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        for v in versions:
            self.stdout.write(
                f"{v.key:32} {v.version:8} {v.get_source_display():30} {pick(v.name, self.language)}"
            )

    def _load(self, options: dict[str, Any]) -> None:
        name = options["file"]
        result = load_framework_file(Path(name), display_name=name)
        problems = result.problems
        stored = None
        if result.framework is not None and not problems:
            try:
                stored = services.framework_version_store(framework=result.framework)
            except ProblemsError as error:
                problems = [
                    Problem(p.code, p.params, path=p.path, file=name, line=None) for p in error.problems
                ]
        if options["json"]:
            payload = {
                "file": name,
                "stored": stored is not None,
                "created": bool(stored and stored.created),
                "framework": _summary(result.framework) if result.framework and stored else None,
                "problems": [p.as_dict(_) for p in problems],
            }
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
        elif stored is not None:
            message = (
                _("Stored %(key)s version %(version)s.")
                if stored.created
                else _("%(key)s version %(version)s is already stored with this content.")
            )
            self.stdout.write(
                self.style.SUCCESS(message % {"key": stored.version.key, "version": stored.version.version})
            )
        else:
            self._write_problems(name, problems)
        if stored is None:
            sys.exit(1)

    def _sync(self, options: dict[str, Any]) -> None:
        try:
            results = services.framework_sync_shipped()
        except ProblemsError as error:
            self._write_problems(_("shipped frameworks"), error.problems)
            sys.exit(1)
        if options["json"]:
            payload = [
                {"key": r.version.key, "version": r.version.version, "created": r.created} for r in results
            ]
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        for r in results:
            state = _("stored") if r.created else _("already up to date")
            self.stdout.write(f"{r.version.key} {r.version.version}: {state}")
