"""What is held about a person or an organisation, found by introspection, not by a list.

Django's deletion collector walks every relation (foreign key, one-to-one, many-to-many) from
the person or organisation: what it would delete is what they *own*; what it would only unlink
(``SET_NULL``) are rows that *refer* to them. A model added by a later app is covered without
touching this module.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, cast

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models, router
from django.db.models.deletion import Collector

from portevoix.storage import ALIASES, MEDIA, StoredFile
from portevoix.tenancy.models import Membership, Organisation, Person

from .hooks import DeclaredFile, declared_files, given

Rows = Iterable[models.Model]


@dataclass
class Holding:
    """One kind of data held: a model, and whether the rows belong to the subject or point to it."""

    model: type[models.Model]
    owned: bool
    sources: list[Rows] = field(default_factory=list)

    @property
    def label(self) -> str:
        return str(self.model._meta.verbose_name_plural)

    @property
    def key(self) -> str:
        return self.model._meta.label

    def rows(self) -> Iterator[models.Model]:
        seen: set[Any] = set()
        for source in self.sources:
            items = source.iterator() if isinstance(source, models.QuerySet) else source
            for row in items:
                if row.pk not in seen:
                    seen.add(row.pk)
                    yield row

    def count(self) -> int:
        if len(self.sources) == 1 and isinstance(self.sources[0], models.QuerySet):
            return self.sources[0].count()
        return sum(1 for _row in self.rows())


@dataclass
class Inventory:
    holdings: list[Holding]
    users: list[Any]  # accounts linked to the subject (deleted with it when they have no other use)
    files: list[StoredFile]  # exported with the subject, from whichever storage is configured
    # Deleted when the subject is erased: their files, and every file that names them.
    erased_files: list[DeclaredFile] = field(default_factory=list)
    person: Person | None = None  # None: the organisation

    def owned(self) -> list[Holding]:
        return [h for h in self.holdings if h.owned]

    def references(self) -> list[Holding]:
        return [h for h in self.holdings if not h.owned]

    def exported(self, *, for_themselves: bool = False) -> list[Holding]:
        """What may be read row by row (``privacy.hooks.register_given``): of a person's rows, those
        they gave, none a colleague gave about them; of the organisation's, none the product shows
        nobody one by one. A person downloading their own data (``for_themselves``) also gets the
        confidential rows they gave (their rating of a colleague); a manager downloading it for
        them does not: they may not read those in the product either."""
        return [_seen(h, self.person, for_themselves) for h in self.holdings]


def _seen(holding: Holding, person: Person | None, for_themselves: bool) -> Holding:
    declared = given(holding.model)
    if declared is None:
        return holding
    keep = declared.given_by(person) if person is not None else models.Q()
    if declared.confidential is not None and not (person is not None and for_themselves):
        keep &= ~declared.confidential
    if not keep:
        return holding
    manager = holding.model._default_manager
    seen = Holding(holding.model, holding.owned)
    for source in holding.sources:
        if isinstance(source, models.QuerySet):
            seen.sources.append(source.filter(keep))
            continue
        # Rows the collector loaded (a team survey's thousands of answers): in batches, within
        # SQLite's limit of query parameters.
        pks = [r.pk for r in source]
        for start in range(0, len(pks), 2000):
            seen.sources.append(manager.filter(pk__in=pks[start : start + 2000]).filter(keep))
    return seen


def _collect(objs: list[models.Model]) -> Collector:
    collector = Collector(using=router.db_for_write(type(objs[0])))
    collector.collect(objs)
    return collector


def _holdings(collector: Collector) -> dict[tuple[type[models.Model], bool], Holding]:
    found: dict[tuple[type[models.Model], bool], Holding] = {}

    def add(model: type[models.Model], owned: bool, rows: Rows) -> None:
        found.setdefault((model, owned), Holding(model, owned)).sources.append(rows)

    for model, instances in collector.data.items():
        add(model, True, sorted(instances, key=lambda o: o.pk))
    for queryset in collector.fast_deletes:
        add(queryset.model, True, queryset)
    for (fk, _value), batches in collector.field_updates.items():
        for batch in batches:
            add(fk.model, False, _not_owned(fk.model, cast(Rows, batch), found.get((fk.model, True))))
    return found


def _not_owned(model: type[models.Model], rows: Rows, owned: Holding | None) -> Rows:
    """Rows that point to the subject but are not already among the rows it owns (an activity
    both belongs to the person and points to the import it came from)."""
    if owned is None:
        return rows
    if isinstance(rows, models.QuerySet):
        for source in owned.sources:
            if isinstance(source, models.QuerySet):
                rows = rows.exclude(pk__in=source.values("pk"))
            else:
                rows = rows.exclude(pk__in=[r.pk for r in source])
        return rows
    owned_pks = {r.pk for r in owned.rows()}
    return [r for r in rows if r.pk not in owned_pks]


def _org_path(model: type[models.Model], depth: int = 3) -> str | None:
    """A lookup from ``model`` to its organisation ("organisation", "campaign__organisation"…)."""
    if model is Organisation:
        return "pk"
    frontier: list[tuple[type[models.Model], str]] = [(model, "")]
    for _level in range(depth):
        following = []
        for current, prefix in frontier:
            for f in current._meta.concrete_fields:
                if not f.is_relation:
                    continue
                related = f.related_model
                if related is None or isinstance(related, str):
                    continue
                path = f"{prefix}{f.name}"
                if related is Organisation:
                    return path
                following.append((related, f"{path}__"))
        frontier = following
    return None


def portevoix_models() -> list[type[models.Model]]:
    return [m for m in apps.get_models() if m._meta.app_config.name.startswith("portevoix.")]


def organisation_scoped(organisation: Organisation) -> list[models.QuerySet[Any]]:
    """Every portevoix table's rows of this organisation (through whatever path reaches it)."""
    scoped = []
    for model in portevoix_models():
        path = _org_path(model)
        if path is not None:
            scoped.append(model._default_manager.filter(**{path: organisation.pk}))
    return scoped


def _email_rows(organisation: Organisation, email: str) -> list[models.QuerySet[Any]]:
    """Rows of the organisation that hold the person's e-mail without a link to them (an
    invitation to the anonymous team survey)."""
    if not email:
        return []
    found = []
    for queryset in organisation_scoped(organisation):
        model = queryset.model
        if model is Person:
            continue
        for f in model._meta.concrete_fields:
            if isinstance(f, models.EmailField):
                rows = queryset.filter(**{f"{f.name}__iexact": email})
                found.append(rows)
    return found


def _file_fields(holdings: Iterable[Holding]) -> list[StoredFile]:
    files: list[StoredFile] = []
    for holding in holdings:
        fields = [f for f in holding.model._meta.concrete_fields if isinstance(f, models.FileField)]
        if not fields:
            continue
        for row in holding.rows():
            for f in fields:
                value = getattr(row, f.attname)
                stored = getattr(row, f.name)
                if value and stored.storage.exists(stored.name):
                    files.append(StoredFile(_alias_of(stored.storage), stored.name))
    return files


def _alias_of(storage: Any) -> str:
    """The STORAGES alias of a FileField's storage (the ``default`` one unless it names another)."""
    from django.core.files.storage import default_storage, storages

    for alias in ALIASES:
        if storage is storages[alias] or (alias == MEDIA and storage is default_storage):
            return alias
    return MEDIA


def linked_users(person: Person) -> list[Any]:
    ids = Membership.objects.filter(person=person).values_list("user_id", flat=True)
    return list(get_user_model().objects.filter(pk__in=ids))


def person_inventory(person: Person) -> Inventory:
    collector = _collect([person])
    holdings = _holdings(collector)
    for rows in _email_rows(person.organisation, person.email):
        if rows.exists():
            key = (rows.model, True)
            holdings.setdefault(key, Holding(rows.model, True)).sources.append(rows)
    values = list(holdings.values())
    inventory = Inventory(values, linked_users(person), [], person=person)
    declared = declared_files(person.organisation)
    own = _file_fields(h for h in inventory.exported(for_themselves=True) if h.owned)
    inventory.files = _unique(own + [f.file for f in declared if f.exported and f.belongs_to(person.pk)])
    owned = _file_fields(h for h in values if h.owned)
    inventory.erased_files = [DeclaredFile(f, owner=person.pk) for f in _unique(owned)] + [
        f for f in declared if f.erased_with(person.pk)
    ]
    return inventory


def organisation_inventory(organisation: Organisation) -> Inventory:
    collector = _collect([organisation])
    values = list(_holdings(collector).values())
    ids = Membership.objects.filter(organisation=organisation).values_list("user_id", flat=True)
    users = list(get_user_model().objects.filter(pk__in=ids))
    declared = declared_files(organisation)
    own = _file_fields(h for h in values if h.owned)
    files = _unique(own + [f.file for f in declared if f.exported])
    erased = [DeclaredFile(f) for f in _unique(own)] + declared
    return Inventory(values, users, files, erased)


def _unique(files: Iterable[StoredFile]) -> list[StoredFile]:
    return list(dict.fromkeys(files))


def account_inventory(user: Any, organisation: Organisation) -> list[Holding]:
    """What the organisation's tables record about an account (what it created or changed)."""
    collector = _collect([user])
    holdings = []
    for holding in _holdings(collector).values():
        path = _org_path(holding.model)
        if path is None:
            continue
        scoped = Holding(holding.model, holding.owned)
        for source in holding.sources:
            pks = [r.pk for r in source]
            scoped.sources.append(
                holding.model._default_manager.filter(pk__in=pks, **{path: organisation.pk})
            )
        if scoped.count():
            holdings.append(scoped)
    return holdings
