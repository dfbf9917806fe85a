"""Error pages use the layout, speak the visitor's language, and the 500 page needs no database."""

from __future__ import annotations

import pytest
from django.http import HttpRequest
from django.test import Client, RequestFactory
from django.urls import include, path
from django.utils import translation

from omrade.common.errors import server_error

pytestmark = pytest.mark.django_db


def broken_view(request: HttpRequest) -> None:
    raise RuntimeError("a bug")


urlpatterns = [path("broken/", broken_view), path("", include("omrade.urls"))]
handler500 = "omrade.common.errors.server_error"


def test_500_page_is_in_the_layout_and_the_visitor_s_language(settings) -> None:
    settings.ROOT_URLCONF = "tests.common.test_errors"
    client = Client(raise_request_exception=False)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/broken/")
    assert response.status_code == 500
    html = response.content.decode()
    assert '<html lang="en"' in html
    assert "Something went wrong" in html
    assert "Noe gikk galt" not in html
    assert 'class="omr-header"' in html
    assert "/static/omrade/omrade.css" in html


def test_500_page_makes_no_database_query(django_assert_num_queries) -> None:
    request = RequestFactory().get("/")
    with translation.override("da"), django_assert_num_queries(0):
        response = server_error(request)
    assert response.status_code == 500
    assert "Noget gik galt" in response.content.decode()


def test_404_page_is_in_the_layout_in_danish(client, settings) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "da"
    response = client.get("/m/9999/areas/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="da"' in html
    assert 'class="omr-header"' in html
    assert "Siden findes ikke" in html


def test_csrf_failure_page_is_in_the_layout() -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    html = response.content.decode()
    assert 'class="omr-header"' in html
    assert "Skjemaet er utløpt" in html
