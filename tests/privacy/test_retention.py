"""Retention, with time travel: the clock is moved forward, nobody sleeps."""

from __future__ import annotations

import datetime
from unittest import mock

from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from portevoix.assessments import services
from portevoix.assessments.models import Campaign, Invitation, Response
from portevoix.evidence.importing import evidence_import_queue, evidence_import_run
from portevoix.privacy.audit import record
from portevoix.privacy.models import AuditEntry, RetentionPolicy
from portevoix.privacy.retention import retention_apply, retention_of
from portevoix.privacy.tasks import TASK_PATH, apply_retention, retention_schedule
from portevoix.storage import media
from portevoix.testing.campaigns import make_campaign, submit
from portevoix.testing.privacy import with_consent
from portevoix.testing.tenants import Tenants

from .conftest import linkedin_zip

DAY = datetime.timedelta(days=1)


def _closed_campaign(tenants: Tenants) -> Campaign:
    campaign = make_campaign(tenants.org, team_survey=True)
    submit(
        campaign,
        "self",
        email="herve@acme.example",
        respondent=tenants.own_person,
        subject=tenants.own_person,
    )
    submit(campaign, "team", email="employee@acme.example")
    services.invitation_create(campaign=campaign, kind="team", email="silent@acme.example")
    services.campaign_close(campaign=campaign)
    campaign.refresh_from_db()
    return campaign


def test_invitations_of_closed_campaigns_go_after_the_delay_answers_stay(tenants: Tenants) -> None:
    campaign = _closed_campaign(tenants)
    closed = campaign.closed_at
    assert closed is not None
    assert Invitation.objects.filter(campaign=campaign).count() == 3
    assert retention_of(tenants.org).invitation_days == 90
    retention_apply(now=closed + 89 * DAY)
    assert Invitation.objects.filter(campaign=campaign).count() == 3
    report = retention_apply(now=closed + 91 * DAY)
    assert report.invitations == 3
    assert Invitation.objects.filter(campaign=campaign).count() == 0
    assert Response.objects.filter(campaign=campaign).count() == 2
    assert AuditEntry.objects.filter(action="retention.apply", organisation=tenants.org).exists()


def test_an_open_campaign_keeps_its_invitations(tenants: Tenants) -> None:
    campaign = make_campaign(tenants.org)
    services.invitation_create(campaign=campaign, kind="team", email="x@acme.example")
    retention_apply(now=timezone.now() + 1000 * DAY)
    assert Invitation.objects.filter(campaign=campaign).count() == 1


def test_kept_uploads_are_deleted_after_the_organisations_delay(tenants: Tenants, storage_kind: str) -> None:
    with_consent(tenants.own_person)
    RetentionPolicy.objects.create(organisation=tenants.org, raw_upload_days=7)
    queued = evidence_import_queue(
        organisation=tenants.org,
        person=tenants.own_person,
        source="linkedin",
        raw=linkedin_zip([("2026-10-01", "Post")]),
        filename="a.zip",
        keep_file=True,
    )
    evidence_import_run(queued)
    name = f"evidence/{queued.stored_file}"
    assert media().exists(name)
    retention_apply(now=timezone.now() + 6 * DAY)
    assert media().exists(name)
    report = retention_apply(now=timezone.now() + 8 * DAY)
    assert report.uploads == 1
    assert not media().exists(name)
    queued.refresh_from_db()
    assert queued.stored_file == ""
    assert queued.status == "done"


def test_audit_retention_and_zero_means_never(tenants: Tenants) -> None:
    RetentionPolicy.objects.create(organisation=tenants.org, audit_days=30, invitation_days=0)
    RetentionPolicy.objects.create(organisation=tenants.other, audit_days=0)
    record("results.export", organisation=tenants.org)
    record("results.export", organisation=tenants.other)
    campaign = _closed_campaign(tenants)
    retention_apply(now=timezone.now() + 31 * DAY)
    assert not AuditEntry.objects.filter(organisation=tenants.org, action="results.export").exists()
    assert AuditEntry.objects.filter(organisation=tenants.other).count() == 1
    assert Invitation.objects.filter(campaign=campaign).count() == 3


def test_stale_answer_uploads_are_removed(db: None, storage_kind: str) -> None:
    from portevoix.assessments.importing import upload_read, upload_store
    from portevoix.testing.factories import make_organisation

    org = make_organisation()
    key = upload_store(b"x", organisation=org)  # in the organisation's folder: found recursively
    assert retention_apply(now=timezone.now()).answer_uploads == 0
    assert upload_read(key, organisation=org) == b"x"
    assert retention_apply(now=timezone.now() + 2 * DAY).answer_uploads == 1
    assert upload_read(key, organisation=org) is None


def test_the_daily_task_runs_and_plans_the_next_run(tenants: Tenants) -> None:
    campaign = _closed_campaign(tenants)
    later = timezone.now() + 100 * DAY
    with (
        mock.patch("portevoix.privacy.retention.timezone.now", return_value=later),
        mock.patch("portevoix.privacy.tasks.timezone.now", return_value=later),
    ):
        result = apply_retention.call()
    assert result["invitations"] == 3
    assert Invitation.objects.filter(campaign=campaign).count() == 0
    waiting = DBTaskResult.objects.get(task_path=TASK_PATH, status="READY")
    assert waiting.run_after == later + DAY
    assert retention_schedule() is False  # one waiting run is enough


def test_retention_settings_page(tenants: Tenants) -> None:
    client = tenants.client("owner")
    url = reverse("privacy:settings", kwargs={"org_slug": "acme"})
    assert client.get(url).status_code == 200
    bad = client.post(url, {"raw_upload_days": "-3", "invitation_days": "", "audit_days": ""})
    assert bad.status_code == 200
    assert not RetentionPolicy.objects.exists()
    client.post(url, {"raw_upload_days": "3", "invitation_days": "", "audit_days": "0"})
    rules = retention_of(tenants.org)
    assert (rules.raw_upload_days, rules.invitation_days, rules.audit_days) == (3, 90, 0)
    assert AuditEntry.objects.filter(action="retention.change").count() == 1


def test_failed_attempt_counters_go_once_unlocked_and_out_of_their_window(db: None) -> None:
    from portevoix.security import throttle
    from portevoix.security.models import Throttle

    now = timezone.now()
    old = now - 2 * DAY
    Throttle.objects.create(scope=throttle.LOGIN, key="a" * 64, failures=2, window_start=old)
    Throttle.objects.create(
        scope=throttle.LOGIN, key="b" * 64, failures=5, window_start=old, locked_until=now + DAY
    )  # still locked: kept until the lock ends
    Throttle.objects.create(scope=throttle.TOKEN, key="c" * 64, failures=1, window_start=now)
    Throttle.objects.create(
        scope=throttle.OTP, key="d" * 64, failures=5, window_start=old, locked_until=old + DAY
    )  # lock over
    report = retention_apply(now=now)
    assert report.throttles == 2
    assert report.counts()["throttles"] == 2
    assert set(Throttle.objects.values_list("key", flat=True)) == {"b" * 64, "c" * 64}
