"""Detect objections, barriers and triggers in leaders' answers; review them; grow an
organisation's own catalogue. Views, tasks and the CLI call these functions."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from portevoix.assessments.models import Campaign, Invitation, Response
from portevoix.core.framework import Framework
from portevoix.core.objections import Classification, Classifier, Example, shipped_catalogue
from portevoix.core.objections.classifier import catalogue_examples_encoded, use_encoder
from portevoix.core.objections.language import load as load_language_detector
from portevoix.tenancy.models import Organisation

from .models import NEUTRAL, Detection, OrgEntry, OrgExample

_lock = threading.Lock()
_classifiers: dict[tuple[int, tuple[Any, ...]], Classifier] = {}


class ReviewError(ValueError):
    """A review that cannot be applied (unknown entry); the message is translated by the caller."""


def known_signals(organisation: Organisation) -> dict[str, str]:
    """Every entry id the organisation can use → its kind (shipped catalogue + its own entries)."""
    kinds: dict[str, str] = {entry.id: entry.kind for entry in shipped_catalogue().entries}
    for entry in OrgEntry.objects.filter(organisation=organisation):
        kinds.setdefault(entry.key, entry.kind)
    return kinds


def classifier_for(organisation: Organisation | None = None) -> Classifier:
    """The classifier with the organisation's own entries and phrasings (built once per change)."""
    catalogue = shipped_catalogue()
    if organisation is None:
        stamp: tuple[Any, ...] = ()
        extra: list[Example] = []
        kinds: dict[str, str] = {}
    else:
        examples = list(OrgExample.objects.filter(organisation=organisation).order_by("pk"))
        entries = list(OrgEntry.objects.filter(organisation=organisation).order_by("pk"))
        stamp = (tuple(e.pk for e in examples), tuple((e.pk, e.kind) for e in entries))
        extra = [Example(e.signal, e.text, e.language, "organisation") for e in examples]
        kinds = {e.key: e.kind for e in entries}
    key = (organisation.pk if organisation else 0, stamp)
    with _lock:
        found = _classifiers.get(key)
        if found is None:
            load_language_detector()
            encoder = use_encoder()
            base = catalogue_examples_encoded(catalogue, encoder)
            found = Classifier(catalogue, encoder, extra=extra, extra_kinds=kinds, base=base)
            # keep one classifier per organisation: drop the one of its previous stamp
            for old in [k for k in _classifiers if k[0] == key[0]]:
                del _classifiers[old]
            _classifiers[key] = found
        return found


def classify_text(
    text: str, *, organisation: Organisation | None = None, language: str | None = None
) -> Classification:
    return classifier_for(organisation).classify(text, language)


def _choice_signals(
    framework: Framework, answers: dict[str, Any], language: str
) -> list[tuple[str, str, str]]:
    """(question id, option label, signal) for every chosen option that carries signals."""
    found: list[tuple[str, str, str]] = []
    for dimension in framework.dimensions:
        for question in dimension.questions:
            value = answers.get(question.id)
            if value is None or question.type not in ("single_choice", "multiple_choice"):
                continue
            chosen = value if isinstance(value, list) else [value]
            for option in question.options:
                if option.id in chosen:
                    found.extend((question.id, option.label.get(language), s) for s in option.signals)
    return found


def _free_texts(framework: Framework, answers: dict[str, Any]) -> list[tuple[str, str]]:
    return [
        (question.id, str(answers[question.id]))
        for dimension in framework.dimensions
        for question in dimension.questions
        if question.type == "free_text"
        and isinstance(answers.get(question.id), str)
        and answers[question.id].strip()
    ]


def response_detect(*, response: Response) -> list[Detection]:
    """(Re)detect the signals of one leader's self-assessment; reviewed detections are kept.

    Only self-assessments are read: they are the leader's own words (team answers are anonymous,
    a colleague's rating is not what the leader said)."""
    if response.kind != Invitation.Kind.SELF or response.subject is None:
        return []
    campaign = response.campaign
    framework = campaign.framework_version.framework
    answers = response.as_answers()
    organisation = campaign.organisation
    kinds = known_signals(organisation)
    texts = _free_texts(framework, answers)
    results = classifier_for(organisation).classify_many([t for _q, t in texts]) if texts else []
    rows: list[Detection] = []
    for question_id, label, signal in _choice_signals(framework, answers, response.language):
        if signal in kinds:
            rows.append(
                Detection(
                    question_id=question_id,
                    source=Detection.Source.CHOICE,
                    text=label,
                    language=response.language,
                    signal=signal,
                    kind=kinds[signal],
                    confidence=1.0,
                )
            )
    for (question_id, text), result in zip(texts, results, strict=True):
        for match in result.matches:
            rows.append(
                Detection(
                    question_id=question_id,
                    source=Detection.Source.TEXT,
                    text=text,
                    language=result.language or "",
                    signal=match.id,
                    kind=match.kind,
                    confidence=match.confidence,
                    to_check=match.tentative,
                    closest=[
                        {"text": c.text, "similarity": c.similarity, "source": c.source}
                        for c in match.closest
                    ],
                )
            )
    with transaction.atomic():
        Detection.objects.filter(response=response, status=Detection.Status.DETECTED).delete()
        kept = set(Detection.objects.filter(response=response).values_list("question_id", "signal"))
        created = []
        for row in rows:
            if (row.question_id, row.signal) in kept:
                continue
            kept.add((row.question_id, row.signal))
            row.organisation = organisation
            row.person = response.subject
            row.campaign = campaign
            row.response = response
            created.append(row)
        Detection.objects.bulk_create(created)
    return created


def campaign_detect(*, campaign: Campaign) -> int:
    """Detect the signals of every self-assessment of a campaign; the number of detections."""
    responses = campaign.responses.filter(kind=Invitation.Kind.SELF).select_related("subject", "campaign")
    return sum(len(response_detect(response=r)) for r in responses)


def organisation_detect(*, organisation: Organisation) -> int:
    return sum(campaign_detect(campaign=c) for c in Campaign.objects.filter(organisation=organisation))


def detection_review(*, detection: Detection, action: str, signal: str = "", user: Any = None) -> Detection:
    """Confirm, correct (to another entry) or reject a detection. A reviewed free-text answer
    becomes an example phrasing of the organisation, so the classifier learns from it."""
    organisation = detection.organisation
    if action == "confirm":
        detection.status = Detection.Status.CONFIRMED
        label = detection.signal
    elif action == "reject":
        detection.status = Detection.Status.REJECTED
        label = NEUTRAL
    elif action == "correct":
        if signal not in known_signals(organisation):
            raise ReviewError(signal)
        if signal == detection.signal:
            detection.status = Detection.Status.CONFIRMED
        else:
            detection.status = Detection.Status.CORRECTED
            detection.corrected_signal = signal
        label = signal
    else:
        raise ReviewError(action)
    detection.reviewed_by = user if getattr(user, "is_authenticated", False) else None
    detection.reviewed_at = timezone.now()
    with transaction.atomic():
        detection.save()
        if detection.source == Detection.Source.TEXT:
            example_add(
                organisation=organisation,
                signal=label,
                text=detection.text,
                language=detection.language,
                source=OrgExample.Source.REVIEW,
                user=user,
            )
    return detection


def example_add(
    *,
    organisation: Organisation,
    signal: str,
    text: str,
    language: str = "",
    source: str = OrgExample.Source.MANUAL,
    user: Any = None,
) -> OrgExample | None:
    """Add a phrasing to the organisation's examples (kept once; very long texts are cut)."""
    text = " ".join(text.split())[:500]
    if not text:
        return None
    if signal != NEUTRAL and signal not in known_signals(organisation):
        raise ReviewError(signal)
    try:
        with transaction.atomic():
            example, _created = OrgExample.objects.get_or_create(
                organisation=organisation,
                signal=signal,
                text=text,
                defaults={
                    "language": language if language in ("fr", "en") else "",
                    "source": source,
                    "created_by": user if getattr(user, "is_authenticated", False) else None,
                },
            )
    except IntegrityError:  # added at the same moment by someone else
        return OrgExample.objects.filter(organisation=organisation, signal=signal, text=text).first()
    return example


def entry_add(
    *,
    organisation: Organisation,
    key: str,
    kind: str,
    label_fr: str,
    label_en: str,
    advice_fr: str = "",
    advice_en: str = "",
    examples: Iterable[str] = (),
    user: Any = None,
) -> OrgEntry:
    with transaction.atomic():
        entry = OrgEntry.objects.create(
            organisation=organisation,
            key=key,
            kind=kind,
            label_fr=label_fr,
            label_en=label_en,
            advice_fr=advice_fr,
            advice_en=advice_en,
            created_by=user if getattr(user, "is_authenticated", False) else None,
        )
        for text in examples:
            example_add(organisation=organisation, signal=key, text=text, user=user)
    return entry
