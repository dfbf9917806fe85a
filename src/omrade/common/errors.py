"""The 500 page: in the layout and the visitor's language, without the database.

Django's own handler renders 500.html without context processors; ours does the same (the
shell's processor reads the user's municipalities, which may be what failed) but keeps the
language the request was served in, and falls back to a fixed page if even the template fails.
"""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template import loader
from django.utils import translation

logger = logging.getLogger(__name__)

FALLBACK = (
    '<!doctype html><html lang="{language}"><head><meta charset="utf-8">'
    '<meta name="viewport" content="width=device-width, initial-scale=1">'
    "<title>{title} – Omrade</title></head><body><main><h1>{title}</h1><p>{text}</p></main>"
    "</body></html>"
)


def server_error(request: HttpRequest) -> HttpResponse:
    language = translation.get_language() or "nb"
    try:
        html = loader.get_template("500.html").render({"LANGUAGE_CODE": language})
    except Exception:  # the error page must never fail itself
        logger.exception("The 500 page could not be rendered")
        html = FALLBACK.format(
            language=language,
            title=translation.gettext("Noe gikk galt"),
            text=translation.gettext("Feilen er registrert. Prøv igjen om litt."),
        )
    return HttpResponseServerError(html)
