from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from portevoix.tenancy.models import Organisation, Person
from portevoix.web.forms import Form, ModelForm

from . import display, selectors
from .models import PHASE_CHOICES, Action, KpiReading, KpiUnit, Milestone, Risk, Roadmap, Status

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ActionForm(Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    phase = forms.ChoiceField(label=_("Phase"), choices=PHASE_CHOICES)
    accountable: forms.ModelChoiceField[Person] = forms.ModelChoiceField(
        label=_("Accountable codir member"), queryset=Person.objects.none(), required=False
    )
    owner: forms.ModelChoiceField[Person] = forms.ModelChoiceField(
        label=_("Owner"), queryset=Person.objects.none(), required=False
    )
    start_date = forms.DateField(label=_("Start"), widget=DATE)
    end_date = forms.DateField(label=_("End"), widget=DATE)
    effort_days = forms.DecimalField(
        label=_("Effort (person-days)"), min_value=0, max_digits=7, decimal_places=1
    )
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)
    percent_done = forms.IntegerField(label=_("% done"), min_value=0, max_value=100)
    dependencies: forms.ModelMultipleChoiceField[Action] = forms.ModelMultipleChoiceField(
        label=_("Depends on"),
        queryset=Action.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    kpi_label = forms.CharField(label=_("KPI"), max_length=200, required=False)
    kpi_unit = forms.ChoiceField(label=_("KPI unit"), choices=KpiUnit.choices)
    kpi_target = forms.DecimalField(label=_("KPI target"), required=False, max_digits=12, decimal_places=2)

    def __init__(
        self,
        *args: Any,
        organisation: Organisation,
        roadmap: Roadmap,
        action: Action | None = None,
        **kwargs: Any,
    ) -> None:
        prefix = f"a{action.pk}" if action else "new"
        kwargs.setdefault("auto_id", f"{prefix}-%s")
        if action is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "title": display.action_title(action),
                "description": display.action_description(action),
                "phase": action.phase,
                "accountable": action.accountable_id,
                "owner": action.owner_id,
                "start_date": action.start_date,
                "end_date": action.end_date,
                "effort_days": action.effort_days,
                "status": action.status,
                "percent_done": action.percent_done,
                "dependencies": [d.pk for d in action.dependencies.all()],
                "kpi_label": display.kpi_label(action),
                "kpi_unit": action.kpi_unit,
                "kpi_target": action.kpi_target,
            }
        super().__init__(*args, **kwargs)
        self.action = action
        self.fields["accountable"].queryset = selectors.codir_choices(organisation)  # type: ignore[attr-defined]
        self.fields["owner"].queryset = selectors.people_choices(organisation)  # type: ignore[attr-defined]
        others = roadmap.actions.all()
        if action is not None:
            others = others.exclude(pk=action.pk)
        self.fields["dependencies"].queryset = others  # type: ignore[attr-defined]
        self.fields["dependencies"].label_from_instance = display.action_title  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end comes before the start."))
        # Library texts left as they are stay bilingual: store nothing instead of a copy.
        if self.action is not None:
            for field, shown in (
                ("title", display.action_title(self.action)),
                ("description", display.action_description(self.action)),
                ("kpi_label", display.kpi_label(self.action)),
            ):
                if data.get(field) == shown and not getattr(self.action, field):
                    data[field] = ""
        return data

    def service_data(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "dependencies"}


class SponsorForm(Form):
    sponsor: forms.ModelChoiceField[Person] = forms.ModelChoiceField(
        label=_("Executive sponsor"), queryset=Person.objects.none(), required=False
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sponsor"].queryset = selectors.codir_choices(organisation)  # type: ignore[attr-defined]


class OverrideForm(Form):
    reason = forms.CharField(
        label=_("Why open the gate now?"),
        min_length=10,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Recorded with your name and the date, and shown on the roadmap."),
    )


class GenerateForm(Form):
    start = forms.DateField(label=_("Start of the programme"), widget=DATE)
    keep_edits = forms.ChoiceField(
        label=_("Actions edited or added by hand"),
        choices=[("keep", _("Keep them as they are")), ("replace", _("Replace them too"))],
        initial="keep",
        widget=forms.RadioSelect,
    )


class KpiReadingForm(ModelForm[KpiReading]):
    class Meta:
        model = KpiReading
        fields = ["date", "value", "note"]
        widgets = {"date": DATE}


class RiskForm(ModelForm[Risk]):
    class Meta:
        model = Risk
        fields = ["title", "likelihood", "impact", "mitigation", "owner"]
        widgets = {"mitigation": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = selectors.people_choices(organisation)  # type: ignore[attr-defined]


class MilestoneForm(ModelForm[Milestone]):
    class Meta:
        model = Milestone
        fields = ["title", "date", "phase"]
        widgets = {"date": DATE}
