"""Security headers that Django does not set itself."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse


def _tile_origin() -> str:
    if not settings.TILE_URL:
        return ""
    parts = urlsplit(settings.TILE_URL.replace("{s}", "a"))
    host = parts.netloc.replace("a.", "*.", 1) if "{s}" in settings.TILE_URL else parts.netloc
    return f" {parts.scheme}://{host}"


class ContentSecurityPolicyMiddleware:
    """Pages load only our own files: no third-party scripts, fonts or trackers."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.policy = (
            "default-src 'self'; "
            f"img-src 'self' data: blob:{_tile_origin()}; "
            # Leaflet and chart libraries position elements with inline style attributes.
            "style-src 'self' 'unsafe-inline'; "
            "script-src 'self'; "
            "font-src 'self'; "
            "connect-src 'self'; "
            "frame-ancestors 'none'; "
            "base-uri 'self'; "
            "form-action 'self'"
        )

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith("/admin/") and not request.path.startswith("/api/docs"):
            response.headers.setdefault("Content-Security-Policy", self.policy)
        return response
