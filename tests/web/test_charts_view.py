"""The offline Vega bundle view and the ``charts`` template tags."""

from __future__ import annotations

import gzip
import json
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.template import Context, Template
from django.test import Client
from django.urls import reverse

import portevoix.web
from portevoix.core import charts
from portevoix.web.charts import bundle_version

STATIC = Path(portevoix.web.__file__).parent / "static" / "portevoix"
URL = "/assets/vega-bundle.js"


def test_the_bundle_url_is_public_and_named() -> None:
    assert reverse("web:vega_bundle") == URL


def test_the_bundle_is_served_to_anonymous_visitors_with_long_caching(client: Client) -> None:
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/javascript; charset=utf-8"
    body = response.content.decode()
    assert "window.vegaEmbed" in body
    assert "window.vegaLite" in body
    assert "cdn.jsdelivr" not in body.split("window.vegaEmbed")[-1]  # the loader is inline
    assert int(response["Content-Length"]) == len(response.content) > 500_000
    etag = response["ETag"]
    assert etag.startswith('"')  # strong: no W/ prefix
    assert etag.endswith('"')
    assert "max-age=31536000" in response["Cache-Control"]
    assert "public" in response["Cache-Control"]
    assert "Accept-Encoding" in response["Vary"]


def test_a_known_etag_gets_304_without_body(client: Client) -> None:
    etag = client.get(URL)["ETag"]
    response = client.get(URL, headers={"if-none-match": etag})
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert "max-age" in response["Cache-Control"]
    assert client.get(URL, headers={"if-none-match": '"something-else"'}).status_code == 200
    assert client.get(URL, headers={"if-none-match": f'"old", {etag}'}).status_code == 304


def test_gzip_when_the_browser_accepts_it(client: Client) -> None:
    plain = client.get(URL)
    packed = client.get(URL, headers={"accept-encoding": "gzip, deflate, br"})
    assert packed["Content-Encoding"] == "gzip"
    assert len(packed.content) < len(plain.content) / 2
    assert gzip.decompress(packed.content) == plain.content
    assert packed["ETag"] != plain["ETag"]  # a strong ETag names one representation
    revalidated = client.get(URL, headers={"if-none-match": packed["ETag"], "accept-encoding": "gzip"})
    assert revalidated.status_code == 304
    assert revalidated["ETag"] == packed["ETag"]
    assert client.get(URL, headers={"if-none-match": packed["ETag"]}).status_code == 200  # other encoding
    refused = client.get(URL, headers={"accept-encoding": "gzip;q=0, identity"})
    assert "Content-Encoding" not in refused


def test_head_works_and_writes_are_refused(client: Client) -> None:
    assert client.head(URL).status_code == 200
    assert client.post(URL).status_code == 405


# --- template tags ---------------------------------------------------------------------------


def test_vega_scripts_loads_stylesheet_bundle_then_charts_js() -> None:
    html = Template("{% load charts %}{% vega_scripts %}").render(Context())
    bundle = html.index(f'<script src="{URL}?v={bundle_version()}" defer></script>')
    script = html.index('<script src="/static/portevoix/charts.js" defer></script>')
    assert bundle < script  # deferred scripts run in order: vegaEmbed exists when charts.js runs
    assert '<link rel="stylesheet" href="/static/portevoix/charts.css">' in html
    assert (STATIC / "charts.js").is_file()
    assert (STATIC / "charts.css").is_file()


class _Figure(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self.caption = ""
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in = tag

    def handle_endtag(self, tag: str) -> None:
        self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "script":
            self.scripts.append(data)
        elif self._in == "figcaption":
            self.caption += data


HOSTILE = "Stratégie d'« influence » </script><script>alert('x')</script> & co"


def _render_chart(label: str = HOSTILE) -> tuple[str, _Figure, charts.Spec]:
    spec = charts.heatmap(
        ["Hervé Le Goff", HOSTILE],
        [("strategy", HOSTILE)],
        {("Hervé Le Goff", "strategy"): 42},
        row_title="Membre",
        column_title="Dimension",
        missing_label="non renseigné",
        title=HOSTILE,
    )
    template = Template('{% load charts %}{% chart spec id="radar-1" label=label %}')
    html = template.render(Context({"spec": spec, "label": label}))
    parser = _Figure()
    parser.feed(html)
    return html, parser, spec


def test_chart_renders_a_figure_with_the_spec_as_json() -> None:
    _html, parser, spec = _render_chart()
    tags = [tag for tag, _attrs in parser.tags]
    assert tags == ["figure", "script", "div", "figcaption"]
    figure, script, target = (attrs for _tag, attrs in parser.tags[:3])
    assert figure == {"class": "chart", "id": "radar-1", "aria-label": HOSTILE}
    assert script == {"id": "radar-1-spec", "type": "application/json"}
    assert "data-chart-target" in target
    assert json.loads(parser.scripts[0]) == json.loads(json.dumps(spec))
    assert parser.caption == HOSTILE


def test_a_label_cannot_break_out_of_the_json_script() -> None:
    html, parser, _spec = _render_chart()
    assert html.count("<script") == 1
    assert html.count("</script>") == 1
    assert len(parser.scripts) == 1
    assert "\\u003C/script\\u003E" in parser.scripts[0]  # json_script escaping
    assert "&lt;/script&gt;" in html  # caption and aria-label are HTML-escaped


def test_chart_without_id_or_label_still_renders() -> None:
    spec = charts.radar([{"label": "A", "values": {"x": 1}}], [("x", "X")])
    html = Template("{% load charts %}{% chart spec %}").render(Context({"spec": spec}))
    parser = _Figure()
    parser.feed(html)
    figure_id = parser.tags[0][1]["id"]
    assert figure_id
    assert figure_id.startswith("chart-")
    assert parser.tags[1][1]["id"] == f"{figure_id}-spec"
    assert "figcaption" not in html
    assert json.loads(parser.scripts[0])["$schema"].endswith("/vega/v6.json")


@pytest.mark.parametrize(
    "needle",
    # ast / defaultStyle: Vega without eval and without injected <style>, for the CSP
    [
        "htmx:afterSettle",
        "vegaEmbed",
        "actions: false",
        'renderer: "svg"',
        "ast: true",
        "defaultStyle: false",
    ],
)
def test_charts_js_renders_after_htmx_swaps_and_degrades(needle: str) -> None:
    assert needle in (STATIC / "charts.js").read_text(encoding="utf-8")
