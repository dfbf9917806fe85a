"""The statement page and its XLSX and PDF downloads: who may see them, the figures, the
municipality's language, and synthetic figures marked."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from omrade.finance.models import Transaction
from omrade.tenancy.models import Role
from tests.finance.test_statement import Booked, booked  # noqa: F401 - the booked fixture

pytestmark = pytest.mark.django_db


def url(booked: Booked, name: str = "finance:statement", code: str = "3107") -> str:  # noqa: F811
    programme = booked.money.portfolio.setup.programme
    return reverse(name, args=[code, programme.pk])


@pytest.mark.parametrize(
    "role",
    [Role.PROGRAMME_MANAGER, Role.MUNICIPAL_ADMIN, Role.BOARD_MEMBER, Role.FINANCE_OFFICER],
)
def test_finance_readers_see_the_statement(client, tenants, booked, role) -> None:  # noqa: F811
    client.force_login(tenants.users[role])
    response = client.get(url(booked), {"year": "2024"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Regnskapsoppstilling 2024" in html
    assert "<caption>" in html
    assert "194\xa0500,25" in html  # KDD spent, in bokmål's number format
    assert "242\xa0833,58" in html  # all sources spent
    assert "syntetiske tall" not in html.lower()


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.VIEWER, Role.ANALYST])
def test_others_are_refused(client, tenants, booked, role) -> None:  # noqa: F811
    client.force_login(tenants.users[role])
    for name in ("finance:statement", "finance:statement_xlsx", "finance:statement_pdf"):
        assert client.get(url(booked, name)).status_code == 403


def test_other_municipality_gets_404(client, tenants, booked) -> None:  # noqa: F811
    client.force_login(tenants.other_admin)
    assert client.get(url(booked, code="4601")).status_code == 404


def test_one_source_and_unknown_source(client, tenants, booked) -> None:  # noqa: F811
    client.force_login(tenants.users[Role.PROGRAMME_MANAGER])
    html = client.get(url(booked), {"year": "2024", "source": "KOM"}).content.decode()
    assert "KOM: Kommunens budsjett" in html
    assert "KDD: Statlig tilskudd</h2>" not in html
    assert client.get(url(booked), {"year": "2024", "source": "NOPE"}).status_code == 404


def test_synthetic_figures_are_marked(client, tenants, booked) -> None:  # noqa: F811
    Transaction.objects.filter(key="1-1").update(synthetic=True)
    client.force_login(tenants.users[Role.PROGRAMME_MANAGER])
    html = client.get(url(booked), {"year": "2024"}).content.decode()
    assert "Syntetiske tall" in html


def test_danish_municipality_gets_danish(client, tenants, booked) -> None:  # noqa: F811
    tenants.home.default_language = "da"
    tenants.home.save()
    client.force_login(tenants.users[Role.PROGRAMME_MANAGER])
    html = client.get(url(booked), {"year": "2024"}).content.decode()
    assert 'lang="da"' in html
    assert "Forbrugt" in html
    assert "Regnskab 2024" in html


def test_xlsx_download(client, tenants, booked) -> None:  # noqa: F811
    from openpyxl import load_workbook

    client.force_login(tenants.users[Role.FINANCE_OFFICER])
    response = client.get(url(booked, "finance:statement_xlsx"), {"year": "2024"})
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Sammendrag", "KDD", "KOM"]


def test_pdf_download(client, tenants, booked) -> None:  # noqa: F811
    pytest.importorskip("weasyprint")
    client.force_login(tenants.users[Role.BOARD_MEMBER])
    response = client.get(url(booked, "finance:statement_pdf"), {"year": "2024"})
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_year_outside_the_programme(client, tenants, booked) -> None:  # noqa: F811
    client.force_login(tenants.users[Role.PROGRAMME_MANAGER])
    assert client.get(url(booked), {"year": "1999"}).status_code == 400
    assert client.get(url(booked, "finance:statement_xlsx"), {"year": "1999"}).status_code == 404


def test_spending_no_source_pays_is_noted(client, tenants, booked) -> None:  # noqa: F811
    from omrade.finance.models import Transaction as Ledger
    from omrade.portfolio.services import measures as measure_services

    programme = booked.money.portfolio.setup.programme
    orphan = measure_services.measure_create(programme=programme, title="Uten midler")
    Ledger.objects.create(
        municipality=tenants.home,
        measure=orphan,
        year=2024,
        booked_on="2024-05-05",
        amount="999.99",
        project_code="",
        key="9-9",
    )
    client.force_login(tenants.users[Role.PROGRAMME_MANAGER])
    html = client.get(url(booked), {"year": "2024"}).content.decode()
    assert "I tillegg er 999,99 brukt på tiltak som ingen kilde" in html


def test_a_programme_without_money_shows_an_empty_statement(client, tenants, setup) -> None:
    client.force_login(tenants.users[Role.PROGRAMME_MANAGER])
    response = client.get(reverse("finance:statement", args=["3107", setup.programme.pk]))
    assert response.status_code == 200
    assert "Programmet har ingen finansieringskilder." in response.content.decode()
    xlsx = client.get(reverse("finance:statement_xlsx", args=["3107", setup.programme.pk]))
    assert xlsx.status_code == 200
