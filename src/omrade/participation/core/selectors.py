"""Reads for the input register's pages: themes and the log of privacy requests."""

from __future__ import annotations

from django.db.models import QuerySet

from omrade.participation.core.models import PrivacyRequest, Theme
from omrade.tenancy.models import Municipality


def themes_of(municipality: Municipality) -> QuerySet[Theme]:
    return Theme.objects.in_municipality(municipality).select_related("sub_programme")


def privacy_requests_of(municipality: Municipality) -> QuerySet[PrivacyRequest]:
    return PrivacyRequest.objects.in_municipality(municipality)
