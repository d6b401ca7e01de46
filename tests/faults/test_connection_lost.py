"""The database connection dies in the middle of a questionnaire submission.

On PostgreSQL another session kills the respondent's connection (``pg_terminate_backend``) at the
moment the submission writes; on SQLite the write fails with the error a lost disk gives. Either
way: the answers confirmed before (saved sections) are all there, the submission is not half
saved (no response without a submitted invitation, nor the reverse), and sending again works.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.db import OperationalError, connection
from django.db.utils import DatabaseError, InterfaceError

from portevoix.assessments import services
from portevoix.assessments.models import Invitation, Response
from portevoix.assessments.questionnaire import sections_for
from portevoix.testing.campaigns import answers_for, make_campaign
from portevoix.testing.factories import make_organisation, make_person

pytestmark = pytest.mark.django_db(transaction=True)


def _kill_own_connection() -> None:
    """Terminate this session from a second one, as a crashed server or network would."""
    if connection.vendor != "postgresql":
        raise OperationalError("disk I/O error")  # what SQLite raises when its file goes away
    import psycopg
    from psycopg.conninfo import make_conninfo

    pid = connection.connection.info.backend_pid
    s = connection.settings_dict
    info = make_conninfo(
        dbname=s["NAME"],
        user=s.get("USER") or "",
        password=s.get("PASSWORD") or "",
        host=s.get("HOST") or "",
        port=str(s.get("PORT") or ""),
    )
    with psycopg.connect(info, autocommit=True) as killer:
        killer.execute("SELECT pg_terminate_backend(%s, 5000)", [pid])


@contextmanager
def _dies_at(matches: Callable[[str], bool]) -> Iterator[list[str]]:
    """Kill the connection just before the first statement ``matches`` selects reaches the server."""
    seen: list[str] = []

    def wrapper(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        seen.append(sql)
        if matches(sql) and not getattr(wrapper, "fired", False):
            wrapper.fired = True  # type: ignore[attr-defined]
            _kill_own_connection()
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield seen
    assert getattr(wrapper, "fired", False), f"the statement never came: {seen}"


def _reconnect() -> None:
    connection.close()
    connection.ensure_connection()


def _setup() -> tuple[Invitation, dict[str, Any], dict[str, Any]]:
    organisation = make_organisation()
    person = make_person(organisation)
    campaign = make_campaign(organisation)
    invitation, _ = services.invitation_create(
        campaign=campaign, kind="self", email="a@acme.example", respondent=person
    )
    framework = campaign.framework_version.framework
    answers = answers_for(framework, "self")
    sections = sections_for(framework, "self")
    first_ids = {q.id for q in sections[0].questions}
    first = {k: v for k, v in answers.items() if k in first_ids}
    rest = {k: v for k, v in answers.items() if k not in first_ids}
    return invitation, first, rest


def _insert_into(table: str) -> Callable[[str], bool]:
    return lambda sql: sql.lstrip().upper().startswith("INSERT") and f'"{table}"' in sql


def _update_of(table: str) -> Callable[[str], bool]:
    return lambda sql: sql.lstrip().upper().startswith("UPDATE") and f'"{table}"' in sql


LOST = (OperationalError, InterfaceError, DatabaseError)


@pytest.mark.parametrize(
    "where",
    [_insert_into("assessments_response"), _update_of("assessments_invitation")],
    ids=["while-storing-the-response", "while-marking-the-invitation-submitted"],
)
def test_a_connection_lost_during_submission_keeps_the_draft_and_half_saves_nothing(where: Any) -> None:
    invitation, first, rest = _setup()
    services.answers_save(invitation=invitation, answers=first)  # section 1: confirmed to the respondent
    services.answers_save(invitation=invitation, answers=rest)  # every other section: confirmed

    with pytest.raises(LOST), _dies_at(where):
        services.answers_save(invitation=invitation, answers={}, submit=True)
    _reconnect()

    assert Response.objects.count() == 0
    saved = Invitation.objects.get(pk=invitation.pk)
    assert saved.status == Invitation.Status.STARTED
    assert saved.draft == {**first, **rest}  # no confirmed answer lost

    services.answers_save(invitation=saved, answers={}, submit=True)  # the respondent sends again
    response = Response.objects.get()
    assert response.answers == {**first, **rest}
    assert Invitation.objects.get(pk=invitation.pk).status == Invitation.Status.SUBMITTED


def test_a_connection_lost_while_saving_a_section_keeps_the_sections_saved_before() -> None:
    invitation, first, rest = _setup()
    services.answers_save(invitation=invitation, answers=first)

    with pytest.raises(LOST), _dies_at(_update_of("assessments_invitation")):
        services.answers_save(invitation=invitation, answers=rest)
    _reconnect()

    saved = Invitation.objects.get(pk=invitation.pk)
    assert saved.draft == first  # the first section, untouched; nothing of the failed one
    assert Response.objects.count() == 0


def test_a_submission_whose_commit_was_confirmed_survives_a_lost_connection_afterwards() -> None:
    invitation, first, rest = _setup()
    services.answers_save(invitation=invitation, answers={**first, **rest}, submit=True)
    if connection.vendor == "postgresql":
        with pytest.raises(LOST), _dies_at(lambda sql: sql.lstrip().upper().startswith("SELECT")):
            Invitation.objects.get(pk=invitation.pk)
        _reconnect()
    response = Response.objects.get()
    assert response.answers == {**first, **rest}
    assert Invitation.objects.get(pk=invitation.pk).status == Invitation.Status.SUBMITTED
