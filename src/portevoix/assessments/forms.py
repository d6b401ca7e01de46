"""Forms of the diagnostic: the questionnaire (built from the framework) and campaign set-up."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from portevoix.core.framework import Dimension, Question
from portevoix.frameworks.models import FrameworkVersion
from portevoix.frameworks.selectors import framework_versions_offered, organisation_framework
from portevoix.tenancy.models import Person
from portevoix.web.forms import Form, ModelForm

from .models import Campaign

MAX_FREE_TEXT = 5000


def _text(value: Any) -> str:
    return str(value.get(get_language() or "fr"))


def question_field(question: Question) -> forms.Field:
    """A form field for one framework question; nothing is required: blanks stay unanswered."""
    label = _text(question.text)
    help_text = _text(question.help) if question.help else ""
    if question.type == "single_choice":
        return forms.ChoiceField(
            label=label,
            help_text=help_text,
            required=False,
            choices=[(o.id, _text(o.label)) for o in question.options],
            widget=forms.RadioSelect,
        )
    if question.type == "multiple_choice":
        return forms.MultipleChoiceField(
            label=label,
            help_text=help_text,
            required=False,
            choices=[(o.id, _text(o.label)) for o in question.options],
            widget=forms.CheckboxSelectMultiple,
        )
    if question.type == "scale":
        assert question.scale is not None
        scale = question.scale
        choices = [(str(v), str(v)) for v in range(scale.min, scale.max + 1)]
        field = forms.TypedChoiceField(
            label=label,
            help_text=help_text,
            required=False,
            coerce=int,
            empty_value=None,
            choices=choices,
            widget=forms.RadioSelect(attrs={"class": "scale"}),
        )
        field.scale_labels = (_text(scale.min_label), _text(scale.max_label))  # type: ignore[attr-defined]
        return field
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=False,
        max_length=MAX_FREE_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SectionForm(Form):
    """The questions of one dimension."""

    def __init__(self, *args: Any, dimension: Dimension, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.dimension = dimension
        for question in dimension.questions:
            self.fields[question.id] = question_field(question)

    @staticmethod
    def initial_from(dimension: Dimension, answers: dict[str, Any]) -> dict[str, Any]:
        return {q.id: answers[q.id] for q in dimension.questions if q.id in answers}

    def answers(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


def framework_version_label(version: FrameworkVersion) -> str:
    label = f"{_text(version.name)} — v{version.version}"
    if version.organisation_id is not None:
        label += " · " + str(_("this organisation's own version"))
    return label


class CampaignForm(ModelForm[Campaign]):
    framework_version = forms.ModelChoiceField(
        label=_("Maturity framework"), queryset=FrameworkVersion.objects.none(), empty_label=None
    )

    class Meta:
        model = Campaign
        fields = [
            "name",
            "framework_version",
            "deadline",
            "team_survey",
            "anonymity_threshold",
            "share_individual_results",
            "reminder_every_days",
        ]
        widgets = {"deadline": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The global versions and the organisation's own, never another organisation's; the
        # organisation's chosen version first (review 2026-12, F2).
        offered = framework_versions_offered(organisation)
        field = self.fields["framework_version"]
        field.queryset = FrameworkVersion.objects.filter(pk__in=[v.pk for v in offered])  # type: ignore[attr-defined]
        field.label_from_instance = framework_version_label  # type: ignore[attr-defined]
        chosen = organisation_framework(organisation)
        if chosen is not None and not self.initial.get("framework_version"):
            self.initial["framework_version"] = chosen.pk


class InviteCodirForm(Form):
    """Invite codir members to assess themselves."""

    people = forms.ModelMultipleChoiceField(
        label=_("Codir members"), queryset=Person.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = Person.objects.filter(organisation=organisation, is_codir=True).exclude(email="")
        self.fields["people"].queryset = people  # type: ignore[attr-defined]
        self.fields["people"].initial = list(people.values_list("pk", flat=True))


class InvitePeerForm(Form):
    """Ask somebody (a peer, the admin, the communication team) to rate a codir member."""

    subject = forms.ModelChoiceField(label=_("Person rated"), queryset=Person.objects.none())
    rater = forms.ModelChoiceField(label=_("Rated by"), queryset=Person.objects.none())

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = Person.objects.filter(organisation=organisation)
        self.fields["subject"].queryset = people.filter(is_codir=True)  # type: ignore[attr-defined]
        self.fields["rater"].queryset = people.exclude(email="")  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("subject") and data.get("subject") == data.get("rater"):
            raise forms.ValidationError(_("A person cannot rate themself here: that is the self-assessment."))
        return data


class InviteTeamForm(Form):
    """Employees invited to the anonymous team survey: one e-mail per line."""

    emails = forms.CharField(
        label=_("E-mail addresses"),
        widget=forms.Textarea(attrs={"rows": 6, "placeholder": "prenom.nom@entreprise.fr"}),
        help_text=_("One per line (or separated by commas). At most 2,000."),
    )
    language = forms.ChoiceField(label=_("Language"), choices=[("fr", _("French")), ("en", _("English"))])

    def clean_emails(self) -> list[str]:
        raw = str(self.cleaned_data.get("emails") or "")
        candidates = [
            e.strip().lower() for e in raw.replace(",", "\n").replace(";", "\n").splitlines() if e.strip()
        ]
        if len(candidates) > 2000:
            raise forms.ValidationError(_("At most 2,000 addresses at a time."))
        field = forms.EmailField()
        bad = []
        for email in candidates:
            try:
                field.clean(email)
            except forms.ValidationError:
                bad.append(email)
        if bad:
            raise forms.ValidationError(
                _("These lines are not e-mail addresses: %(lines)s"), params={"lines": ", ".join(bad[:10])}
            )
        return list(dict.fromkeys(candidates))
