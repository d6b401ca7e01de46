from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from portevoix.tenancy.models import Organisation
from portevoix.web.forms import ModelForm

from .models import AXIS_CHOICES, NETWORK_CHOICES, STATUS_CHOICES, Persona, UsageEntry

# Suggested in the "run by" field, with the names already used in the organisation.
OWNER_SUGGESTIONS = [
    _("Communication department"),
    _("Marketing department"),
    _("HR department"),
    _("Sales department"),
    _("Agency"),
    _("Themself"),
    _("Their assistant"),
]


class UsageEntryForm(ModelForm[UsageEntry]):
    status = forms.ChoiceField(label=_("Presence"), choices=STATUS_CHOICES, widget=forms.RadioSelect)

    class Meta:
        model = UsageEntry
        fields = ["status", "owner", "url", "notes"]
        widgets = {
            "owner": forms.TextInput(attrs={"autocomplete": "off"}),
            "url": forms.URLInput(attrs={"placeholder": "https://www.linkedin.com/company/…"}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, dom_id: str = "usage-entry", **kwargs: Any) -> None:
        # Several cells may be open on one page: their ids must not collide.
        kwargs.setdefault("auto_id", f"{dom_id}-%s")
        super().__init__(*args, **kwargs)
        self.owners_list_id = f"{dom_id}-owners"
        self.fields["owner"].widget.attrs["list"] = self.owners_list_id


def _in_catalogue_order(chosen: Any, choices: list[tuple[str, Any]]) -> list[str]:
    # Keep the catalogue's order so the stored list is stable.
    picked = set(chosen or [])
    return [key for key, _label in choices if key in picked]


class PersonaForm(ModelForm[Persona]):
    channels = forms.MultipleChoiceField(
        label=_("Channels"),
        choices=NETWORK_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("The networks where this persona keeps informed and can be reached."),
    )
    axes = forms.MultipleChoiceField(
        label=_("Axes of presence"),
        choices=AXIS_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("The axes of the usage map this persona concerns."),
    )

    class Meta:
        model = Persona
        fields = ["name", "description", "goals", "habits", "needs", "problems", "channels", "axes", "notes"]
        widgets = {
            field: forms.Textarea(attrs={"rows": 3})
            for field in ("goals", "habits", "needs", "problems", "notes")
        }

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.instance.organisation = organisation

    def clean_name(self) -> str:
        # The organisation is not a form field, so Django would skip the unique constraint on
        # (organisation, name): check it here, ignoring case as people do.
        name = str(self.cleaned_data.get("name") or "").strip()
        taken = Persona.objects.filter(organisation=self.organisation, name__iexact=name)
        if name and taken.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("This organisation already has a persona with this name."))
        return name

    def clean_channels(self) -> list[str]:
        return _in_catalogue_order(self.cleaned_data.get("channels"), NETWORK_CHOICES)

    def clean_axes(self) -> list[str]:
        return _in_catalogue_order(self.cleaned_data.get("axes"), AXIS_CHOICES)
