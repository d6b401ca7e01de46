from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_after_migrate(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    from .services import framework_sync_shipped

    framework_sync_shipped(using=using)


class FrameworksConfig(AppConfig):
    name = "portevoix.frameworks"
    verbose_name = _("Maturity frameworks")

    def ready(self) -> None:
        # Shipped frameworks are stored as soon as the tables exist, so a fresh database (and
        # every test database) can start a diagnostic at once.
        post_migrate.connect(_sync_after_migrate, sender=self)
