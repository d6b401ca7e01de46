"""Signed, expiring, single-person invitation links.

A token carries the invitation id and its nonce, signed with the site's secret and a timestamp.
Revoking an invitation changes its nonce, so earlier links stop working; once answers are
submitted the link only shows a "thank you" page.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing

from .models import Invitation

SALT = "portevoix.assessments.invitation"


class LinkError(Exception):
    """Why a link cannot be used; ``code`` selects the message shown."""

    def __init__(self, code: str, invitation: Invitation | None = None) -> None:
        super().__init__(code)
        self.code = code
        self.invitation = invitation


def invitation_token(invitation: Invitation) -> str:
    return signing.dumps({"i": invitation.pk, "n": invitation.nonce}, salt=SALT)


def invitation_from_token(token: str) -> Invitation:
    max_age = settings.PORTEVOIX_INVITATION_DAYS * 24 * 3600
    try:
        data = signing.loads(token, salt=SALT, max_age=max_age)
    except signing.SignatureExpired:
        raise LinkError("link_expired") from None
    except signing.BadSignature:
        raise LinkError("link_invalid") from None
    if not isinstance(data, dict) or not isinstance(data.get("i"), int):
        raise LinkError("link_invalid")
    invitation = (
        Invitation.objects.select_related("campaign__organisation", "campaign__framework_version", "subject")
        .filter(pk=data["i"])
        .first()
    )
    if invitation is None or invitation.nonce != data.get("n"):
        raise LinkError("link_revoked" if invitation is not None else "link_invalid")
    if invitation.status == Invitation.Status.REVOKED:
        raise LinkError("link_revoked", invitation)
    if invitation.status == Invitation.Status.SUBMITTED:
        raise LinkError("link_used", invitation)
    if invitation.campaign.is_closed:
        raise LinkError("campaign_closed", invitation)
    if not invitation.campaign.is_open:
        raise LinkError("campaign_not_open", invitation)
    return invitation
