"""``{% load charts %}``: ``{% vega_scripts %}`` once per page, then ``{% chart spec id=… label=… %}``.

A chart is a ``<figure class="chart">`` holding its spec as JSON (``json_script`` escaping, so no
text in the spec can close the script element), an empty ``<div data-chart-target>`` that
``charts.js`` fills with vega-embed, and the label as ``<figcaption>``. Without JavaScript, or if
the bundle fails to load, the caption alone is shown. Classes, styled in ``charts.css``:
``figure.chart`` and, set by ``charts.js``, ``chart--rendered`` / ``chart--failed``.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from django import template
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from portevoix.web.charts import bundle_version

register = template.Library()


@register.simple_tag
def vega_scripts() -> SafeString:
    """The chart stylesheet and the two deferred scripts: the Vega bundle, then ``charts.js``."""
    return format_html(
        '<link rel="stylesheet" href="{}">\n'
        '<script src="{}?v={}" defer></script>\n'
        '<script src="{}" defer></script>',
        static("portevoix/charts.css"),
        reverse("web:vega_bundle"),
        bundle_version(),
        static("portevoix/charts.js"),
    )


@register.simple_tag
def chart(spec: Mapping[str, Any], id: str = "", label: str = "") -> SafeString:
    """A figure for ``spec``; ``id`` names the figure (the JSON script is ``<id>-spec``)."""
    chart_id = id or f"chart-{uuid.uuid4().hex[:8]}"
    return render_to_string(
        "web/_chart.html",
        {"spec": dict(spec), "chart_id": chart_id, "spec_id": f"{chart_id}-spec", "label": label},
    )
