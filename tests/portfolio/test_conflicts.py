"""Resource conflicts: people over a full position, units asked for more than they gave,
measures costing more than the year's money; resolution by a board decision (audited); the
conflicts page, the frames page and the API."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from omrade.common.models import AuditEntry
from omrade.portfolio.conflicts import conflicts_of, past_resolutions
from omrade.portfolio.models import (
    ConflictKind,
    ConflictResolution,
    MeasureStatus,
    UnitCommitment,
    YearBudget,
)
from omrade.portfolio.services import conflicts as services
from omrade.portfolio.services import measures as measure_services
from omrade.programmes.models import Body, BodyKind
from omrade.programmes.services import meetings as meeting_services
from omrade.tenancy.models import MunicipalUnit, Role
from tests.factories import MunicipalUnitFactory, PersonFactory

pytestmark = pytest.mark.django_db

OSLO = ZoneInfo("Europe/Oslo")


def plan(measure) -> None:
    measure_services.measure_set_status(measure=measure, status=MeasureStatus.PLANNED)


@pytest.fixture
def stretched(portfolio, tenants):
    """2024: Per has 60 + 50 % (Snuplassen, Leseferdigheter); NAV gives 40 % but is asked for
    110 %; Kultur has no commitment but is asked for 20 %; the three measures cost 800 000 kr
    against a frame of 700 000 kr. Nærmiljøarenaer stays an idea except where planned."""
    for measure in (portfolio.snuplassen, portfolio.reading, portfolio.meeting_places):
        plan(measure)
    nav = MunicipalUnitFactory(municipality=tenants.home, name="NAV Fredrikstad")
    culture = MunicipalUnitFactory(municipality=tenants.home, name="Kultur")
    per = PersonFactory(municipality=tenants.home, name="Per Hansen", unit=nav)
    measure_services.staff_allocation_add(
        by=None, measure=portfolio.snuplassen, year=2024, share=Decimal(60), person=per
    )
    measure_services.staff_allocation_add(
        by=None, measure=portfolio.reading, year=2024, share=Decimal(50), person=per
    )
    measure_services.staff_allocation_add(
        by=None, measure=portfolio.meeting_places, year=2024, share=Decimal(20), unit=culture
    )
    measure_services.unit_commitment_set(
        by=None, programme=portfolio.setup.programme, unit=nav, year=2024, share=Decimal(40)
    )
    measure_services.year_budget_set(
        by=None, programme=portfolio.setup.programme, year=2024, amount=Decimal(700_000)
    )
    return {"nav": nav, "culture": culture, "per": per}


def board_decision(portfolio, kind: str = BodyKind.BOARD, name: str = "Programstyret"):
    body = Body.objects.create(programme=portfolio.setup.programme, kind=kind, name=name)
    meeting = meeting_services.meeting_create(
        by=None, body=body, starts_at=datetime(2024, 3, 12, 10, tzinfo=OSLO)
    )
    return meeting_services.decision_record(
        meeting=meeting, text="Snuplassen får forrang; Per avlastes.", by=None
    )


def test_the_three_kinds_are_listed_with_stable_keys_and_figures(portfolio, stretched):
    conflicts = conflicts_of(portfolio.setup.programme)
    nav, culture, per = stretched["nav"], stretched["culture"], stretched["per"]
    assert [(c.key, c.kind, c.asked, c.available, c.excess) for c in conflicts] == [
        ("money:2024", ConflictKind.MONEY, Decimal(800_000), Decimal(700_000), Decimal(100_000)),
        (f"staff:person:{per.pk}:2024", ConflictKind.STAFF, Decimal(110), Decimal(100), 10),
        (f"unit:{culture.pk}:2024", ConflictKind.UNIT, Decimal(20), None, Decimal(20)),
        (f"unit:{nav.pk}:2024", ConflictKind.UNIT, Decimal(110), Decimal(40), Decimal(70)),
    ]
    texts = [conflict.text for conflict in conflicts]
    assert texts == [
        "Tiltakene i 2024 koster 800\xa0000 kr, mer enn årets midler (700\xa0000 kr).",
        "Per Hansen har 110 % stilling i 2024, mer enn en hel stilling, fordelt på "
        "«Leseferdigheter», «NAV Snuplassen».",
        "Kultur er bedt om 20 % stilling i 2024 («Nærmiljøarenaer»), men det er ikke "
        "registrert hva enheten stiller med.",
        "NAV Fredrikstad er bedt om 110 % stilling i 2024 («Leseferdigheter», "
        "«NAV Snuplassen»), men stiller med 40 %.",
    ]
    assert [m.title for m in conflicts[1].measures] == ["Leseferdigheter", "NAV Snuplassen"]
    assert not any(conflict.is_resolved for conflict in conflicts)
    assert conflicts_of(portfolio.setup.programme, year=2025) == []


def test_ideas_stopped_measures_and_other_years_do_not_count(portfolio, stretched):
    measure_services.measure_set_status(
        measure=portfolio.reading, status=MeasureStatus.STOPPED, stop_reason="Ingen midler"
    )
    keys = {conflict.key for conflict in conflicts_of(portfolio.setup.programme)}
    # Per is down to 60 %; NAV to 60 % (still over 40 %); the cost to 650 000 kr (within).
    assert keys == {f"unit:{stretched['culture'].pk}:2024", f"unit:{stretched['nav'].pk}:2024"}


def test_a_year_with_costs_and_no_money_recorded(portfolio):
    plan(portfolio.snuplassen)
    conflicts = conflicts_of(portfolio.setup.programme)
    assert [(c.key, c.available, c.text) for c in conflicts] == [
        (
            "money:2024",
            None,
            "Tiltakene i 2024 koster 400\xa0000 kr, men det er ikke registrert midler for året.",
        )
    ]


def test_resolve_with_a_board_decision_is_audited(portfolio, stretched, tenants):
    programme = portfolio.setup.programme
    decision = board_decision(portfolio)
    board_member = tenants.users[Role.BOARD_MEMBER]
    resolution = services.conflict_resolve(
        programme=programme,
        key="money:2024",
        decision=decision,
        note="Leseferdigheter utsettes.",
        by=board_member,
    )
    assert (resolution.kind, resolution.resolved_by) == (ConflictKind.MONEY, board_member)
    money = conflicts_of(programme)[0]
    assert money.is_resolved
    assert money.resolution == resolution
    entry = AuditEntry.objects.get(action="conflict.resolved")
    assert entry.actor == board_member
    assert entry.changes["decision"] == [None, decision.reference]
    assert entry.summary.endswith(f"Avklart i {decision.reference}.")
    # The figures change so the conflict is gone: the resolution is listed as past.
    measure_services.year_budget_set(
        by=None, programme=programme, year=2024, amount=Decimal(900_000)
    )
    current = conflicts_of(programme)
    assert "money:2024" not in {conflict.key for conflict in current}
    assert past_resolutions(programme, current) == [resolution]


def test_resolve_refusals_write_nothing(portfolio, stretched, tenants):
    from omrade.programmes.services import programme as programme_services

    programme = portfolio.setup.programme
    working_group_decision = board_decision(
        portfolio, kind=BodyKind.WORKING_GROUP, name="Arbeidsgruppe 2"
    )
    other = programme_services.programme_create(
        by=None, municipality=tenants.home, name="Annet", start_year=2023, end_year=2030
    )
    foreign_body = Body.objects.create(programme=other, kind=BodyKind.BOARD, name="Styre")
    foreign = meeting_services.decision_record(
        meeting=meeting_services.meeting_create(
            by=None, body=foreign_body, starts_at=datetime(2024, 3, 1, tzinfo=OSLO)
        ),
        text="Annet",
        by=None,
    )
    decision = board_decision(portfolio)
    cases = [
        ("money:2031", decision, "key", "Det finnes ingen slik ressurskonflikt nå: «money:2031»."),
        ("money:2024", foreign, "decision", "Vedtaket må høre til samme program."),
        (
            "money:2024",
            working_group_decision,
            "decision",
            "Ressurskonflikter avklares av programstyret: "
            f"{working_group_decision.reference} ble vedtatt i «Arbeidsgruppe 2».",
        ),
    ]
    for key, chosen, field, message in cases:
        with pytest.raises(ValidationError) as refused:
            services.conflict_resolve(
                programme=programme, key=key, decision=chosen, note="", by=None
            )
        assert refused.value.message_dict == {field: [message]}
    assert not ConflictResolution.objects.exists()
    services.conflict_resolve(programme=programme, key="money:2024", decision=decision, by=None)
    with pytest.raises(ValidationError) as twice:
        services.conflict_resolve(programme=programme, key="money:2024", decision=decision, by=None)
    assert twice.value.message_dict == {
        "key": [f"Konflikten er alt avklart i {decision.reference}."]
    }
    assert ConflictResolution.objects.count() == 1
    assert AuditEntry.objects.filter(action="conflict.resolved").count() == 1


# --- pages --------------------------------------------------------------------------------------


def url(portfolio, name: str) -> str:
    return reverse(f"portfolio:{name}", args=["3107", portfolio.setup.programme.pk])


def test_the_conflicts_page_lists_per_year_and_the_board_resolves(
    portfolio, stretched, tenants, client
):
    decision = board_decision(portfolio)
    client.force_login(tenants.users[Role.VIEWER])
    page = client.get(url(portfolio, "conflict_list"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "4 åpne konflikter." in text
    assert "Registrer avklaringen" not in text  # viewers read only
    client.force_login(tenants.users[Role.BOARD_MEMBER])
    text = client.get(url(portfolio, "conflict_list") + "?year=2024").content.decode()
    assert text.count("Registrer avklaringen") == 4
    assert decision.reference in text
    response = client.post(
        url(portfolio, "conflict_resolve") + "?year=2024",
        {"resolve-key": "money:2024", "resolve-decision": decision.pk, "resolve-note": "Utsatt"},
    )
    assert response.status_code == 302
    assert response["Location"] == url(portfolio, "conflict_list") + "?year=2024"
    assert ConflictResolution.objects.get().note == "Utsatt"
    text = client.get(url(portfolio, "conflict_list")).content.decode()
    assert "3 åpne konflikter." in text
    assert f"Avklart i {decision.reference} (Programstyret)" in text


def test_a_refused_resolution_shows_the_error_on_its_conflict(
    portfolio, stretched, tenants, client
):
    client.force_login(tenants.users[Role.PROGRAMME_MANAGER])
    response = client.post(
        url(portfolio, "conflict_resolve"),
        {"resolve-key": "money:2024", "resolve-decision": "", "resolve-note": ""},
    )
    assert response.status_code == 400
    forms = {
        conflict.key: form
        for _year, group in response.context["groups"]
        for conflict, form, _slug in group
    }
    assert list(forms["money:2024"].errors) == ["decision"]  # on the conflict it was for
    assert 'aria-invalid="true"' in response.content.decode()
    unknown = client.post(
        url(portfolio, "conflict_resolve"),
        {"resolve-key": "money:2031", "resolve-decision": board_decision(portfolio).pk},
    )
    assert unknown.status_code == 400
    assert "Det finnes ingen slik ressurskonflikt nå" in unknown.content.decode()
    assert not ConflictResolution.objects.exists()
    client.force_login(tenants.users[Role.COORDINATOR])
    forbidden = client.post(url(portfolio, "conflict_resolve"), {"resolve-key": "money:2024"})
    assert forbidden.status_code == 403


def test_the_frames_page_records_money_and_commitments(portfolio, tenants, client):
    unit = MunicipalUnitFactory(municipality=tenants.home, name="Bydel Sentrum")
    client.force_login(tenants.users[Role.PROGRAMME_MANAGER])
    assert client.get(url(portfolio, "frames")).status_code == 200
    response = client.post(
        url(portfolio, "frames_budget_set"),
        {"budget-year": "2024", "budget-amount": "1250000.50", "budget-note": "Statlige midler"},
    )
    assert response.status_code == 302
    budget = YearBudget.objects.get()
    assert (budget.year, budget.amount, budget.note) == (
        2024,
        Decimal("1250000.50"),
        "Statlige midler",
    )
    response = client.post(
        url(portfolio, "frames_commitment_set"),
        {"commitment-unit": unit.pk, "commitment-year": "2024", "commitment-share": "150"},
    )
    assert response.status_code == 302
    assert UnitCommitment.objects.get().share == Decimal(150)
    bad = client.post(
        url(portfolio, "frames_budget_set"),
        {"budget-year": "2040", "budget-amount": "-1"},
    )
    assert bad.status_code == 400
    assert set(bad.context["budget_form"].errors) == {"year", "amount"}
    foreign_unit = MunicipalUnit.objects.create(municipality=tenants.other, name="Bergen enhet")
    foreign = client.post(
        url(portfolio, "frames_commitment_set"),
        {"commitment-unit": foreign_unit.pk, "commitment-year": "2024", "commitment-share": "1"},
    )
    assert foreign.status_code == 400
    assert YearBudget.objects.count() == 1
    assert UnitCommitment.objects.count() == 1
    client.force_login(tenants.users[Role.BOARD_MEMBER])
    page = client.get(url(portfolio, "frames")).content.decode()
    assert "Lagre årsrammen" not in page
    assert "Bydel Sentrum" in page


def test_api_lists_conflicts_with_their_resolution(portfolio, stretched, tenants, client):
    programme = portfolio.setup.programme
    decision = board_decision(portfolio)
    services.conflict_resolve(programme=programme, key="money:2024", decision=decision, by=None)
    client.force_login(tenants.users[Role.VIEWER])
    body = client.get(f"/api/programmes/{programme.pk}/conflicts?year=2024").json()
    assert [(item["key"], item["resolved"], item["decision"]) for item in body] == [
        ("money:2024", True, decision.reference),
        (f"staff:person:{stretched['per'].pk}:2024", False, None),
        (f"unit:{stretched['culture'].pk}:2024", False, None),
        (f"unit:{stretched['nav'].pk}:2024", False, None),
    ]
    assert (body[0]["asked"], body[0]["available"], body[0]["unit"]) == (800000.0, 700000.0, "kr")
    assert client.get(f"/api/programmes/{programme.pk}/conflicts?year=2025").json() == []
    client.force_login(tenants.other_admin)
    assert client.get(f"/api/programmes/{programme.pk}/conflicts").status_code == 404
