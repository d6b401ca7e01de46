from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BusinessCaseConfig(AppConfig):
    name = "portevoix.business_case"
    verbose_name = _("Business case")
