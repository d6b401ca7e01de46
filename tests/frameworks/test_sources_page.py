"""The Sources page (issue 17 §1): every figure with its source, year of data and uses."""

from __future__ import annotations

from typing import Any

from portevoix.core.figures import shipped_figures
from portevoix.core.objections import shipped_catalogue
from portevoix.reports.services import report_document
from portevoix.testing.tenants import Tenants


def test_a_respondent_reads_every_figure_with_its_year_of_data_and_uses(tenants: Tenants) -> None:
    response: Any = tenants.client("respondent").get("/o/acme/sources/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 200
    page = response.content.decode()
    for figure in [*shipped_figures().figures, *shipped_catalogue().figures]:
        assert f'data-testid="source-{figure.id}"' in page, figure.id
        section = page.split(f'data-testid="source-{figure.id}"', 1)[1].split("</section>", 1)[0]
        assert str(figure.data_year) in section
        assert figure.publisher.replace("’", "&#x27;")[:5] in section or figure.publisher[:5] in section
    # a counter-argument's use names its entry and the claim it supports
    time = page.split('data-testid="source-sme_lack_time"', 1)[1].split("</section>", 1)[0]
    assert "Pas le temps" in time
    assert "déclaration" in time
    # the comparison benchmark says where it is used
    monthly = page.split('data-testid="source-cac40_codir_monthly"', 1)[1].split("</section>", 1)[0]
    assert "Repère comparé à votre codir" in monthly
    # an old figure is labelled as such
    ssi = page.split('data-testid="source-ssi_leaders_opportunities"', 1)[1].split("</section>", 1)[0]
    assert "chiffre ancien" in ssi


def test_the_board_pack_method_links_to_the_sources_page(tenants: Tenants) -> None:
    board = report_document(organisation=tenants.org, kind="board", language="en")
    method = " ".join(board.section("method").paragraphs)
    assert "/o/acme/sources/" in method
