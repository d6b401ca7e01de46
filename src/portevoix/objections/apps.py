from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ObjectionsConfig(AppConfig):
    name = "portevoix.objections"
    verbose_name = _("Objections, barriers and triggers")

    def ready(self) -> None:
        from . import signals  # noqa: F401  # connects the automatic detection
