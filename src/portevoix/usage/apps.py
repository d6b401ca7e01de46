from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UsageConfig(AppConfig):
    name = "portevoix.usage"
    verbose_name = _("Usage map and personas")
