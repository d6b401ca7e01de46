"""Log in (password, then the second factor when enabled) and the two-factor settings page."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters

from . import services, throttle
from .forms import CodeForm, DisableForm, LockoutAuthenticationForm, locked_message
from .middleware import VERIFIED
from .models import TOTPDevice

PENDING = "portevoix_2fa_pending"
ENROL = "portevoix_2fa_enrol"


class SecureLoginView(LoginView):
    """The password step; a user with two-factor authentication is sent to the code step instead."""

    authentication_form = LockoutAuthenticationForm
    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        user = form.get_user()
        if services.has_two_factor(user):
            self.request.session[PENDING] = {
                "user": user.pk,
                "backend": user.backend,
                "next": self.get_success_url(),
            }
            return redirect("login_verify")
        response = super().form_valid(form)
        return response


@sensitive_post_parameters()
@csrf_protect
@never_cache
def verify(request: HttpRequest) -> HttpResponse:
    """The second step of the login: a code from the authenticator app, or a recovery code."""
    pending = request.session.get(PENDING)
    if not isinstance(pending, dict) or not isinstance(pending.get("user"), int):
        return redirect("login")
    user = get_user_model().objects.filter(pk=pending["user"], is_active=True).first()
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() if user is not None else None
    if user is None or device is None:
        request.session.pop(PENDING, None)
        return redirect("login")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        key = throttle.make_key(throttle.OTP, str(user.pk), throttle.client_ip(request))
        until = throttle.locked_until(throttle.OTP, key)
        if until is None:
            code = form.cleaned_data["code"]
            if services.verify_code(device, code) or services.use_recovery_code(user, code):
                throttle.clear(throttle.OTP, key)
                del request.session[PENDING]
                login(request, user, backend=pending["backend"])
                request.session[VERIFIED] = True
                return HttpResponseRedirect(pending.get("next") or settings.LOGIN_REDIRECT_URL)
            until = throttle.record_failure(throttle.OTP, key)
        if until is not None:
            form.add_error(None, locked_message(until))
        else:
            form.add_error("code", _("This code is not valid. Type the current code shown by your app."))
    return render(request, "security/verify.html", {"form": form})


@login_required
@sensitive_post_parameters()
def two_factor(request: HttpRequest) -> HttpResponse:
    """Enable, confirm or disable two-factor authentication; regenerate recovery codes."""
    user = request.user
    if not user.is_authenticated or not services.may_use_two_factor(user):
        raise PermissionDenied
    device = TOTPDevice.objects.filter(user=user).first()
    context: dict[str, Any] = {"device": device, "code_form": CodeForm(), "disable_form": DisableForm()}
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "start" and not (device and device.confirmed):
        device = services.start_enrolment(user)
        return redirect("two_factor")
    if action == "confirm" and device is not None and not device.confirmed:
        form = CodeForm(request.POST)
        codes = services.confirm_enrolment(device, form.data.get("code", "")) if form.is_valid() else None
        if codes is None:
            form.add_error("code", _("This code is not valid. Type the current code shown by your app."))
            context["code_form"] = form
        else:
            request.session[VERIFIED] = True
            messages.success(request, _("Two-factor authentication is on."))
            return render(request, "security/recovery_codes.html", {"codes": codes})
    if action == "recovery" and device is not None and device.confirmed:
        return render(request, "security/recovery_codes.html", {"codes": services.new_recovery_codes(user)})
    if action == "disable" and device is not None and device.confirmed:
        disable_form = DisableForm(request.POST)
        if disable_form.is_valid():
            code = disable_form.cleaned_data["code"]
            if not user.check_password(disable_form.cleaned_data["password"]):
                disable_form.add_error("password", _("This is not your password."))
            elif not (services.verify_code(device, code) or services.use_recovery_code(user, code)):
                disable_form.add_error(
                    "code", _("This code is not valid. Type the current code shown by your app.")
                )
            else:
                services.disable(user)
                messages.success(request, _("Two-factor authentication is off."))
                return redirect("two_factor")
        context["disable_form"] = disable_form
    if device is not None and not device.confirmed:
        context["qr_svg"] = services.qr_svg(device)
        context["secret"] = " ".join(device.secret[i : i + 4] for i in range(0, len(device.secret), 4))
    if device is not None and device.confirmed:
        context["remaining"] = services.remaining_recovery_codes(user)
    context["device"] = device
    return render(request, "security/two_factor.html", context)
