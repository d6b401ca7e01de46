from django.contrib import admin

from .models import Actual, BusinessCase


@admin.register(BusinessCase)
class BusinessCaseAdmin(admin.ModelAdmin[BusinessCase]):
    list_display = ("name", "organisation", "template", "updated_at")
    list_filter = ("organisation",)


@admin.register(Actual)
class ActualAdmin(admin.ModelAdmin[Actual]):
    list_display = ("business_case", "input_id", "period", "value", "source")
