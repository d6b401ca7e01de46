from __future__ import annotations

from django.test import Client
from django.urls import reverse

from portevoix.testing.tenants import Tenants


def test_french_is_the_default_whatever_the_browser_says(tenants: Tenants) -> None:
    client = tenants.client("owner")
    response = client.get("/o/acme/", headers={"accept-language": "en-US,en;q=0.9"})
    assert response["Content-Language"] == "fr"
    body = response.content.decode()
    assert '<html lang="fr">' in body
    assert "Vue d’ensemble" in body or "Vue d'ensemble" in body


def test_switching_to_english_sticks(tenants: Tenants) -> None:
    client = tenants.client("owner")
    response = client.post(reverse("web:set_language"), {"language": "en", "next": "/o/acme/"})
    assert response.status_code == 302
    assert response["Location"] == "/o/acme/"
    body = client.get("/o/acme/").content.decode()
    assert '<html lang="en">' in body
    assert "Overview" in body
    assert "Manufacturing industry" in body
    client.post(reverse("web:set_language"), {"language": "fr", "next": "/o/acme/"})
    assert '<html lang="fr">' in client.get("/o/acme/").content.decode()


def test_unknown_language_falls_back_to_french(tenants: Tenants) -> None:
    client = tenants.client("owner")
    client.cookies["portevoix_language"] = "de"
    assert client.get("/o/acme/")["Content-Language"] == "fr"


def test_login_page_is_french(client: Client, db: None) -> None:
    body = client.get(reverse("login")).content.decode()
    assert "Se connecter" in body
