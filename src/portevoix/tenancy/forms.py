from __future__ import annotations

import zoneinfo
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from portevoix.web.forms import Form, ModelForm

from .access import grantable_roles
from .models import PRIORITY_CHOICES, Organisation, Person, Role


def _time_zone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())]


class OrganisationForm(ModelForm[Organisation]):
    priorities = forms.MultipleChoiceField(
        label=_("Strategic priorities"),
        choices=PRIORITY_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("They adapt the weights of the maturity model to the company."),
    )
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=_time_zone_choices)

    class Meta:
        model = Organisation
        fields = ["name", "sector", "size_band", "market", "priorities", "time_zone", "default_language"]

    def clean_priorities(self) -> list[str]:
        chosen = set(self.cleaned_data.get("priorities") or [])
        # Keep the catalogue's order so the stored list is stable.
        return [key for key, _label in PRIORITY_CHOICES if key in chosen]


class OrganisationCreateForm(OrganisationForm):
    slug = forms.SlugField(
        label=_("Short name in addresses"),
        max_length=50,
        required=False,
        help_text=_("Letters, digits and hyphens, e.g. maison-lumen. Left empty, it is made from the name."),
    )

    class Meta(OrganisationForm.Meta):
        fields = [
            "name",
            "slug",
            "sector",
            "size_band",
            "market",
            "priorities",
            "time_zone",
            "default_language",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].initial = "Europe/Paris"

    def clean_slug(self) -> str:
        slug = str(self.cleaned_data.get("slug") or "").lower()
        if slug and Organisation.objects.filter(slug=slug).exists():
            raise forms.ValidationError(_("This address is already used by another organisation."))
        return slug


class PersonForm(ModelForm[Person]):
    class Meta:
        model = Person
        fields = [
            "full_name",
            "title",
            "is_codir",
            "email",
            "linkedin_url",
            "x_url",
            "mastodon_url",
            "website_url",
            "language",
        ]
        widgets = {
            "linkedin_url": forms.URLInput(attrs={"placeholder": "https://www.linkedin.com/in/…"}),
            "x_url": forms.URLInput(attrs={"placeholder": "https://x.com/…"}),
            "mastodon_url": forms.URLInput(attrs={"placeholder": "https://mastodon.social/@…"}),
        }

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.instance.organisation = organisation

    def clean_email(self) -> str:
        # The organisation is not a form field, so Django would skip the unique constraint on
        # (organisation, e-mail): check it here, ignoring case as people do.
        email = str(self.cleaned_data.get("email") or "").strip().lower()
        if email:
            taken = Person.objects.filter(organisation=self.organisation, email__iexact=email)
            if taken.exclude(pk=self.instance.pk).exists():
                raise forms.ValidationError(_("Someone in this organisation already has this e-mail."))
        return email


class MembershipForm(Form):
    email = forms.EmailField(label=_("E-mail"))
    full_name = forms.CharField(label=_("Full name"), max_length=200, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    person = forms.ModelChoiceField(
        label=_("Person in the organisation"),
        queryset=Person.objects.none(),
        required=False,
        help_text=_("Link a codir member's account to their person, so they see their own results."),
    )

    def __init__(self, *args: Any, organisation: Organisation, actor_role: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(organisation=organisation)  # type: ignore[attr-defined]
        # Only the roles this user may give (the service checks it again).
        self.fields["role"].choices = [(role.value, role.label) for role in grantable_roles(actor_role)]  # type: ignore[attr-defined]
