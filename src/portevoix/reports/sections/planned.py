"""Sections whose data belongs to modules this installation does not have yet: objections heard,
business case, roadmap. They say so honestly (through the missing-part mechanism) until the
module that owns the data registers a provider under the same id, which replaces these.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portevoix.core.reports import Missing, Section

from ..context import ReportContext
from .registry import section


@section("objections", title=gettext_lazy("Objections heard and the answers"), reports=("board",), order=60)
def objections(context: ReportContext) -> Section:
    return Section.unavailable(
        "objections",
        _("Objections heard and the answers"),
        Missing(
            _("Objections heard and their answers: not available yet in this organisation."),
            _(
                "Record the objections heard from the codir in the objections catalogue, then "
                "generate the report "
                "again: each will come with its sourced counter-arguments."
            ),
        ),
    )


@section("business_case", title=gettext_lazy("Business case"), reports=("board",), order=70)
def business_case(context: ReportContext) -> Section:
    return Section.unavailable(
        "business_case",
        _("Business case"),
        Missing(
            _("Business case (NPV, ROI, payback, P10–P90, tornado): not available yet in this organisation."),
            _("Build the business case (benefits, costs, risks), then generate the report again."),
        ),
    )


@section("roadmap", title=gettext_lazy("Roadmap"), reports=("board",), order=80)
def roadmap(context: ReportContext) -> Section:
    return Section.unavailable(
        "roadmap",
        _("Roadmap"),
        Missing(
            _("Roadmap (phases, gates, sponsor, next 90 days): not available yet in this organisation."),
            _(
                "Plan the three steps (strategy, federation, enablement) and name the executive "
                "sponsor, then "
                "generate the report again."
            ),
        ),
    )


@section(
    "leader_objections", title=gettext_lazy("Your objections and the answers"), reports=("leader",), order=40
)
def leader_objections(context: ReportContext) -> Section:
    return Section.unavailable(
        "leader_objections",
        _("Your objections and the answers"),
        Missing(
            _("Your objections and their answers: not available yet in this organisation."),
            _(
                "Once the objections you voiced are recorded, this report will answer each of them "
                "with sourced "
                "figures."
            ),
        ),
    )
