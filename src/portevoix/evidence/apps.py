from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_delete
from django.utils.translation import gettext_lazy as _


class EvidenceConfig(AppConfig):
    name = "portevoix.evidence"
    verbose_name = _("Evidence of activity")

    def ready(self) -> None:
        # Uploads wait (or are kept) in the storage, outside any FileField.
        from portevoix.privacy.hooks import register_files

        from .importing import stored_files
        from .models import EvidenceImport

        register_files(stored_files)
        # A deleted import (a removed person, an erased organisation) takes its stored upload with it.
        post_delete.connect(_upload_deleted, sender=EvidenceImport, dispatch_uid="evidence-upload-deleted")


def _upload_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    from portevoix.storage import delete_on_commit

    from .importing import upload_file

    if instance.stored_file and instance.stored_file.isalnum():
        delete_on_commit(upload_file(instance.stored_file))
