"""Security headers that Django does not set itself."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

IMAGE_ORIGINS_ATTRIBUTE = "csp_image_origins"


def allow_image_origin(request: HttpRequest, origin: str) -> None:
    """Let this response's page load images from one more origin (a map's tile server)."""
    origins: set[str] = getattr(request, IMAGE_ORIGINS_ATTRIBUTE, set())
    origins.add(origin)
    setattr(request, IMAGE_ORIGINS_ATTRIBUTE, origins)


def content_security_policy(image_origins: set[str] | frozenset[str] = frozenset()) -> str:
    extra = "".join(f" {origin}" for origin in sorted(image_origins))
    return (
        "default-src 'self'; "
        f"img-src 'self' data: blob:{extra}; "
        # Leaflet and chart libraries position elements with inline style attributes.
        "style-src 'self' 'unsafe-inline'; "
        "script-src 'self'; "
        "font-src 'self'; "
        "connect-src 'self'; "
        "frame-ancestors 'none'; "
        "base-uri 'self'; "
        "form-action 'self'"
    )


class ContentSecurityPolicyMiddleware:
    """Pages load only our own files: no third-party scripts, fonts or trackers. The one
    exception is the background map's tile server, allowed only on the pages that show a map
    (the view calls allow_image_origin)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.policy = content_security_policy()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith("/admin/") and not request.path.startswith("/api/docs"):
            origins = getattr(request, IMAGE_ORIGINS_ATTRIBUTE, None)
            policy = content_security_policy(origins) if origins else self.policy
            response.headers.setdefault("Content-Security-Policy", policy)
        return response
