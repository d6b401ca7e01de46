"""Guessing questionnaire links is rate-limited per address; real links keep working elsewhere."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

from portevoix.assessments import services
from portevoix.assessments.tokens import invitation_token
from portevoix.security.models import Throttle
from portevoix.testing.campaigns import make_campaign
from portevoix.testing.factories import make_organisation


@pytest.fixture
def link(db: None) -> str:
    campaign = make_campaign(make_organisation())
    invitation, _created = services.invitation_create(
        campaign=campaign, kind="team", email="lucie@acme.example"
    )
    return f"/q/{invitation_token(invitation)}/"


@override_settings(PORTEVOIX_TOKEN_MAX_FAILURES=5)
def test_guessed_tokens_block_the_address(link: str) -> None:
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    assert attacker.get(link).status_code == 200  # a real link does not count
    for attempt in range(5):
        assert attacker.get(f"/q/guess-{attempt}/").status_code == 404
    blocked = attacker.get("/q/guess-6/")
    assert blocked.status_code == 429
    assert "Trop de liens non valides" in blocked.content.decode()
    # even the real link waits, from that address
    assert attacker.get(link).status_code == 429
    # another address is not affected
    assert Client(REMOTE_ADDR="198.51.100.7").get(link).status_code == 200
    assert Throttle.objects.filter(scope="token").count() == 1


@override_settings(PORTEVOIX_TOKEN_MAX_FAILURES=2)
def test_tampered_token_counts_as_a_guess(link: str) -> None:
    client = Client()
    tampered = link[:-3] + ("A" if link[-3] != "A" else "B") + link[-2:]
    assert client.get(tampered).status_code == 404
    assert client.get(tampered).status_code == 404
    english = Client()
    english.cookies["portevoix_language"] = "en"
    response = client.get(link)
    assert response.status_code == 429
    assert english.get(link).status_code == 429
    assert "Too many invalid links" in english.get(link).content.decode()


@override_settings(
    PORTEVOIX_TOKEN_MAX_FAILURES=2, SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https")
)
def test_behind_a_proxy_the_forwarded_address_counts(link: str) -> None:
    proxy = Client(REMOTE_ADDR="10.0.0.1")
    for _attempt in range(2):
        proxy.get("/q/guess/", headers={"X-Forwarded-For": "203.0.113.9"})
    assert proxy.get(link, headers={"X-Forwarded-For": "203.0.113.9"}).status_code == 429
    assert proxy.get(link, headers={"X-Forwarded-For": "198.51.100.7"}).status_code == 200
