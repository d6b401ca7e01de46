"""Answering an invitation to an organisation: from the e-mailed link, or from the home page.

Nothing here is scoped to an organisation's URL: the invitation itself says which one, and only
the person it is addressed to (the holder of the signed link, or the logged-in account with that
e-mail) may answer it.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portevoix.privacy.audit import record
from portevoix.privacy.models import AuditAction

from . import services
from .models import MemberInvitation, Membership


def _accepted(invitation: MemberInvitation, membership: Membership) -> None:
    record(
        AuditAction.MEMBER_GRANT,
        organisation=invitation.organisation,
        actor=membership.user,
        target=membership,
        target_label=invitation.email,
        person=membership.person,
        details={"role": str(membership.role), "invitation": "accepted"},
    )


def invitation_open(request: HttpRequest, token: str) -> HttpResponse:
    """The page behind the e-mailed link: accept or decline."""
    try:
        invitation = services.member_invitation_from_token(token)
    except services.InvitationError as error:
        status = 404 if error.code == "invalid" else 410
        return render(request, "tenancy/invitation.html", {"error": error.code}, status=status)
    user = request.user
    mine = user.is_authenticated and services.normalised_email(user.email or "") == invitation.email
    if user.is_authenticated and not mine:
        return render(request, "tenancy/invitation.html", {"invitation": invitation, "other_account": True})
    has_account = mine or get_user_model().objects.filter(email__iexact=invitation.email).exists()
    if has_account and not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "decline":
            services.member_invitation_decline(invitation=invitation)
            return render(request, "tenancy/invitation.html", {"invitation": invitation, "declined": True})
        if action == "accept":
            try:
                if user.is_authenticated:
                    membership = services.member_invitation_accept(invitation=invitation, user=user)
                else:
                    membership = services.member_invitation_accept_new_account(invitation=invitation)
            except services.InvitationError as error:
                return render(request, "tenancy/invitation.html", {"error": error.code}, status=410)
            _accepted(invitation, membership)
            if not user.is_authenticated:
                # The new account chooses its password with the usual set-password link.
                return redirect(services.password_setup_link(membership.user, "/"))
            messages.success(request, _("Welcome to %(name)s.") % {"name": invitation.organisation.name})
            return redirect("tenancy:organisation.overview", org_slug=invitation.organisation.slug)
    return render(
        request,
        "tenancy/invitation.html",
        {"invitation": invitation, "new_account": not user.is_authenticated},
    )


@login_required
@require_POST
def invitation_answer(request: HttpRequest, pk: int) -> HttpResponse:
    """Accept or decline one of the logged-in user's pending invitations (home page)."""
    invitation = services.member_invitation_for_user(user=request.user, pk=pk)
    if request.POST.get("action") == "accept":
        try:
            membership = services.member_invitation_accept(invitation=invitation, user=request.user)
        except services.InvitationError:
            messages.error(request, _("This invitation can no longer be used."))
            return redirect("web:home")
        _accepted(invitation, membership)
        messages.success(request, _("Welcome to %(name)s.") % {"name": invitation.organisation.name})
        return redirect("tenancy:organisation.overview", org_slug=invitation.organisation.slug)
    services.member_invitation_decline(invitation=invitation)
    messages.success(
        request, _("You declined the invitation of %(name)s.") % {"name": invitation.organisation.name}
    )
    return redirect("web:home")
