"""Import answers from a Forms-style file into a campaign: upload, map columns, dry run, import.

Two phases, as every import here: every row is checked first; then, only if nothing is wrong,
everything is written in one transaction. The uploaded file waits in the storage between
the steps and is deleted after the import (or when a new file replaces it).
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from portevoix.core.answer_import import RESPONDENT, ParsedRow, parse_table, suggest_mapping
from portevoix.core.errors import Problem, ProblemsError
from portevoix.core.framework import Question
from portevoix.core.tabular import Table, read_table
from portevoix.privacy.hooks import DeclaredFile
from portevoix.security import uploads
from portevoix.storage import MEDIA, StoredFile, media, read_bytes, save_exact, walk
from portevoix.tenancy.models import Organisation, Person

from .models import AnswerImport, Campaign, Invitation, Response
from .questionnaire import question_ids_for, sections_for

MAX_UPLOAD = 20 * 1024 * 1024


UPLOAD_FOLDER = "imports"  # in the ``default`` storage, so any web process reads the next step


def _folder(organisation: Organisation) -> str:
    """One folder per organisation, so the privacy erasure finds an organisation's waiting files."""
    return f"{UPLOAD_FOLDER}/{organisation.pk}"


def upload_name(key: str, organisation: Organisation) -> str:
    return f"{_folder(organisation)}/{key}"


def upload_store(raw: bytes, *, organisation: Organisation) -> str:
    """Keep an uploaded file until the import finishes; return its opaque key."""
    key = uuid.uuid4().hex
    save_exact(media(), upload_name(key, organisation), raw)
    return key


def upload_read(key: str, *, organisation: Organisation) -> bytes | None:
    if not key.isalnum():  # a key is our own hex name, never a path
        return None
    return read_bytes(media(), upload_name(key, organisation))


def upload_delete(key: str, *, organisation: Organisation) -> None:
    if key.isalnum():
        StoredFile(MEDIA, upload_name(key, organisation)).delete()


def stored_files(organisation: Organisation) -> Iterator[DeclaredFile]:
    """Answer files waiting for their mapping step: they may name anybody (a column of e-mails, a
    free-text answer), so an erasure in the organisation deletes them; a working file, never
    exported (it may hold anonymous team answers one by one)."""
    for name in walk(media(), _folder(organisation)):
        yield DeclaredFile(StoredFile(MEDIA, name), names=None, exported=False)


@dataclass
class ImportPlan:
    table: Table | None
    mapping: dict[str, str | None]
    rows: list[ParsedRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    people: dict[int, Person] = field(default_factory=dict)  # row number → person (self-assessments)

    @property
    def ok(self) -> bool:
        return self.table is not None and not self.problems and bool(self.rows)


def questions_of(campaign: Campaign, kind: str) -> list[Question]:
    framework = campaign.framework_version.framework
    return [q for d in sections_for(framework, kind) for q in d.questions]


def plan_import(
    *, campaign: Campaign, kind: str, raw: bytes, filename: str, mapping: dict[str, str | None] | None = None
) -> ImportPlan:
    """Read, map and check every row (the dry run); nothing is written."""
    table, problems = read_table(
        raw, filename=filename, max_bytes=max(MAX_UPLOAD, uploads.max_bytes("answers"))
    )
    if table is None or problems:
        return ImportPlan(table, {}, problems=problems)
    framework = campaign.framework_version.framework
    if mapping is None:
        mapping = suggest_mapping(table.headers, questions_of(campaign, kind))
    identified = kind != Invitation.Kind.TEAM
    rows, problems = parse_table(
        framework,
        table,
        mapping,
        allowed=question_ids_for(framework, kind),
        require_respondent=identified,
        source=filename,
    )
    plan = ImportPlan(table, dict(mapping), rows, problems)
    if identified and plan.rows:
        _match_people(plan, campaign, kind, filename)
    if not plan.rows and not plan.problems:
        plan.problems.append(Problem("file_empty", file=filename))
    return plan


def _match_people(plan: ImportPlan, campaign: Campaign, kind: str, filename: str) -> None:
    people = {
        p.email.lower(): p
        for p in Person.objects.filter(organisation=campaign.organisation).exclude(email="")
    }
    already = set(campaign.responses.filter(kind=kind).values_list("subject_id", flat=True))
    seen: dict[int, int] = {}
    for row in plan.rows:
        person = people.get(row.respondent.strip().lower())
        if person is None:
            plan.problems.append(
                Problem(
                    "respondent_unknown",
                    {"value": row.respondent[:80]},
                    path=(RESPONDENT,),
                    file=filename,
                    line=row.number,
                )
            )
            continue
        if person.pk in already:
            plan.problems.append(
                Problem(
                    "already_answered",
                    {"name": person.full_name},
                    path=(RESPONDENT,),
                    file=filename,
                    line=row.number,
                )
            )
        if person.pk in seen:
            twice = {"respondent": person.full_name, "other": seen[person.pk]}
            plan.problems.append(
                Problem("duplicate_respondent", twice, path=(RESPONDENT,), file=filename, line=row.number)
            )
        seen[person.pk] = row.number
        plan.people[row.number] = person


@transaction.atomic
def run_import(
    *,
    campaign: Campaign,
    kind: str,
    raw: bytes,
    filename: str,
    mapping: dict[str, str | None],
    user: Any = None,
) -> AnswerImport:
    """Check everything again, then write every response or nothing."""
    if campaign.is_closed:
        raise ProblemsError([Problem("campaign_closed")])
    sha256 = hashlib.sha256(raw).hexdigest()
    if AnswerImport.objects.filter(campaign=campaign, sha256=sha256).exists():
        raise ProblemsError([Problem("file_already_imported", file=filename)])
    plan = plan_import(campaign=campaign, kind=kind, raw=raw, filename=filename, mapping=mapping)
    if not plan.ok:
        raise ProblemsError(plan.problems or [Problem("file_empty", file=filename)])
    batch = AnswerImport.objects.create(
        campaign=campaign,
        kind=kind,
        filename=filename[:200],
        sha256=sha256,
        rows=len(plan.rows),
        created_by=user,
    )
    today = timezone.localdate()
    for row in plan.rows:
        person = plan.people.get(row.number)
        Response.objects.create(
            campaign=campaign,
            kind=kind,
            respondent=person,
            subject=person,
            answers=row.answers,
            language=campaign.organisation.default_language,
            source=Response.Source.IMPORT,
            submitted_on=today,
        )
    return batch
