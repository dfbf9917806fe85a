"""The HTTP API (django-ninja): one router per app, OpenAPI at /api/docs."""
