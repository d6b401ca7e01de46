"""Labels of the catalogue's kinds, and of the roadmap actions its entries recommend (titles from
the roadmap's action library)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

KIND_LABELS: dict[str, Promise] = {
    "objection": _("Objection"),
    "barrier": _("Barrier"),
    "trigger": _("Trigger"),
}
KIND_PLURALS: dict[str, Promise] = {
    "objection": _("Objections"),
    "barrier": _("Barriers"),
    "trigger": _("Triggers"),
}


def action_label(action_id: str) -> str:
    """The action's title in the roadmap's action library (the one source of these titles)."""
    from portevoix.roadmap.display import library_title

    return library_title(action_id)
