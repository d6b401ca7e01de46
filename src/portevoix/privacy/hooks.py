"""Extension hook: stored files of an organisation or a person, outside any FileField.

Export puts them in the ZIP, erasure deletes them, on whichever storage is configured (local
disk or S3). Files referenced by a ``FileField`` of any model related to the person or
organisation are found without a hook; an app that keeps files another way (generated reports,
an upload waiting for the worker) registers a function that yields ``StoredFile``s:

    from portevoix.privacy.hooks import register_files
    from portevoix.storage import REPORTS, StoredFile

    def report_cache(organisation, person):  # person is None for the whole organisation
        for key in Report.objects.filter(organisation=organisation).values_list("stored_file", flat=True):
            yield StoredFile(REPORTS, key)

    register_files(report_cache)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from portevoix.storage import StoredFile
from portevoix.tenancy.models import Organisation, Person

FileHook = Callable[[Organisation, Person | None], Iterable[StoredFile]]
_HOOKS: list[FileHook] = []


def register_files(hook: FileHook) -> FileHook:
    """Register ``hook``; usable as a decorator. Registering the same function twice is a no-op."""
    if hook not in _HOOKS:
        _HOOKS.append(hook)
    return hook


def unregister_files(hook: FileHook) -> None:
    if hook in _HOOKS:
        _HOOKS.remove(hook)


def hooked_files(organisation: Organisation, person: Person | None) -> list[StoredFile]:
    found: list[StoredFile] = []
    for hook in list(_HOOKS):
        found.extend(hook(organisation, person))
    return [f for f in dict.fromkeys(found) if f.exists()]


def evidence_uploads(organisation: Organisation, person: Person | None) -> Iterator[StoredFile]:
    """Uploaded exports waiting for the worker, or kept at the admin's request."""
    from portevoix.evidence.importing import upload_file
    from portevoix.evidence.models import EvidenceImport

    imports = EvidenceImport.objects.filter(organisation=organisation).exclude(stored_file="")
    if person is not None:
        imports = imports.filter(person=person)
    for key in imports.values_list("stored_file", flat=True):
        if key.isalnum():
            yield upload_file(key)


def register_builtin() -> None:
    register_files(evidence_uploads)
