from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "portevoix.reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        # Generated files live outside any FileField: the privacy export and erasure find them here.
        from portevoix.privacy.hooks import register_files

        from .services import stored_files

        register_files(stored_files)
