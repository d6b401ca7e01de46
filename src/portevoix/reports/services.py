"""Build a report (its sections, in the chosen language), render it, store it, and who may read it.

The CLI and the web use these functions; the web runs :func:`report_run` in the background worker.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from portevoix.assessments.models import Campaign
from portevoix.core.cells import clean_data
from portevoix.core.errors import Problem
from portevoix.core.reports import Document
from portevoix.core.ziplimits import Limits, check_zip
from portevoix.privacy.hooks import DeclaredFile
from portevoix.storage import (
    REPORTS,
    StoredFile,
    delete_on_commit,
    read_bytes,
    reports,
    save_exact,
    work_lock,
)
from portevoix.tenancy.access import OrgAccess, Perm
from portevoix.tenancy.models import Organisation, Person

from .context import ReportContext
from .models import Report, SlideTemplate
from .sections import build_sections, providers_for

KINDS = ("board", "leader", "progress")
FORMATS = ("pdf", "pptx", "xlsx")
MAX_TEMPLATE_BYTES = 20 * 1024 * 1024
# python-pptx reads every part of the deck into memory: what the template may unpack to.
TEMPLATE_LIMITS = Limits(
    max_entries=5_000, max_total_bytes=5 * MAX_TEMPLATE_BYTES, max_entry_bytes=5 * MAX_TEMPLATE_BYTES
)
PPTX = "PowerPoint (.pptx)"


class ReportError(Exception):
    """A report that cannot be made, with a translated reason."""


def unavailable_reason(kind: str) -> str | None:
    """Why a kind of report cannot be made in this installation, or None."""
    if providers_for(kind):
        return None
    return _("This report has no sections.")


# A worker killed while generating (out of memory, a restart) gets one more try; a second crash
# fails the report instead of trying it again at every start.
MAX_ATTEMPTS = 2


def stored(key: str) -> StoredFile | None:
    """A generated report or slide template in the ``reports`` storage (never served by URL:
    files are only read through the permission-checked view), or None for a key that is not ours."""
    return StoredFile(REPORTS, key) if key and key.isalnum() else None


def report_document(
    *,
    organisation: Organisation,
    kind: str,
    language: str,
    person: Person | None = None,
    campaign: Campaign | None = None,
    progress: Callable[[int], None] = lambda percent: None,
) -> Document:
    """Every section of the report, in ``language`` whatever the interface language, for
    ``campaign`` (else the default scope, :func:`assessments.read_model.default_campaign`)."""
    if kind not in KINDS:
        raise ReportError(_("Unknown report “%(kind)s”: board, leader or progress.") % {"kind": kind})
    if language not in ("fr", "en"):
        raise ReportError(_("Unknown language “%(language)s”: fr or en.") % {"language": language})
    reason = unavailable_reason(kind)
    if reason:
        raise ReportError(reason)
    if kind == "leader":
        if person is None:
            raise ReportError(_("The leader report needs a person (--person ID)."))
        if person.organisation_id != organisation.pk:
            raise ReportError(_("This person does not belong to the organisation."))
    elif person is not None and kind == "board":
        raise ReportError(_("The board pack is about the whole codir: it takes no person."))
    if campaign is not None and campaign.organisation_id != organisation.pk:
        raise ReportError(_("This campaign does not belong to the organisation."))
    with translation.override(language), timezone.override(organisation.time_zone):
        context = ReportContext(organisation, kind, language, person, chosen=campaign)
        total = max(len(providers_for(kind)), 1)
        sections = build_sections(context, lambda done: progress(round(100 * done / total)))
        titles = {
            "board": _("Codir board pack"),
            "leader": _("Individual leader report"),
            "progress": _("Progress report"),
        }
        if kind == "leader":
            assert person is not None
            subtitle = person.full_name + (f" — {person.title}" if person.title else "")
            confidential = _("Confidential: for %(name)s and the organisation's admins only") % {
                "name": person.full_name
            }
        else:
            subtitle = _("Social-media maturity of the executive committee")
            confidential = _("Confidential: for the executive committee")
        return Document(
            kind=kind,  # type: ignore[arg-type]
            language=language,
            title=str(titles[kind]),
            subtitle=subtitle,
            organisation=organisation.name,
            generated_on=formats.date_format(context.today, "DATE_FORMAT"),
            confidential=confidential,
            sections=sections,
            scope=_scope_text(context) if kind != "progress" else "",
            scope_name=context.campaign.name if context.campaign is not None and kind != "progress" else "",
        )


def _scope_text(context: ReportContext) -> str:
    """The cover's scope line, and why this campaign when the user did not choose it."""
    if context.read is None:
        return _("Scope: no diagnostic campaign with answers yet")
    text = _("Scope: %(scope)s") % {"scope": context.scope_line}
    if context.scope_reason:
        text += " — " + _("default: %(reason)s") % {"reason": context.scope_reason}
    return text


def report_render(
    document: Document,
    fmt: str,
    *,
    template: bytes | None = None,
    progress: Callable[[int], None] = lambda percent: None,
) -> bytes:
    from .render.pdf import render_pdf
    from .render.sheets import render_xlsx
    from .render.slides import render_pptx

    # Texts stored before controls were refused at input (a name, a free-text answer) would
    # break openpyxl, vl-convert's PNG and the PDF's XML: one cleaning for the three formats.
    document = clean_data(document)
    with translation.override(document.language):
        if fmt == "pdf":
            return render_pdf(document, progress)
        if fmt == "pptx":
            return render_pptx(document, template, progress)
        if fmt == "xlsx":
            return render_xlsx(document, progress)
    raise ReportError(_("Unknown format “%(format)s”: pdf, pptx or xlsx.") % {"format": fmt})


def template_problems(raw: bytes, filename: str) -> list[Problem]:
    """Why a PowerPoint template may not be opened (too large, a ZIP bomb, damaged), or nothing."""
    if len(raw) > MAX_TEMPLATE_BYTES:
        return [Problem("file_too_large", {"size": len(raw), "limit": MAX_TEMPLATE_BYTES}, file=filename)]
    return check_zip(raw, filename=filename, format=PPTX, limits=TEMPLATE_LIMITS)


def slide_template_bytes(organisation: Organisation) -> bytes | None:
    """The organisation's template, checked again before python-pptx opens it: a stored file that
    is not what the upload checks let through fails the report instead of exhausting the worker."""
    template = SlideTemplate.objects.filter(organisation=organisation).first()
    if template is None:
        return None
    file = stored(template.stored_file)
    if file is None or not file.exists():
        return None
    size = file.size()
    if size > MAX_TEMPLATE_BYTES:  # not even read
        raw = b""
        problems = [
            Problem("file_too_large", {"size": size, "limit": MAX_TEMPLATE_BYTES}, file=template.filename)
        ]
    else:
        raw = read_bytes(file.backend, file.name) or b""
        problems = template_problems(raw, template.filename)
    if problems:
        reason = "; ".join(problem.render(_) for problem in problems)
        raise ReportError(
            _("The slide template cannot be used: %(reason)s. Upload it again, or use the default one.")
            % {"reason": reason}
        )
    return raw


def report_generate(
    *,
    organisation: Organisation,
    kind: str,
    fmt: str,
    language: str,
    person: Person | None = None,
    campaign: Campaign | None = None,
    progress: Callable[[int], None] = lambda percent: None,
) -> tuple[bytes, Document]:
    """Build and render in the foreground (the CLI): sections take the first half of the progress."""
    if fmt not in FORMATS:
        raise ReportError(_("Unknown format “%(format)s”: pdf, pptx or xlsx.") % {"format": fmt})
    document = report_document(
        organisation=organisation,
        kind=kind,
        language=language,
        person=person,
        campaign=campaign,
        progress=lambda p: progress(p // 2),
    )
    template = slide_template_bytes(organisation) if fmt == "pptx" else None
    data = report_render(document, fmt, template=template, progress=lambda p: progress(50 + p // 2))
    return data, document


# -- who may generate and read what -------------------------------------------------------------


def can_generate(access: OrgAccess, kind: str, person: Person | None) -> bool:
    """Managers make every report; a leader makes their own leader report."""
    if access.can(Perm.MANAGE_ORGANISATION):
        return True
    return (
        kind == "leader"
        and person is not None
        and access.person is not None
        and access.person.pk == person.pk
    )


def can_read(access: OrgAccess, report: Report) -> bool:
    """A leader report is private to that leader and the organisation's managers; the board pack and
    the progress report go to the codir (who sees the results)."""
    if access.can(Perm.MANAGE_ORGANISATION):
        return True
    if report.kind == Report.Kind.LEADER:
        return access.person is not None and access.person.pk == report.person_id
    return access.can(Perm.VIEW_RESULTS)


# -- the web flow: queue, run in the worker with progress ----------------------------------------


@transaction.atomic
def report_queue(
    *,
    organisation: Organisation,
    kind: str,
    fmt: str,
    language: str,
    person: Person | None = None,
    campaign: Campaign | None = None,
    user: Any = None,
) -> Report:
    reason = unavailable_reason(kind)
    if reason:
        raise ReportError(reason)
    record = Report.objects.create(
        organisation=organisation,
        kind=kind,
        person=person if kind == "leader" else None,
        campaign=campaign if kind != "progress" else None,
        format=fmt,
        language=language,
        created_by=user if user is not None and user.is_authenticated else None,
    )
    from .tasks import run_report

    transaction.on_commit(lambda: run_report.enqueue(record.pk))
    return record


def report_run(record: Report) -> Report:
    """Generate a queued report (called by the worker); a failure is recorded, nothing half-written.

    The worker holds an exclusive lock while it generates, like an evidence import: a second run of
    the same report (queued again by :func:`reports_resume`) does nothing, and the lock goes with
    the process if the worker is killed.
    """
    with work_lock("report", record.pk) as held:
        if not held:
            return record  # another worker is generating it right now
        record.refresh_from_db()
        return _report_run_locked(record)


def _report_run_locked(record: Report) -> Report:
    if record.status not in (Report.Status.QUEUED, Report.Status.RUNNING):
        return record
    Report.objects.filter(pk=record.pk).update(
        status=Report.Status.RUNNING, progress=1, attempts=F("attempts") + 1
    )

    def progress(percent: int) -> None:
        Report.objects.filter(pk=record.pk).update(progress=max(1, min(percent, 99)))

    key = uuid.uuid4().hex
    try:
        data, document = report_generate(
            organisation=record.organisation,
            kind=record.kind,
            fmt=record.format,
            language=record.language,
            person=record.person,
            campaign=record.campaign,
            progress=progress,
        )
    except ReportError as error:
        record.status, record.error = Report.Status.FAILED, str(error)
    except Exception as error:  # noqa: BLE001  (recorded for the page; the worker must go on)
        record.status, record.error = Report.Status.FAILED, f"{type(error).__name__}: {error}"
    else:
        # Written whole before the record says "done": a reader on any machine finds it complete.
        save_exact(reports(), key, data)
        record.stored_file, record.size, record.status = key, len(data), Report.Status.DONE
        record.missing = [f"{section.title}: {missing.what}" for section, missing in document.missing]
        record.mentions = document_mentions(document, record.organisation, record.person)
        record.scope, record.campaign_name = document.scope, document.scope_name[:200]
    record.progress = 100
    record.finished_at = timezone.now()
    record.save(
        update_fields=[
            "status",
            "error",
            "stored_file",
            "size",
            "missing",
            "mentions",
            "scope",
            "campaign_name",
            "progress",
            "finished_at",
        ]
    )
    return record


def reports_resume() -> list[int]:
    """Queue again the reports a stopped or killed worker left unfinished; returns their ids.

    A report counts as abandoned when it is waiting or running and no worker holds its lock. It
    is generated again from the start (nothing of it was kept); one that was already started
    :data:`MAX_ATTEMPTS` times fails instead, with a message, so that a report that kills the
    worker (out of memory) does not kill it again at every start.
    """
    from .tasks import run_report

    resumed: list[int] = []
    for record in Report.objects.filter(status__in=[Report.Status.QUEUED, Report.Status.RUNNING]):
        with work_lock("report", record.pk) as held:
            if not held:
                continue  # being generated right now
        if record.attempts >= MAX_ATTEMPTS:
            with translation.override(record.language):
                record.error = _(
                    "The generation was interrupted twice (the background worker stopped): "
                    "nothing was kept. Generate the report again, or choose another format."
                )
            # Only if still unfinished: a worker may have finished it since it was read.
            Report.objects.filter(
                pk=record.pk, status__in=[Report.Status.QUEUED, Report.Status.RUNNING]
            ).update(
                status=Report.Status.FAILED, error=record.error, progress=100, finished_at=timezone.now()
            )
            continue
        run_report.enqueue(record.pk)
        resumed.append(record.pk)
    return resumed


def report_file(record: Report) -> StoredFile | None:
    """The generated file, wherever it was written (any worker, any machine), or None."""
    if record.status != Report.Status.DONE:
        return None
    file = stored(record.stored_file)
    return file if file is not None and file.exists() else None


@transaction.atomic
def report_delete(record: Report) -> None:
    """Delete the report and its file (the file once the deletion is committed)."""
    record.delete()  # the post_delete receiver deletes the file on commit


def slide_template_delete(*, organisation: Organisation) -> bool:
    """Go back to the default template: the record and its file go; True if there was one."""
    with transaction.atomic():
        deleted, _detail = SlideTemplate.objects.filter(organisation=organisation).delete()
    return bool(deleted)


def file_deleted(sender: Any, instance: Report | SlideTemplate, **kwargs: Any) -> None:
    """post_delete of a report or a slide template, however it is deleted (a service, a removed
    person, an erased organisation, the admin): its file goes once the deletion is committed."""
    file = stored(instance.stored_file)
    if file is not None:
        delete_on_commit(file)


def slide_template_save(*, organisation: Organisation, raw: bytes, filename: str) -> SlideTemplate:
    """Keep the organisation's PowerPoint template, after checking python-pptx can open it."""
    import io

    from pptx import Presentation

    if len(raw) > MAX_TEMPLATE_BYTES:
        raise ReportError(_("The template is larger than 20 MB."))
    # Not a ZIP at all: python-pptx says so below, in words about PowerPoint.
    problems = [p for p in template_problems(raw, Path(filename).name) if p.code != "file_corrupt"]
    if problems:
        raise ReportError("; ".join(problem.render(_) for problem in problems))
    try:
        Presentation(io.BytesIO(raw))
    except Exception:  # noqa: BLE001  (any unreadable file: zip, xml or content-type error)
        raise ReportError(
            _("“%(name)s” is not a PowerPoint file (.pptx) that can be opened.")
            % {"name": Path(filename).name}
        ) from None
    key = uuid.uuid4().hex
    save_exact(reports(), key, raw)
    with transaction.atomic():
        SlideTemplate.objects.filter(organisation=organisation).delete()  # its file goes on commit
        return SlideTemplate.objects.create(
            organisation=organisation, filename=Path(filename).name[:200], stored_file=key
        )


def _texts(value: Any) -> Iterator[str]:
    """Every string of a document: texts, table cells, chart data and titles."""
    if isinstance(value, str):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from _texts(getattr(value, f.name))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(key)
            yield from _texts(item)
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            yield from _texts(item)


def document_mentions(document: Document, organisation: Organisation, person: Person | None) -> list[int]:
    """The people of the organisation the document names (full name or e-mail, as the erasure
    matches them), and the leader a leader report is about."""
    text = "\n".join(_texts(document)).casefold()
    found = {person.pk} if person is not None else set()
    for pk, name, email in Person.objects.filter(organisation=organisation).values_list(
        "pk", "full_name", "email"
    ):
        terms = [t.strip().casefold() for t in (name, email) if len(t.strip()) >= 3]
        if any(t in text for t in terms):
            found.add(pk)
    return sorted(found)


def stored_files(organisation: Organisation) -> Iterator[DeclaredFile]:
    """Generated reports and the uploaded slide template, for the privacy export and erasure: a
    leader report is its leader's; every report is erased with the people it names (all of the
    organisation's, for a report made before names were recorded); the row goes with the file."""
    for report in Report.objects.filter(organisation=organisation).exclude(stored_file=""):
        file = stored(report.stored_file)
        if file is not None:
            names = None if report.mentions is None else frozenset(report.mentions)
            yield DeclaredFile(file, owner=report.person_id, names=names, row=report)
    for key in SlideTemplate.objects.filter(organisation=organisation).values_list("stored_file", flat=True):
        file = stored(key)
        if file is not None:
            yield DeclaredFile(file)
