from __future__ import annotations

import pytest
from django.core import mail, signing
from django.test import override_settings

from portevoix.assessments import services
from portevoix.assessments.models import Campaign, Invitation, Response
from portevoix.assessments.results import campaign_results
from portevoix.assessments.tokens import LinkError, invitation_from_token, invitation_token
from portevoix.core.errors import ProblemsError
from portevoix.tenancy.models import Person
from portevoix.testing.campaigns import answers_for, make_campaign, submit
from portevoix.testing.factories import make_person
from portevoix.testing.tenants import Tenants


def test_self_assessment_is_scored_and_the_codir_aggregated(tenants: Tenants) -> None:
    campaign = make_campaign(tenants.org)
    submit(campaign, "self", email="herve@acme.example", respondent=tenants.own_person, level=1.0)
    submit(campaign, "self", email="sophie@acme.example", respondent=tenants.colleague, level=0.0)
    results = campaign_results(campaign)
    assert set(results.self_cards) == {tenants.own_person.pk, tenants.colleague.pk}
    high = results.self_cards[tenants.own_person.pk].overall["person"]
    low = results.self_cards[tenants.colleague.pk].overall["person"]
    assert high is not None
    assert low is not None
    assert high > 80
    assert low < 20
    assert results.codir is not None
    assert results.codir.n == 2
    spread = next(iter(results.codir.spreads.values()))
    assert str(spread.alignment) == "divided"


def test_draft_then_submit_is_all_or_nothing(tenants: Tenants) -> None:
    campaign = make_campaign(tenants.org)
    invitation, _ = services.invitation_create(
        campaign=campaign, kind="self", email="herve@acme.example", respondent=tenants.own_person
    )
    framework = campaign.framework_version.framework
    answers = answers_for(framework, "self")
    first = dict(list(answers.items())[:5])
    services.answers_save(invitation=invitation, answers=first)
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.STARTED
    assert invitation.draft == first
    bad = {**answers, "no_such_question": "x"}
    with pytest.raises(ProblemsError) as error:
        services.answers_save(invitation=invitation, answers=bad, submit=True)
    assert [p.code for p in error.value.problems] == ["unknown_question"]
    invitation.refresh_from_db()
    assert invitation.draft == first  # nothing of the bad batch was kept
    assert not Response.objects.exists()
    services.answers_save(invitation=invitation, answers=answers, submit=True)
    with pytest.raises(ProblemsError):
        services.answers_save(invitation=invitation, answers=answers, submit=True)
    assert Response.objects.count() == 1


def test_out_of_range_and_unknown_option_are_refused(tenants: Tenants) -> None:
    campaign = make_campaign(tenants.org)
    invitation, _ = services.invitation_create(
        campaign=campaign, kind="self", email="herve@acme.example", respondent=tenants.own_person
    )
    framework = campaign.framework_version.framework
    scale = next(q for q in framework.questions if q.type == "scale")
    choice = next(q for q in framework.dimensions_at("person")[0].questions if q.type == "single_choice")
    with pytest.raises(ProblemsError) as error:
        services.answers_save(invitation=invitation, answers={scale.id: 99, choice.id: "nope"})
    assert {p.code for p in error.value.problems} == {"answer_out_of_range", "unknown_option"}
    invitation.refresh_from_db()
    assert invitation.draft == {}


def test_peer_cannot_answer_organisation_questions(tenants: Tenants) -> None:
    campaign = make_campaign(tenants.org)
    invitation, _ = services.invitation_create(
        campaign=campaign,
        kind="peer",
        email="sophie@acme.example",
        respondent=tenants.colleague,
        subject=tenants.own_person,
    )
    org_question = campaign.framework_version.framework.dimensions_at("organisation")[0].questions[0]
    with pytest.raises(ProblemsError) as error:
        services.answers_save(invitation=invitation, answers={org_question.id: org_question.options[0].id})
    assert error.value.problems[0].code == "unknown_question"


def test_team_answers_keep_no_link_to_the_employee(tenants: Tenants) -> None:
    campaign = make_campaign(tenants.org, team_survey=True)
    invitation = submit(campaign, "team", email="employe@acme.example")
    response = Response.objects.get(kind="team")
    assert response.invitation is None
    assert response.respondent is None
    assert response.subject is None
    assert invitation.status == Invitation.Status.SUBMITTED
    assert invitation.submitted_at is None
    assert invitation.draft == {}


def test_a_team_draft_is_cleared_when_the_answers_are_submitted(tenants: Tenants) -> None:
    """Save and resume, then submit: a team invitation holds the employee's e-mail, so a draft left
    on it would link the "anonymous" answers to a person (architecture review §4, mutation M4;
    the test above submits in one call and could not see it)."""
    campaign = make_campaign(tenants.org, team_survey=True)
    invitation, _created = services.invitation_create(campaign=campaign, kind="team", email="e@acme.example")
    answers = answers_for(campaign.framework_version.framework, "team")
    first = dict(list(answers.items())[:3])
    services.answers_save(invitation=invitation, answers=first)
    invitation.refresh_from_db()
    assert invitation.draft  # the draft is kept between visits
    services.answers_save(invitation=invitation, answers=answers, submit=True)
    invitation.refresh_from_db()
    assert invitation.draft == {}
    assert invitation.status == Invitation.Status.SUBMITTED
    response = Response.objects.get(kind="team")
    assert response.answers == {k: v for k, v in answers.items() if v not in (None, "", [])}
    assert response.invitation is None


def test_team_aggregate_hidden_below_threshold(tenants: Tenants) -> None:
    campaign = make_campaign(tenants.org, team_survey=True, anonymity_threshold=3)
    for n in range(2):
        submit(campaign, "team", email=f"e{n}@acme.example")
    results = campaign_results(campaign)
    assert results.team is None
    assert results.team_hidden
    assert results.team_count == 2
    submit(campaign, "team", email="e3@acme.example")
    results = campaign_results(campaign)
    assert results.team is not None
    assert results.team.n == 3


def _rate(campaign: Campaign, rater: Person, subject: Person, level: float) -> None:
    submit(
        campaign,
        "peer",
        email=rater.email or "x@acme.example",
        respondent=rater,
        subject=subject,
        level=level,
    )


def test_perception_gap_needs_two_assessors_so_that_nobody_s_ratings_can_be_read(tenants: Tenants) -> None:
    campaign = make_campaign(tenants.org)
    submit(campaign, "self", email="herve@acme.example", respondent=tenants.own_person, level=1.0)
    _rate(campaign, tenants.colleague, tenants.own_person, 0.0)
    results = campaign_results(campaign)
    gaps = results.gaps[tenants.own_person.pk]
    person_dims = [d.id for d in results.framework.dimensions_at("person")]
    # one colleague: the mean would be their own answers, so it is not shown; the count is
    assert all(gaps[d].others_mean is None and gaps[d].gap is None for d in person_dims)
    assert {gaps[d].n_others for d in person_dims} == {1}

    _rate(campaign, make_person(tenants.org, full_name="Nathalie Roux"), tenants.own_person, 0.2)
    results = campaign_results(campaign)
    gaps = results.gaps[tenants.own_person.pk]
    assert all((gaps[d].gap or 0) > 50 for d in person_dims)
    assert all(gaps[d.id].gap is None for d in results.framework.dimensions_at("organisation"))


def test_when_results_are_shared_each_assessor_could_subtract_their_own_so_it_takes_three(
    tenants: Tenants,
) -> None:
    campaign = make_campaign(tenants.org, share_individual_results=True)
    submit(campaign, "self", email="herve@acme.example", respondent=tenants.own_person, level=1.0)
    _rate(campaign, tenants.colleague, tenants.own_person, 0.0)
    _rate(campaign, make_person(tenants.org, full_name="Nathalie Roux"), tenants.own_person, 0.2)
    person_dims = [d.id for d in campaign_results(campaign).framework.dimensions_at("person")]
    gaps = campaign_results(campaign).gaps[tenants.own_person.pk]
    assert all(gaps[d].others_mean is None for d in person_dims)
    _rate(campaign, make_person(tenants.org, full_name="Thomas Nguyen"), tenants.own_person, 0.1)
    gaps = campaign_results(campaign).gaps[tenants.own_person.pk]
    assert all(gaps[d].others_mean is not None for d in person_dims)


def test_the_rated_leader_reads_how_many_more_assessors_are_needed_not_a_colleague_s_answers(
    tenants: Tenants,
) -> None:
    campaign = make_campaign(tenants.org)
    submit(campaign, "self", email="herve@acme.example", respondent=tenants.own_person, level=1.0)
    _rate(campaign, tenants.colleague, tenants.own_person, 0.0)
    url = f"/o/{tenants.org.slug}/diagnostic/{campaign.pk}/results/?person={tenants.own_person.pk}"
    response = tenants.client("owner").get(url)
    assert response.status_code == 200
    assert "perception" not in response.context["charts"]
    assert response.context["gaps_pending"] == {"count": 1, "minimum": 2}
    assert "au moins 2" in response.content.decode()


def test_closing_freezes_weights_and_stops_answers(tenants: Tenants) -> None:
    campaign = make_campaign(tenants.org)
    invitation, _ = services.invitation_create(
        campaign=campaign, kind="self", email="herve@acme.example", respondent=tenants.own_person
    )
    services.campaign_close(campaign=campaign)
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.CLOSED
    assert campaign.frozen_weights
    frozen = dict(campaign.frozen_weights)
    tenants.org.priorities = ["investor_relations"]
    tenants.org.save()
    assert campaign_results(campaign).weights == pytest.approx(frozen)
    with pytest.raises(LinkError) as error:
        invitation_from_token(invitation_token(invitation))
    assert error.value.code == "campaign_closed"


def test_links_are_single_person_revocable_and_expire(tenants: Tenants) -> None:
    campaign = make_campaign(tenants.org)
    invitation, _ = services.invitation_create(
        campaign=campaign, kind="self", email="herve@acme.example", respondent=tenants.own_person
    )
    token = invitation_token(invitation)
    assert invitation_from_token(token).pk == invitation.pk
    tampered = signing.dumps({"i": invitation.pk, "n": "guess"}, salt="portevoix.assessments.invitation")
    with pytest.raises(LinkError) as error:
        invitation_from_token(tampered)
    assert error.value.code == "link_revoked"
    with pytest.raises(LinkError) as error:
        invitation_from_token(token[:-3] + "abc")
    assert error.value.code == "link_invalid"
    with override_settings(PORTEVOIX_INVITATION_DAYS=-1), pytest.raises(LinkError) as error:
        invitation_from_token(token)
    assert error.value.code == "link_expired"
    services.invitation_revoke(invitation=invitation)
    with pytest.raises(LinkError) as error:
        invitation_from_token(token)
    assert error.value.code == "link_revoked"


def test_invitations_and_reminders_are_mailed_in_the_respondents_language(tenants: Tenants) -> None:
    tenants.colleague.language = "en"
    tenants.colleague.save()
    campaign = make_campaign(tenants.org, open_it=False)
    services.invitation_create(
        campaign=campaign, kind="self", email="herve@acme.example", respondent=tenants.own_person
    )
    services.invitation_create(
        campaign=campaign, kind="self", email="sophie@acme.example", respondent=tenants.colleague
    )
    services.campaign_open(campaign=campaign)
    sent = services.invitations_send(invitations=campaign.invitations.all(), base_url="http://testserver")
    assert sent == 2
    by_to = {m.to[0]: m for m in mail.outbox}
    assert "diagnostic réseaux sociaux" in by_to["herve@acme.example"].subject
    assert "social media diagnostic" in by_to["sophie@acme.example"].subject
    assert "http://testserver/q/" in by_to["herve@acme.example"].body
    mail.outbox.clear()
    assert services.reminders_send(campaign=campaign, base_url="http://testserver") == 2
    assert all("Rappel" in m.subject or "Reminder" in m.subject for m in mail.outbox)


def test_person_of_another_organisation_cannot_be_invited(tenants: Tenants) -> None:
    campaign = make_campaign(tenants.org)
    with pytest.raises(ProblemsError):
        services.invitation_create(
            campaign=campaign, kind="self", email="g@globex.example", respondent=tenants.other_person
        )


@pytest.mark.django_db(transaction=True)
def test_scheduled_reminders_run_and_plan_the_next_one(tenants: Tenants) -> None:
    import datetime

    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from portevoix.assessments.tasks import send_scheduled_reminders

    campaign = make_campaign(tenants.org, open_it=False, reminder_every_days=3)
    invitation, _ = services.invitation_create(
        campaign=campaign, kind="self", email="herve@acme.example", respondent=tenants.own_person
    )
    services.campaign_open(campaign=campaign)
    services.invitations_send(invitations=[invitation], base_url="http://testserver")
    planned = DBTaskResult.objects.get(task_path__endswith="send_scheduled_reminders")
    assert planned.run_after > timezone.now() + datetime.timedelta(days=2, hours=23)
    mail.outbox.clear()
    assert send_scheduled_reminders.call(campaign.pk) == 1
    assert len(mail.outbox) == 1
    assert DBTaskResult.objects.filter(task_path__endswith="send_scheduled_reminders").count() == 2
    services.campaign_close(campaign=campaign)
    assert send_scheduled_reminders.call(campaign.pk) == 0  # a closed campaign stops the chain
    assert DBTaskResult.objects.filter(task_path__endswith="send_scheduled_reminders").count() == 2
