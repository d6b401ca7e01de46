"""Extension hook: files kept on disk for an organisation or a person, outside any FileField.

Export puts them in the ZIP, erasure deletes them. Files referenced by a ``FileField`` of any
model related to the person or organisation are found without a hook; an app that keeps files
another way (a cache of generated reports, an upload waiting for the worker) registers a function:

    from portevoix.privacy.hooks import register_files

    def report_cache(organisation, person):  # person is None for the whole organisation
        yield from (settings.DATA_DIR / "reports" / organisation.slug).glob("*.pdf")

    register_files(report_cache)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from django.conf import settings

from portevoix.tenancy.models import Organisation, Person

FileHook = Callable[[Organisation, Person | None], Iterable[Path]]
_HOOKS: list[FileHook] = []


def register_files(hook: FileHook) -> FileHook:
    """Register ``hook``; usable as a decorator. Registering the same function twice is a no-op."""
    if hook not in _HOOKS:
        _HOOKS.append(hook)
    return hook


def unregister_files(hook: FileHook) -> None:
    if hook in _HOOKS:
        _HOOKS.remove(hook)


def hooked_files(organisation: Organisation, person: Person | None) -> list[Path]:
    found: list[Path] = []
    for hook in list(_HOOKS):
        found.extend(Path(p) for p in hook(organisation, person))
    return [p for p in dict.fromkeys(found) if p.is_file()]


def evidence_uploads(organisation: Organisation, person: Person | None) -> Iterator[Path]:
    """Uploaded exports waiting for the worker, or kept at the admin's request."""
    from portevoix.evidence.models import EvidenceImport

    imports = EvidenceImport.objects.filter(organisation=organisation).exclude(stored_file="")
    if person is not None:
        imports = imports.filter(person=person)
    folder = Path(settings.MEDIA_ROOT) / "evidence"
    for key in imports.values_list("stored_file", flat=True):
        if key.isalnum():
            yield folder / key


def register_builtin() -> None:
    register_files(evidence_uploads)
