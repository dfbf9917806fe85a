"""The criteria for udsatte boligområder (almenboligloven § 61 a): the pure rule and the
selector that feeds it published (protected) values."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from omrade.areas import selectors, services
from omrade.areas.models import Area
from omrade.areas.udsatte import UdsatStatus, assess
from omrade.tenancy.models import Country, Municipality
from omrade.tenancy.services import municipality_create
from tests.areas.conftest import import_statistics

# Passes outside-work (45 > 40) and basic schooling (65 > 60); fails the other two.
TWO_CRITERIA = {
    "dk-residents": 1500.0,
    "dk-convicted-national": 0.8,
    "dk-outside-labour-market-education": 45.0,
    "dk-convicted": 1.0,
    "dk-basic-education-only": 65.0,
    "dk-gross-income": 70.0,
}


def passes(values: dict[str, float | None]) -> dict[str, bool | None]:
    return {result.indicator_code: result.passes for result in assess(values).criteria}


def test_two_criteria_and_enough_residents_make_an_udsat_area() -> None:
    assessment = assess(TWO_CRITERIA)
    assert assessment.status == UdsatStatus.UDSAT
    assert assessment.criteria_passed == 2
    assert assessment.residents_pass is True


def test_exactly_forty_percent_outside_work_does_not_pass() -> None:
    assert passes({**TWO_CRITERIA, "dk-outside-labour-market-education": 40.0}) == {
        "dk-outside-labour-market-education": False,
        "dk-convicted": False,
        "dk-basic-education-only": True,
        "dk-gross-income": False,
    }
    assert passes({**TWO_CRITERIA, "dk-outside-labour-market-education": 40.01})[
        "dk-outside-labour-market-education"
    ]
    assessment = assess({**TWO_CRITERIA, "dk-outside-labour-market-education": 40.0})
    assert assessment.status == UdsatStatus.NOT_UDSAT


def test_thresholds_at_their_edges() -> None:
    # Convictions: at least three times the national share (0.8 → 2.4) passes.
    assert passes({**TWO_CRITERIA, "dk-convicted": 2.4})["dk-convicted"] is True
    assert passes({**TWO_CRITERIA, "dk-convicted": 2.39})["dk-convicted"] is False
    # Basic schooling: more than 60 %.
    assert (
        passes({**TWO_CRITERIA, "dk-basic-education-only": 60.0})["dk-basic-education-only"]
        is False
    )
    # Income: below 55 % of the region; exactly 55 does not pass.
    assert passes({**TWO_CRITERIA, "dk-gross-income": 55.0})["dk-gross-income"] is False
    assert passes({**TWO_CRITERIA, "dk-gross-income": 54.9})["dk-gross-income"] is True


def test_999_residents_is_never_udsat_and_1000_is_enough() -> None:
    all_four = {
        **TWO_CRITERIA,
        "dk-convicted": 3.0,
        "dk-gross-income": 40.0,
    }
    few = assess({**all_four, "dk-residents": 999.0})
    assert few.criteria_passed == 4
    assert few.residents_pass is False
    assert few.status == UdsatStatus.NOT_UDSAT
    assert assess({**all_four, "dk-residents": 1000.0}).status == UdsatStatus.UDSAT


def test_missing_values_make_the_status_unknown_unless_the_rest_decides() -> None:
    one_known = {**TWO_CRITERIA, "dk-basic-education-only": None}
    unknown = assess(one_known)
    assert unknown.criteria_passed == 1
    assert [result.passes for result in unknown.criteria] == [True, False, None, False]
    assert unknown.status == UdsatStatus.UNKNOWN
    # Unknown residents with two criteria met: unknown, not udsat.
    assert assess({**TWO_CRITERIA, "dk-residents": None}).status == UdsatStatus.UNKNOWN
    # Two criteria known to fail and two unknown: still possible, so unknown.
    assert (
        assess({"dk-residents": 2000.0, "dk-convicted": 0.1, "dk-gross-income": 90.0}).status
        == UdsatStatus.UNKNOWN
    )
    # Three known to fail: at most one can pass, so not udsat whatever the fourth is.
    assert (
        assess(
            {
                **TWO_CRITERIA,
                "dk-outside-labour-market-education": 10.0,
                "dk-basic-education-only": None,
            }
        ).status
        == UdsatStatus.NOT_UDSAT
    )
    assert assess({}).status == UdsatStatus.UNKNOWN


def test_without_the_national_share_the_convictions_criterion_is_unknown() -> None:
    assessment = assess({**TWO_CRITERIA, "dk-convicted-national": None})
    convicted = assessment.criteria[1]
    assert convicted.indicator_code == "dk-convicted"
    assert convicted.threshold is None
    assert convicted.passes is None
    assert assessment.status == UdsatStatus.UDSAT  # two other criteria already pass


DANISH_FIGURES = """area;year;indicator;numerator;denominator;value
SP;2023;dk-residents;;;1400
SP;2023;dk-outside-labour-market-education;350;800;43,75
SP;2023;dk-convicted;30;1100;2,73
SP;2023;dk-basic-education-only;3;5;60,0
SP;2023;dk-gross-income;;;50,0
KP;2023;dk-residents;;;999
KP;2023;dk-outside-labour-market-education;400;800;50,0
KP;2023;dk-convicted;40;800;5,0
KP;2023;dk-basic-education-only;300;400;75,0
KP;2023;dk-gross-income;;;40,0
"""


def danish_areas() -> tuple[Municipality, dict[str, object]]:
    services.catalogue_install()
    municipality = municipality_create(
        by=None, code="607", name="Fredericia", country=Country.DENMARK
    )
    top_level = services.level_ensure(
        municipality=municipality, code="kommune", name="Kommune", depth=0
    )
    top = services.area_save(by=None, level=top_level, code="607", name="Fredericia")
    level = services.level_ensure(
        municipality=municipality, code="boligafdeling", name="Boligafdeling", depth=2
    )
    areas = {
        code: services.area_save(by=None, level=level, code=code, name=name, parent=top)
        for code, name in (("SP", "Sønderparken"), ("KP", "Korskærparken"))
    }
    import_statistics(level, DANISH_FIGURES, synthetic=True)
    import_statistics(
        top_level,
        "area;year;indicator;numerator;denominator;value\n607;2023;dk-convicted-national;;;0,8\n",
    )
    return municipality, {"top": top, **areas}


def test_the_selector_reads_published_values_and_the_national_share_above(db: None) -> None:
    municipality, areas = danish_areas()
    assert selectors.shows_udsat_criteria(municipality)
    sp = selectors.udsat_assessment(area=areas["SP"], viewer=AnonymousUser())
    assert sp.period_code == "2023"
    assert sp.synthetic
    assert sp.residents == 1400
    by_code = {result.indicator_code: result for result in sp.criteria}
    assert by_code["dk-convicted"].threshold == 2.4
    assert by_code["dk-convicted"].passes is True
    # 3 of 5 people: protected by small-number rules, so unknown to the public.
    assert by_code["dk-basic-education-only"].value is None
    assert by_code["dk-basic-education-only"].passes is None
    assert sp.criteria_passed == 3
    assert sp.status == UdsatStatus.UDSAT

    kp = selectors.udsat_assessment(area=areas["KP"], viewer=AnonymousUser())
    assert kp.criteria_passed == 4
    assert kp.status == UdsatStatus.NOT_UDSAT  # 999 residents


def test_an_area_without_figures_is_unknown_and_norway_has_no_panel(
    db: None, tenants: object
) -> None:
    _municipality, areas = danish_areas()
    assessment = selectors.udsat_assessment(area=areas["top"], viewer=AnonymousUser())
    assert assessment.period_code is None
    assert assessment.status == UdsatStatus.UNKNOWN
    norway = Municipality.objects.exclude(country=Country.DENMARK).first()
    assert norway is not None
    assert not selectors.shows_udsat_criteria(norway)


def test_the_area_profile_shows_the_panel_for_danish_areas(client: object, db: None) -> None:
    _municipality, areas = danish_areas()
    response = client.get(f"/m/607/areas/{areas['SP'].pk}/")  # type: ignore[attr-defined]
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="udsat-heading"' in html
    assert 'data-udsat-status="udsat"' in html
    assert 'data-criterion="dk-convicted"' in html


def test_the_fredericia_demo_makes_sonderparken_udsat_and_korskaerparken_not(db: None) -> None:
    from omrade.areas.demo import _load_fredericia_udsat

    services.catalogue_install()
    fredericia = municipality_create(
        by=None, code="607", name="Fredericia", country=Country.DENMARK
    )
    _load_fredericia_udsat(fredericia)
    viewer = AnonymousUser()
    sp = selectors.udsat_assessment(area=Area.objects.get(code="SP"), viewer=viewer)
    kp = selectors.udsat_assessment(area=Area.objects.get(code="KP"), viewer=viewer)
    assert (sp.period_code, sp.synthetic, sp.status, sp.criteria_passed) == (
        "2024",
        True,
        UdsatStatus.UDSAT,
        3,
    )
    assert (kp.status, kp.criteria_passed) == (UdsatStatus.NOT_UDSAT, 0)
    assert Area.objects.get(code="SP").parent == Area.objects.get(code="607")
