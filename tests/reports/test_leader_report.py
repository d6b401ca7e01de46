"""The individual leader report: private, about one leader, compared with the codir median."""

from __future__ import annotations

from pathlib import Path

from portevoix.reports.services import report_generate
from portevoix.tenancy.models import Person
from portevoix.web.demo import demo_populate
from portevoix.web.templatetags.portevoix import number

from .helpers import pdf_pages_not_blank, pdf_text, sheet_values


def test_leader_report_of_the_ceo_warns_of_the_digital_cemetery_and_names_nobody_else(
    db: None, tmp_path: Path
) -> None:
    demo_populate()
    herve = Person.objects.get(organisation__slug="demo", full_name="Hervé Le Goff")
    data, document = report_generate(
        organisation=herve.organisation, kind="leader", fmt="pdf", language="en", person=herve
    )
    text = pdf_text(data, tmp_path)
    assert "Individual leader report" in text
    assert "Hervé Le Goff" in text
    assert "digital cemetery" in text
    # 8 codir members, threshold 5, results not shared: the median would be a colleague's score,
    # the leader is compared with the codir mean (UX review 2026-12, P4)
    assert "Codir mean" in text
    assert "Codir median" not in text
    assert "Five recommendations for you" in text
    assert "Leave the digital cemetery" in text  # the rule of data/recommendations.yaml
    recommendations = document.section("leader_recommendations")
    assert len(recommendations.bullets) == 5
    others = Person.objects.filter(organisation=herve.organisation, is_codir=True).exclude(pk=herve.pk)
    for person in others:
        assert person.full_name not in text
    from portevoix.assessments.read_model import default_campaign
    from portevoix.assessments.results import campaign_results

    campaign = default_campaign(herve.organisation).campaign
    assert campaign is not None
    results = campaign_results(campaign)
    own = results.self_cards[herve.pk].overall["person"]
    assert f"{number(own)}/100" in text
    assert pdf_pages_not_blank(data, tmp_path, first=1, last=3) == 3

    sheet_bytes, _document = report_generate(
        organisation=herve.organisation, kind="leader", fmt="xlsx", language="fr", person=herve
    )
    sheets = sheet_values(sheet_bytes)
    assert any(name.startswith("Cinq recommandations") for name in sheets)
