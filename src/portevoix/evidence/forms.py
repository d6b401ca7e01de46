from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portevoix.privacy.consent import consent_problem
from portevoix.security import uploads
from portevoix.tenancy.models import Organisation, Person
from portevoix.web.forms import Form

from .models import EvidenceImport, ManualEntry


class EvidenceUploadForm(Form):
    source = forms.ChoiceField(label=_("What is it?"), choices=EvidenceImport.Source.choices)
    person = forms.ModelChoiceField(
        label=_("Whose activity"),
        queryset=Person.objects.none(),
        required=False,
        empty_label=_("The company (its page)"),
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "The archive downloaded from the network (LinkedIn “Get a copy of your data” and X “Download an "
            "archive”: .zip; Mastodon export: .tar.gz), or an analytics file (.xls, .xlsx)."
        ),
    )
    dry_run = forms.BooleanField(label=_("Check only, write nothing"), required=False)
    keep_file = forms.BooleanField(
        label=_("Keep the uploaded file after the import"),
        required=False,
        help_text=_("By default it is deleted as soon as it is imported."),
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(organisation=organisation)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("file")
        if upload is not None:
            # Size and content checked before the file is kept (settings PORTEVOIX_MAX_UPLOAD_MB).
            archive = data.get("source") in ("linkedin", "x", "mastodon")
            allowed = uploads.EVIDENCE_ARCHIVES if archive else uploads.EVIDENCE_ANALYTICS
            refused = uploads.upload_problem(upload, kind="evidence", allowed=allowed)
            if refused:
                self.add_error("file", refused)
        if data.get("source") in ("linkedin", "x", "mastodon") and data.get("person") is None:
            self.add_error("person", _("A personal archive belongs to a person: choose whose it is."))
        person = data.get("person")
        if person is not None:
            problem = consent_problem(person)
            if problem is not None:
                self.add_error("person", problem.message(gettext))
        return data


class ManualEntryForm(Form):
    """One form for the three kinds; the fields a kind does not use are ignored."""

    kind = forms.ChoiceField(choices=ManualEntry.Kind.choices, widget=forms.HiddenInput)
    person = forms.ModelChoiceField(
        label=_("Whose"), queryset=Person.objects.none(), required=False, empty_label=_("The company")
    )
    on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    brand = forms.FloatField(label=_("Establish your professional brand (0–25)"), required=False)
    people = forms.FloatField(label=_("Find the right people (0–25)"), required=False)
    insights = forms.FloatField(label=_("Engage with insights (0–25)"), required=False)
    relationships = forms.FloatField(label=_("Build relationships (0–25)"), required=False)
    industry_rank = forms.CharField(label=_("Industry rank (e.g. Top 5%)"), required=False, max_length=20)
    platform = forms.ChoiceField(
        label=_("Site"),
        required=False,
        choices=[
            ("glassdoor", "Glassdoor"),
            ("indeed", "Indeed"),
            ("welcome_to_the_jungle", "Welcome to the Jungle"),
            ("other", _("Other")),
        ],
    )
    overall_rating = forms.FloatField(label=_("Overall rating (1–5)"), required=False)
    ceo_approval = forms.FloatField(label=_("CEO approval (%)"), required=False)
    reviews = forms.IntegerField(label=_("Number of reviews"), required=False)
    network = forms.ChoiceField(
        label=_("Network"),
        required=False,
        choices=[("linkedin", "LinkedIn"), ("x", "X"), ("mastodon", "Mastodon")],
    )
    followers = forms.IntegerField(label=_("Followers"), required=False)

    FIELDS = {
        "ssi": ("brand", "people", "insights", "relationships", "industry_rank"),
        "review": ("platform", "overall_rating", "ceo_approval", "reviews"),
        "followers": ("network", "followers"),
    }

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(organisation=organisation)  # type: ignore[attr-defined]

    def domain_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        values = {name: data.get(name) for name in self.FIELDS[data["kind"]]}
        return {"on": data["on"], **{k: v for k, v in values.items() if v not in (None, "")}}
