"""Results as CSV, XLSX and JSON: the same numbers as the dashboard (one source of truth)."""

from __future__ import annotations

import io
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from portevoix.core.cells import append_row, csv_text, sheet_title
from portevoix.core.i18n import pick
from portevoix.core.scoring.types import DimensionScore, GroupAggregate, Scorecard

from .results import CampaignResults, spread_details_shown


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _dimension(score: DimensionScore) -> dict[str, Any]:
    return {
        "score": _round(score.score),
        "level": score.level_id,
        "coverage": round(score.coverage, 3),
        "answered": score.answered,
        "expected": score.expected,
        "unanswered": list(score.unanswered),
        "not_scored": list(score.not_scored),
    }


def _card(card: Scorecard) -> dict[str, Any]:
    return {
        "overall": {k: _round(v) for k, v in card.overall.items()},
        "overall_level": dict(card.overall_level),
        "dimensions": {d: _dimension(s) for d, s in card.dimensions.items()},
    }


def _group(group: GroupAggregate | None, *, details: bool = True) -> dict[str, Any] | None:
    """A group's aggregate; without ``details``, no median, lowest or highest score (each is one
    member's own score)."""
    if group is None:
        return None
    return {
        "n": group.n,
        **_card(group.mean),
        "spreads": {
            d: {
                "n": s.n,
                "mean": _round(s.mean),
                "median": _round(s.median) if details else None,
                "min": _round(s.minimum) if details else None,
                "max": _round(s.maximum) if details else None,
                "stdev": _round(s.stdev),
                "alignment": str(s.alignment),
            }
            for d, s in group.spreads.items()
        },
    }


def results_json(results: CampaignResults, *, visible: set[int] | None = None) -> dict[str, Any]:
    """Everything, or with ``visible`` only those people's individual results (and the aggregates)."""
    campaign = results.campaign

    def shown(pk: int) -> bool:
        return visible is None or pk in visible

    sees_everyone = visible is None or set(results.self_cards) <= visible

    return {
        "campaign": {
            "id": campaign.pk,
            "name": campaign.name,
            "status": campaign.status,
            "organisation": campaign.organisation.slug,
            "framework": {
                "key": campaign.framework_version.key,
                "version": campaign.framework_version.version,
            },
            "closed_at": campaign.closed_at.isoformat() if campaign.closed_at else None,
        },
        "weights": {k: round(v, 3) for k, v in results.weights.items()},
        "response_rates": {
            kind: {"invited": s.invited, "submitted": s.submitted, "rate": s.rate}
            for kind, s in results.stats.items()
        },
        "members": [
            {
                "person_id": pk,
                "name": results.people[pk].full_name,
                "codir": results.people[pk].is_codir,
                **_card(card),
            }
            for pk, card in sorted(results.self_cards.items())
            if shown(pk)
        ],
        "perception_gaps": {
            str(pk): {
                d: {
                    "self": _round(g.self_score),
                    "others": _round(g.others_mean),
                    "gap": _round(g.gap),
                    "n_others": g.n_others,
                }
                for d, g in gaps.items()
            }
            for pk, gaps in results.gaps.items()
            if shown(pk)
        },
        # A viewer who may not see every member gets no codir aggregate small enough to expose one.
        "codir": None
        if results.codir_too_small and not sees_everyone
        else _group(
            results.codir,
            details=spread_details_shown(
                campaign, results.codir.n if results.codir else 0, sees_everyone=sees_everyone
            ),
        ),
        # Shown only at or above the anonymity threshold; individual answers are never exported.
        "team": _group(results.team),
        "team_answers": results.team_count if results.team is not None else None,
    }


def _member_rows(results: CampaignResults) -> list[list[Any]]:
    language = get_language() or "fr"
    rows = []
    for pk, card in sorted(results.self_cards.items()):
        person = results.people[pk]
        for dimension in results.framework.dimensions:
            score = card.dimensions[dimension.id]
            rows.append(
                [
                    person.full_name,
                    dimension.id,
                    pick(dimension.name.model_dump(), language),
                    dimension.level_of_analysis,
                    _round(score.score),
                    score.level_id or "",
                    round(score.coverage * 100),
                    score.answered,
                    score.expected,
                ]
            )
    return rows


def _member_header() -> list[str]:
    return [
        _("Member"),
        _("Dimension id"),
        _("Dimension"),
        _("Level of analysis"),
        _("Score (0–100)"),
        _("Level"),
        _("Coverage (%)"),
        _("Questions answered"),
        _("Questions expected"),
    ]


def results_csv(results: CampaignResults) -> str:
    # BOM: Excel opens UTF-8 accents correctly
    return csv_text([_member_header(), *_member_rows(results)], delimiter=";", bom=True)


def results_xlsx(results: CampaignResults) -> bytes:
    workbook = Workbook()
    members = workbook.active
    assert members is not None
    members.title = sheet_title(_("Members"))
    append_row(members, _member_header())
    for row in _member_rows(results):
        append_row(members, row)
    language = get_language() or "fr"
    if results.codir is not None:
        sheet = workbook.create_sheet(sheet_title(_("Codir alignment")))
        append_row(
            sheet,
            [
                _("Dimension"),
                _("Mean"),
                _("Median"),
                _("Lowest"),
                _("Highest"),
                _("Standard deviation"),
                _("Alignment"),
            ],
        )
        for dimension in results.framework.dimensions:
            s = results.codir.spreads[dimension.id]
            append_row(
                sheet,
                [
                    pick(dimension.name.model_dump(), language),
                    _round(s.mean),
                    _round(s.median),
                    _round(s.minimum),
                    _round(s.maximum),
                    _round(s.stdev),
                    str(s.alignment),
                ],
            )
    if results.team is not None:
        sheet = workbook.create_sheet(sheet_title(_("Team survey")))
        append_row(sheet, [_("Dimension"), _("Mean"), _("Answers")])
        for dimension in results.framework.dimensions_at("organisation"):
            score = results.team.mean.dimensions[dimension.id]
            append_row(
                sheet, [pick(dimension.name.model_dump(), language), _round(score.score), results.team.n]
            )
    for sheet in workbook.worksheets:
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
