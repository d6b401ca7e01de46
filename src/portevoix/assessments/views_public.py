"""The questionnaire a respondent reaches through their personal link (no account needed)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from portevoix.core.errors import ProblemsError
from portevoix.security import throttle

from .forms import SectionForm
from .models import Invitation
from .questionnaire import sections_for
from .services import answers_save
from .tokens import LinkError, invitation_from_token

LINK_STATUS = {
    "link_invalid": 404,
    "link_revoked": 410,
    "link_expired": 410,
    "link_used": 200,
    "campaign_closed": 410,
    "campaign_not_open": 409,
    "too_many_attempts": 429,
}


def _link_error(request: HttpRequest, error: LinkError) -> HttpResponse:
    language = error.invitation.language if error.invitation else None
    with translation.override(language or translation.get_language()):
        return render(
            request,
            "assessments/questionnaire_closed.html",
            {"code": error.code, "invitation": error.invitation},
            status=LINK_STATUS[error.code],
        )


def _progress(sections: list[Any], answers: dict[str, Any]) -> tuple[int, int]:
    questions = [q.id for d in sections for q in d.questions]
    return sum(1 for qid in questions if answers.get(qid) not in (None, "", [])), len(questions)


@never_cache
@csrf_protect
def answer(request: HttpRequest, token: str) -> HttpResponse:
    # Guessing links is rate-limited per address: unusable tokens are counted in the database.
    key = throttle.make_key(throttle.TOKEN, throttle.client_ip(request))
    if throttle.locked_until(throttle.TOKEN, key) is not None:
        return _link_error(request, LinkError("too_many_attempts"))
    try:
        invitation = invitation_from_token(token)
    except LinkError as error:
        if error.code == "link_invalid":
            throttle.record_failure(throttle.TOKEN, key)
        return _link_error(request, error)

    if request.method == "POST" and request.POST.get("language") in ("fr", "en"):
        Invitation.objects.filter(pk=invitation.pk).update(language=request.POST["language"])
        return redirect(request.get_full_path())

    framework = invitation.campaign.framework_version.framework
    sections = sections_for(framework, invitation.kind)
    with translation.override(invitation.language):
        return _answer(request, invitation, sections)


def _section_index(request: HttpRequest, sections: list[Any], answers: dict[str, Any]) -> int | None:
    """The section asked for, else the first one with an unanswered question; None = review."""
    raw = request.POST.get("s") if request.method == "POST" else request.GET.get("s")
    if raw == "review":
        return None
    if raw is not None:
        try:
            return min(max(int(raw), 0), len(sections) - 1)
        except ValueError:
            return 0
    for index, dimension in enumerate(sections):
        if any(answers.get(q.id) in (None, "", []) for q in dimension.questions if q.type != "free_text"):
            return index
    return None


def _answer(request: HttpRequest, invitation: Invitation, sections: list[Any]) -> HttpResponse:
    answers = dict(invitation.draft)
    index = _section_index(request, sections, answers)
    errors: list[str] = []
    if request.method == "POST":
        action = request.POST.get("action", "next")
        if index is None:  # the review page only submits
            if action == "submit":
                try:
                    answers_save(invitation=invitation, answers={}, submit=True)
                except ProblemsError as error:
                    errors = [p.message(_) for p in error.problems]
                else:
                    return render(request, "assessments/questionnaire_done.html", {"invitation": invitation})
        else:
            form = SectionForm(request.POST, dimension=sections[index])
            if form.is_valid():
                try:
                    saved = answers_save(invitation=invitation, answers=form.answers())
                except ProblemsError as error:
                    errors = [p.message(_) for p in error.problems]
                else:
                    answers = dict(saved.draft)
                    target: int | str = index - 1 if action == "previous" else index + 1
                    if action == "save":
                        target = index
                    if isinstance(target, int) and target >= len(sections):
                        target = "review"
                    return redirect(
                        f"{request.path}?s={max(target, 0) if isinstance(target, int) else target}"
                    )
            return _render(request, invitation, sections, index, answers, form, errors=errors, status=400)
    blank: SectionForm | None = None
    if index is not None:
        blank = SectionForm(
            initial=SectionForm.initial_from(sections[index], answers), dimension=sections[index]
        )
    return _render(
        request, invitation, sections, index, answers, blank, errors=errors, status=400 if errors else 200
    )


def _render(
    request: HttpRequest,
    invitation: Invitation,
    sections: list[Any],
    index: int | None,
    answers: dict[str, Any],
    form: SectionForm | None,
    *,
    errors: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    answered, total = _progress(sections, answers)
    summary = [
        {
            "index": i,
            "dimension": d,
            "answered": sum(1 for q in d.questions if answers.get(q.id) not in (None, "", [])),
            "total": len(d.questions),
        }
        for i, d in enumerate(sections)
    ]
    context = {
        "invitation": invitation,
        "campaign": invitation.campaign,
        "organisation": invitation.campaign.organisation,
        "sections": summary,
        "index": index,
        "form": form,
        "answered": answered,
        "total": total,
        "percent": round(100 * answered / total) if total else 0,
        "errors": errors or [],
        "is_last": index is not None and index == len(sections) - 1,
    }
    return render(request, "assessments/questionnaire.html", context, status=status)
