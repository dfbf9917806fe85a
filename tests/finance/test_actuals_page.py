"""The actuals upload page: who sees it, the result, the refusals, the earlier imports."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from omrade.finance.models import ActualsImport, Transaction
from omrade.tenancy.models import Role
from tests.browser.test_accessibility import axe_violations
from tests.conftest import Tenants
from tests.finance.actuals_helpers import give_codes, lines, write_csv
from tests.finance.conftest import Money

pytestmark = pytest.mark.django_db

URL = reverse("finance:actuals", kwargs={"municipality_code": "3107"})


def upload(path: Path, name: str | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name or path.name, path.read_bytes(), content_type="text/csv")


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.FINANCE_OFFICER, 200),
        (Role.PROGRAMME_MANAGER, 200),
        (Role.MUNICIPAL_ADMIN, 200),
        (Role.VIEWER, 403),
        (Role.COORDINATOR, 403),
        (Role.ANALYST, 403),
    ],
)
def test_who_sees_the_page(client, tenants: Tenants, role: Role, status: int) -> None:
    client.force_login(tenants.users[role])
    assert client.get(URL).status_code == status


def test_other_municipalitys_admin_refused(client, tenants: Tenants, money: Money, tmp_path):
    give_codes(money)
    client.force_login(tenants.other_admin)
    path = write_csv(tmp_path / "h.csv", lines(3))
    assert client.post(URL, {"file": upload(path), "year": 2024}).status_code == 403
    assert Transaction.objects.count() == 0


def test_anonymous_is_sent_to_login(client, tenants: Tenants) -> None:
    response = client.get(URL)
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_upload_shows_the_result_and_lists_the_import(
    client, tenants: Tenants, money: Money, tmp_path: Path
) -> None:
    give_codes(money)
    officer = tenants.users[Role.FINANCE_OFFICER]
    client.force_login(officer)
    path = write_csv(tmp_path / "hovedbok-jan.csv", lines(7))
    response = client.post(URL, {"file": upload(path), "year": 2024})
    assert response.status_code == 200
    assert response.context["result"].rows_added == 7
    page = response.content.decode()
    assert "hovedbok-jan.csv" in page
    record = ActualsImport.objects.get()
    assert record.file_name == "hovedbok-jan.csv"  # the upload's name, not the temporary file
    assert record.imported_by == officer
    assert Transaction.objects.count() == 7
    again = client.post(URL, {"file": upload(path), "year": 2024})
    assert again.context["result"].rows_known == 7
    assert Transaction.objects.count() == 7
    assert len(again.context["imports"]) == 2


def test_bad_file_shows_file_row_and_column_in_the_error_summary(
    client, tenants: Tenants, money: Money, tmp_path: Path
) -> None:
    give_codes(money)
    client.force_login(tenants.users[Role.FINANCE_OFFICER])
    made = lines(5)
    made[2] = (*made[2][:6], "mange penger")
    path = write_csv(tmp_path / "feil.csv", made)
    response = client.post(URL, {"file": upload(path), "year": 2024})
    assert response.status_code == 400
    page = response.content.decode()
    assert "ds-error-summary" in page
    assert "feil.csv" in page
    assert "rad 4" in page
    assert "Beløp" in page
    assert Transaction.objects.count() == 0
    assert ActualsImport.objects.count() == 0


def test_unmatched_listed_then_skipped(
    client, tenants: Tenants, money: Money, tmp_path: Path
) -> None:
    give_codes(money)
    client.force_login(tenants.users[Role.FINANCE_OFFICER])
    path = write_csv(tmp_path / "h.csv", lines(3) + lines(2, start=3, codes=("X7",)))
    response = client.post(URL, {"file": upload(path), "year": 2024})
    assert response.status_code == 400
    assert response.context["unmatched"].count == 2
    assert "X7" in response.content.decode()
    assert Transaction.objects.count() == 0
    skipped = client.post(URL, {"file": upload(path), "year": 2024, "skip_unmatched": "on"})
    assert skipped.status_code == 200
    assert skipped.context["result"].rows_unmatched == 2
    assert Transaction.objects.count() == 3


def test_column_names_from_the_advanced_fields(
    client, tenants: Tenants, money: Money, tmp_path: Path
) -> None:
    give_codes(money)
    client.force_login(tenants.users[Role.FINANCE_OFFICER])
    header = "Prosj;Dato;Art;Tekst;Bilagsnr;Linje;Sum"
    path = write_csv(tmp_path / "egen.csv", lines(2), header=header)
    data = {"file": upload(path), "year": 2024, "project_field": "Prosj", "amount_field": "Sum"}
    data["date_field"] = "Dato"
    assert client.post(URL, data).context["result"].rows_added == 2
    missing = {"file": upload(path), "year": 2024, "project_field": "Finnes ikke"}
    refused = client.post(URL, missing)
    assert refused.status_code == 400
    assert "Finnes ikke" in refused.content.decode()
    assert "open" in refused.content.decode().split("omr-details")[1][:20]
    assert Transaction.objects.count() == 2


def test_missing_file_and_bad_year_are_field_errors(client, tenants: Tenants) -> None:
    client.force_login(tenants.users[Role.FINANCE_OFFICER])
    response = client.post(URL, {"year": "tjuefire"})
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"file", "year"}
    assert ActualsImport.objects.count() == 0


def test_navigation_links_the_page_for_the_finance_officer_only(client, tenants: Tenants) -> None:
    home = reverse("shell:dashboard", kwargs={"municipality_code": "3107"})
    client.force_login(tenants.users[Role.FINANCE_OFFICER])
    assert URL in client.get(home).content.decode()
    client.force_login(tenants.users[Role.VIEWER])
    assert URL not in client.get(home).content.decode()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_page_in_a_browser(
    money: Money, tenants: Tenants, page, live_server, password, tmp_path
):
    """A finance officer uploads a bad file, a file with unknown project codes and a good one:
    the error summary, the list of lines and the result, each without axe violations and
    without sideways scrolling at 390 px."""
    give_codes(money)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", tenants.users[Role.FINANCE_OFFICER].get_username())
    page.fill("#id_password", password)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/m/3107/mitt-arbeid/")
    page.set_viewport_size({"width": 390, "height": 800})
    with page.expect_navigation():
        page.get_by_role("link", name="Regnskap", exact=True).click()
    assert page.url == f"{live_server.url}{URL}"

    def upload(path: Path, skip: bool = False) -> None:
        page.set_input_files("#id_file", str(path))
        page.fill("#id_year", "2024")
        if skip:
            page.check("#id_skip_unmatched")
        with page.expect_navigation():
            page.get_by_role("button", name="Les inn").click()
        assert axe_violations(page) == []
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    made = lines(3)
    made[1] = (*made[1][:6], "tre kroner")
    upload(write_csv(tmp_path / "feil.csv", made))
    assert page.locator(".ds-error-summary").get_by_text("rad 3").count() == 1
    long_text = [(*line[:3], "En svært lang tekst " * 20, *line[4:]) for line in lines(4)]
    unmatched = long_text + lines(2, start=4, codes=("UKJENT-PROSJEKT-1234567890",))
    upload(write_csv(tmp_path / "ukjent.csv", unmatched))
    assert page.get_by_role("cell", name="UKJENT-PROSJEKT-1234567890").count() == 2
    upload(write_csv(tmp_path / "ukjent.csv", unmatched), skip=True)
    assert page.get_by_text("ukjent.csv er lest inn for 2024").count() == 1
    assert Transaction.objects.count() == 4
