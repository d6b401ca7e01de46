from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portevoix.core import sniff
from portevoix.tenancy.models import Organisation
from portevoix.web.forms import Form, ModelForm

from .models import AuditAction, ConsentMethod, RetentionPolicy

MAX_DOCUMENT = 10 * 1024 * 1024
# A scan of a signed form: what its first bytes say, whatever its name (an HTML page is refused).
DOCUMENT_KINDS = frozenset({sniff.PDF, sniff.JPEG, sniff.PNG})


class ConsentForm(Form):
    method = forms.ChoiceField(label=_("How it was given"), choices=ConsentMethod.choices)
    given_on = forms.DateField(
        label=_("Given on"),
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        initial=timezone.localdate,
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
    document = forms.FileField(
        label=_("Signed form (scan, optional)"),
        required=False,
        help_text=_("PDF or image, at most 10 MB; kept outside the web server's folders."),
    )

    def clean_document(self) -> Any:
        document = self.cleaned_data.get("document")
        if document is None:
            return document
        if document.size > MAX_DOCUMENT:
            raise forms.ValidationError(_("The file is too large (at most 10 MB)."))
        document.seek(0)
        head = document.read(16)
        document.seek(0)
        if sniff.sniff(head) not in DOCUMENT_KINDS:
            raise forms.ValidationError(
                _(
                    "%(name)s is not a PDF, JPEG or PNG file: its content was checked, whatever "
                    "its name says. Upload the scan of the signed form."
                ),
                params={"name": (document.name or "").replace("\\", "/").rsplit("/", 1)[-1][:120]},
            )
        return document

    def clean_given_on(self) -> Any:
        given_on = self.cleaned_data["given_on"]
        if given_on > timezone.localdate():
            raise forms.ValidationError(_("A consent cannot be given in the future."))
        return given_on


class RetentionForm(ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = RetentionPolicy
        fields = ["raw_upload_days", "invitation_days", "audit_days"]


class OrganisationEraseForm(Form):
    confirm = forms.CharField(
        label=_("Type the organisation's short name to confirm"),
        max_length=50,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation

    def clean_confirm(self) -> str:
        value = str(self.cleaned_data["confirm"]).strip()
        if value != self.organisation.slug:
            raise forms.ValidationError(
                _("This is not “%(slug)s”: nothing was erased."), params={"slug": self.organisation.slug}
            )
        return value


class AuditFilterForm(Form):
    action = forms.ChoiceField(
        label=_("Action"), choices=[("", _("All actions")), *AuditAction.choices], required=False
    )
    who = forms.CharField(label=_("Who or about whom"), max_length=100, required=False)
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
