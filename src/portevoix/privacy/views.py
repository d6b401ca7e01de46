"""Privacy pages: the audit log, "My data", consents, exports and erasures, retention."""

from __future__ import annotations

import tempfile
from typing import Any, cast

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portevoix.tenancy.access import OrgAccess, Perm, org_view
from portevoix.tenancy.selectors import person_get

from . import selectors
from .audit import record
from .collect import account_inventory, person_inventory
from .consent import consent_give, consent_withdraw
from .erasure import organisation_erase, person_erase
from .exporting import account_export, organisation_export, person_export
from .forms import AuditFilterForm, ConsentForm, OrganisationEraseForm, RetentionForm
from .models import AuditAction, Consent, RetentionPolicy
from .retention import defaults, retention_update

PAGE_SIZE = 50


def _zip_response(write: Any, filename: str) -> HttpResponse:
    """The ZIP is written to a temporary file (an organisation's export can be large) and streamed."""
    out = tempfile.TemporaryFile()  # noqa: SIM115  # FileResponse closes it after sending
    write(out)
    out.seek(0)
    response = FileResponse(out, as_attachment=True, filename=filename, content_type="application/zip")
    return cast(HttpResponse, response)  # org_view's views answer HttpResponse; streaming is fine


def _stamp() -> str:
    return timezone.localtime().strftime("%Y%m%d-%H%M")


@org_view(Perm.MANAGE_ORGANISATION)
def audit_list(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    filters: dict[str, Any] = {}
    if form.is_valid():
        data = form.cleaned_data
        filters = {
            "action": data["action"],
            "who": data["who"],
            "since": data["since"],
            "until": data["until"],
        }
    entries = selectors.audit_list(organisation=access.organisation, **filters)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "privacy/audit_list.html",
        {"access": access, "form": form, "page": page, "query": query.urlencode()},
    )


@org_view(Perm.VIEW_ORGANISATION)
def my_data(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    person = access.person
    holdings = []
    consents: list[Consent] = []
    about: list[Any] = []
    if person is not None:
        inventory = person_inventory(person)
        # What their export holds: not the ratings colleagues gave about them.
        holdings = [(h.label, h.count(), h.owned) for h in inventory.exported(for_themselves=True)]
        consents = list(Consent.objects.filter(person=person))
        about = list(selectors.about_person(organisation=access.organisation, person=person)[:50])
    account = [(h.label, h.count()) for h in account_inventory(request.user, access.organisation)]
    return render(
        request,
        "privacy/my_data.html",
        {
            "access": access,
            "person": person,
            "holdings": [h for h in holdings if h[1]],
            "account": [a for a in account if a[1]],
            "consents": consents,
            "about": about,
        },
    )


@org_view(Perm.VIEW_ORGANISATION)
@require_POST
def my_data_export(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    organisation, person = access.organisation, access.person
    record(
        AuditAction.PRIVACY_EXPORT,
        organisation=organisation,
        actor=request.user,
        target=person,
        details={"scope": "self"},
    )
    if person is not None:
        return _zip_response(
            lambda out: person_export(person, out, for_themselves=True), f"my-data-{_stamp()}.zip"
        )
    return _zip_response(
        lambda out: account_export(request.user, organisation, out), f"my-data-{_stamp()}.zip"
    )


@org_view(Perm.MANAGE_PEOPLE)
@require_POST
def person_export_view(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    person = person_get(organisation=access.organisation, pk=pk)
    record(
        AuditAction.PRIVACY_EXPORT,
        organisation=access.organisation,
        actor=request.user,
        target=person,
        details={"scope": "person"},
    )
    return _zip_response(lambda out: person_export(person, out), f"person-{person.pk}-{_stamp()}.zip")


@org_view(Perm.MANAGE_PEOPLE)
@require_POST
def person_erase_view(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    person = person_get(organisation=access.organisation, pk=pk)
    if request.POST.get("confirm") != "erase":
        messages.error(request, _("Tick the box to confirm the erasure: nothing was erased."))
        return redirect("tenancy:person.detail", org_slug=access.organisation.slug, pk=person.pk)
    report = person_erase(person=person, actor=request.user)
    messages.success(
        request,
        _("The person is erased everywhere: %(rows)d records and %(files)d files deleted.")
        % {"rows": sum(report.rows.values()), "files": report.files},
    )
    return redirect("tenancy:person.list", org_slug=access.organisation.slug)


@org_view(Perm.MANAGE_PEOPLE)
@require_POST
def consent_add(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    person = person_get(organisation=access.organisation, pk=pk)
    form = ConsentForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        consent_give(
            person=person,
            method=data["method"],
            given_on=data["given_on"],
            note=data["note"],
            document=data["document"],
            user=request.user,
        )
        messages.success(request, _("The consent of %(name)s is recorded.") % {"name": person.full_name})
    else:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}: {error}" if label else str(error))
    return redirect("tenancy:person.detail", org_slug=access.organisation.slug, pk=person.pk)


@org_view(Perm.VIEW_ORGANISATION)
@require_POST
def consent_withdraw_view(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    """A manager withdraws it on the person's behalf, or the person withdraws their own."""
    consent = get_object_or_404(Consent, organisation=access.organisation, pk=pk)
    own = access.person is not None and access.person.pk == consent.person_id
    if not (own or access.can(Perm.MANAGE_PEOPLE)):
        return HttpResponse(status=403)
    consent_withdraw(consent=consent, user=request.user)
    messages.success(request, _("The consent is withdrawn: no new activity data will be imported."))
    if own and request.POST.get("next") == "my-data":
        return redirect("privacy:my_data", org_slug=access.organisation.slug)
    return redirect("tenancy:person.detail", org_slug=access.organisation.slug, pk=consent.person_id)


@org_view(Perm.MANAGE_ORGANISATION)
def privacy_settings(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    organisation = access.organisation
    policy = RetentionPolicy.objects.filter(organisation=organisation).first()
    form = RetentionForm(request.POST or None, instance=policy)
    if request.method == "POST" and form.is_valid():
        retention_update(organisation=organisation, data=form.cleaned_data, user=request.user)
        messages.success(request, _("The retention settings are saved."))
        return redirect("privacy:settings", org_slug=organisation.slug)
    return render(
        request,
        "privacy/settings.html",
        {
            "access": access,
            "form": form,
            "defaults": defaults(),
            "erase_form": OrganisationEraseForm(organisation=organisation),
        },
    )


@org_view(Perm.MANAGE_ORGANISATION)
@require_POST
def organisation_export_view(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    organisation = access.organisation
    record(
        AuditAction.PRIVACY_EXPORT,
        organisation=organisation,
        actor=request.user,
        target=organisation,
        details={"scope": "organisation"},
    )
    return _zip_response(
        lambda out: organisation_export(organisation, out), f"{organisation.slug}-{_stamp()}.zip"
    )


@org_view(Perm.MANAGE_ORGANISATION)
@require_POST
def organisation_erase_view(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    organisation = access.organisation
    form = OrganisationEraseForm(request.POST, organisation=organisation)
    if not form.is_valid():
        policy = RetentionPolicy.objects.filter(organisation=organisation).first()
        return render(
            request,
            "privacy/settings.html",
            {
                "access": access,
                "form": RetentionForm(instance=policy),
                "defaults": defaults(),
                "erase_form": form,
            },
            status=400,
        )
    name = organisation.name
    organisation_erase(organisation=organisation, actor=request.user)
    messages.success(request, _("%(name)s and everything it held are erased.") % {"name": name})
    return redirect("web:home")
