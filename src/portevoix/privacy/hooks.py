"""What each app declares to the privacy export and erasure: its files, and the rows people give.

**Files.** Files referenced by a ``FileField`` of a row related to the person or organisation are
found without a declaration. Every other stored file (a generated report, an upload waiting for
the worker or for the next step of a form) is declared by its app with :func:`register_files`: a
function that lists the organisation's files, each with its owners. A file is a
``portevoix.storage.StoredFile`` (storage alias and name), so export, erasure and retention work
the same on the local disk and on S3::

    from portevoix.privacy.hooks import DeclaredFile, register_files
    from portevoix.storage import REPORTS, StoredFile

    def report_files(organisation):
        for report in Report.objects.filter(organisation=organisation):
            file = StoredFile(REPORTS, report.stored_file)
            yield DeclaredFile(file, owner=report.person_id, names=frozenset(report.mentions), row=report)

    register_files(report_files)

A person's export holds the files they own; erasing them deletes those, and every file that
names them or may name anybody (``names=None``); the row that lists a deleted file goes with it,
so that no page offers a file that is gone.

**Given rows.** Some rows are given by one person about someone or something else: an answer to a
colleague's cross-assessment, an anonymous team-survey answer. The deletion collector finds them
from the person they are *about*, but they are the data of the person who gave them. An app
declares them with :func:`register_given`: a person's export holds only the rows they gave;
the organisation's export leaves out the ``confidential`` rows (the product never shows them one
by one) and the ``private_fields`` (a draft in progress); in their place, ``summary`` returns what
the product does show of them (the means of the results page, under the same minimums).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models

from portevoix.storage import StoredFile
from portevoix.tenancy.models import Organisation, Person


@dataclass(frozen=True)
class DeclaredFile:
    """A file kept for an organisation, in one of the storages, and whose it is."""

    file: StoredFile
    # The person whose data the file is (their export holds it); None: the organisation's.
    owner: int | None = None
    # The people the file names besides its owner; None: not known, it may name anybody.
    names: frozenset[int] | None = frozenset()
    # The row that lists the file (deleted with it on erasure, so no page offers a missing file).
    row: models.Model | None = field(default=None, compare=False)
    # A working file (an upload between two steps of a form) is erased but never exported.
    exported: bool = True

    def belongs_to(self, person_id: int) -> bool:
        return self.owner == person_id

    def erased_with(self, person_id: int) -> bool:
        return self.owner == person_id or self.names is None or person_id in self.names


FileHook = Callable[[Organisation], Iterable[DeclaredFile]]
_HOOKS: list[FileHook] = []


def register_files(hook: FileHook) -> FileHook:
    """Register ``hook``; usable as a decorator. Registering the same function twice is a no-op."""
    if hook not in _HOOKS:
        _HOOKS.append(hook)
    return hook


def unregister_files(hook: FileHook) -> None:
    if hook in _HOOKS:
        _HOOKS.remove(hook)


def declared_files(organisation: Organisation) -> list[DeclaredFile]:
    """Every declared file of the organisation that exists (in its storage), once."""
    found: dict[StoredFile, DeclaredFile] = {}
    for hook in list(_HOOKS):
        for declared in hook(organisation):
            if declared.file not in found and declared.file.exists():
                found[declared.file] = declared
    return list(found.values())


Summary = Callable[[Organisation, Person | None], Any]  # JSON-ready; empty: nothing to show


@dataclass(frozen=True)
class Given:
    model: type[models.Model]
    # The rows this person gave (or that are addressed to them).
    given_by: Callable[[Person], models.Q]
    # Rows nobody but their giver reads one by one, not even the organisation's managers.
    confidential: models.Q | None = None
    # Columns only the giver reads (a draft of answers not yet submitted).
    private_fields: tuple[str, ...] = ()
    # What the product shows of these rows, for a person (None: the organisation).
    summary: Summary | None = None


_GIVEN: dict[type[models.Model], Given] = {}


def register_given(
    model: type[models.Model],
    *,
    given_by: Callable[[Person], models.Q],
    confidential: models.Q | None = None,
    private_fields: tuple[str, ...] = (),
    summary: Summary | None = None,
) -> None:
    _GIVEN[model] = Given(model, given_by, confidential, private_fields, summary)


def given(model: type[models.Model]) -> Given | None:
    return _GIVEN.get(model)


def summaries(organisation: Organisation, person: Person | None) -> dict[str, Any]:
    """What the product shows of every kind of given rows, keyed by model label."""
    found: dict[str, Any] = {}
    for declared in _GIVEN.values():
        if declared.summary is not None:
            value = declared.summary(organisation, person)
            if value:
                found[declared.model._meta.label] = value
    return found
