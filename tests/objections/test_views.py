"""Objection pages: who sees what, reviews, additions to the catalogue, bad input."""

from __future__ import annotations

from django.urls import reverse

from portevoix.objections import services
from portevoix.objections.models import Detection, OrgEntry, OrgExample
from portevoix.testing.campaigns import make_campaign
from portevoix.testing.tenants import Tenants

from .conftest import self_response


def _detect_own(tenants: Tenants) -> Detection:
    campaign = make_campaign(tenants.org)
    response = self_response(
        campaign,
        tenants.own_person,
        en_hold_back="Je n'ai pas le temps, mes journées sont pleines.",
        pr_barriers=["exposure"],
    )
    services.response_detect(response=response)
    return Detection.objects.get(person=tenants.own_person, signal="time")


def test_a_leader_sees_what_they_said_and_the_resources_not_the_playbook(tenants: Tenants) -> None:
    """UX review 2026-12, P4: the CEO read his quotes tagged with a confidence, the classifier's
    closest phrasings and the "answers to prepare" against him."""
    _detect_own(tenants)
    url = reverse("objections:person", kwargs={"org_slug": "acme", "pk": tenants.own_person.pk})
    page = tenants.client("codir").get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Je n&#x27;ai pas le temps, mes journées sont pleines." in html
    assert "Pas le temps" in html
    assert "Peur de trop s’exposer" in html
    assert 'data-action="time_routine"' in html  # the resources offered to them
    assert "Ressources qui vous sont proposées" in html
    assert "confiance" not in html
    assert "exemples les plus proches" not in html
    assert "Réponses à préparer" not in html
    assert "Bpifrance Le Lab" not in html  # the sourced counter-arguments
    assert "review-" not in html  # a leader does not review detections
    # managers keep the full view
    full = tenants.client("owner").get(url).content.decode()
    for words in (
        "confiance",
        "exemples les plus proches",
        "Réponses à préparer",
        "Bpifrance Le Lab",
        "2018",
    ):
        assert words in full
    # the navigation links to the leader's own profile
    assert reverse("objections:person", kwargs={"org_slug": "acme", "pk": tenants.own_person.pk}) in html


def test_the_codir_view_counts_and_prepares_the_meeting(tenants: Tenants) -> None:
    detection = _detect_own(tenants)
    page = tenants.client("owner").get(reverse("objections:codir", kwargs={"org_slug": "acme"}))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-signal="time"' in html
    assert 'data-signal="exposure"' in html
    assert "Hervé Codir" in html
    assert f'data-testid="review-{detection.pk}"' in html
    assert "Talking points" in html or "Arguments pour la rencontre avec le sponsor" in html


def test_an_admin_corrects_a_detection_and_it_is_kept_as_an_example(tenants: Tenants) -> None:
    detection = _detect_own(tenants)
    url = reverse("objections:detection.review", kwargs={"org_slug": "acme", "pk": detection.pk})
    page = tenants.client("owner").post(
        url, {"action": "correct", "signal": "extra_burden", "next": "person"}
    )
    assert page.status_code == 302
    assert page["Location"].endswith(f"/objections/people/{tenants.own_person.pk}/")
    detection.refresh_from_db()
    assert detection.status == Detection.Status.CORRECTED
    assert detection.effective_signal == "extra_burden"
    example = OrgExample.objects.get(organisation=tenants.org)
    assert (example.signal, example.source) == ("extra_burden", "review")


def test_a_correction_without_an_entry_or_to_an_unknown_one_changes_nothing(tenants: Tenants) -> None:
    detection = _detect_own(tenants)
    url = reverse("objections:detection.review", kwargs={"org_slug": "acme", "pk": detection.pk})
    client = tenants.client("owner")
    for data in (
        {"action": "correct", "signal": ""},
        {"action": "correct", "signal": "nonsense"},
        {"action": "x"},
    ):
        page = client.post(url, data, follow=True)
        assert page.status_code == 200
        assert 'class="error"' in page.content.decode() or "messages" in page.content.decode()
    detection.refresh_from_db()
    assert detection.status == Detection.Status.DETECTED
    assert not OrgExample.objects.exists()


def test_a_consultant_adds_a_phrasing_and_an_entry(tenants: Tenants) -> None:
    client = tenants.client("consultant")
    page = client.post(
        reverse("objections:example.add", kwargs={"org_slug": "acme"}),
        {"signal": "time", "text": "  Le planning   de production me mange tout  ", "language": "fr"},
    )
    assert page.status_code == 302
    assert OrgExample.objects.get(organisation=tenants.org).text == "Le planning de production me mange tout"
    page = client.post(
        reverse("objections:entry.add", kwargs={"org_slug": "acme"}),
        {
            "key": "regulation",
            "kind": "barrier",
            "label_fr": "Contraintes réglementaires",
            "label_en": "Regulatory constraints",
            "examples": "La réglementation nous interdit de communiquer.\nLe régulateur encadre la parole.",
        },
    )
    assert page.status_code == 302
    assert OrgEntry.objects.get(organisation=tenants.org).key == "regulation"
    html = client.get(reverse("objections:catalogue", kwargs={"org_slug": "acme"})).content.decode()
    assert "Contraintes réglementaires" in html
    assert "Le planning de production me mange tout" in html


def test_bad_additions_are_refused_with_a_message_and_nothing_stored(tenants: Tenants) -> None:
    client = tenants.client("owner")
    page = client.post(
        reverse("objections:example.add", kwargs={"org_slug": "acme"}),
        {"signal": "time", "text": " a ", "language": "fr"},
    )
    assert page.status_code == 400
    assert "au moins trois caractères" in page.content.decode()
    page = client.post(
        reverse("objections:entry.add", kwargs={"org_slug": "acme"}),
        {"key": "time", "kind": "barrier", "label_fr": "x", "label_en": "x", "examples": "une seule ligne"},
    )
    assert page.status_code == 400
    html = page.content.decode()
    assert "déjà utilisé" in html
    assert "au moins deux" in html
    assert not OrgExample.objects.exists()
    assert not OrgEntry.objects.exists()


def test_the_analysis_is_queued_for_the_worker(tenants: Tenants) -> None:
    from django_tasks_db.models import DBTaskResult

    make_campaign(tenants.org)
    before = DBTaskResult.objects.count()
    page = tenants.client("owner").post(reverse("objections:analyse", kwargs={"org_slug": "acme"}))
    assert page.status_code == 302
    assert DBTaskResult.objects.count() == before + 1


def test_a_detection_to_check_is_shown_so_in_the_review_and_not_in_the_profile(tenants: Tenants) -> None:
    detection = _detect_own(tenants)
    Detection.objects.filter(pk=detection.pk).update(to_check=True)
    codir = tenants.client("owner").get(reverse("objections:codir", kwargs={"org_slug": "acme"}))
    html = codir.content.decode()
    assert 'data-testid="to-check"' in html
    assert "À vérifier" in html
    url = reverse("objections:person", kwargs={"org_slug": "acme", "pk": tenants.own_person.pk})
    profile = tenants.client("owner").get(url).content.decode()
    assert 'data-testid="to-check-count"' in profile
    assert 'data-signal="time"' not in profile
