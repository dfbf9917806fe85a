"""The money API: funding, the statement and setting allocations, with a personal token —
through Django's test client and over real HTTP against a live server."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest
import requests

from omrade.finance.models import Allocation, AllocationChange
from omrade.finance.services import sources as source_services
from omrade.portfolio.models import Measure
from omrade.tenancy import services as tenancy_services
from omrade.tenancy.models import Role
from tests.finance.conftest import Money, money  # noqa: F401 - the money fixture
from tests.finance.test_statement import Booked, booked  # noqa: F401 - the booked fixture
from tests.portfolio.conftest import portfolio  # noqa: F401 - the measures fixture
from tests.programmes.conftest import setup  # noqa: F401 - the programme fixture


def token(user) -> dict[str, str]:
    _token, key = tenancy_services.token_create(by=None, user=user)
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def programme_path(money: Money, tail: str) -> str:  # noqa: F811
    return f"/api/programmes/{money.portfolio.setup.programme.pk}/{tail}"


@pytest.mark.django_db
def test_funding_lists_sources_and_allocations(client, tenants, booked) -> None:  # noqa: F811
    funds = booked.money
    source_services.earmark_set(
        by=None,
        source=funds.state,
        sub_programme=funds.portfolio.setup.housing,
        share=Decimal(20),
        note="Bo",
    )
    source_services.duty_add(
        by=None, source=funds.state, title="Rapport 2024", due_on=date(2025, 3, 1)
    )
    response = client.get(
        programme_path(funds, "funding"), **token(tenants.users[Role.FINANCE_OFFICER])
    )
    assert response.status_code == 200
    body = response.json()
    sources = {row["code"]: row for row in body["sources"]}
    assert set(sources) == {"KDD", "KOM"}
    kdd = sources["KDD"]
    assert (kdd["kind"], kdd["currency"], kdd["agreement_id"]) == (
        "state_grant",
        "NOK",
        funds.agreement.pk,
    )
    assert kdd["excludes_ordinary_operations"] is True
    assert sources["KOM"]["carry_over_allowed"] is True
    assert kdd["earmarks"] == [
        {
            "sub_programme_id": funds.portfolio.setup.housing.pk,
            "sub_programme": "Bo og nærmiljø",
            "share": "20.00",
            "note": "Bo",
        }
    ]
    assert [(d["title"], d["due_on"], d["done_on"]) for d in kdd["duties"]] == [
        ("Rapport 2024", "2025-03-01", None)
    ]
    assert sources["KOM"]["earmarks"] == []
    assert kdd["amounts"] == [
        {
            "year": 2024,
            "amount": "500000.00",
            "version": 1,
            "versions": [
                {
                    "version": 1,
                    "amount": "500000.00",
                    "reason": "",
                    "decision_id": None,
                    "created_at": kdd["amounts"][0]["versions"][0]["created_at"],
                }
            ],
        }
    ]
    allocations = {
        (row["source_code"], row["measure_id"], row["sub_programme_id"]): row["amount"]
        for row in body["allocations"]
    }
    measures = funds.portfolio
    assert allocations == {
        ("KOM", measures.snuplassen.pk, None): "100000.00",
        ("KOM", measures.reading.pk, None): "150000.00",
        ("KOM", None, measures.setup.housing.pk): "20000.00",
        ("KDD", measures.snuplassen.pk, None): "300000.00",
        ("KDD", measures.meeting_places.pk, None): "150000.00",
    }


@pytest.mark.django_db
def test_finance_is_the_statement_with_exact_numbers(client, tenants, booked) -> None:  # noqa: F811
    funds = booked.money
    response = client.get(
        programme_path(funds, "finance") + "?year=2024",
        **token(tenants.users[Role.PROGRAMME_MANAGER]),
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert b'"granted":500000.00' in response.content
    record = json.loads(response.content, parse_float=Decimal)
    assert (record["year"], record["currency"]) == (2024, "NOK")
    kdd = record["sources"][0]
    assert (kdd["code"], kdd["spent"], kdd["remaining"]) == (
        "KDD",
        Decimal("194500.25"),
        Decimal("305499.75"),
    )
    spent = sum(row["spent"] for row in record["sources"])
    assert spent == sum(row["spent"] for row in record["measures"]) == Decimal("242833.58")
    assert record["in_kind"]["value"] == Decimal("560000.00")


@pytest.mark.django_db
def test_finance_year_outside_the_programme_is_400(client, tenants, booked) -> None:  # noqa: F811
    response = client.get(
        programme_path(booked.money, "finance") + "?year=2040",
        **token(tenants.users[Role.PROGRAMME_MANAGER]),
    )
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"year"}


@pytest.mark.django_db
@pytest.mark.parametrize("tail", ["funding", "finance"])
def test_reading_needs_a_finance_reader(client, tenants, booked, tail) -> None:  # noqa: F811
    path = programme_path(booked.money, tail)
    for role in (Role.COORDINATOR, Role.VIEWER, Role.ANALYST, Role.GRANT_OFFICER):
        response = client.get(path, **token(tenants.users[role]))
        assert response.status_code == 403, role
        assert "detail" in response.json()
    assert client.get(path, **token(tenants.other_admin)).status_code == 404
    assert client.get(path).status_code == 401


@pytest.mark.django_db
def test_allocation_created_then_changed(client, tenants, money) -> None:  # noqa: F811
    path = programme_path(money, "allocations")
    headers = token(tenants.users[Role.PROGRAMME_MANAGER])
    body = {
        "source_code": "KDD",
        "year": 2024,
        "measure_id": money.portfolio.snuplassen.pk,
        "amount": "250000.50",
        "reason": "Handlingsplan 2024",
    }
    created = client.post(path, body, content_type="application/json", **headers)
    assert created.status_code == 201, created.content
    assert created.json()["amount"] == "250000.50"
    assert created.json()["measure_id"] == money.portfolio.snuplassen.pk
    changed = client.post(
        path, body | {"amount": 200000}, content_type="application/json", **headers
    )
    assert changed.status_code == 200
    assert changed.json()["id"] == created.json()["id"]
    allocation = Allocation.objects.get()
    assert allocation.amount == Decimal("200000.00")
    assert [(c.amount_before, c.amount_after) for c in allocation.changes.order_by("id")] == [
        (Decimal(0), Decimal("250000.50")),
        (Decimal("250000.50"), Decimal("200000.00")),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "status", "field"),
    [
        ({"amount": "600000"}, 400, "amount"),  # more than KDD has
        ({"amount": "-1"}, 400, "amount"),
        ({"amount": "1.005"}, 400, "amount"),
        ({"amount": "lots"}, 422, "amount"),
        ({"reason": " "}, 400, "reason"),
        ({"year": 2040}, 400, "year"),
        ({"source_code": "NOPE"}, 422, "source_code"),
        ({"measure_id": 999999}, 422, "measure_id"),
        ({"measure_id": None}, 400, "measure_id"),  # neither a measure nor a sub-programme
        ({"sub_programme_id": 999999, "measure_id": None}, 422, "sub_programme_id"),
        ({"decision_id": 999999}, 422, "decision_id"),
    ],
)
def test_refused_allocations_name_the_field(client, tenants, money, change, status, field):  # noqa: F811
    body = {
        "source_code": "KDD",
        "year": 2024,
        "measure_id": money.portfolio.snuplassen.pk,
        "amount": "1000",
        "reason": "Handlingsplan 2024",
    } | change
    response = client.post(
        programme_path(money, "allocations"),
        body,
        content_type="application/json",
        **token(tenants.users[Role.MUNICIPAL_ADMIN]),
    )
    assert response.status_code == status, response.content
    assert field in response.json()["errors"]
    assert not Allocation.objects.exists()
    assert not AllocationChange.objects.exists()


@pytest.mark.django_db
def test_ordinary_operations_refused_names_the_measure(client, tenants, money) -> None:  # noqa: F811
    Measure.objects.filter(pk=money.portfolio.reading.pk).update(ordinary_operations=True)
    body = {
        "source_code": "KDD",
        "year": 2024,
        "measure_id": money.portfolio.reading.pk,
        "amount": "1000",
        "reason": "Drift",
    }
    response = client.post(
        programme_path(money, "allocations"),
        body,
        content_type="application/json",
        **token(tenants.users[Role.PROGRAMME_MANAGER]),
    )
    assert response.status_code == 400
    assert "ordinær drift" in response.json()["errors"]["measure_id"][0]
    assert not Allocation.objects.exists()


@pytest.mark.django_db
def test_allocating_needs_a_structure_editor(client, tenants, money) -> None:  # noqa: F811
    body = {
        "source_code": "KOM",
        "year": 2024,
        "sub_programme_id": money.portfolio.setup.housing.pk,
        "amount": "1000",
        "reason": "Probe",
    }
    path = programme_path(money, "allocations")
    for user in (
        tenants.users[Role.FINANCE_OFFICER],
        tenants.users[Role.BOARD_MEMBER],
        tenants.users[Role.COORDINATOR],
    ):
        response = client.post(path, body, content_type="application/json", **token(user))
        assert response.status_code == 403
    other = client.post(path, body, content_type="application/json", **token(tenants.other_admin))
    assert other.status_code == 404
    assert not Allocation.objects.exists()


@pytest.mark.django_db
def test_measures_carry_the_accounting_codes(client, tenants, money) -> None:  # noqa: F811
    headers = token(tenants.users[Role.PROGRAMME_MANAGER])
    path = programme_path(money, "measures")
    created = client.post(
        path,
        {
            "title": "Ny møteplass",
            "project_code": "P-777",
            "responsibility_code": "A12",
            "service_code": "T2530",
            "ordinary_operations": True,
        },
        content_type="application/json",
        **headers,
    )
    assert created.status_code == 201, created.content
    measure = Measure.objects.get(pk=created.json()["id"])
    assert (measure.project_code, measure.responsibility_code, measure.service_code) == (
        "P-777",
        "A12",
        "T2530",
    )
    assert measure.ordinary_operations is True
    listed = {row["id"]: row for row in client.get(path, **headers).json()}
    assert listed[measure.pk]["project_code"] == "P-777"
    assert listed[measure.pk]["ordinary_operations"] is True
    assert listed[money.portfolio.reading.pk]["project_code"] == ""
    # A project code is unique in the municipality.
    again = client.post(
        path,
        {"title": "Enda en", "project_code": "P-777"},
        content_type="application/json",
        **headers,
    )
    assert again.status_code == 400
    assert not Measure.objects.filter(title="Enda en").exists()


@pytest.mark.django_db(transaction=True)
def test_over_real_http_with_a_token(live_server, tenants, money) -> None:  # noqa: F811
    _token, key = tenancy_services.token_create(by=None, user=tenants.users[Role.PROGRAMME_MANAGER])
    headers = {"Authorization": f"Bearer {key}"}
    base = live_server.url + programme_path(money, "")
    with requests.Session() as http:
        created = http.post(
            base + "allocations",
            json={
                "source_code": "KOM",
                "year": 2024,
                "sub_programme_id": money.portfolio.setup.housing.pk,
                "amount": "12345.67",
                "reason": "Styrevedtak",
            },
            headers=headers,
            timeout=30,
        )
        assert created.status_code == 201, created.text  # no CSRF failure with a token
        statement = http.get(base + "finance?year=2024", headers=headers, timeout=30)
        funding = http.get(base + "funding", headers=headers, timeout=30)
    assert statement.status_code == 200
    record = json.loads(statement.text, parse_float=Decimal)
    kom = next(row for row in record["sources"] if row["code"] == "KOM")
    assert kom["allocated"] == Decimal("12345.67")
    assert funding.json()["allocations"][0]["amount"] == "12345.67"
    assert Allocation.objects.get().amount == Decimal("12345.67")
