"""The audit log: append-only, fed by the sensitive actions, filtered and paginated for managers."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone

from portevoix.privacy.audit import record
from portevoix.privacy.models import AppendOnlyError, AuditEntry
from portevoix.tenancy.models import MemberInvitation
from portevoix.testing.campaigns import make_campaign
from portevoix.testing.tenants import Tenants
from portevoix.usage.models import Persona


def test_record_copies_who_what_and_refuses_changes(tenants: Tenants) -> None:
    entry = record(
        "results.export",
        organisation=tenants.org,
        actor=tenants.users["owner"],
        target=tenants.colleague,
        details={"format": "csv"},
    )
    assert (entry.actor_label, entry.target_type, entry.target_label) == (
        "owner@acme.example",
        "tenancy.person",
        "Sophie Collègue",
    )
    assert entry.person == tenants.colleague
    entry.details = {}
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    assert AuditEntry.objects.get().details == {"format": "csv"}


def test_sensitive_actions_are_recorded(tenants: Tenants) -> None:
    client = tenants.client("owner")
    campaign = make_campaign(tenants.org)
    client.get(
        reverse("assessments:campaign.export", kwargs={"org_slug": "acme", "pk": campaign.pk}) + "?format=csv"
    )
    client.post(
        reverse("tenancy:member.list", kwargs={"org_slug": "acme"}),
        {
            "email": "new@acme.example",
            "role": "codir_member",
            "person": tenants.colleague.pk,
            "full_name": "",
        },
    )
    # an address outside the organisation is invited (F16); withdrawing the invitation is recorded too
    invitation = MemberInvitation.objects.get(email="new@acme.example")
    client.post(
        reverse("tenancy:member.invitation_withdraw", kwargs={"org_slug": "acme", "pk": invitation.pk})
    )
    persona = Persona.objects.create(organisation=tenants.org, name="Acheteuse")
    client.post(reverse("usage:persona.delete", kwargs={"org_slug": "acme", "pk": persona.pk}))
    client.post(reverse("tenancy:person.delete", kwargs={"org_slug": "acme", "pk": tenants.colleague.pk}))
    actions = list(AuditEntry.objects.order_by("pk").values_list("action", "target_label"))
    assert actions == [
        ("results.export", "Diagnostic 2026"),
        ("member.grant", "new@acme.example"),
        ("member.revoke", "new@acme.example"),
        ("persona.delete", "Acheteuse"),
        ("person.delete", "Sophie Collègue"),
    ]
    assert set(AuditEntry.objects.values_list("actor_label", flat=True)) == {"owner@acme.example"}


def test_profile_change_records_the_changed_fields(tenants: Tenants) -> None:
    client = tenants.client("consultant")
    url = reverse("tenancy:organisation.edit", kwargs={"org_slug": "acme"})
    data = {
        "name": "Acme Industrie",
        "sector": "industry",
        "size_band": "medium",
        "market": "b2c",
        "priorities": ["lead_generation"],
        "time_zone": "Europe/Paris",
        "default_language": "fr",
    }
    assert client.post(url, data).status_code == 302
    entry = AuditEntry.objects.get(action="organisation.update")
    assert sorted(entry.details["fields"]) == ["market", "name"]


def test_audit_page_filters_and_paginates(tenants: Tenants) -> None:
    now = timezone.now()
    for n in range(60):
        entry = record(
            "results.export", organisation=tenants.org, actor=tenants.users["owner"], target_label=f"C{n}"
        )
        AuditEntry.objects.filter(pk=entry.pk).update(at=now - datetime.timedelta(days=n))
    record(
        "person.delete", organisation=tenants.org, actor=tenants.users["consultant"], target=tenants.colleague
    )
    record("person.delete", organisation=tenants.other, target_label="Globex secret")
    client = tenants.client("owner")
    url = reverse("privacy:audit.list", kwargs={"org_slug": "acme"})
    first = client.get(url).content.decode()
    assert "Page 1 sur 2" in first
    assert "Globex secret" not in first
    second = client.get(url, {"page": 2}).content.decode()
    assert second.count("<tr>") == 1 + 11  # header + the 11 oldest
    deletions = client.get(url, {"action": "person.delete"}).content.decode()
    assert "Sophie Collègue" in deletions
    assert "C1<" not in deletions
    who = client.get(url, {"who": "consultant@"}).content.decode()
    assert "Sophie Collègue" in who
    assert ">C1<" not in who
    # the filter reads dates in the organisation's time zone (Paris: past 23:00 UTC, the next day)
    zone = zoneinfo.ZoneInfo(tenants.org.time_zone)
    day = timezone.localtime(now - datetime.timedelta(days=30), zone).date().isoformat()
    dated = client.get(url, {"since": day, "until": day}).content.decode()
    assert dated.count("<tr>") == 1 + 1
    assert ">C30<" in dated
