from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "portevoix.assessments"
    verbose_name = _("Maturity diagnostic")

    def ready(self) -> None:
        # Who may export which answers, and the answer files waiting for the mapping step.
        from portevoix.privacy.hooks import register_files

        from . import importing, privacy

        privacy.register()
        register_files(importing.stored_files)
