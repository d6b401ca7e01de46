"""Import an export into the database: parse everything, then write in one transaction.

File-level problems (not an archive, corrupt, a bomb, a missing column) stop the import and
nothing is written. Row-level problems (one unreadable date among thousands of rows) are
reported with file, line and column, and those rows are left out. Natural keys make the import
idempotent: importing the same archive twice, or an overlapping newer one, adds nothing twice.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import logging
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import connections, models, router, transaction
from django.db.models import Count, F, Q

from portevoix.core.cells import clean_data
from portevoix.core.errors import Problem
from portevoix.core.evidence.archive import ArchiveFiles, read_archive, read_folder
from portevoix.core.evidence.linkedin import parse_linkedin_archive
from portevoix.core.evidence.linkedin import wanted as linkedin_wanted
from portevoix.core.evidence.linkedin_analytics import parse_creator_export, parse_page_export
from portevoix.core.evidence.mastodon import parse_mastodon_archive
from portevoix.core.evidence.mastodon import wanted as mastodon_wanted
from portevoix.core.evidence.records import Evidence, Files, Kind, Network
from portevoix.core.evidence.x import parse_x_archive
from portevoix.core.evidence.x import wanted as x_wanted
from portevoix.privacy.audit import record as record_audit
from portevoix.privacy.consent import consent_problem
from portevoix.privacy.hooks import DeclaredFile
from portevoix.privacy.models import AuditAction
from portevoix.storage import MEDIA, StoredFile, media, save_exact, work_lock
from portevoix.tenancy.models import Organisation, Person

from .models import Activity, Connection, DailyActivity, DailyMetric, EvidenceImport, ProfileSnapshot

ArchiveParser = Callable[..., Evidence]
ARCHIVE_SOURCES: dict[str, ArchiveParser] = {
    "linkedin": parse_linkedin_archive,
    "x": parse_x_archive,
    "mastodon": parse_mastodon_archive,
}
# Which files of an archive each parser reads: the others are listed as skipped, never unpacked.
WANTED: dict[str, Callable[[str], bool]] = {
    "linkedin": linkedin_wanted,
    "x": x_wanted,
    "mastodon": mastodon_wanted,
}
FILE_SOURCES: dict[str, Callable[..., Evidence]] = {
    "linkedin-creator": parse_creator_export,
    "linkedin-page": parse_page_export,
}
SOURCES = (*ARCHIVE_SOURCES, *FILE_SOURCES)
NETWORK_OF = {
    "linkedin": Network.LINKEDIN,
    "linkedin-creator": Network.LINKEDIN,
    "linkedin-page": Network.LINKEDIN,
    "x": Network.X,
    "mastodon": Network.MASTODON,
}
# Problems that concern one row or one entry of an archive: reported, that part left out, the rest
# imported. Any other problem (not an archive, corrupt, a bomb, a missing column) stops the import.
ROW_LEVEL = frozenset(
    {
        "date_invalid",
        "record_invalid",
        "row_too_long",
        "cell_too_long",
        "number_invalid",
        "link_invalid",
        "archive_entry_unsafe",
        "archive_entry_duplicate",
        "archive_entry_too_large",
        "archive_encrypted",
        "nul_removed",
        "mixed_encoding",
        "archive_compression_skipped",
        "text_truncated",
    }
)
BATCH = 2000
# A worker killed while importing (out of memory, a restart) gets one more try; a second crash
# fails the import instead of trying it again at every start.
MAX_ATTEMPTS = 2
logger = logging.getLogger(__name__)


@dataclass
class ImportReport:
    source: str
    filename: str
    dry_run: bool
    read: dict[str, int] = field(default_factory=dict)  # what the export holds
    new: dict[str, int] = field(default_factory=dict)  # what this import adds
    duplicates: dict[str, int] = field(default_factory=dict)  # already there
    skipped: list[dict[str, str]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    rows_read: int = 0

    @property
    def ok(self) -> bool:
        return not any(p.code not in ROW_LEVEL for p in self.problems)

    def as_dict(self, translate: Callable[[str], str] = lambda s: s) -> dict[str, Any]:
        return {
            "source": self.source,
            "file": self.filename,
            "dry_run": self.dry_run,
            "imported": self.ok and not self.dry_run,
            "rows_read": self.rows_read,
            "counts": self.read,
            "new": self.new,
            "duplicates": self.duplicates,
            "skipped_files": self.skipped,
            "errors": [p.as_dict(translate) for p in self.problems],
            "warnings": [p.as_dict(translate) for p in self.warnings],
        }


def evidence_parse(
    *, source: str, raw: bytes | None = None, folder: Path | None = None, filename: str
) -> Evidence:
    """Parse an upload (bytes) or an extracted folder with the parser of ``source``."""
    if source in FILE_SOURCES:
        if raw is None:
            return Evidence(source, problems=[Problem("not_a_file", file=filename)])
        return FILE_SOURCES[source](raw, filename=filename)
    files: Files | None
    keep = WANTED[source]
    if folder is not None:
        files, problems = read_folder(folder, keep=keep)
    else:
        assert raw is not None
        files, problems = read_archive(raw, filename=filename, keep=keep)
        if files is None and all(p.code == "not_an_archive" for p in problems):
            # A single file of an archive (Shares.csv, tweets.js, outbox.json) is welcome too.
            files, problems = {Path(filename).name: raw}, []
    if files is None:
        return Evidence(source, problems=problems)
    unread = files.unread if isinstance(files, ArchiveFiles) else []
    evidence = ARCHIVE_SOURCES[source](files, source_name=filename, unread=unread)
    evidence.problems[:0] = problems
    return evidence


def _scope(queryset: Any, organisation: Organisation, person: Person | None) -> Any:
    return queryset.filter(organisation=organisation, person=person)


def _existing_keys(
    organisation: Organisation, person: Person | None, network: str, keys: set[tuple[str, str]]
) -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    by_kind: dict[str, list[str]] = {}
    for kind, key in keys:
        by_kind.setdefault(kind, []).append(key)
    for kind, kind_keys in by_kind.items():
        for start in range(0, len(kind_keys), 900):  # stay under SQLite's parameter limit
            chunk = kind_keys[start : start + 900]
            rows = _scope(Activity.objects, organisation, person).filter(
                network=network, kind=kind, key__in=chunk
            )
            found.update((kind, key) for key in rows.values_list("key", flat=True))
    return found


def _warnings(evidence: Evidence, person: Person | None, filename: str) -> list[Problem]:
    profile = evidence.profile
    if person is None or profile is None or not profile.display_name:
        return []
    theirs = {w for w in profile.display_name.casefold().split() if len(w) > 1}
    ours = {w for w in person.full_name.casefold().split() if len(w) > 1}
    if theirs and ours and not theirs & ours:
        params = {"archive": profile.display_name, "person": person.full_name}
        return [Problem("archive_other_person", params, file=filename)]
    return []


def evidence_import(
    *,
    organisation: Organisation,
    person: Person | None,
    source: str,
    filename: str,
    raw: bytes | None = None,
    folder: Path | None = None,
    dry_run: bool = False,
    user: Any = None,
    record: EvidenceImport | None = None,
    progress: Callable[[int], None] = lambda percent: None,
) -> ImportReport:
    """Parse, check, then (unless ``dry_run``) store, reporting progress from 0 to 100.

    ``record`` is the queued import the web UI created; the CLI lets this function create it.
    """
    if person is not None:
        refused = _without_consent(organisation, person, source, filename, dry_run, user, record)
        if refused is not None:
            return refused
    progress(5)
    evidence = evidence_parse(source=source, raw=raw, folder=folder, filename=filename)
    progress(50)
    network = NETWORK_OF[source].value
    report = ImportReport(
        source=source,
        filename=filename,
        dry_run=dry_run,
        read=evidence.counts(),
        skipped=[{"file": s.name, "reason": s.reason} for s in evidence.skipped],
        problems=list(evidence.problems),
        warnings=_warnings(evidence, person, filename),
        rows_read=evidence.rows_read,
    )
    if not report.ok:
        _finish(record, report, EvidenceImport.Status.FAILED)
        return report
    keys = {(a.kind.value, a.key) for a in evidence.activities}
    known = _scope(Activity.objects, organisation, person).filter(network=network).exists()
    already = _existing_keys(organisation, person, network, keys) if known else set()
    fresh = [a for a in evidence.activities if (a.kind.value, a.key) not in already]
    for kind in Kind:
        name = _plural(kind)
        report.duplicates[name] = sum(1 for k, _key in already if k == kind.value)
        report.new[name] = sum(1 for a in fresh if a.kind == kind)
    if dry_run:
        _finish(record, report, EvidenceImport.Status.CHECKED)
        return report
    progress(60)
    with transaction.atomic():
        batch = record or EvidenceImport.objects.create(
            organisation=organisation,
            person=person,
            source=source,
            filename=filename[:200],
            sha256=hashlib.sha256(raw or b"").hexdigest(),
            created_by=user,
        )
        _store_activities(organisation, person, network, fresh, batch)
        progress(85)
        report.new["connections"], report.duplicates["connections"] = _store_connections(
            organisation, person, network, evidence
        )
        report.new["daily_metrics"] = _store_metrics(organisation, person, network, evidence)
        _store_profile(organisation, person, network, evidence, batch)
        _finish(batch, report, EvidenceImport.Status.DONE)
        record_audit(
            AuditAction.EVIDENCE_IMPORT,
            organisation=organisation,
            actor=user or batch.created_by,
            target=batch,
            person=person,
            details={"source": source, "new": {k: v for k, v in report.new.items() if v}},
        )
    progress(100)
    return report


def _without_consent(
    organisation: Organisation,
    person: Person,
    source: str,
    filename: str,
    dry_run: bool,
    user: Any,
    record: EvidenceImport | None,
) -> ImportReport | None:
    """A person's activity is read only with their consent in force (GDPR): else a refusal."""
    problem = consent_problem(person)
    if problem is None:
        return None
    report = ImportReport(source=source, filename=filename, dry_run=dry_run)
    report.problems.append(problem)
    _finish(record, report, EvidenceImport.Status.FAILED)
    record_audit(
        AuditAction.EVIDENCE_REFUSED,
        organisation=organisation,
        actor=user or (record.created_by if record else None),
        target=person,
        details={"source": source, "file": filename},
    )
    return report


def _finish(record: EvidenceImport | None, report: ImportReport, status: str) -> None:
    if record is None:
        return
    record.report = clean_data(report.as_dict())  # PostgreSQL's JSON refuses a NUL
    record.status = status
    record.progress = 100
    record.save(update_fields=["report", "status", "progress"])


def _plural(kind: Kind) -> str:
    return {
        "post": "posts",
        "repost": "reposts",
        "comment": "comments",
        "reaction": "reactions",
        "article": "articles",
    }[kind.value]


def _store_activities(
    organisation: Organisation, person: Person | None, network: str, fresh: list[Any], batch: EvidenceImport
) -> None:
    rows = (
        (
            organisation.pk,
            person.pk if person else None,
            network,
            a.kind.value,
            a.key[:255],
            a.at,
            a.at.date(),
            a.text,
            a.url[:500],
            a.target[:500],
            a.language[:8],
            a.reaction_type[:20],
            dict(a.metrics),
            batch.pk,
        )
        for a in fresh
    )
    fields = (
        "organisation",
        "person",
        "network",
        "kind",
        "key",
        "at",
        "day",
        "text",
        "url",
        "target",
        "language",
        "reaction_type",
        "metrics",
        "source_import",
    )
    fast_insert(Activity, fields, rows)
    _refresh_daily(organisation, person, network, {a.at.date() for a in fresh})


def fast_insert(model: Any, fields: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """INSERT … ON CONFLICT DO NOTHING in batches, without building a model instance per row:
    an archive can hold a hundred thousand reactions. Values go through each field's own
    conversion, so dates, JSON and time zones are stored exactly as the ORM would."""
    meta = model._meta
    columns = [meta.get_field(name) for name in fields]
    db = connections[router.db_for_write(model)]
    table = db.ops.quote_name(meta.db_table)
    names = ", ".join(db.ops.quote_name(f.column) for f in columns)
    marks = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {table} ({names}) VALUES ({marks}) ON CONFLICT DO NOTHING"
    # Text, numbers and foreign-key ids go as they are; dates, times and JSON need the backend's form
    # (the backend's own adapters: the field layers above them cost more than the insert itself).
    plain = (models.IntegerField, models.ForeignKey, models.BooleanField)

    def converter(field: Any) -> Any:
        if isinstance(field, plain):
            return None
        # The parsers leave no NUL in text; PostgreSQL refuses one, so this last guard makes sure.
        if isinstance(field, models.CharField | models.TextField):
            return lambda value, _db: value.replace("\x00", "") if isinstance(value, str) else value
        if isinstance(field, models.JSONField):
            return lambda value, db_: field.get_db_prep_save(clean_data(value), db_)
        if isinstance(field, models.DateTimeField):
            return lambda value, _db: db.ops.adapt_datetimefield_value(value)
        if isinstance(field, models.DateField):
            return lambda value, _db: db.ops.adapt_datefield_value(value)
        return field.get_db_prep_save

    convert = [converter(f) for f in columns]
    needs = [i for i, c in enumerate(convert) if c is not None]
    # Most activities have no metrics: convert the empty JSON object once.
    empty = {
        i: columns[i].get_db_prep_save({}, db) for i in needs if isinstance(columns[i], models.JSONField)
    }
    with db.cursor() as cursor:
        chunk: list[list[Any]] = []
        for row in rows:
            values = list(row)
            for i in needs:
                if i in empty and not values[i]:
                    values[i] = empty[i]
                else:
                    values[i] = convert[i](values[i], db)
            chunk.append(values)
            if len(chunk) >= BATCH:
                cursor.executemany(sql, chunk)
                chunk = []
        if chunk:
            cursor.executemany(sql, chunk)


def _refresh_daily(
    organisation: Organisation, person: Person | None, network: str, days: Iterable[datetime.date]
) -> None:
    """Recompute the per-day counts of the days an import touched."""
    days = sorted(set(days))
    for start in range(0, len(days), 500):
        chunk = days[start : start + 500]
        _scope(DailyActivity.objects, organisation, person).filter(network=network, day__in=chunk).delete()
        counts = (
            _scope(Activity.objects, organisation, person)
            .filter(network=network, day__in=chunk)
            .values("day")
            .annotate(
                posts=Count("pk", filter=Q(kind=Kind.POST)),
                reposts=Count("pk", filter=Q(kind=Kind.REPOST)),
                comments=Count("pk", filter=Q(kind=Kind.COMMENT)),
                reactions=Count("pk", filter=Q(kind=Kind.REACTION)),
                articles=Count("pk", filter=Q(kind=Kind.ARTICLE)),
            )
        )
        DailyActivity.objects.bulk_create(
            [
                DailyActivity(organisation=organisation, person=person, network=network, **row)
                for row in counts
            ],
            batch_size=BATCH,
        )


def _store_connections(
    organisation: Organisation, person: Person | None, network: str, evidence: Evidence
) -> tuple[int, int]:
    if person is None or not evidence.connections:
        return 0, 0
    before = Connection.objects.filter(person=person, network=network).count()
    fast_insert(
        Connection,
        ("organisation", "person", "network", "key", "connected_on", "company", "position"),
        (
            (
                organisation.pk,
                person.pk,
                network,
                c.key[:255],
                c.connected_on,
                c.company[:200],
                c.position[:200],
            )
            for c in evidence.connections
        ),
    )
    added = Connection.objects.filter(person=person, network=network).count() - before
    return added, len(evidence.connections) - added


def _store_metrics(
    organisation: Organisation, person: Person | None, network: str, evidence: Evidence
) -> int:
    """The newest export wins for a given day and metric (exports overlap and get corrected)."""
    metrics = {(m.metric, m.day): m.value for m in evidence.daily_metrics}
    if not metrics:
        return 0
    names = {name for name, _day in metrics}
    days = sorted({day for _name, day in metrics})
    _scope(DailyMetric.objects, organisation, person).filter(
        network=network, metric__in=names, day__gte=days[0], day__lte=days[-1]
    ).delete()
    DailyMetric.objects.bulk_create(
        [
            DailyMetric(
                organisation=organisation,
                person=person,
                network=network,
                day=day,
                metric=name[:80],
                value=value,
            )
            for (name, day), value in metrics.items()
        ],
        batch_size=BATCH,
    )
    return len(metrics)


def _store_profile(
    organisation: Organisation, person: Person | None, network: str, evidence: Evidence, batch: EvidenceImport
) -> None:
    if evidence.profile is None:
        return
    data = clean_data(_plain(dataclasses.asdict(evidence.profile)))  # PostgreSQL's JSON refuses a NUL
    data["follows"] = len(evidence.follows)
    data["received"] = len(evidence.received)
    latest = _scope(ProfileSnapshot.objects, organisation, person).filter(network=network).first()
    if latest is not None and latest.data == data:
        return  # the same profile again: nothing new to keep
    from django.utils import timezone

    ProfileSnapshot.objects.create(
        organisation=organisation,
        person=person,
        network=network,
        taken_at=timezone.now(),
        data=data,
        source_import=batch,
    )


def _plain(value: Any) -> Any:
    """Dates and tuples as JSON-friendly values."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    return value


# -- the web flow: the upload waits in the storage, the worker imports it with a progress bar -----

UPLOAD_FOLDER = "evidence"


def upload_file(key: str) -> StoredFile:
    """The stored upload of an import (``evidence/<key>`` in the ``default`` storage)."""
    return StoredFile(MEDIA, f"{UPLOAD_FOLDER}/{key}")


def stored_files(organisation: Organisation) -> Iterable[DeclaredFile]:
    """The uploads waiting for the worker or kept at the admin's request, for the privacy export
    and erasure. An archive is its person's (a company page's is the organisation's); its posts and
    comments may name anybody, so erasing anyone of the organisation deletes it too."""
    imports = EvidenceImport.objects.filter(organisation=organisation).exclude(stored_file="")
    for key, person_id in imports.values_list("stored_file", "person_id"):
        if key.isalnum():
            yield DeclaredFile(upload_file(key), owner=person_id, names=None)


@transaction.atomic
def evidence_import_queue(
    *,
    organisation: Organisation,
    person: Person | None,
    source: str,
    raw: bytes,
    filename: str,
    dry_run: bool = False,
    keep_file: bool = False,
    user: Any = None,
) -> EvidenceImport:
    """Keep the upload and let the background worker import it."""
    key = uuid.uuid4().hex
    save_exact(media(), upload_file(key).name, raw)
    record = EvidenceImport.objects.create(
        organisation=organisation,
        person=person,
        source=source,
        filename=Path(filename).name[:200],
        sha256=hashlib.sha256(raw).hexdigest(),
        dry_run=dry_run,
        stored_file=key,
        keep_file=keep_file,
        created_by=user,
    )
    from .tasks import run_evidence_import

    transaction.on_commit(lambda: run_evidence_import.enqueue(record.pk))
    return record


def evidence_import_run(record: EvidenceImport) -> ImportReport | None:
    """Run a queued import (called by the worker, on any machine: the upload is read from the
    storage).

    The worker holds an exclusive lock on the import while it runs (``storage.work_lock``), so a
    second run of the same import (queued again by :func:`evidence_imports_resume`) does nothing;
    the lock goes with the process if the worker is killed. The upload is deleted only once the
    import has finished: after a crash it is still there to import again.
    """
    upload = upload_file(record.stored_file)
    if not record.stored_file.isalnum() or not upload.exists():
        record.refresh_from_db()
        if record.status not in (EvidenceImport.Status.QUEUED, EvidenceImport.Status.RUNNING):
            return None
        report = ImportReport(record.source, record.filename, record.dry_run)
        report.problems.append(Problem("file_not_found", file=record.filename))
        _finish(record, report, EvidenceImport.Status.FAILED)
        return report
    with work_lock("evidence", record.pk) as held:
        if not held:
            return None  # another worker is importing it right now
        record.refresh_from_db()
        if record.status not in (EvidenceImport.Status.QUEUED, EvidenceImport.Status.RUNNING):
            return None
        EvidenceImport.objects.filter(pk=record.pk).update(
            status=EvidenceImport.Status.RUNNING, progress=1, attempts=F("attempts") + 1
        )

        def progress(percent: int) -> None:
            EvidenceImport.objects.filter(pk=record.pk).update(progress=percent)

        try:
            with upload.open() as stream:
                raw = stream.read()
            report = evidence_import(
                organisation=record.organisation,
                person=record.person,
                source=record.source,
                filename=record.filename,
                raw=raw,
                dry_run=record.dry_run,
                record=record,
                progress=progress,
            )
        except Exception as error:
            # Whatever it is, the import must not stay "running". Its writes were rolled back with
            # their transaction: say so, and keep the worker going.
            logger.exception("evidence import %s failed", record.pk)
            report = ImportReport(record.source, record.filename, record.dry_run)
            report.problems.append(
                Problem("import_crashed", {"error": type(error).__name__}, file=record.filename)
            )
            _finish(record, report, EvidenceImport.Status.FAILED)
        # Still under the lock: a resume never sees a finished import's upload as abandoned.
        if not record.keep_file or record.dry_run or record.status == EvidenceImport.Status.FAILED:
            _discard_upload(record)
    return report


def _discard_upload(record: EvidenceImport) -> None:
    """A finished import's upload goes, unless kept on purpose; a failed one's always goes."""
    if record.stored_file.isalnum():
        upload_file(record.stored_file).delete()
    EvidenceImport.objects.filter(pk=record.pk).update(stored_file="")
    record.stored_file = ""


def evidence_imports_resume() -> list[int]:
    """Queue again the imports a stopped or killed worker left unfinished; returns their ids.

    An import counts as abandoned when its upload is still stored and no worker holds its lock.
    Its write transaction never committed, so importing it again from the start is safe. One that
    was already tried :data:`MAX_ATTEMPTS` times fails instead (its upload deleted): a file that
    kills the worker must not kill it again at every start.
    """
    from .tasks import run_evidence_import

    resumed: list[int] = []
    waiting = EvidenceImport.objects.filter(
        status__in=[EvidenceImport.Status.QUEUED, EvidenceImport.Status.RUNNING]
    ).exclude(stored_file="")
    for record in waiting:
        if not record.stored_file.isalnum() or not upload_file(record.stored_file).exists():
            _fail_unfinished(record, Problem("file_not_found", file=record.filename))
            continue
        with work_lock("evidence", record.pk) as held:
            if not held:
                continue  # being imported right now
        if record.attempts >= MAX_ATTEMPTS:
            if _fail_unfinished(record, Problem("import_interrupted", file=record.filename)):
                _discard_upload(record)
            continue
        run_evidence_import.enqueue(record.pk)
        resumed.append(record.pk)
    return resumed


def _fail_unfinished(record: EvidenceImport, problem: Problem) -> bool:
    """Mark an abandoned import failed, only if it is still unfinished (a worker may have finished
    it since it was read); whether it was."""
    report = ImportReport(record.source, record.filename, record.dry_run)
    report.problems.append(problem)
    unfinished = [EvidenceImport.Status.QUEUED, EvidenceImport.Status.RUNNING]
    return bool(
        EvidenceImport.objects.filter(pk=record.pk, status__in=unfinished).update(
            report=clean_data(report.as_dict()), status=EvidenceImport.Status.FAILED, progress=100
        )
    )
