"""Detection from real answers, review, organisation examples, and the selectors other apps use."""

from __future__ import annotations

from portevoix.assessments.models import Campaign
from portevoix.assessments.synthetic import synthetic_answers
from portevoix.objections import selectors, services
from portevoix.objections.models import NEUTRAL, Detection, OrgExample
from portevoix.tenancy.models import Organisation, Person
from portevoix.testing.factories import make_person, make_user

from .conftest import self_response


def test_choices_and_free_text_are_mapped_to_the_catalogue(campaign: Campaign, person: Person) -> None:
    response = self_response(
        campaign,
        person,
        pr_barriers=["exposure", "privacy_boundary"],
        es_triggers=["talent"],
        en_hold_back="Honnêtement je n'ai pas le temps, mes journées sont pleines.",
        vc_topics="Notre savoir-faire industriel.",
    )
    created = services.response_detect(response=response)
    found = {(d.source, d.signal) for d in created}
    assert ("choice", "exposure") in found
    assert ("choice", "privacy_boundary") in found
    assert ("choice", "talent_drain") in found
    assert ("text", "time") in found
    text_detection = next(d for d in created if d.signal == "time")
    assert text_detection.question_id == "en_hold_back"
    assert text_detection.language == "fr"
    assert 0.5 <= text_detection.confidence <= 1
    assert text_detection.closest
    # the neutral answer produced nothing
    assert not [d for d in created if d.question_id == "vc_topics"]


def test_detecting_again_keeps_reviews_and_adds_nothing_twice(campaign: Campaign, person: Person) -> None:
    response = self_response(campaign, person, en_hold_back="Je n'ai pas le temps de publier.")
    services.response_detect(response=response)
    detection = Detection.objects.get(response=response, signal="time")
    services.detection_review(detection=detection, action="confirm")
    services.response_detect(response=response)
    services.response_detect(response=response)
    rows = Detection.objects.filter(response=response, signal="time")
    assert rows.count() == 1
    assert rows.get().status == Detection.Status.CONFIRMED


def test_team_and_peer_answers_are_not_read(campaign: Campaign, organisation: Organisation) -> None:
    framework = campaign.framework_version.framework
    response = campaign.responses.create(
        kind="team",
        answers=synthetic_answers(framework, "team", level=0.2),
        submitted_on="2026-11-30",
    )
    assert services.response_detect(response=response) == []


def test_a_correction_becomes_an_example_the_classifier_uses(campaign: Campaign, person: Person) -> None:
    text = "Franchement la plaquette commerciale suffit bien pour nos clients."
    response = self_response(campaign, person, en_hold_back=text)
    services.response_detect(response=response)
    before = services.classify_text(text, organisation=campaign.organisation)
    detection = Detection.objects.filter(response=response, source="text").first()
    user = make_user()
    if detection is None:  # nothing detected: a consultant adds the phrasing by hand instead
        services.example_add(organisation=campaign.organisation, signal="usefulness", text=text, user=user)
    else:
        services.detection_review(detection=detection, action="correct", signal="usefulness", user=user)
        detection.refresh_from_db()
        assert detection.status in (Detection.Status.CORRECTED, Detection.Status.CONFIRMED)
        assert detection.effective_signal == "usefulness"
        assert detection.reviewed_by == user
    example = OrgExample.objects.get(organisation=campaign.organisation, text=text)
    assert example.signal == "usefulness"
    after = services.classify_text(
        "La plaquette commerciale suffit bien pour nos clients.", organisation=campaign.organisation
    )
    assert after.top is not None
    assert after.top.id == "usefulness"
    assert after.top.closest[0].source == "organisation"
    # another organisation is not affected
    other = services.classify_text("La plaquette commerciale suffit bien pour nos clients.")
    assert all(c.source == "catalogue" for m in other.matches for c in m.closest)
    assert before is not None


def test_rejecting_a_detection_teaches_a_neutral_example(campaign: Campaign, person: Person) -> None:
    response = self_response(campaign, person, en_hold_back="Je n'ai pas le temps de publier.")
    services.response_detect(response=response)
    detection = Detection.objects.get(response=response, signal="time")
    services.detection_review(detection=detection, action="reject")
    assert OrgExample.objects.get(organisation=campaign.organisation).signal == NEUTRAL
    assert selectors.organisation_signals(campaign.organisation) == []


def test_organisation_signals_counts_leaders_per_entry(
    campaign: Campaign, organisation: Organisation
) -> None:
    first, second = make_person(organisation), make_person(organisation)
    for leader in (first, second):
        services.response_detect(
            response=self_response(campaign, leader, en_hold_back="Je suis débordé, je n'ai pas le temps.")
        )
    services.response_detect(
        response=self_response(campaign, make_person(organisation), pr_barriers=["exposure"])
    )
    summaries = {s.id: s for s in selectors.organisation_signals(organisation)}
    assert summaries["time"].leaders == 2
    assert summaries["time"].kind == "objection"
    assert not summaries["time"].confirmed
    assert not summaries["time"].declared
    assert summaries["exposure"].leaders == 1
    assert summaries["exposure"].declared
    detection = Detection.objects.filter(person=first, signal="time").get()
    services.detection_review(detection=detection, action="confirm")
    assert {s.id: s for s in selectors.organisation_signals(organisation)}["time"].confirmed
    # ordered: objections, then barriers, then triggers
    kinds = [s.kind for s in selectors.organisation_signals(organisation)]
    assert kinds == sorted(kinds, key=lambda k: selectors.KIND_ORDER[k])


def test_the_profile_holds_what_was_said_answers_with_figures_and_actions(
    campaign: Campaign, person: Person
) -> None:
    services.response_detect(
        response=self_response(
            campaign, person, pr_convince="Je ne cherche pas de travail, je suis au codir."
        )
    )
    profile = selectors.person_objection_profile(person)
    assert profile.ids == ["job_seeking"]
    item = profile.items[0]
    assert item.evidence[0].detection.text.startswith("Je ne cherche pas de travail")
    assert item.evidence[0].question.startswith("Qu’est-ce qui vous convaincrait")
    figures = [f for answer in item.entry.answers for f in answer.figures]
    assert figures
    assert all(f.citation for f in figures)
    assert "profile_makeover" in [a.id for a in item.entry.actions]
    assert profile.statements
    assert profile.pending == 1


def test_an_entry_of_the_organisation_is_known_and_detected(campaign: Campaign, person: Person) -> None:
    services.entry_add(
        organisation=campaign.organisation,
        key="regulation",
        kind="barrier",
        label_fr="Contraintes réglementaires",
        label_en="Regulatory constraints",
        advice_fr="Rédiger avec la conformité une liste des sujets permis.",
        examples=[
            "La réglementation de l'AMF nous interdit de communiquer librement.",
            "Le régulateur encadre strictement toute prise de parole publique.",
        ],
    )
    response = self_response(
        campaign,
        person,
        en_hold_back="Avec les règles de l'AMF, on n'a pas le droit de communiquer comme on veut.",
    )
    services.response_detect(response=response)
    detection = Detection.objects.get(response=response, signal="regulation")
    if detection.to_check:
        # too uncertain to be a finding: not in the profile nor the codir's signals until confirmed
        profile = selectors.person_objection_profile(person)
        assert "regulation" not in profile.ids
        assert profile.to_check == 1
        assert "regulation" not in [s.id for s in selectors.organisation_signals(campaign.organisation)]
        services.detection_review(detection=detection, action="confirm")
    profile = selectors.person_objection_profile(person)
    assert "regulation" in profile.ids
    item = next(i for i in profile.items if i.entry.id == "regulation")
    assert item.entry.organisation_only
    assert item.entry.advice.startswith("Rédiger")


def test_the_background_tasks_detect_and_do_not_repeat_themselves(campaign: Campaign, person: Person) -> None:
    from portevoix.objections.tasks import detect_campaign, detect_response

    response = self_response(campaign, person, en_hold_back="Je n'ai pas le temps de publier.")
    assert detect_response.call(response.pk) >= 1
    assert detect_response.call(response.pk) == 0  # already read
    assert Detection.objects.filter(response=response, signal="time").count() == 1
    assert detect_campaign.call(campaign.pk) >= 1  # an analysis on demand reads again
    assert Detection.objects.filter(response=response, signal="time").count() == 1


def test_a_detection_to_check_is_not_a_finding_until_confirmed(campaign: Campaign, person: Person) -> None:
    """Below the review threshold a detection is stored "to check": shown in the review list,
    never counted in the profile, the codir's signals (roadmap, reports) until someone confirms it."""
    response = self_response(campaign, person, en_hold_back="Je suis débordé, je n'ai pas le temps.")
    services.response_detect(response=response)
    detection = Detection.objects.get(response=response, signal="time")
    assert not detection.to_check  # a plain statement is a confident finding
    detection.to_check = True
    detection.save()
    profile = selectors.person_objection_profile(person)
    assert "time" not in profile.ids
    assert profile.to_check == 1
    assert profile.pending == 1
    assert "time" not in [s.id for s in selectors.organisation_signals(campaign.organisation)]
    assert detection in [d for d, _label in selectors.codir_view(campaign.organisation).to_review]
    services.detection_review(detection=detection, action="confirm")
    assert "time" in selectors.person_objection_profile(person).ids
    assert "time" in [s.id for s in selectors.organisation_signals(campaign.organisation)]


def test_an_uncertain_match_is_stored_to_check(campaign: Campaign, person: Person) -> None:
    from portevoix.core.objections.classifier import REVIEW_BELOW

    response = self_response(campaign, person, en_hold_back="Je n'ai pas l'intention de changer de boîte.")
    services.response_detect(response=response)
    detections = list(Detection.objects.filter(response=response, source=Detection.Source.TEXT))
    assert detections
    for detection in detections:
        assert detection.to_check == (detection.confidence < REVIEW_BELOW)
