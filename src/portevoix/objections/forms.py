from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from portevoix.tenancy.models import LANGUAGE_CHOICES
from portevoix.web.forms import Form

from .models import KIND_CHOICES, NEUTRAL, identifier_validator


class ReviewForm(Form):
    action = forms.ChoiceField(
        choices=[("confirm", _("Confirm")), ("reject", _("Not an objection")), ("correct", _("Correct to"))]
    )
    signal = forms.ChoiceField(label=_("Entry"), required=False)

    def __init__(self, *args: Any, signals: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["signal"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "—"), *signals]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("action") == "correct" and not data.get("signal"):
            self.add_error("signal", _("Choose the entry this answer stands for."))
        return data


class ExampleForm(Form):
    signal = forms.ChoiceField(label=_("Entry"))
    text = forms.CharField(label=_("Phrasing"), max_length=500, widget=forms.TextInput)
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES)

    def __init__(self, *args: Any, signals: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["signal"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [*signals, (NEUTRAL, _("No objection (neutral statement)"))]

    def clean_text(self) -> str:
        text = " ".join(str(self.cleaned_data["text"]).split())
        if len(text) < 3:
            raise forms.ValidationError(_("Write a phrasing of at least three characters."))
        return text


class EntryForm(Form):
    key = forms.CharField(label=_("Identifier"), max_length=64, validators=[identifier_validator])
    kind = forms.ChoiceField(label=_("Kind"), choices=KIND_CHOICES)
    label_fr = forms.CharField(label=_("Label (French)"), max_length=200)
    label_en = forms.CharField(label=_("Label (English)"), max_length=200)
    advice_fr = forms.CharField(label=_("Answer to prepare (French)"), required=False, widget=forms.Textarea)
    advice_en = forms.CharField(label=_("Answer to prepare (English)"), required=False, widget=forms.Textarea)
    examples = forms.CharField(
        label=_("Example phrasings"),
        help_text=_("One per line; the classifier recognises this entry from them (at least two)."),
        widget=forms.Textarea,
    )

    def __init__(self, *args: Any, taken: set[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.taken = taken

    def clean_key(self) -> str:
        key = str(self.cleaned_data["key"])
        if key in self.taken:
            raise forms.ValidationError(_("This identifier is already used by the catalogue."))
        return key

    def clean_examples(self) -> list[str]:
        lines = [" ".join(line.split()) for line in str(self.cleaned_data["examples"]).splitlines()]
        lines = [line[:500] for line in lines if len(line) >= 3]
        if len(lines) < 2:
            raise forms.ValidationError(_("Give at least two example phrasings, one per line."))
        return lines
