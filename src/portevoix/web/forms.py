"""The base of every form of Porte-voix: control characters never get in.

A C0 control character typed or pasted into a field (or sent on purpose through the public
questionnaire) is invisible on the page, but breaks the files made from the text later: openpyxl
refuses the cell, vl-convert the chart, PostgreSQL a NUL. :class:`CleanTextMixin` removes them
from the submitted data before any field reads it (TAB, LF and CR stay; passwords are left as
typed), so validation, the saved value and a form shown again with its errors all see the same
text. ``tests/web/test_forms.py`` checks that every form of the project uses it.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any, TypeVar

from django import forms
from django.db.models import Model
from django.http import QueryDict

from portevoix.core.cells import clean_text

_M = TypeVar("_M", bound=Model)


class CleanTextMixin:
    """Strips control characters from a bound form's text data (not from files, not from passwords)."""

    data: Any
    fields: dict[str, forms.Field]
    is_bound: bool

    def full_clean(self) -> None:
        if self.is_bound:
            self.data = clean_submitted(self.data, keep=self._passwords())
        super().full_clean()  # type: ignore[misc]

    def _passwords(self) -> set[str]:
        prefix = getattr(self, "add_prefix", lambda name: name)
        return {
            prefix(name)
            for name, field in self.fields.items()
            if isinstance(field.widget, forms.PasswordInput)
        }


def clean_submitted(data: Any, *, keep: Collection[str] = ()) -> Any:
    """A copy of submitted data (a ``QueryDict`` or a dict) without control characters in its texts."""
    if isinstance(data, QueryDict):
        copy = QueryDict(mutable=True)
        for key, values in data.lists():
            copy.setlist(key, values if key in keep else [_clean(value) for value in values])
        copy._mutable = False
        return copy
    if isinstance(data, dict):
        return {key: value if key in keep else _clean(value) for key, value in data.items()}
    return data


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list | tuple):
        return type(value)(_clean(item) for item in value)
    return value


class Form(CleanTextMixin, forms.Form):
    """``django.forms.Form`` without control characters in what is submitted."""


class ModelForm(CleanTextMixin, forms.ModelForm[_M]):
    """``django.forms.ModelForm`` without control characters in what is submitted."""
