"""Reads of detections and profiles, scoped to one organisation.

Other apps (the roadmap, the board pack) call :func:`organisation_signals` and
:func:`person_objection_profile`; they return plain dataclasses.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language

from portevoix.assessments.models import Campaign
from portevoix.core.figures import Figure
from portevoix.core.objections import Entry, figure_of, shipped_catalogue
from portevoix.tenancy.models import Organisation, Person

from .display import KIND_LABELS, action_label
from .models import Detection, OrgEntry, OrgExample

KIND_ORDER = {"objection": 0, "barrier": 1, "trigger": 2}


def _language() -> str:
    return "en" if (get_language() or "fr").startswith("en") else "fr"


@dataclass(frozen=True)
class CitedFigure:
    id: str
    value: float
    unit: str
    label: str
    citation: str
    second_hand: bool

    @property
    def display_value(self) -> str:
        """The number as the label continues it: "84 %" then "des PME…", "3,5" then "fois plus…"."""
        language = _language()
        value = int(self.value) if float(self.value).is_integer() else self.value
        text = str(value).replace(".", ",") if language == "fr" else str(value)
        if self.unit == "percent":
            return f"{text}\u00a0%" if language == "fr" else f"{text}%"
        return text


@dataclass(frozen=True)
class Answer:
    """A counter-argument to prepare, with its sourced figures."""

    text: str
    figures: tuple[CitedFigure, ...]


@dataclass(frozen=True)
class Action:
    id: str
    label: str


@dataclass(frozen=True)
class EntryView:
    id: str
    kind: str
    kind_label: str
    label: str
    description: str
    answers: tuple[Answer, ...]
    actions: tuple[Action, ...]
    dimensions: tuple[str, ...]
    advice: str = ""
    organisation_only: bool = False


def _cited(figure: Figure, language: str) -> CitedFigure:
    return CitedFigure(
        figure.id,
        figure.value,
        figure.unit,
        figure.label.get(language),
        figure.citation(language),
        figure.second_hand,
    )


def entry_view(entry_id: str, organisation: Organisation | None = None) -> EntryView | None:
    """An entry in the current language: the shipped one, else the organisation's own."""
    language = _language()
    catalogue = shipped_catalogue()
    entry: Entry | None = catalogue.find(entry_id)
    if entry is not None:
        return EntryView(
            entry.id,
            entry.kind,
            str(KIND_LABELS[entry.kind]),
            entry.label.get(language),
            entry.description.get(language),
            tuple(
                Answer(
                    a.text.get(language),
                    tuple(_cited(figure_of(catalogue, f), language) for f in a.figure_ids),
                )
                for a in entry.counter_arguments
            ),
            tuple(Action(a, action_label(a)) for a in entry.actions),
            tuple(entry.dimensions),
        )
    if organisation is None:
        return None
    own = OrgEntry.objects.filter(organisation=organisation, key=entry_id).first()
    if own is None:
        return None
    return EntryView(
        own.key,
        own.kind,
        str(KIND_LABELS.get(own.kind, own.kind)),
        own.label(language),
        "",
        (),
        (),
        (),
        advice=own.advice(language),
        organisation_only=True,
    )


def catalogue_entries(organisation: Organisation) -> list[EntryView]:
    views = [entry_view(e.id) for e in shipped_catalogue().entries]
    views += [entry_view(e.key, organisation) for e in OrgEntry.objects.filter(organisation=organisation)]
    return sorted((v for v in views if v is not None), key=lambda v: (KIND_ORDER.get(v.kind, 9), v.label))


def detections_of(organisation: Organisation) -> QuerySet[Detection]:
    return Detection.objects.filter(organisation=organisation).select_related("person", "campaign")


def findings(detections: QuerySet[Detection]) -> QuerySet[Detection]:
    """What counts as a finding: not rejected, and not an unreviewed detection "to check"."""
    return detections.exclude(status=Detection.Status.REJECTED).exclude(
        to_check=True, status=Detection.Status.DETECTED
    )


def detection_get(*, organisation: Organisation, pk: int) -> Detection:
    return get_object_or_404(Detection, organisation=organisation, pk=pk)


def person_get(*, organisation: Organisation, pk: int) -> Person:
    return get_object_or_404(Person, organisation=organisation, pk=pk)


@dataclass(frozen=True)
class SignalSummary:
    """One entry across the organisation's leaders."""

    id: str
    kind: str
    label: str
    leaders: int
    confirmed: bool  # an admin confirmed it (or corrected a detection to it) for at least one leader
    declared: bool  # at least one leader chose it explicitly in the questionnaire
    people: tuple[Person, ...] = ()


def organisation_signals(
    organisation: Organisation, *, campaign: Campaign | None = None
) -> list[SignalSummary]:
    """Every objection, barrier and trigger found among the organisation's leaders, most frequent
    first: ``(id, kind, label, leaders, confirmed, declared, people)``, counted in leaders (never
    in answers). With ``campaign``, only what was found in that campaign's answers — the scope of
    the maturity figures beside them. Rejected detections do not count, nor do unreviewed ones
    "to check"; a corrected one counts for the entry it was corrected to."""
    people: dict[str, dict[int, Person]] = defaultdict(dict)
    confirmed: set[str] = set()
    declared: set[str] = set()
    detections = detections_of(organisation)
    if campaign is not None:
        detections = detections.filter(campaign=campaign)
    for detection in findings(detections):
        signal = detection.effective_signal
        if not signal:
            continue
        people[signal][detection.person_id] = detection.person
        if detection.status in (Detection.Status.CONFIRMED, Detection.Status.CORRECTED):
            confirmed.add(signal)
        if detection.source == Detection.Source.CHOICE:
            declared.add(signal)
    summaries = []
    for signal, persons in people.items():
        view = entry_view(signal, organisation)
        if view is None:
            continue
        summaries.append(
            SignalSummary(
                signal,
                view.kind,
                view.label,
                len(persons),
                signal in confirmed,
                signal in declared,
                tuple(sorted(persons.values(), key=lambda p: p.full_name)),
            )
        )
    return sorted(summaries, key=lambda s: (KIND_ORDER.get(s.kind, 9), -s.leaders, s.label))


@dataclass(frozen=True)
class Evidence:
    """What the leader said (or chose) that revealed an entry."""

    detection: Detection
    question: str


@dataclass
class ProfileItem:
    entry: EntryView
    confidence: float
    confirmed: bool
    declared: bool
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class Profile:
    person: Person
    items: list[ProfileItem]
    statements: list[tuple[str, str]]  # (question, free-text answer) of the leader
    pending: int  # detections not yet reviewed
    to_check: int = 0  # of which too uncertain to be shown as findings

    def of_kind(self, kind: str) -> list[ProfileItem]:
        return [item for item in self.items if item.entry.kind == kind]

    @property
    def ids(self) -> list[str]:
        return [item.entry.id for item in self.items]


def _question_texts(detections: list[Detection], language: str) -> dict[tuple[int, str], str]:
    texts: dict[tuple[int, str], str] = {}
    for detection in detections:
        if detection.campaign is None or (detection.campaign_id or 0, detection.question_id) in texts:
            continue
        framework = detection.campaign.framework_version.framework
        for dimension in framework.dimensions:
            for question in dimension.questions:
                texts[(detection.campaign_id or 0, question.id)] = question.text.get(language)
    return texts


def person_objection_profile(person: Person) -> Profile:
    """A leader's objection profile: each entry found in their answers (strongest first) with
    what they said, the confidence, whether an admin confirmed it, the answers to prepare (with
    sourced figures) and the recommended actions."""
    language = _language()
    detections = list(
        findings(Detection.objects.filter(organisation_id=person.organisation_id, person=person))
        .select_related("campaign__framework_version")
        .order_by("-confidence", "pk")
    )
    to_check = Detection.objects.filter(
        organisation_id=person.organisation_id,
        person=person,
        to_check=True,
        status=Detection.Status.DETECTED,
    ).count()
    questions = _question_texts(detections, language)
    items: dict[str, ProfileItem] = {}
    statements: dict[tuple[str, str], None] = {}
    for detection in detections:
        signal = detection.effective_signal
        view = entry_view(signal, person.organisation) if signal else None
        if view is None:
            continue
        item = items.get(signal)
        reviewed = detection.status in (Detection.Status.CONFIRMED, Detection.Status.CORRECTED)
        confidence = 1.0 if reviewed else detection.confidence
        if item is None:
            item = items[signal] = ProfileItem(view, confidence, reviewed, False)
        item.confidence = max(item.confidence, confidence)
        item.confirmed = item.confirmed or reviewed
        item.declared = item.declared or detection.source == Detection.Source.CHOICE
        question = questions.get((detection.campaign_id or 0, detection.question_id), detection.question_id)
        item.evidence.append(Evidence(detection, question))
        if detection.source == Detection.Source.TEXT:
            statements[(question, detection.text)] = None
    ordered = sorted(items.values(), key=lambda i: (KIND_ORDER.get(i.entry.kind, 9), -i.confidence))
    pending = to_check + sum(
        1 for d in detections if d.status == Detection.Status.DETECTED and d.source == Detection.Source.TEXT
    )
    return Profile(person, ordered, list(statements), pending, to_check)


@dataclass
class CodirView:
    by_kind: dict[str, list[SignalSummary]]
    leaders: int  # leaders with at least one detection
    talking_points: list[tuple[SignalSummary, EntryView]]
    to_review: list[tuple[Detection, str]]  # with the label of the detected entry


def codir_view(
    organisation: Organisation, *, campaign: Campaign | None = None, talking_points: int = 4
) -> CodirView:
    """For the meeting with the sponsor: how often each entry comes up (in ``campaign``'s answers
    when given), the triggers present, and the answers to the most frequent objections and barriers."""
    summaries = organisation_signals(organisation, campaign=campaign)
    by_kind: dict[str, list[SignalSummary]] = {"objection": [], "barrier": [], "trigger": []}
    for summary in summaries:
        by_kind.setdefault(summary.kind, []).append(summary)
    leaders = len({p.pk for s in summaries for p in s.people})
    ranked = sorted(
        (s for s in summaries if s.kind in ("objection", "barrier")),
        key=lambda s: (-s.leaders, s.kind, s.label),
    )
    points = []
    for summary in ranked[:talking_points]:
        view = entry_view(summary.id, organisation)
        if view is not None:
            points.append((summary, view))
    to_review = []
    for detection in (
        detections_of(organisation)
        .filter(status=Detection.Status.DETECTED, source=Detection.Source.TEXT)
        .order_by("person__full_name", "-confidence")
    ):
        view = entry_view(detection.signal, organisation)
        to_review.append((detection, view.label if view else detection.signal))
    return CodirView(by_kind, leaders, points, to_review)


def organisation_examples(organisation: Organisation) -> QuerySet[OrgExample]:
    return OrgExample.objects.filter(organisation=organisation)
