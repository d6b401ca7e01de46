from django.contrib import admin

from .models import Membership, Organisation, Person


class PersonInline(admin.TabularInline[Person, Organisation]):
    model = Person
    fields = ["full_name", "title", "is_codir", "email"]
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin[Organisation]):
    list_display = ["name", "slug", "sector", "size_band", "market"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PersonInline]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin[Person]):
    list_display = ["full_name", "title", "organisation", "is_codir"]
    list_filter = ["organisation", "is_codir"]
    search_fields = ["full_name", "email"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin[Membership]):
    list_display = ["user", "organisation", "role", "person"]
    list_filter = ["organisation", "role"]
    autocomplete_fields = ["person"]
