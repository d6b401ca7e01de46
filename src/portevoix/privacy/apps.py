from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_delete
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "portevoix.privacy"
    verbose_name = _("Privacy and audit")

    def ready(self) -> None:
        from .models import Consent

        # A deleted consent (its person removed) takes its scan with it.
        post_delete.connect(_consent_deleted, sender=Consent, dispatch_uid="privacy-consent-scan-deleted")


def _consent_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    from portevoix.storage import MEDIA, StoredFile, delete_on_commit

    if instance.document and instance.document.name:
        delete_on_commit(StoredFile(MEDIA, instance.document.name))
