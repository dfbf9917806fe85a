"""`POST /api/municipalities/{code}/actuals`: counts, the one error shape naming row and column,
unmatched lines, and who may import; over the test client and over real HTTP with a token."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import requests
from django.core.files.uploadedfile import SimpleUploadedFile

from omrade.finance.models import ActualsImport, ClosedYear, Transaction
from omrade.tenancy import services as tenancy_services
from omrade.tenancy.models import Role
from tests.conftest import Tenants
from tests.finance.actuals_helpers import amount_of, give_codes, lines, write_csv
from tests.finance.conftest import Money

URL = "/api/municipalities/{code}/actuals"


def bearer(user: object) -> dict[str, str]:
    _token, key = tenancy_services.token_create(by=None, user=user)
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def post(client, user, path: Path, query: str = "year=2024", code: str = "3107"):
    upload = SimpleUploadedFile(path.name, path.read_bytes(), content_type="text/csv")
    return client.post(f"{URL.format(code=code)}?{query}", {"file": upload}, **bearer(user))


def assert_error_shape(body: dict) -> None:
    assert set(body) == {"detail", "errors"}
    assert body["detail"]


@pytest.mark.django_db
def test_created_with_the_counts_then_nothing_new(
    client, money: Money, tenants: Tenants, tmp_path: Path
) -> None:
    give_codes(money)
    officer = tenants.users[Role.FINANCE_OFFICER]
    made = lines(9)
    path = write_csv(tmp_path / "hovedbok.csv", made)
    response = post(client, officer, path)
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["rows_read"], body["rows_added"], body["rows_known"]) == (9, 9, 0)
    assert body["file_name"] == "hovedbok.csv"
    assert Decimal(body["total_added"]) == sum((amount_of(line) for line in made), Decimal(0))
    again = post(client, officer, path).json()
    assert (again["rows_added"], again["rows_known"]) == (0, 9)
    assert Transaction.objects.count() == 9


@pytest.mark.django_db
def test_bad_file_is_422_naming_row_and_column(
    client, money: Money, tenants: Tenants, tmp_path: Path
) -> None:
    give_codes(money)
    made = lines(4)
    made[1] = (*made[1][:6], "12,345")
    response = post(
        client, tenants.users[Role.FINANCE_OFFICER], write_csv(tmp_path / "x.csv", made)
    )
    assert response.status_code == 422
    body = response.json()
    assert_error_shape(body)
    assert body["errors"]["row"] == ["3"]
    assert body["errors"]["column"] == ["Beløp"]
    assert "x.csv" in body["detail"]
    assert Transaction.objects.count() == 0
    assert ActualsImport.objects.count() == 0


@pytest.mark.django_db
def test_unmatched_is_409_with_the_list_and_skip_imports(
    client, money: Money, tenants: Tenants, tmp_path: Path
) -> None:
    give_codes(money)
    officer = tenants.users[Role.FINANCE_OFFICER]
    path = write_csv(tmp_path / "h.csv", lines(2) + lines(23, start=2, codes=("Q1",)))
    response = post(client, officer, path)
    assert response.status_code == 409
    body = response.json()
    assert_error_shape(body)
    assert len(body["errors"]["unmatched"]) == 20
    assert body["errors"]["unmatched"][0].startswith("row 4: Q1")
    assert "23" in body["detail"]
    assert Transaction.objects.count() == 0
    skipped = post(client, officer, path, "year=2024&skip_unmatched=true")
    assert skipped.status_code == 201
    assert skipped.json()["rows_unmatched"] == 23
    assert len(skipped.json()["unmatched"]) == 20
    assert Transaction.objects.count() == 2


@pytest.mark.django_db
def test_closed_year_is_400(client, money: Money, tenants: Tenants, tmp_path: Path) -> None:
    give_codes(money)
    ClosedYear.objects.create(programme=money.portfolio.setup.programme, year=2024)
    response = post(
        client, tenants.users[Role.FINANCE_OFFICER], write_csv(tmp_path / "h.csv", lines(2))
    )
    assert response.status_code == 400
    assert_error_shape(response.json())
    assert Transaction.objects.count() == 0


@pytest.mark.django_db
def test_column_names_as_query_parameters(
    client, money: Money, tenants: Tenants, tmp_path: Path
) -> None:
    give_codes(money)
    header = "Prosj;Dato;Art;Tekst;Bilagsnr;Linje;Sum"
    path = write_csv(tmp_path / "egen.csv", lines(3), header=header)
    query = "year=2024&project_field=Prosj&amount_field=Sum&date_field=Dato"
    response = post(client, tenants.users[Role.FINANCE_OFFICER], path, query)
    assert response.status_code == 201, response.content
    assert Transaction.objects.count() == 3


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "code", "status"),
    [
        ("viewer", "3107", 403),
        ("coordinator", "3107", 403),
        ("other_admin", "3107", 404),  # another municipality's: as if it did not exist
        ("officer", "4601", 404),
        ("officer", "0000", 404),
    ],
)
def test_refusals(
    client, money: Money, tenants: Tenants, tmp_path: Path, who: str, code: str, status: int
) -> None:
    give_codes(money)
    users = {
        "viewer": tenants.users[Role.VIEWER],
        "coordinator": tenants.users[Role.COORDINATOR],
        "other_admin": tenants.other_admin,
        "officer": tenants.users[Role.FINANCE_OFFICER],
    }
    response = post(client, users[who], write_csv(tmp_path / "h.csv", lines(2)), code=code)
    assert response.status_code == status
    assert_error_shape(response.json())
    assert Transaction.objects.count() == 0


@pytest.mark.django_db
def test_missing_year_or_file_is_422(client, tenants: Tenants, tmp_path: Path) -> None:
    officer = tenants.users[Role.FINANCE_OFFICER]
    no_year = post(client, officer, write_csv(tmp_path / "h.csv", lines(1)), "")
    assert no_year.status_code == 422
    assert "year" in no_year.json()["errors"]
    no_file = client.post(URL.format(code="3107") + "?year=2024", {}, **bearer(officer))
    assert no_file.status_code == 422
    assert_error_shape(no_file.json())


@pytest.fixture
def live(live_server, transactional_db) -> str:
    return str(live_server.url)


def test_token_import_over_http_needs_no_csrf(
    live, money: Money, tenants: Tenants, tmp_path: Path
) -> None:
    give_codes(money)
    _token, key = tenancy_services.token_create(by=None, user=tenants.users[Role.FINANCE_OFFICER])
    path = write_csv(tmp_path / "hovedbok.csv", lines(5))
    with path.open("rb") as stream:
        response = requests.post(
            f"{live}/api/municipalities/3107/actuals?year=2024",
            files={"file": ("hovedbok.csv", stream, "text/csv")},
            headers={"Authorization": f"Bearer {key}"},
            timeout=60,
        )
    assert response.status_code == 201, response.text
    assert response.json()["rows_added"] == 5
    assert Transaction.objects.count() == 5
