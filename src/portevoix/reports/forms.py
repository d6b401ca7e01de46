from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from portevoix.assessments.models import Campaign
from portevoix.assessments.read_model import campaign_choices, default_campaign
from portevoix.tenancy.access import OrgAccess, Perm
from portevoix.tenancy.models import LANGUAGE_CHOICES, Person
from portevoix.web.forms import Form

from .models import Report
from .services import MAX_TEMPLATE_BYTES, can_generate, unavailable_reason


class ReportForm(Form):
    kind = forms.ChoiceField(label=_("Report"), choices=Report.Kind.choices)
    person = forms.ModelChoiceField(
        label=_("Leader (individual report)"),
        queryset=Person.objects.none(),
        required=False,
        empty_label="—",
    )
    campaign = forms.ModelChoiceField(
        label=_("Diagnostic campaign (scope of the figures)"),
        queryset=Campaign.objects.none(),
        required=False,
        empty_label="—",
    )
    format = forms.ChoiceField(label=_("Format"), choices=Report.Format.choices)
    language = forms.ChoiceField(label=_("Language of the report"), choices=LANGUAGE_CHOICES)

    def __init__(self, *args: Any, access: OrgAccess, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.access = access
        people = Person.objects.filter(organisation=access.organisation, is_codir=True)
        if not access.can(Perm.MANAGE_ORGANISATION):
            # A codir member makes only their own leader report.
            people = people.filter(pk=access.person.pk if access.person else -1)
            self.fields["kind"].choices = [  # type: ignore[attr-defined]
                (Report.Kind.LEADER.value, Report.Kind.LEADER.label)
            ]
        self.fields["person"].queryset = people  # type: ignore[attr-defined]
        self.fields["language"].initial = access.organisation.default_language
        choices = campaign_choices(access.organisation)
        counts = {c.campaign.pk: c for c in choices}
        field = self.fields["campaign"]
        field.queryset = Campaign.objects.filter(  # type: ignore[attr-defined]
            pk__in=[c.campaign.pk for c in choices]
        )
        codir = Person.objects.filter(organisation=access.organisation, is_codir=True).count()

        def label(campaign: Campaign) -> str:
            choice = counts.get(campaign.pk)
            answered = choice.codir_answered if choice else 0
            return _("%(name)s · %(status)s · %(n)s/%(t)s codir answers") % {
                "name": campaign.name,
                "status": campaign.get_status_display(),
                "n": answered,
                "t": codir,
            }

        field.label_from_instance = label  # type: ignore[attr-defined]
        default = default_campaign(access.organisation)
        # A campaign with fewer answers than the anonymity rules need is never chosen for the user.
        if default.campaign is not None and default.enough:
            field.initial = default.campaign.pk
            field.help_text = _("Chosen by default: %(reason)s.") % {"reason": default.reason}
        else:
            field.help_text = _("No default: %(reason)s. Choose the campaign the report reads.") % {
                "reason": default.reason
            }
        self.default_reason = default.reason

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind, person = data.get("kind"), data.get("person")
        if kind == Report.Kind.LEADER and person is None:
            self.add_error("person", _("Choose the leader whose report this is."))
        if kind and kind != Report.Kind.LEADER:
            data["person"] = None
        if kind == Report.Kind.PROGRESS:
            data["campaign"] = None  # the progress report follows the roadmap, not one campaign
        elif kind and data.get("campaign") is None and self.fields["campaign"].queryset.exists():  # type: ignore[attr-defined]
            self.add_error("campaign", _("Choose the diagnostic campaign the report reads."))
        if kind:
            reason = unavailable_reason(kind)
            if reason:
                self.add_error("kind", reason)
            elif not can_generate(self.access, kind, data.get("person")):
                self.add_error("kind", _("You may only generate your own leader report."))
        return data


class SlideTemplateForm(Form):
    file = forms.FileField(
        label=_("Your PowerPoint template (.pptx)"),
        help_text=_("Slide decks then use its theme, masters and layouts (“Title Only” for content slides)."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_TEMPLATE_BYTES:
            raise forms.ValidationError(_("The template is larger than 20 MB."))
        return upload
