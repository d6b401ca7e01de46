from django.apps import AppConfig
from django.db.models.signals import post_delete
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "portevoix.reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        # Generated files live outside any FileField: the privacy export and erasure find them here.
        from portevoix.privacy.hooks import register_files

        from .models import Report, SlideTemplate
        from .services import file_deleted, stored_files

        register_files(stored_files)
        post_delete.connect(file_deleted, sender=Report, dispatch_uid="reports-report-file-deleted")
        post_delete.connect(file_deleted, sender=SlideTemplate, dispatch_uid="reports-template-file-deleted")
