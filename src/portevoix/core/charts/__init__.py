"""Chart specs as plain dicts: Vega-Lite 6 (and raw Vega 6 for the radar), ready for the browser
(``{% chart %}`` in ``portevoix.web.templatetags.charts``) and for vl-convert (SVG/PNG for reports).

Every builder takes plain data and labels already translated by the caller; the spec is
self-contained (inline ``data.values``, no URL other than ``$schema``, which is never fetched) and
shares one look (``theme``). Vega-Lite specs fill their container's width; for static rendering
pass them through :func:`fixed_width` first. Numbers are formatted by d3 (``.0f``): give vl-convert
``format_locale="fr-FR"`` for a French decimal mark, as ``charts.js`` does in the browser.
"""

from .activity import activity_trend
from .benchmark import benchmark_bars
from .radar import radar
from .roadmap import TimelineBar, TimelineMilestone, timeline
from .scores import alignment, heatmap, level_distribution, perception_gap
from .theme import Spec, fixed_width
from .types import BenchmarkItem, PerceptionRow, RadarSeries, SpreadRow, UsageCell
from .usage import usage_matrix

__all__ = [
    "BenchmarkItem",
    "PerceptionRow",
    "RadarSeries",
    "Spec",
    "SpreadRow",
    "TimelineBar",
    "TimelineMilestone",
    "UsageCell",
    "activity_trend",
    "alignment",
    "benchmark_bars",
    "fixed_width",
    "heatmap",
    "level_distribution",
    "perception_gap",
    "radar",
    "timeline",
    "usage_matrix",
]
