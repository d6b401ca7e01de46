"""Test helper: record the consent a person's activity import needs."""

from __future__ import annotations

from portevoix.privacy.consent import consent_give, consent_valid
from portevoix.privacy.models import Consent, ConsentMethod
from portevoix.tenancy.models import Person


def with_consent(*people: Person) -> list[Consent]:
    consents = []
    for person in people:
        consent = consent_valid(person) or consent_give(person=person, method=ConsentMethod.SIGNED_FORM)
        consents.append(consent)
    return consents
