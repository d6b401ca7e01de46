"""Export what is held about a person or an organisation: one ZIP with ``data.json`` and the files.

``data.json`` lists, per model, the rows that belong to the subject ("records") and the rows
that point to it ("references"), serialised field by field, plus the linked accounts. Secrets
(password hashes, link nonces) are never written. In a person's export, links to *other*
people (who assessed them, a colleague's e-mail) are left out: the export is theirs, not their
colleagues'.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone

from portevoix.tenancy.models import Organisation, Person

from .collect import Holding, Inventory, organisation_inventory, person_inventory

FORMAT = "porte-voix-export"
VERSION = 1
SECRET_FIELDS = frozenset({"password", "nonce", "session_key", "session_data"})
ACCOUNT_FIELDS = ("id", "username", "email", "first_name", "last_name", "date_joined", "last_login")


def _serialise(holding: Holding, person: Person | None) -> list[dict[str, Any]]:
    rows = []
    model = holding.model
    others = _foreign_person_fields(model) if person is not None else []
    emails = [f.name for f in model._meta.concrete_fields if isinstance(f, models.EmailField)]
    batch: list[models.Model] = []

    def flush() -> None:
        for item in serializers.serialize("python", batch):
            fields = {k: v for k, v in item["fields"].items() if k not in SECRET_FIELDS}
            if person is not None:
                for name in others:
                    if fields.get(name) not in (None, person.pk):
                        fields[name] = "[other person]"
                for name in emails:
                    value = fields.get(name)
                    if value and model is not Person and str(value).lower() != person.email.lower():
                        fields[name] = "[other person]"
            rows.append({"pk": item["pk"], **fields})
        batch.clear()

    for row in holding.rows():
        batch.append(row)
        if len(batch) >= 1000:
            flush()
    flush()
    return rows


def _foreign_person_fields(model: type[models.Model]) -> list[str]:
    return [
        f.name
        for f in model._meta.concrete_fields
        if f.is_relation and f.related_model is Person and model is not Person
    ]


def _account(user: Any) -> dict[str, Any]:
    return {name: getattr(user, name) for name in ACCOUNT_FIELDS}


def _archive_name(path: Path) -> str:
    for base in (Path(settings.MEDIA_ROOT), Path(settings.DATA_DIR)):
        try:
            return "files/" + path.resolve().relative_to(base.resolve()).as_posix()
        except ValueError:
            continue
    return f"files/other/{path.name}"


def _write(
    out: IO[bytes], scope: dict[str, Any], inventory: Inventory, person: Person | None
) -> dict[str, int]:
    records = {h.key: _serialise(h, person) for h in inventory.owned()}
    references = {h.key: _serialise(h, person) for h in inventory.references()}
    files = {}
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in inventory.files:
            name = _archive_name(path)
            archive.write(path, name)
            files[name] = path.stat().st_size
        document = {
            "format": FORMAT,
            "version": VERSION,
            "generated_at": timezone.now(),
            "scope": scope,
            "records": {k: v for k, v in records.items() if v},
            "references": {k: v for k, v in references.items() if v},
            "accounts": [_account(u) for u in inventory.users],
            "files": files,
        }
        text = json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1)
        archive.writestr("data.json", text)
    return {key: len(rows) for key, rows in records.items() if rows}


def person_export(person: Person, out: IO[bytes]) -> dict[str, int]:
    """Write the person's ZIP to ``out``; return the number of records per model."""
    scope = {"organisation": person.organisation.slug, "person": person.pk}
    return _write(out, scope, person_inventory(person), person)


def organisation_export(organisation: Organisation, out: IO[bytes]) -> dict[str, int]:
    scope = {"organisation": organisation.slug}
    return _write(out, scope, organisation_inventory(organisation), None)


def account_export(user: Any, organisation: Organisation, out: IO[bytes]) -> dict[str, int]:
    """For a member with no person record: their account and what it did in the organisation."""
    from .collect import account_inventory

    inventory = Inventory(account_inventory(user, organisation), [user], [])
    scope = {"organisation": organisation.slug, "account": user.pk}
    return _write(out, scope, inventory, None)
