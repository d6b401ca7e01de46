from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from portevoix.tenancy.models import Organisation, Person

from .models import EvidenceImport

MAX_UPLOAD = 1024 * 1024 * 1024  # 1 GB: a complete LinkedIn archive with years of activity


class EvidenceUploadForm(forms.Form):
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
            "The ZIP downloaded from the network (LinkedIn “Get a copy of your data”, "
            "X “Download an archive”, Mastodon export), or an analytics file (.xls, .xlsx)."
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
        if upload is not None and upload.size > MAX_UPLOAD:
            self.add_error("file", _("The file is too large (at most 1 GB)."))
        if data.get("source") in ("linkedin", "x", "mastodon") and data.get("person") is None:
            self.add_error("person", _("A personal archive belongs to a person: choose whose it is."))
        return data
