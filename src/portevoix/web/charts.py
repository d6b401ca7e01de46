"""The Vega JavaScript (Vega, Vega-Lite, vega-embed) served from the Python package, offline.

``vl_convert.javascript_bundle()`` builds the ~900 KB script in about two seconds: it is built
once per process on first use, kept in memory with its gzip form and a strong ETag, and served
with a one-year cache. ``{% vega_scripts %}`` adds ``?v=<vl-convert version>`` to the URL, so an
upgrade of vl-convert reaches browsers at once.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import threading
from dataclasses import dataclass
from importlib.metadata import version

from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_vary_headers
from django.utils.http import parse_etags
from django.views.decorators.http import require_safe

CACHE_CONTROL = "public, max-age=31536000, immutable"
CONTENT_TYPE = "application/javascript; charset=utf-8"
# vl-convert's default snippet, spelled out (its type stub makes the argument required).
GLOBALS_SNIPPET = "window.vegaEmbed = vegaEmbed; window.vega = vega; window.vegaLite = vegaLite;"


@dataclass(frozen=True)
class Bundle:
    body: bytes
    gzipped: bytes
    etag: str  # strong ETag of the identity body; the gzip form's ETag is distinct

    @property
    def gzip_etag(self) -> str:
        return self.etag[:-1] + '-gzip"'


_lock = threading.Lock()


@functools.cache
def _build() -> Bundle:
    import vl_convert  # lazy: a large native module that only this view needs

    body = vl_convert.javascript_bundle(GLOBALS_SNIPPET).encode("utf-8")
    digest = hashlib.sha256(body).hexdigest()[:32]
    return Bundle(body=body, gzipped=gzip.compress(body, compresslevel=6, mtime=0), etag=f'"{digest}"')


def get_bundle() -> Bundle:
    """The bundle, built by the first caller; concurrent first requests wait instead of rebuilding."""
    with _lock:
        return _build()


@functools.cache
def bundle_version() -> str:
    """Changes when the bundled JavaScript may change: the installed vl-convert version."""
    return version("vl-convert-python")


def _accepts_gzip(request: HttpRequest) -> bool:
    """RFC 9110 content negotiation, reduced to: is gzip acceptable (q > 0)?"""
    qualities: dict[str, float] = {}
    for part in request.headers.get("Accept-Encoding", "").split(","):
        coding, *params = (piece.strip() for piece in part.split(";"))
        quality = 1.0
        for param in params:
            name, _sep, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if coding:
            qualities[coding.lower()] = quality
    return qualities.get("gzip", qualities.get("*", 0.0)) > 0


def _cache_headers(response: HttpResponse, etag: str) -> HttpResponse:
    response["ETag"] = etag
    response["Cache-Control"] = CACHE_CONTROL
    patch_vary_headers(response, ["Accept-Encoding"])
    return response


@require_safe
def vega_bundle(request: HttpRequest) -> HttpResponse:
    """The Vega libraries as one script; public (no login), ETag-validated, gzip when accepted."""
    bundle = get_bundle()
    compressed = _accepts_gzip(request)
    etag = bundle.gzip_etag if compressed else bundle.etag
    known = parse_etags(request.headers.get("If-None-Match", ""))
    if "*" in known or etag in known:  # strong comparison: the ETag of this representation
        return _cache_headers(HttpResponseNotModified(), etag)
    response = HttpResponse(bundle.gzipped if compressed else bundle.body, content_type=CONTENT_TYPE)
    if compressed:
        response["Content-Encoding"] = "gzip"
    response["Content-Length"] = str(len(response.content))
    return _cache_headers(response, etag)
