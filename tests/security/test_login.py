"""Login lockout (per account and address, in the database) and two-factor authentication."""

from __future__ import annotations

import datetime
import time

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.test import Client, RequestFactory, override_settings
from django.utils import timezone

from portevoix.core import totp
from portevoix.security import throttle
from portevoix.security.models import RecoveryCode, Throttle, TOTPDevice
from portevoix.security.services import confirm_enrolment, start_enrolment
from portevoix.tenancy.models import Role
from portevoix.testing.factories import PASSWORD, make_member, make_organisation, make_user

LOGIN = "/accounts/login/"
LOCKED_FR = "Trop de tentatives"


def _post_login(client: Client, email: str, password: str, **extra: str) -> object:
    return client.post(LOGIN, {"username": email, "password": password}, **extra)


@pytest.fixture
def user(db: None) -> object:
    return make_member(make_organisation(), Role.ORG_ADMIN, email="claire@acme.example")


@override_settings(PORTEVOIX_LOGIN_MAX_FAILURES=3)
def test_failed_logins_lock_the_account_for_that_address(user: object) -> None:
    client = Client()
    for _attempt in range(2):
        response = _post_login(client, "claire@acme.example", "wrong")
        assert response.status_code == 200
        assert LOCKED_FR not in response.content.decode()
    third = _post_login(client, "claire@acme.example", "wrong").content.decode()
    assert LOCKED_FR in third
    assert "15 minutes" in third
    # the right password does not open a locked account
    right = _post_login(client, "claire@acme.example", PASSWORD)
    assert right.status_code == 200
    assert LOCKED_FR in right.content.decode()
    assert "_auth_user_id" not in client.session
    # another address is not locked out of the same account
    other = _post_login(Client(REMOTE_ADDR="198.51.100.7"), "claire@acme.example", PASSWORD)
    assert other.status_code == 302
    # nor is another account from the first address
    make_user(email="lucie@acme.example")
    assert _post_login(client, "lucie@acme.example", PASSWORD).status_code == 302


@override_settings(PORTEVOIX_LOGIN_MAX_FAILURES=3)
def test_the_lock_is_in_english_too(user: object) -> None:
    client = Client()
    client.cookies["portevoix_language"] = "en"
    for _attempt in range(3):
        response = _post_login(client, "claire@acme.example", "wrong")
    assert "Too many failed attempts" in response.content.decode()


@override_settings(PORTEVOIX_LOGIN_MAX_FAILURES=3, PORTEVOIX_LOGIN_LOCKOUT=60)
def test_the_lock_ends_and_success_resets_the_count(user: object) -> None:
    client = Client()
    for _attempt in range(3):
        _post_login(client, "claire@acme.example", "wrong")
    key = throttle.make_key(throttle.LOGIN, "claire@acme.example", "127.0.0.1")
    row = Throttle.objects.get(scope=throttle.LOGIN, key=key)
    assert row.locked_until is not None
    Throttle.objects.filter(pk=row.pk).update(locked_until=timezone.now() - datetime.timedelta(seconds=1))
    assert _post_login(client, "Claire@acme.example ", "wrong").status_code == 200  # counts afresh: 1
    assert _post_login(client, "claire@acme.example", PASSWORD).status_code == 302
    assert not Throttle.objects.filter(scope=throttle.LOGIN, key=key).exists()


def test_counters_are_in_the_database_not_the_process(user: object) -> None:
    """Two processes share the count: the row is what a second process would read."""
    key = throttle.make_key(throttle.LOGIN, "claire@acme.example", "127.0.0.1")
    _post_login(Client(), "claire@acme.example", "wrong")
    assert Throttle.objects.get(scope=throttle.LOGIN, key=key).failures == 1
    assert "claire" not in Throttle.objects.get(scope=throttle.LOGIN, key=key).key


@override_settings(PORTEVOIX_LOGIN_MAX_FAILURES=2)
def test_the_admin_login_goes_through_the_same_lockout(user: object) -> None:
    client = Client()
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    assert client.get("/admin/").status_code == 302
    for _attempt in range(2):
        _post_login(client, "claire@acme.example", "wrong")
    # the backend itself refuses the right password from the locked address
    request = RequestFactory().post(LOGIN)
    assert authenticate(request, username="claire@acme.example", password=PASSWORD) is None
    request.META["REMOTE_ADDR"] = "198.51.100.7"
    assert authenticate(request, username="claire@acme.example", password=PASSWORD) == user


# ---- two-factor authentication ----


def _enable(user: object) -> TOTPDevice:
    device = start_enrolment(user)
    codes = confirm_enrolment(device, totp.code_at(device.secret, totp.step_of(time.time()) - 1))
    assert codes is not None
    return TOTPDevice.objects.get(pk=device.pk)


def test_enrolment_shows_a_qr_code_and_needs_a_confirmation_code(user: object) -> None:
    client = Client()
    client.force_login(user)
    page = client.get("/accounts/two-factor/")
    assert page.status_code == 200
    assert "Configurer la double authentification" in page.content.decode()
    client.post("/accounts/two-factor/", {"action": "start"})
    shown = client.get("/accounts/two-factor/").content.decode()
    assert "<svg" in shown
    device = TOTPDevice.objects.get(user=user)
    assert not device.confirmed
    wrong = client.post("/accounts/two-factor/", {"action": "confirm", "code": "000000"})
    assert "code n’est pas valide" in wrong.content.decode()
    assert not TOTPDevice.objects.get(user=user).confirmed
    code = totp.code_at(device.secret, totp.step_of(time.time()))
    done = client.post("/accounts/two-factor/", {"action": "confirm", "code": code})
    assert done.status_code == 200
    assert TOTPDevice.objects.get(user=user).confirmed
    assert RecoveryCode.objects.filter(user=user).count() == 10
    # the session that enrolled stays logged in
    assert client.get("/accounts/two-factor/").status_code == 200


def test_login_asks_the_code_when_enabled(user: object) -> None:
    device = _enable(user)
    client = Client()
    response = _post_login(client, "claire@acme.example", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/code/"
    assert "_auth_user_id" not in client.session
    assert client.get("/").status_code == 302  # not logged in yet
    assert client.post("/accounts/login/code/", {"code": "123456"}).status_code == 200
    code = totp.code_at(device.secret, totp.step_of(time.time()))
    done = client.post("/accounts/login/code/", {"code": code})
    assert done.status_code == 302
    assert client.get("/").status_code in (200, 302)
    assert client.session["_auth_user_id"] == str(user.pk)  # type: ignore[attr-defined]
    # a code works once
    again = Client()
    _post_login(again, "claire@acme.example", PASSWORD)
    assert again.post("/accounts/login/code/", {"code": code}).status_code == 200
    assert "_auth_user_id" not in again.session


def test_a_recovery_code_logs_in_once(user: object) -> None:
    device = start_enrolment(user)
    codes = confirm_enrolment(device, totp.code_at(device.secret, totp.step_of(time.time())))
    assert codes is not None
    for expected in (302, 200):
        client = Client()
        _post_login(client, "claire@acme.example", PASSWORD)
        assert client.post("/accounts/login/code/", {"code": codes[0]}).status_code == expected


@override_settings(PORTEVOIX_LOGIN_MAX_FAILURES=3)
def test_guessing_the_code_is_locked_out(user: object) -> None:
    device = _enable(user)
    client = Client()
    _post_login(client, "claire@acme.example", PASSWORD)
    for _attempt in range(3):
        response = client.post("/accounts/login/code/", {"code": "000000"})
    assert LOCKED_FR in response.content.decode()
    code = totp.code_at(device.secret, totp.step_of(time.time()))
    assert client.post("/accounts/login/code/", {"code": code}).status_code == 200
    assert "_auth_user_id" not in client.session


def test_a_session_without_the_second_factor_is_logged_out(user: object) -> None:
    """force_login skips the code step, as an older session would: the middleware ends it, admin included."""
    staff = make_user(email="root@porte-voix.example", superuser=True)
    _enable(staff)
    client = Client()
    client.force_login(staff)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    api = Client()
    api.force_login(staff)
    assert api.get("/api/organisations/x/campaigns").status_code == 401


def test_disabling_needs_the_password_and_a_code(user: object) -> None:
    device = _enable(user)
    client = Client()
    _post_login(client, "claire@acme.example", PASSWORD)
    client.post("/accounts/login/code/", {"code": totp.code_at(device.secret, totp.step_of(time.time()))})
    refused = client.post("/accounts/two-factor/", {"action": "disable", "password": "nope", "code": "1"})
    assert refused.status_code == 200
    assert TOTPDevice.objects.filter(user=user).exists()
    codes = client.post("/accounts/two-factor/", {"action": "recovery"})
    recovery = RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()
    assert recovery == 10
    assert codes.status_code == 200
    text = codes.content.decode()
    first = text.split("<code>")[1].split("</code>")[0]
    done = client.post("/accounts/two-factor/", {"action": "disable", "password": PASSWORD, "code": first})
    assert done.status_code == 302
    assert not TOTPDevice.objects.filter(user=user).exists()


def test_respondents_cannot_enrol(db: None) -> None:
    respondent = make_member(make_organisation(), Role.RESPONDENT, email="lucie@acme.example")
    client = Client()
    client.force_login(respondent)
    assert client.get("/accounts/two-factor/").status_code == 403
    assert get_user_model().objects.count() == 1


@pytest.mark.django_db(transaction=True)
@override_settings(PORTEVOIX_LOGIN_MAX_FAILURES=100)
def test_concurrent_failures_are_all_counted() -> None:
    """Each thread has its own database connection, as each gunicorn worker does: no lost update."""
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection

    if connection.vendor == "sqlite":
        # the test database is in-memory SQLite with a shared cache (table locks, no busy wait);
        # CI runs this on PostgreSQL, the production database
        pytest.skip("concurrent writers need a file or server database")
    key = throttle.make_key(throttle.LOGIN, "claire@acme.example", "203.0.113.9")

    def fail(_index: int) -> None:
        try:
            throttle.record_failure(throttle.LOGIN, key)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=6) as pool:
        list(pool.map(fail, range(24)))
    assert Throttle.objects.get(scope=throttle.LOGIN, key=key).failures == 24
