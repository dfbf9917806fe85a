"""Criteria sets: sets, groups, criteria, weights set directly and derived by pairwise
comparison, installing a structure, and Fredrikstad's criteria verbatim from seed 001."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from omrade.common.models import AuditEntry
from omrade.portfolio.models import (
    CriteriaSet,
    Criterion,
    CriterionGroup,
    PairwiseComparison,
    Scale,
    Score,
    WeightMethod,
)
from omrade.portfolio.seed_criteria import (
    FREDRIKSTAD_SOURCE,
    SEED_COLUMNS,
    fredrikstad_criteria,
    seed_marks_apply,
)
from omrade.portfolio.services import criteria as services
from omrade.programmes.services import programme as programme_services
from omrade.tenancy.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def criteria_set(portfolio) -> CriteriaSet:
    return services.criteria_set_create(
        programme=portfolio.setup.programme, name="Kriterier", source="Folkehelseplanen"
    )


def weights(criteria_set: CriteriaSet) -> list[float]:
    return [
        round(weight, 9)
        for weight in Criterion.objects.filter(group__criteria_set=criteria_set)
        .order_by("group__position", "position")
        .values_list("weight", flat=True)
    ]


# --- sets, groups, criteria ---------------------------------------------------------------------


def test_create_is_audited_and_names_are_unique_per_programme(criteria_set, portfolio, tenants):
    assert (criteria_set.municipality, criteria_set.source) == (tenants.home, "Folkehelseplanen")
    assert AuditEntry.objects.filter(action="criteria_set.created").count() == 1
    with pytest.raises(ValidationError) as refused:
        services.criteria_set_create(programme=portfolio.setup.programme, name=" Kriterier ")
    assert "name" in refused.value.message_dict
    assert CriteriaSet.objects.count() == 1


def test_source_document_must_be_the_programmes(
    criteria_set, portfolio, tenants, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    other = programme_services.programme_create(
        by=None, municipality=tenants.home, name="Annet", start_year=2023, end_year=2030
    )
    foreign = programme_services.document_add(
        by=None,
        programme=other,
        kind="municipal_plan",
        title="Annen plan",
        file=SimpleUploadedFile("plan.pdf", b"%PDF-1.4 plan"),
    )
    with pytest.raises(ValidationError) as refused:
        services.criteria_set_update(
            criteria_set=criteria_set, name="Kriterier", source_document=foreign
        )
    assert "source_document" in refused.value.message_dict
    criteria_set.refresh_from_db()
    assert criteria_set.source_document is None
    own = programme_services.document_add(
        by=None,
        programme=portfolio.setup.programme,
        kind="municipal_plan",
        title="Kommunedelplan for folkehelse",
        file=SimpleUploadedFile("plan.pdf", b"%PDF-1.4 plan"),
    )
    services.criteria_set_update(
        criteria_set=criteria_set, name="Nytt navn", source="Planen", source_document=own
    )
    criteria_set.refresh_from_db()
    assert (criteria_set.name, criteria_set.source_document) == ("Nytt navn", own)


def test_groups_go_last_and_their_sub_programme_must_be_the_programmes(
    criteria_set, portfolio, tenants
):
    general = services.criterion_group_create(criteria_set=criteria_set, name="Generelt")
    housing = services.criterion_group_create(
        criteria_set=criteria_set, name="Bo- og nærmiljø", sub_programme=portfolio.setup.housing
    )
    assert (general.position, housing.position) == (0, 1)
    other = programme_services.programme_create(
        by=None, municipality=tenants.home, name="Annet", start_year=2023, end_year=2030
    )
    foreign = programme_services.sub_programme_create(by=None, programme=other, name="Fremmed")
    with pytest.raises(ValidationError) as refused:
        services.criterion_group_create(
            criteria_set=criteria_set, name="Fremmed", sub_programme=foreign
        )
    assert "sub_programme" in refused.value.message_dict
    with pytest.raises(ValidationError):
        services.criterion_group_create(criteria_set=criteria_set, name="Generelt")
    assert CriterionGroup.objects.count() == 2


def test_criteria_check_text_scale_and_weight(criteria_set):
    group = services.criterion_group_create(criteria_set=criteria_set, name="Generelt")
    first = services.criterion_create(group=group, text="  Styrker eierskap  ")
    second = services.criterion_create(
        group=group, text="Skala", scale=Scale.ZERO_TO_THREE, weight=2
    )
    assert (first.text, first.scale, first.weight, first.position) == (
        "Styrker eierskap",
        "mark",
        1.0,
        0,
    )
    assert (second.maximum, second.position) == (3, 1)
    for bad, field in [
        ({"text": " "}, "text"),
        ({"weight": -1}, "weight"),
        ({"scale": "0-5"}, "scale"),
    ]:
        with pytest.raises(ValidationError) as refused:
            services.criterion_create(group=group, **({"text": "Ny"} | bad))
        assert field in refused.value.message_dict
    assert Criterion.objects.count() == 2


def test_a_smaller_scale_is_refused_while_scores_are_above_it(criteria_set, portfolio, tenants):
    group = services.criterion_group_create(criteria_set=criteria_set, name="Generelt")
    criterion = services.criterion_create(group=group, text="K", scale=Scale.ZERO_TO_THREE)
    services.score_set(
        criterion=criterion,
        measure=portfolio.reading,
        scorer=tenants.users[Role.PROGRAMME_MANAGER],
        value=3,
    )
    with pytest.raises(ValidationError) as refused:
        services.criterion_update(criterion=criterion, text="K", scale=Scale.MARK, weight=1)
    assert "scale" in refused.value.message_dict
    criterion.refresh_from_db()
    assert criterion.scale == Scale.ZERO_TO_THREE


def test_removing_a_criterion_removes_its_scores_and_is_audited(criteria_set, portfolio, tenants):
    group = services.criterion_group_create(criteria_set=criteria_set, name="Generelt")
    criterion = services.criterion_create(group=group, text="K")
    services.score_set(
        criterion=criterion, measure=portfolio.reading, scorer=tenants.users[Role.ANALYST], value=1
    )
    services.criterion_remove(criterion=criterion, by=tenants.users[Role.PROGRAMME_MANAGER])
    assert (Criterion.objects.count(), Score.objects.count()) == (0, 0)
    entry = AuditEntry.objects.get(action="criterion.removed")
    assert entry.summary == "Kriteriet «K» er fjernet med 1 vurderinger."


def test_a_set_used_by_scenarios_cannot_be_removed(criteria_set, portfolio):
    portfolio.setup.programme.scenarios.create(
        criteria_set=criteria_set, name="2024", year=2024, budget=500_000
    )
    with pytest.raises(ValidationError):
        services.criteria_set_remove(criteria_set=criteria_set)
    assert CriteriaSet.objects.filter(pk=criteria_set.pk).exists()


# --- weights ------------------------------------------------------------------------------------


@pytest.fixture
def groups(criteria_set):
    general = services.criterion_group_create(criteria_set=criteria_set, name="Generelt")
    housing = services.criterion_group_create(criteria_set=criteria_set, name="Bo")
    a, b, c = (services.criterion_create(group=general, text=text) for text in "ABC")
    d, e = (services.criterion_create(group=housing, text=text) for text in "DE")
    return general, housing, (a, b, c, d, e)


def test_weights_set_directly(criteria_set, groups, tenants):
    _general, _housing, (a, b, _c, _d, e) = groups
    services.criteria_weights_set(
        criteria_set=criteria_set,
        weights={a.pk: 3, b.pk: 0, e.pk: 2.5},
        by=tenants.users[Role.PROGRAMME_MANAGER],
    )
    assert weights(criteria_set) == [3.0, 0.0, 1.0, 1.0, 2.5]
    entry = AuditEntry.objects.get(action="criteria_set.weights")
    assert entry.changes == {
        f"criterion {a.pk}": [1.0, 3.0],
        f"criterion {b.pk}": [1.0, 0.0],
        f"criterion {e.pk}": [1.0, 2.5],
    }
    with pytest.raises(ValidationError) as refused:
        services.criteria_weights_set(criteria_set=criteria_set, weights={a.pk: -1})
    assert f"weight_{a.pk}" in refused.value.message_dict
    with pytest.raises(ValidationError):
        services.criteria_weights_set(criteria_set=criteria_set, weights={999_999: 1})
    assert weights(criteria_set) == [3.0, 0.0, 1.0, 1.0, 2.5]


def test_group_weights_rescale_and_keep_proportions(criteria_set, groups):
    general, housing, (a, *_rest) = groups
    services.criteria_weights_set(criteria_set=criteria_set, weights={a.pk: 2})  # 2 : 1 : 1
    services.criterion_group_weights_set(
        criteria_set=criteria_set, weights={general.pk: 40, housing.pk: 60}
    )
    assert weights(criteria_set) == [20.0, 10.0, 10.0, 30.0, 30.0]
    criteria_set.refresh_from_db()
    assert criteria_set.weight_method == WeightMethod.DIRECT


def test_pairwise_within_a_group_keeps_the_groups_weight(criteria_set, groups, tenants):
    general, _housing, (a, b, c, _d, _e) = groups
    # Weights 4 : 2 : 1 in the general group (consistent), given partly in reverse order.
    services.pairwise_comparisons_set(
        group=general, comparisons={(a.pk, b.pk): 2, (c.pk, a.pk): 1 / 4, (b.pk, c.pk): 2}
    )
    stored = {(p.first_id, p.second_id): p.value for p in PairwiseComparison.objects.all()}
    assert stored == {(a.pk, b.pk): 2, (a.pk, c.pk): 4, (b.pk, c.pk): 2}
    results = services.criteria_set_apply_pairwise(
        criteria_set=criteria_set, group=general, by=tenants.users[Role.PROGRAMME_MANAGER]
    )
    assert results[general.pk].consistency_ratio == 0.0
    # The general group keeps its weight 3, split 4/7, 2/7, 1/7; housing is untouched.
    assert weights(criteria_set) == [
        round(3 * 4 / 7, 9),
        round(3 * 2 / 7, 9),
        round(3 * 1 / 7, 9),
        1.0,
        1.0,
    ]
    criteria_set.refresh_from_db()
    assert criteria_set.weight_method == WeightMethod.PAIRWISE
    # A pair given again in the other order replaces the stored one.
    services.pairwise_comparisons_set(group=general, comparisons={(b.pk, a.pk): 1})
    assert PairwiseComparison.objects.get(first=a, second=b).value == 1.0
    assert PairwiseComparison.objects.count() == 3


def test_pairwise_refuses_criteria_of_another_group_and_values_off_the_scale(groups):
    general, _housing, (a, b, _c, d, _e) = groups
    with pytest.raises(ValidationError) as refused:
        services.pairwise_comparisons_set(group=general, comparisons={(a.pk, d.pk): 3})
    assert f"pair_{a.pk}_{d.pk}" in refused.value.message_dict
    with pytest.raises(ValidationError):
        services.pairwise_comparisons_set(group=general, comparisons={(a.pk, b.pk): 12})
    assert PairwiseComparison.objects.count() == 0


def test_inconsistent_comparisons_still_give_weights_with_a_high_cr(criteria_set, groups):
    general, _housing, (a, b, c, _d, _e) = groups
    services.pairwise_comparisons_set(
        group=general, comparisons={(a.pk, b.pk): 3, (b.pk, c.pk): 3, (c.pk, a.pk): 3}
    )
    result = services.criteria_set_apply_pairwise(criteria_set=criteria_set)[general.pk]
    assert round(result.consistency_ratio, 4) == round((4 + 1 / 3 - 3) / 2 / 0.58, 4)
    assert not result.is_acceptable
    assert weights(criteria_set)[:3] == [1.0, 1.0, 1.0]


def test_groups_compared_pairwise_share_the_total(criteria_set, groups):
    general, housing, _criteria = groups
    result = services.criterion_groups_apply_pairwise(
        criteria_set=criteria_set, comparisons={(general.pk, housing.pk): 1 / 4}
    )
    # Total weight 5 shared 1 : 4 → general 1, housing 4; equal shares inside each group.
    assert result.weights == pytest.approx((0.2, 0.8))
    assert weights(criteria_set) == [round(1 / 3, 9)] * 3 + [2.0, 2.0]


# --- installing a structure; Fredrikstad's criteria ------------------------------------------


# The seed's table (001_395ef24dc89d5576.txt, lines 528-567): count, first and last criterion.
SEED_GROUPS = {
    "Generelt": (
        3,
        "Styrker befolkningens forutsetninger og mulighet for å ta å ta eierskap over eget liv.",
        "Tilrettelegger for likeverdig tilgang til tjenester og tilbud.",
    ),
    "Bo- og nærmiljø": (
        11,
        "Øker stabilitet og reduserer flyttestaten for husstander med ustabile boforhold.",
        "Sikrer innbyggemedvirkning i kommunale prosesser.",
    ),
    "Oppvekst og utdanning": (
        8,
        "Planfører tidlig innsett for barn og unge",
        "Sikrer at alle barn skal ha mulighet til å delta i engasjert fridagstid.",
    ),
    "Sysselsetting": (
        4,
        "Styrker arbeidsinkludering gjennom samarbeidet mellom NAV, arbeidsgivere og "
        "helsetjenesten.",
        "Prioriterer arbeidsplassutvikling og økt syssetting Samordner kommunens virkemidler "
        "på bolig- og arbeidsområdet.",
    ),
}


def test_fredrikstad_criteria_match_the_seed_verbatim():
    groups = fredrikstad_criteria()
    assert [group.name for group in groups] == list(SEED_GROUPS)
    assert [group.sub_programme for group in groups] == [
        None,
        "Bo og nærmiljø",
        "Oppvekst og utdanning",
        "Sysselsetting",
    ]
    for group in groups:
        count, first, last = SEED_GROUPS[group.name]
        assert (len(group.criteria), group.criteria[0].text, group.criteria[-1].text) == (
            count,
            first,
            last,
        )
    marks = {criterion.text: criterion.marks for group in groups for criterion in group.criteria}
    assert marks["Planlegger tjenester og tilbud basert på innbyggernes behov."] == ("Prosjekt B",)
    assert marks[SEED_GROUPS["Sysselsetting"][2]] == ("Aktivitet 1",)
    assert marks["Sikrer innbyggemedvirkning i kommunale prosesser."] == (
        "Prosjekt A",
        "Prosjekt B",
        "Prosjekt C",
    )
    assert not any("Prosjekt 4" in m for m in marks.values())  # the seed marks nothing there


SEED_FILE = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "001_395ef24dc89d5576.txt"


@pytest.mark.skipif(
    not SEED_FILE.exists(), reason=f"the seed is not beside the project: {SEED_FILE}"
)
def test_every_criterion_and_mark_is_the_seeds():
    """Read the seed's tab-separated rows and compare every text and mark."""
    lines = SEED_FILE.read_text(encoding="utf-8").split("\n")
    headings = {
        "Syssetting": "Sysselsetting",
        "Oppvekst og utdanning": None,
        "Bo- og nærmiljø": None,
        "Generelt": None,
    }
    found: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    current = None
    for line in lines:
        fields = line.split("\t")
        if len(fields) != 6:
            continue
        text, cells = fields[0], fields[1:]
        if text in headings and not any(cell.strip() for cell in cells):
            current = headings[text] or text
            found[current] = []
        elif current is not None and text.strip():
            found[current].append(
                (text, tuple(c for c, cell in zip(SEED_COLUMNS, cells, strict=True) if cell == "x"))
            )
        elif not text.strip() and any(cells):
            current = None  # the Generelt table's last row has marks but no text
    expected = {
        group.name: [(c.text, c.marks) for c in group.criteria] for group in fredrikstad_criteria()
    }
    assert found == expected


def test_install_builds_the_whole_structure(portfolio, tenants):
    programme = portfolio.setup.programme
    programme_services.sub_programme_create(
        by=None, programme=programme, name="Oppvekst og utdanning"
    )
    criteria_set = services.criteria_set_install(
        programme=programme,
        name="Prioriteringskriterier",
        source=FREDRIKSTAD_SOURCE,
        groups=fredrikstad_criteria(),
        by=tenants.users[Role.PROGRAMME_MANAGER],
    )
    groups = list(criteria_set.groups.all())
    assert [
        (g.name, g.sub_programme.name if g.sub_programme else None, g.criteria.count())
        for g in groups
    ] == [
        ("Generelt", None, 3),
        ("Bo- og nærmiljø", "Bo og nærmiljø", 11),
        ("Oppvekst og utdanning", "Oppvekst og utdanning", 8),
        ("Sysselsetting", "Sysselsetting", 4),
    ]
    assert criteria_set.source == "Kommunedelplan for folkehelse og levekår 2023-2030"
    first = groups[0].criteria.order_by("position").first()
    assert first.text.endswith("å ta å ta eierskap over eget liv.")
    assert set(Criterion.objects.values_list("scale", "weight")) == {("mark", 1.0)}

    report = seed_marks_apply(
        criteria_set=criteria_set,
        measures_by_column={
            "Prosjekt A": portfolio.meeting_places,
            "Prosjekt B": portfolio.snuplassen,
        },
        by=tenants.users[Role.PROGRAMME_MANAGER],
    )
    assert report.created == 26 * 2
    marked_a = portfolio.meeting_places.agreed_scores.filter(value=1).count()
    marked_b = portfolio.snuplassen.agreed_scores.filter(value=1).count()
    assert (marked_a, marked_b) == (16, 7)


def test_install_refuses_an_unknown_sub_programme_and_writes_nothing(portfolio):
    with pytest.raises(ValidationError) as refused:
        services.criteria_set_install(
            programme=portfolio.setup.programme,
            name="Prioriteringskriterier",
            source=FREDRIKSTAD_SOURCE,
            groups=fredrikstad_criteria(),  # the fixture has no "Oppvekst og utdanning"
        )
    assert "Oppvekst og utdanning" in refused.value.message_dict["groups"][0]
    assert CriteriaSet.objects.count() == 0
