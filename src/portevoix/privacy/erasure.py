"""Erase a person or an organisation everywhere: rows, files, accounts, and mentions in text.

1. Everything the deletion collector finds (every model related by a foreign key, one-to-one or
   many-to-many, in any app) is deleted; rows that only pointed to the person are unlinked.
2. Rows of the organisation that hold the person's e-mail without a link (an invitation to the
   anonymous team survey) are deleted; anonymous team answers are kept: nothing ties them to
   anybody (docs/decisions/0012-privacy.md).
3. The person's name and e-mail are replaced by ``[erased]`` in every text and JSON column of
   the organisation's tables (a colleague's post that names them, an audit entry, a report).
4. The linked user account is deleted unless it is still used in another organisation.
5. Files referenced by a FileField of a deleted row, and the files the apps declare
   (``privacy.hooks.register_files``) that are the person's or that name them (a board pack, a
   progress report, an answer file waiting for its mapping step) are deleted once the database
   work succeeded; the row listing such a file (a report) is deleted with it, in the transaction.
6. On SQLite, the write-ahead log is checkpointed and truncated: with ``secure_delete`` on
   (set for every connection), the raw database files no longer hold the name.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.admin.models import LogEntry
from django.db import OperationalError, connections, models, router, transaction
from django.db.models.functions import Cast

from portevoix.storage import StoredFile
from portevoix.tenancy.models import Membership, Organisation, Person

from .audit import record
from .collect import _email_rows, organisation_inventory, organisation_scoped, person_inventory
from .hooks import DeclaredFile
from .models import AuditAction

ERASED = "[erased]"
logger = logging.getLogger(__name__)


@dataclass
class ErasureReport:
    rows: dict[str, int] = field(default_factory=dict)
    files: int = 0
    accounts: int = 0
    scrubbed: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {"rows": self.rows, "files": self.files, "accounts": self.accounts, "scrubbed": self.scrubbed}


def _terms(person: Person, users: Iterable[Any]) -> list[str]:
    terms = {person.full_name.strip(), person.email.strip()}
    for user in users:
        terms.add(user.email.strip())
        terms.add(user.get_full_name().strip())
    return sorted((t for t in terms if len(t) >= 3), key=len, reverse=True)


def _replace(value: Any, pattern: re.Pattern[str]) -> Any:
    if isinstance(value, str):
        return pattern.sub(ERASED, value)
    if isinstance(value, list):
        return [_replace(v, pattern) for v in value]
    if isinstance(value, dict):
        return {_replace(k, pattern): _replace(v, pattern) for k, v in value.items()}
    return value


def _scrub(querysets: Iterable[models.QuerySet[Any]], terms: list[str]) -> int:
    """Replace ``terms`` in every text and JSON column of the rows; return the rows changed."""
    if not terms:
        return 0
    pattern = re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE)
    changed = 0
    for queryset in querysets:
        model = queryset.model
        for f in model._meta.concrete_fields:
            if isinstance(f, models.CharField | models.TextField):
                condition = models.Q()
                for term in terms:
                    condition |= models.Q(**{f"{f.attname}__icontains": term})
                matches = queryset.filter(condition)
            elif isinstance(f, models.JSONField):
                condition = models.Q()
                for term in terms:
                    escaped = json.dumps(term)[1:-1]  # SQLite keeps JSON with \u escapes
                    condition |= models.Q(pv_text__icontains=term) | models.Q(pv_text__icontains=escaped)
                matches = queryset.annotate(pv_text=Cast(f.attname, models.TextField())).filter(condition)
            else:
                continue
            for pk, value in matches.values_list("pk", f.attname):
                new = _replace(value, pattern)
                if new != value:
                    # A queryset update: audit entries refuse .save(), erasure is the one exception.
                    model._default_manager.filter(pk=pk).update(**{f.attname: new})
                    changed += 1
    return changed


def _forget(files: Iterable[DeclaredFile]) -> None:
    """Delete the rows that list files about to be deleted (a report), so no page offers them."""
    for stored in files:
        if stored.row is not None:
            type(stored.row)._default_manager.filter(pk=stored.row.pk).delete()


def _flush_residue() -> None:
    """SQLite keeps the pages a transaction changed in the write-ahead log until a checkpoint
    copies them into the database file: checkpoint and truncate it, so neither raw file keeps
    the erased name (``secure_delete`` has zeroed the old content). Run once the erasure is
    committed (a checkpoint cannot run inside a transaction). PostgreSQL: see ADR 0012."""
    alias = router.db_for_write(Person)
    connection = connections[alias]
    if connection.vendor != "sqlite":
        return

    def checkpoint() -> None:
        try:
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                busy = cursor.fetchone()
        except OperationalError as error:
            busy, reason = None, str(error)
        else:
            reason = "busy"
        if busy is None or busy[0]:
            # Another connection holds a read snapshot: the log is checkpointed later by SQLite.
            logger.warning("erasure: the SQLite write-ahead log could not be truncated (%s)", reason)

    transaction.on_commit(checkpoint, using=alias)


def _delete_files(files: Iterable[StoredFile]) -> int:
    """Delete the inventory's files (all of them existed when it was taken) from the storage; a
    file already gone (a deleted row's own receiver took it at commit) still counts as erased."""
    count = 0
    for file in dict.fromkeys(files):
        file.delete()
        count += 1
    return count


def _unused_elsewhere(users: Iterable[Any], organisation: Organisation) -> list[Any]:
    """Accounts that exist only for this organisation (never a platform admin's)."""
    return [
        u
        for u in users
        if not (u.is_superuser or u.is_staff)
        and not Membership.objects.filter(user=u).exclude(organisation=organisation).exists()
    ]


def person_erase(*, person: Person, actor: Any = None) -> ErasureReport:
    organisation = person.organisation
    report = ErasureReport()
    with transaction.atomic():
        inventory = person_inventory(person)
        users = _unused_elsewhere(inventory.users, organisation)
        terms = _terms(person, users)
        report.rows = {h.key: h.count() for h in inventory.owned()}
        person_id = person.pk
        for rows in _email_rows(organisation, person.email):
            rows.delete()
        person.delete()
        survivor = _surviving(actor, users)
        for user in users:
            LogEntry.objects.filter(user=user).delete()
            user.delete()
        report.accounts = len(users)
        _forget(inventory.erased_files)
        report.scrubbed = _scrub([*organisation_scoped(organisation), LogEntry.objects.all()], terms)
        record(
            AuditAction.PRIVACY_ERASE,
            organisation=organisation,
            actor=survivor,
            target_label=f"person #{person_id}",
            details={"person_id": person_id, **report.as_dict()},
        )
    report.files = _delete_files(f.file for f in inventory.erased_files)
    _flush_residue()
    return report


def organisation_erase(*, organisation: Organisation, actor: Any = None) -> ErasureReport:
    report = ErasureReport()
    with transaction.atomic():
        inventory = organisation_inventory(organisation)
        users = _unused_elsewhere(inventory.users, organisation)
        people = list(Person.objects.filter(organisation=organisation))
        terms = sorted(
            {t for p in people for t in _terms(p, [])} | set(_terms_of_users(users)), key=len, reverse=True
        )
        report.rows = {h.key: h.count() for h in inventory.owned()}
        organisation_id = organisation.pk
        organisation.delete()
        survivor = _surviving(actor, users)
        for user in users:
            LogEntry.objects.filter(user=user).delete()
            user.delete()
        report.accounts = len(users)
        report.scrubbed = _scrub([LogEntry.objects.all()], terms)
        record(
            AuditAction.PRIVACY_ERASE,
            organisation=None,
            actor=survivor,
            target_label=f"organisation #{organisation_id}",
            details={"organisation_id": organisation_id, **report.as_dict()},
        )
    report.files = _delete_files(f.file for f in inventory.erased_files)
    _flush_residue()
    return report


def _terms_of_users(users: Iterable[Any]) -> list[str]:
    terms = []
    for user in users:
        terms += [user.email.strip(), user.get_full_name().strip()]
    return [t for t in terms if len(t) >= 3]


def _surviving(actor: Any, deleted: Iterable[Any]) -> Any:
    """The actor, unless their own account was just erased (then the entry names nobody)."""
    if actor is None or getattr(actor, "pk", None) in {u.pk for u in deleted}:
        return None
    return actor
