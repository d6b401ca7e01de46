"""Export what is held about a person or an organisation: one ZIP with ``data.json`` and the files.

``data.json`` lists, per model, the rows that belong to the subject ("records") and the rows
that point to it ("references"), serialised field by field, plus the linked accounts. Secrets
(password hashes, link nonces) are never written. What the subject may download is what they
may see in the product: in a person's export, the rows a colleague *gave* about them (a
cross-assessment) are left out, like links to other people and their e-mails; in the
organisation's, so are the answers the product never shows one by one (anonymous team survey,
cross-assessments). What the product shows of those answers (means, under the results page's
minimums) is under "summaries" (``privacy.hooks.register_given``).
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from typing import IO, Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from portevoix.storage import StoredFile, copy_to
from portevoix.tenancy.models import Organisation, Person

from .collect import Holding, Inventory, organisation_inventory, person_inventory
from .hooks import given, summaries

FORMAT = "porte-voix-export"
VERSION = 1
SECRET_FIELDS = frozenset({"password", "nonce", "session_key", "session_data"})
OTHER = "[other person]"
ACCOUNT_FIELDS = ("id", "username", "email", "first_name", "last_name", "date_joined", "last_login")


def _plain_row(model: type[models.Model], row: models.Model, hidden: frozenset[str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for f in model._meta.concrete_fields:
        if f.name in hidden:
            continue
        value = getattr(row, f.attname)
        if isinstance(value, FieldFile):
            value = value.name or ""
        values[f.attname] = value
    return values


def _hidden(model: type[models.Model], for_themselves: bool) -> frozenset[str]:
    """Columns never written: secrets, and the columns only the person who gave the row reads
    (their draft in progress) unless they download their own data."""
    declared = given(model)
    if not for_themselves and declared is not None:
        return SECRET_FIELDS | frozenset(declared.private_fields)
    return SECRET_FIELDS


def _values(holding: Holding, for_themselves: bool) -> Iterator[dict[str, Any]]:
    """Plain column values; querysets are read as values (no model instance per row: an
    imported archive holds a hundred thousand activities)."""
    model = holding.model
    hidden = _hidden(model, for_themselves)
    names = [f.attname for f in model._meta.concrete_fields if f.name not in hidden]
    seen: set[Any] = set()
    for source in holding.sources:
        items = (
            source.values(*names).iterator(chunk_size=2000)
            if isinstance(source, models.QuerySet)
            else (_plain_row(model, row, hidden) for row in source)
        )
        for values in items:
            pk = values[model._meta.pk.attname]
            if pk not in seen:
                seen.add(pk)
                yield values


def _serialise(holding: Holding, person: Person | None, for_themselves: bool) -> Iterator[dict[str, Any]]:
    """The rows of a holding as plain dicts (column name → value), one at a time."""
    model = holding.model
    others = _foreign_person_fields(model) if person is not None else []
    emails = [f.attname for f in model._meta.concrete_fields if isinstance(f, models.EmailField)]
    for values in _values(holding, for_themselves):
        if person is not None and model is not Person:
            for name in others:
                if values.get(name) not in (None, person.pk):
                    values[name] = OTHER
            for name in emails:
                value = values.get(name)
                if value and str(value).lower() != person.email.lower():
                    values[name] = OTHER
        yield values


def _foreign_person_fields(model: type[models.Model]) -> list[str]:
    return [
        f.attname
        for f in model._meta.concrete_fields
        if f.is_relation and f.related_model is Person and model is not Person
    ]


def _account(user: Any) -> dict[str, Any]:
    return {name: getattr(user, name) for name in ACCOUNT_FIELDS}


def _archive_name(file: StoredFile) -> str:
    return f"files/{file.export_name}"


def _dump(value: Any) -> str:
    return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)


def _write_section(
    text: IO[str], name: str, holdings: list[Holding], person: Person | None, for_themselves: bool
) -> dict[str, int]:
    """Write ``"name": {"app.Model": [rows…], …}`` row by row, so memory stays flat."""
    counts: dict[str, int] = {}
    text.write(f"{_dump(name)}: {{")
    first_model = True
    for holding in holdings:
        count = 0
        for values in _serialise(holding, person, for_themselves):
            if count == 0:
                text.write(("" if first_model else ",") + f"\n {_dump(holding.key)}: [")
                first_model = False
            text.write(("" if count == 0 else ",") + "\n  " + _dump(values))
            count += 1
        if count:
            text.write("\n ]")
            counts[holding.key] = count
    text.write("\n}")
    return counts


def _write(
    out: IO[bytes],
    scope: dict[str, Any],
    inventory: Inventory,
    person: Person | None,
    summary: dict[str, Any] | None = None,
    for_themselves: bool = False,
) -> dict[str, int]:
    files = {}
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in inventory.files:  # streamed from the storage (local disk or S3)
            name = _archive_name(file)
            with archive.open(name, "w", force_zip64=True) as member:
                files[name] = copy_to(file, member)
        with archive.open("data.json", "w") as raw, io.TextIOWrapper(raw, encoding="utf-8") as text:
            head = {"format": FORMAT, "version": VERSION, "generated_at": timezone.now(), "scope": scope}
            text.write(_dump(head)[:-1] + ",\n")
            exported = inventory.exported(for_themselves=for_themselves)
            owned = [h for h in exported if h.owned]
            counts = _write_section(text, "records", owned, person, for_themselves)
            text.write(",\n")
            others = [h for h in exported if not h.owned]
            _write_section(text, "references", others, person, for_themselves)
            text.write(",\n" + _dump("summaries") + ": " + _dump(summary or {}))
            text.write(",\n" + _dump("accounts") + ": " + _dump([_account(u) for u in inventory.users]))
            text.write(",\n" + _dump("files") + ": " + _dump(files) + "\n}\n")
    return counts


def person_export(person: Person, out: IO[bytes], *, for_themselves: bool = False) -> dict[str, int]:
    """Write the person's ZIP to ``out``; return the number of records per model.

    ``for_themselves``: the person downloads it (*My data*): it also holds what only they may
    read (the ratings they gave colleagues, their drafts). Otherwise (a manager, the CLI) it
    holds nothing the downloader may not see in the product."""
    scope = {"organisation": person.organisation.slug, "person": person.pk}
    inventory = person_inventory(person)
    summary = summaries(person.organisation, person)
    return _write(out, scope, inventory, person, summary, for_themselves)


def organisation_export(organisation: Organisation, out: IO[bytes]) -> dict[str, int]:
    scope = {"organisation": organisation.slug}
    return _write(out, scope, organisation_inventory(organisation), None, summaries(organisation, None))


def account_export(user: Any, organisation: Organisation, out: IO[bytes]) -> dict[str, int]:
    """For a member with no person record: their account and what it did in the organisation."""
    from .collect import account_inventory

    inventory = Inventory(account_inventory(user, organisation), [user], [])
    scope = {"organisation": organisation.slug, "account": user.pk}
    return _write(out, scope, inventory, None)
