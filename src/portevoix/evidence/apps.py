from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvidenceConfig(AppConfig):
    name = "portevoix.evidence"
    verbose_name = _("Evidence of activity")

    def ready(self) -> None:
        # Uploads wait (or are kept) in the data folder, outside any FileField.
        from portevoix.privacy.hooks import register_files

        from .importing import stored_files

        register_files(stored_files)
