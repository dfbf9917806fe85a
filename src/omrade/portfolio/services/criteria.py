"""Writes for criteria sets (prioriteringskriterier) and scores.

A criteria set belongs to a programme and comes from a plan (name, source, source document
from the programme's governing documents). It has groups — "Generelt" without a
sub-programme, then one per sub-programme — and criteria with a scale (x-mark: 0/1, or 0–3)
and a weight ≥ 0. Weights are set directly, or derived by pairwise comparison within a group
(AHP; see `omrade.portfolio.ahp` for how groups and criteria weights combine).

Scores: each person scores independently (`Score`, one per criterion, measure and person);
the coordinator sets the agreed score (`AgreedScore`). Who may score which measure is the
views' and API's question (`permissions.can_score`, `can_agree_score`); the services check
that the values fit the criterion's scale and that everything belongs to the same programme.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from omrade.common.audit import audit_record, changes_between
from omrade.common.permissions import require
from omrade.common.services import save_validated
from omrade.portfolio import ahp
from omrade.portfolio.models import (
    SCALE_MAXIMUM,
    AgreedScore,
    CriteriaSet,
    Criterion,
    CriterionGroup,
    Measure,
    PairwiseComparison,
    Scale,
    Score,
    WeightMethod,
)
from omrade.portfolio.permissions import (
    can_agree_in,
    can_agree_score,
    can_manage_portfolio,
    can_score,
    can_score_in,
)
from omrade.programmes.models import GoverningDocument, Programme, SubProgramme
from omrade.tenancy.selectors import AnyUser

# --- criteria sets ------------------------------------------------------------------------------


def _check_document(programme: Programme, document: GoverningDocument | None) -> None:
    if document is not None and document.programme_id != programme.pk:
        raise ValidationError(
            {"source_document": _("Kildedokumentet må være et av programmets styringsdokumenter.")}
        )


def _check_name(programme: Programme, name: str, exclude: int | None = None) -> str:
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Gi kriteriesettet et navn.")})
    clash = CriteriaSet.objects.filter(programme=programme, name=name)
    if exclude is not None:
        clash = clash.exclude(pk=exclude)
    if clash.exists():
        raise ValidationError(
            {"name": _("Programmet har alt et kriteriesett som heter «%(name)s».") % {"name": name}}
        )
    return name


@transaction.atomic
def criteria_set_create(
    *,
    programme: Programme,
    name: str,
    source: str = "",
    source_document: GoverningDocument | None = None,
    by: AnyUser | None = None,
) -> CriteriaSet:
    """A new, empty criteria set in a programme. Audited."""
    require(can_manage_portfolio, by, programme.municipality)
    _check_document(programme, source_document)
    criteria_set = CriteriaSet(
        municipality=programme.municipality,
        programme=programme,
        name=_check_name(programme, name),
        source=source.strip(),
        source_document=source_document,
    )
    save_validated(criteria_set)
    audit_record(
        municipality=programme.municipality,
        actor=by,
        action="criteria_set.created",
        obj=criteria_set,
        summary=_("Kriteriesettet «%(name)s» er opprettet.") % {"name": criteria_set.name},
        changes=changes_between({}, {"name": criteria_set.name, "source": criteria_set.source}),
    )
    return criteria_set


@transaction.atomic
def criteria_set_update(
    *,
    criteria_set: CriteriaSet,
    name: str,
    source: str = "",
    source_document: GoverningDocument | None = None,
    by: AnyUser | None = None,
) -> CriteriaSet:
    """Rename the set or change where it comes from. Audited when something changed."""
    require(can_manage_portfolio, by, criteria_set.programme.municipality)
    programme = criteria_set.programme
    _check_document(programme, source_document)
    before = {
        "name": criteria_set.name,
        "source": criteria_set.source,
        "source_document": criteria_set.source_document_id,
    }
    criteria_set.name = _check_name(programme, name, exclude=criteria_set.pk)
    criteria_set.source = source.strip()
    criteria_set.source_document = source_document
    save_validated(criteria_set)
    changes = changes_between(
        before,
        {
            "name": criteria_set.name,
            "source": criteria_set.source,
            "source_document": criteria_set.source_document_id,
        },
    )
    if changes:
        audit_record(
            municipality=programme.municipality,
            actor=by,
            action="criteria_set.updated",
            obj=criteria_set,
            summary=_("Kriteriesettet «%(name)s» er endret.") % {"name": criteria_set.name},
            changes=changes,
        )
    return criteria_set


@transaction.atomic
def criteria_set_remove(*, criteria_set: CriteriaSet, by: AnyUser | None = None) -> None:
    """Remove a set with its groups, criteria and scores; refused while scenarios use it."""
    require(can_manage_portfolio, by, criteria_set.programme.municipality)
    scenarios = criteria_set.scenarios.count()
    if scenarios:
        raise ValidationError(
            _(
                "Kriteriesettet kan ikke fjernes fordi %(count)s scenarioer er beregnet med det. "
                "Fjern scenarioene først."
            )
            % {"count": scenarios}
        )
    audit_record(
        municipality=criteria_set.municipality,
        actor=by,
        action="criteria_set.removed",
        obj=criteria_set,
        summary=_("Kriteriesettet «%(name)s» er fjernet.") % {"name": criteria_set.name},
        changes=changes_between({"name": criteria_set.name}, {}),
    )
    criteria_set.delete()


# --- groups and criteria ------------------------------------------------------------------------


def _check_sub_programme(criteria_set: CriteriaSet, sub_programme: SubProgramme | None) -> None:
    if sub_programme is not None and sub_programme.programme_id != criteria_set.programme_id:
        raise ValidationError(
            {"sub_programme": _("Delprogrammet må høre til samme program som kriteriesettet.")}
        )


def _check_group_name(criteria_set: CriteriaSet, name: str, exclude: int | None = None) -> str:
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Gi gruppen et navn.")})
    clash = CriterionGroup.objects.filter(criteria_set=criteria_set, name=name)
    if exclude is not None:
        clash = clash.exclude(pk=exclude)
    if clash.exists():
        raise ValidationError(
            {"name": _("Kriteriesettet har alt en gruppe som heter «%(name)s».") % {"name": name}}
        )
    return name


@transaction.atomic
def criterion_group_create(
    *,
    criteria_set: CriteriaSet,
    name: str,
    sub_programme: SubProgramme | None = None,
    position: int | None = None,
    by: AnyUser | None = None,
) -> CriterionGroup:
    """A group of criteria: general (no sub-programme) or one sub-programme's. Without a
    position it goes last."""
    require(can_manage_portfolio, by, criteria_set.programme.municipality)
    _check_sub_programme(criteria_set, sub_programme)
    if position is None:
        last = criteria_set.groups.aggregate(last=Max("position"))["last"]
        position = 0 if last is None else last + 1
    group = CriterionGroup(
        criteria_set=criteria_set,
        name=_check_group_name(criteria_set, name),
        sub_programme=sub_programme,
        position=position,
    )
    save_validated(group)
    return group


@transaction.atomic
def criterion_group_update(
    *,
    group: CriterionGroup,
    name: str,
    sub_programme: SubProgramme | None = None,
    position: int | None = None,
    by: AnyUser | None = None,
) -> CriterionGroup:
    require(can_manage_portfolio, by, group.criteria_set.programme.municipality)
    _check_sub_programme(group.criteria_set, sub_programme)
    group.name = _check_group_name(group.criteria_set, name, exclude=group.pk)
    group.sub_programme = sub_programme
    if position is not None:
        group.position = position
    save_validated(group)
    return group


@transaction.atomic
def criterion_group_remove(*, group: CriterionGroup, by: AnyUser | None = None) -> None:
    """Remove a group with its criteria, their comparisons and scores. Audited."""
    require(can_manage_portfolio, by, group.criteria_set.programme.municipality)
    criteria_set = group.criteria_set
    scores = Score.objects.filter(criterion__group=group).count()
    audit_record(
        municipality=criteria_set.municipality,
        actor=by,
        action="criterion_group.removed",
        obj=criteria_set,
        summary=_(
            "Gruppen «%(name)s» er fjernet med %(criteria)s kriterier og %(scores)s vurderinger."
        )
        % {"name": group.name, "criteria": group.criteria.count(), "scores": scores},
    )
    group.delete()


def _check_weight(weight: float, field_name: str = "weight") -> float:
    weight = float(weight)
    if weight != weight or weight < 0 or weight in (float("inf"), float("-inf")):
        raise ValidationError({field_name: _("Vekten må være et tall som ikke er negativt.")})
    return weight


def _check_text(text: str) -> str:
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Skriv kriteriet.")})
    return text


@transaction.atomic
def criterion_create(
    *,
    group: CriterionGroup,
    text: str,
    scale: str = Scale.MARK,
    weight: float = 1.0,
    position: int | None = None,
    by: AnyUser | None = None,
) -> Criterion:
    """A criterion in a group (x-mark or 0–3, weight ≥ 0). Without a position it goes last."""
    require(can_manage_portfolio, by, group.criteria_set.programme.municipality)
    if scale not in Scale.values:
        raise ValidationError({"scale": _("Velg skalaen kryss (ja/nei) eller 0–3.")})
    if position is None:
        last = group.criteria.aggregate(last=Max("position"))["last"]
        position = 0 if last is None else last + 1
    criterion = Criterion(
        group=group,
        text=_check_text(text),
        scale=scale,
        weight=_check_weight(weight),
        position=position,
    )
    save_validated(criterion)
    return criterion


@transaction.atomic
def criterion_update(
    *,
    criterion: Criterion,
    text: str,
    scale: str,
    weight: float,
    position: int | None = None,
    group: CriterionGroup | None = None,
    by: AnyUser | None = None,
) -> Criterion:
    """Change a criterion. A smaller scale is refused while scores above its maximum exist;
    moving it to another group of the same set drops its pairwise comparisons."""
    require(can_manage_portfolio, by, criterion.group.criteria_set.programme.municipality)
    if scale not in Scale.values:
        raise ValidationError({"scale": _("Velg skalaen kryss (ja/nei) eller 0–3.")})
    maximum = SCALE_MAXIMUM[Scale(scale)]
    above = (
        Score.objects.filter(criterion=criterion, value__gt=maximum).count()
        + AgreedScore.objects.filter(criterion=criterion, value__gt=maximum).count()
    )
    if above:
        raise ValidationError(
            {
                "scale": _(
                    "%(count)s vurderinger av kriteriet er høyere enn %(maximum)s. Endre dem "
                    "før skalaen gjøres mindre."
                )
                % {"count": above, "maximum": maximum}
            }
        )
    if group is not None and group.pk != criterion.group_id:
        if group.criteria_set_id != criterion.group.criteria_set_id:
            raise ValidationError({"group": _("Gruppen må høre til samme kriteriesett.")})
        PairwiseComparison.objects.filter(Q(first=criterion) | Q(second=criterion)).delete()
        criterion.group = group
    criterion.text = _check_text(text)
    criterion.scale = scale
    criterion.weight = _check_weight(weight)
    if position is not None:
        criterion.position = position
    save_validated(criterion)
    return criterion


@transaction.atomic
def criterion_remove(*, criterion: Criterion, by: AnyUser | None = None) -> None:
    """Remove a criterion with its comparisons and scores. Audited."""
    require(can_manage_portfolio, by, criterion.group.criteria_set.programme.municipality)
    criteria_set = criterion.group.criteria_set
    scores = criterion.scores.count()
    audit_record(
        municipality=criteria_set.municipality,
        actor=by,
        action="criterion.removed",
        obj=criteria_set,
        summary=_("Kriteriet «%(text)s» er fjernet med %(scores)s vurderinger.")
        % {"text": str(criterion), "scores": scores},
    )
    PairwiseComparison.objects.filter(Q(first=criterion) | Q(second=criterion)).delete()
    criterion.delete()


# --- structures (the seed's table, the demo) -----------------------------------------------------


@dataclass(frozen=True)
class CriterionSpec:
    text: str
    scale: str = Scale.MARK
    weight: float = 1.0
    # Column labels of the source table marked with x (for demo scores; not stored).
    marks: tuple[str, ...] = ()


@dataclass(frozen=True)
class GroupSpec:
    name: str
    sub_programme: str | None  # the sub-programme's name in the programme; None: general
    criteria: tuple[CriterionSpec, ...] = field(default_factory=tuple)


@transaction.atomic
def criteria_set_install(
    *,
    programme: Programme,
    name: str,
    source: str,
    groups: Sequence[GroupSpec],
    source_document: GoverningDocument | None = None,
    by: AnyUser | None = None,
) -> CriteriaSet:
    """Create a whole criteria set from a structure (such as `fredrikstad_criteria()`): its
    groups in order, each tied to the programme's sub-programme of that name, and criteria.
    A sub-programme name the programme does not have is refused, naming the group."""
    require(can_manage_portfolio, by, programme.municipality)
    sub_programmes = {sub.name: sub for sub in programme.sub_programmes.all()}
    for spec in groups:
        if spec.sub_programme is not None and spec.sub_programme not in sub_programmes:
            raise ValidationError(
                {
                    "groups": _(
                        "Gruppen «%(group)s» hører til delprogrammet «%(sub)s», som programmet "
                        "ikke har."
                    )
                    % {"group": spec.name, "sub": spec.sub_programme}
                }
            )
    criteria_set = criteria_set_create(
        programme=programme, name=name, source=source, source_document=source_document, by=by
    )
    for group_position, spec in enumerate(groups):
        group = criterion_group_create(
            by=by,
            criteria_set=criteria_set,
            name=spec.name,
            sub_programme=sub_programmes[spec.sub_programme] if spec.sub_programme else None,
            position=group_position,
        )
        for position, criterion in enumerate(spec.criteria):
            criterion_create(
                by=by,
                group=group,
                text=criterion.text,
                scale=criterion.scale,
                weight=criterion.weight,
                position=position,
            )
    return criteria_set


# --- weights ------------------------------------------------------------------------------------


def _criteria_of(criteria_set: CriteriaSet) -> dict[int, Criterion]:
    return {
        criterion.pk: criterion
        for criterion in Criterion.objects.filter(group__criteria_set=criteria_set)
    }


def _set_method(criteria_set: CriteriaSet, method: WeightMethod) -> None:
    if criteria_set.weight_method != method:
        criteria_set.weight_method = method
        criteria_set.save(update_fields=["weight_method"])


def _audit_weights(
    criteria_set: CriteriaSet, by: AnyUser | None, before: Mapping[int, float], summary: str
) -> None:
    after = {
        criterion.pk: criterion.weight
        for criterion in Criterion.objects.filter(group__criteria_set=criteria_set)
    }
    changes = changes_between(
        {f"criterion {pk}": round(weight, 6) for pk, weight in before.items()},
        {f"criterion {pk}": round(weight, 6) for pk, weight in after.items()},
    )
    if changes:
        audit_record(
            municipality=criteria_set.municipality,
            actor=by,
            action="criteria_set.weights",
            obj=criteria_set,
            summary=summary,
            changes=changes,
        )


@transaction.atomic
def criteria_weights_set(
    *, criteria_set: CriteriaSet, weights: Mapping[int, float], by: AnyUser | None = None
) -> None:
    """Set criteria weights directly (criterion id → weight ≥ 0). Criteria left out keep
    theirs; an id outside the set is refused. Audited."""
    require(can_manage_portfolio, by, criteria_set.programme.municipality)
    criteria = _criteria_of(criteria_set)
    unknown = sorted(set(weights) - set(criteria))
    if unknown:
        raise ValidationError(
            {"weights": _("Ukjente kriterier i settet: %(ids)s") % {"ids": unknown}}
        )
    checked = {pk: _check_weight(weight, f"weight_{pk}") for pk, weight in weights.items()}
    before = {pk: criterion.weight for pk, criterion in criteria.items()}
    for pk, weight in checked.items():
        if criteria[pk].weight != weight:
            criteria[pk].weight = weight
            criteria[pk].save(update_fields=["weight"])
    _set_method(criteria_set, WeightMethod.DIRECT)
    _audit_weights(
        criteria_set,
        by,
        before,
        _("Vektene i «%(name)s» er satt direkte.") % {"name": criteria_set.name},
    )


def _group_weight(group: CriterionGroup, criteria: Sequence[Criterion]) -> float:
    total = sum(criterion.weight for criterion in criteria)
    return total if total > 0 else float(len(criteria))


def _rescale_group(criteria: Sequence[Criterion], new_total: float) -> None:
    """Give the group the weight `new_total`, keeping its criteria's proportions (equal
    shares when all are 0)."""
    total = sum(criterion.weight for criterion in criteria)
    for criterion in criteria:
        share = criterion.weight / total if total > 0 else 1 / len(criteria)
        weight = new_total * share
        if criterion.weight != weight:
            criterion.weight = weight
            criterion.save(update_fields=["weight"])


def _groups_with_criteria(
    criteria_set: CriteriaSet,
) -> list[tuple[CriterionGroup, list[Criterion]]]:
    groups = list(criteria_set.groups.prefetch_related("criteria"))
    return [(group, list(group.criteria.all())) for group in groups]


@transaction.atomic
def criterion_group_weights_set(
    *, criteria_set: CriteriaSet, weights: Mapping[int, float], by: AnyUser | None = None
) -> None:
    """Set the groups' weights directly (group id → weight ≥ 0): each group's criteria are
    rescaled to sum to it, keeping their proportions. Groups without criteria are refused."""
    require(can_manage_portfolio, by, criteria_set.programme.municipality)
    groups = {
        group.pk: (group, criteria) for group, criteria in _groups_with_criteria(criteria_set)
    }
    unknown = sorted(set(weights) - set(groups))
    if unknown:
        raise ValidationError(
            {"weights": _("Ukjente grupper i settet: %(ids)s") % {"ids": unknown}}
        )
    checked = {pk: _check_weight(weight, f"group_{pk}") for pk, weight in weights.items()}
    for pk in checked:
        group, criteria = groups[pk]
        if not criteria:
            raise ValidationError(
                {f"group_{pk}": _("Gruppen «%(name)s» har ingen kriterier.") % {"name": group.name}}
            )
    before = {c.pk: c.weight for _group, criteria in groups.values() for c in criteria}
    for pk, weight in checked.items():
        _rescale_group(groups[pk][1], weight)
    _set_method(criteria_set, WeightMethod.DIRECT)
    _audit_weights(
        criteria_set,
        by,
        before,
        _("Gruppevektene i «%(name)s» er satt direkte.") % {"name": criteria_set.name},
    )


def _check_saaty(value: float, field_name: str) -> float:
    value = float(value)
    if not (ahp.MINIMUM - 1e-9 <= value <= ahp.MAXIMUM + 1e-9):
        raise ValidationError({field_name: _("Verdien må ligge på Saatys skala fra 1/9 til 9.")})
    return value


@transaction.atomic
def pairwise_comparisons_set(
    *,
    group: CriterionGroup,
    comparisons: Mapping[tuple[int, int], float],
    by: AnyUser | None = None,
) -> None:
    """Store comparisons of criteria within a group: (first id, second id) → how much more
    important the first is (Saaty 1/9 … 9). Stored with the earlier criterion of the group
    first; a pair given again replaces what was there."""
    require(can_manage_portfolio, by, group.criteria_set.programme.municipality)
    criteria = list(group.criteria.all())
    order = {criterion.pk: position for position, criterion in enumerate(criteria)}
    by_pk = {criterion.pk: criterion for criterion in criteria}
    normalised: dict[tuple[int, int], float] = {}
    for (first, second), value in comparisons.items():
        field_name = f"pair_{first}_{second}"
        if first not in order or second not in order:
            raise ValidationError(
                {
                    field_name: _("Begge kriteriene må høre til gruppen «%(name)s».")
                    % {"name": group.name}
                }
            )
        if first == second:
            raise ValidationError(
                {field_name: _("Et kriterium kan ikke sammenlignes med seg selv.")}
            )
        value = _check_saaty(value, field_name)
        if order[first] > order[second]:
            first, second, value = second, first, 1 / value
        normalised[(first, second)] = value
    for (first, second), value in normalised.items():
        PairwiseComparison.objects.filter(first_id=second, second_id=first).delete()
        PairwiseComparison.objects.update_or_create(
            first=by_pk[first],
            second=by_pk[second],
            defaults={"criteria_set": group.criteria_set, "value": value},
        )


def group_comparisons(group: CriterionGroup) -> dict[tuple[int, int], float]:
    """The stored comparisons of a group's criteria (read helper the services share)."""
    ids = list(group.criteria.values_list("pk", flat=True))
    return {
        (comparison.first_id, comparison.second_id): comparison.value
        for comparison in PairwiseComparison.objects.filter(first_id__in=ids, second_id__in=ids)
    }


@transaction.atomic
def criteria_set_apply_pairwise(
    *,
    criteria_set: CriteriaSet,
    group: CriterionGroup | None = None,
    by: AnyUser | None = None,
) -> dict[int, ahp.AhpResult]:
    """Derive the criteria weights of one group (or of every group) from its stored pairwise
    comparisons (missing pairs = equally important) and store them: the group's weight is
    distributed over its criteria by the principal eigenvector. Returns group id → the
    analysis (weights, λmax, CI, CR). Audited."""
    require(can_manage_portfolio, by, criteria_set.programme.municipality)
    if group is not None and group.criteria_set_id != criteria_set.pk:
        raise ValidationError({"group": _("Gruppen må høre til kriteriesettet.")})
    before = {pk: criterion.weight for pk, criterion in _criteria_of(criteria_set).items()}
    results: dict[int, ahp.AhpResult] = {}
    for candidate, criteria in _groups_with_criteria(criteria_set):
        if (group is not None and candidate.pk != group.pk) or not criteria:
            continue
        local, result = ahp.weights_from_comparisons(
            [criterion.pk for criterion in criteria], group_comparisons(candidate)
        )
        group_weight = _group_weight(candidate, criteria)
        for criterion in criteria:
            weight = group_weight * local[criterion.pk]
            if criterion.weight != weight:
                criterion.weight = weight
                criterion.save(update_fields=["weight"])
        results[candidate.pk] = result
    _set_method(criteria_set, WeightMethod.PAIRWISE)
    _audit_weights(
        criteria_set,
        by,
        before,
        _("Vektene i «%(name)s» er avledet fra parvise sammenligninger.")
        % {"name": criteria_set.name},
    )
    return results


@transaction.atomic
def criterion_groups_apply_pairwise(
    *,
    criteria_set: CriteriaSet,
    comparisons: Mapping[tuple[int, int], float],
    by: AnyUser | None = None,
) -> ahp.AhpResult:
    """Derive the groups' weights by comparing the groups pairwise ((group id, group id) →
    Saaty value): the set's total weight is shared among the groups by the eigenvector, and
    each group's criteria keep their proportions. Groups without criteria take no part."""
    require(can_manage_portfolio, by, criteria_set.programme.municipality)
    groups = [
        (group, criteria) for group, criteria in _groups_with_criteria(criteria_set) if criteria
    ]
    ids = [group.pk for group, _criteria in groups]
    for (first, second), value in comparisons.items():
        field_name = f"pair_{first}_{second}"
        if first not in ids or second not in ids:
            raise ValidationError({field_name: _("Ukjent gruppe eller gruppe uten kriterier.")})
        _check_saaty(value, field_name)
    if not groups:
        raise ValidationError({"groups": _("Kriteriesettet har ingen kriterier å vekte.")})
    try:
        shares, result = ahp.weights_from_comparisons(ids, comparisons)
    except ahp.ComparisonError as error:
        raise ValidationError({"groups": str(error)}) from error
    total = sum(_group_weight(group, criteria) for group, criteria in groups)
    before = {c.pk: c.weight for _group, criteria in groups for c in criteria}
    for group, criteria in groups:
        _rescale_group(criteria, total * shares[group.pk])
    _set_method(criteria_set, WeightMethod.PAIRWISE)
    _audit_weights(
        criteria_set,
        by,
        before,
        _("Gruppevektene i «%(name)s» er avledet fra parvise sammenligninger (CR %(cr)s).")
        % {
            "name": criteria_set.name,
            "cr": "–" if result.consistency_ratio is None else f"{result.consistency_ratio:.3f}",
        },
    )
    return result


# --- scores -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScoreEntry:
    """One cell to save: a value on the criterion's scale, or None to remove the score."""

    criterion_id: int
    measure_id: int
    value: int | None
    label: str = ""  # how to name the cell in a refusal (a form field, a spreadsheet cell)


@dataclass(frozen=True)
class SaveReport:
    created: int
    changed: int
    removed: int

    @property
    def total(self) -> int:
        return self.created + self.changed + self.removed


def _check_value(criterion: Criterion, value: int, field_name: str) -> int:
    maximum = criterion.maximum
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= maximum:
        if Scale(criterion.scale) == Scale.MARK:
            message = _("Verdien må være 0 eller 1 (kryss) for dette kriteriet.")
        else:
            message = _("Verdien må være et helt tall fra 0 til %(maximum)s.") % {
                "maximum": maximum
            }
        raise ValidationError({field_name: message})
    return value


def _check_same_programme(criterion: Criterion, measure: Measure) -> None:
    if criterion.group.criteria_set.programme_id != measure.programme_id:
        raise ValidationError({"measure": _("Tiltaket og kriteriet må høre til samme program.")})


@transaction.atomic
def score_set(
    *, criterion: Criterion, measure: Measure, scorer: AnyUser, value: int | None
) -> Score | None:
    """The scorer's own score of a measure against a criterion (None removes it)."""
    require(can_score, scorer, measure.sub_programme, measure.programme)
    if not scorer.is_authenticated:
        raise ValidationError({"scorer": _("Bare innloggede brukere kan vurdere.")})
    _check_same_programme(criterion, measure)
    existing = Score.objects.filter(criterion=criterion, measure=measure, scorer_id=scorer.pk)
    if value is None:
        existing.delete()
        return None
    value = _check_value(criterion, value, "value")
    score, _created = Score.objects.update_or_create(
        criterion=criterion,
        measure=measure,
        scorer_id=scorer.pk,
        defaults={"value": value, "scored_at": timezone.now()},
    )
    return score


@transaction.atomic
def score_agree(
    *, criterion: Criterion, measure: Measure, value: int | None, by: AnyUser
) -> AgreedScore | None:
    """The agreed score (omforent poeng) of a cell; None removes it, so the matrix goes back to
    the provisional median of the individual scores. Audited."""
    require(can_agree_score, by, measure.sub_programme, measure.programme)
    _check_same_programme(criterion, measure)
    existing = AgreedScore.objects.filter(criterion=criterion, measure=measure).first()
    before = {"value": existing.value if existing else None}
    if value is None:
        if existing is not None:
            existing.delete()
            _audit_agreed(criterion, measure, by, before, None)
        return None
    value = _check_value(criterion, value, "value")
    if existing is not None and existing.value == value:
        return existing
    agreed, _created = AgreedScore.objects.update_or_create(
        criterion=criterion,
        measure=measure,
        defaults={
            "value": value,
            "agreed_by_id": by.pk if by.is_authenticated else None,
            "agreed_at": timezone.now(),
        },
    )
    _audit_agreed(criterion, measure, by, before, value)
    return agreed


def _audit_agreed(
    criterion: Criterion,
    measure: Measure,
    by: AnyUser,
    before: dict[str, int | None],
    value: int | None,
) -> None:
    audit_record(
        municipality=measure.municipality,
        actor=by,
        action="score.agreed",
        obj=measure,
        summary=_("Omforent poeng for «%(measure)s» på «%(criterion)s»: %(value)s")
        % {
            "measure": measure.title,
            "criterion": str(criterion),
            "value": "–" if value is None else value,
        },
        changes=changes_between(before, {"value": value}),
    )


@transaction.atomic
def scores_save(
    *,
    criteria_set: CriteriaSet,
    by: AnyUser,
    entries: Iterable[ScoreEntry],
    agreed: bool = False,
) -> SaveReport:
    """Save many cells at once — the matrix form, the API and the XLSX import — all or
    nothing: the user's own scores, or (`agreed=True`) the agreed scores. Every entry is
    checked first (criterion in the set, measure in the programme, value on the scale, no
    cell twice); a refusal names each bad entry by its label and writes nothing."""
    require(can_agree_in if agreed else can_score_in, by, criteria_set.programme)
    if not by.is_authenticated:
        raise ValidationError({"scorer": _("Bare innloggede brukere kan vurdere.")})
    entries = list(entries)
    criteria = _criteria_of(criteria_set)
    measures = {
        measure.pk: measure
        for measure in Measure.objects.filter(
            programme_id=criteria_set.programme_id,
            pk__in={entry.measure_id for entry in entries},
        )
    }
    cell_rule = can_agree_score if agreed else can_score
    for measure in measures.values():
        require(cell_rule, by, measure.sub_programme, measure.programme)
    errors: list[str] = []
    seen: set[tuple[int, int]] = set()
    for entry in entries:
        name = entry.label or f"{entry.criterion_id}/{entry.measure_id}"
        criterion = criteria.get(entry.criterion_id)
        if criterion is None:
            errors.append(
                _("%(cell)s: ukjent kriterium %(id)s i settet.")
                % {"cell": name, "id": entry.criterion_id}
            )
            continue
        if entry.measure_id not in measures:
            errors.append(
                _("%(cell)s: ukjent tiltak %(id)s i programmet.")
                % {"cell": name, "id": entry.measure_id}
            )
            continue
        key = (entry.criterion_id, entry.measure_id)
        if key in seen:
            errors.append(_("%(cell)s: samme celle er oppgitt to ganger.") % {"cell": name})
            continue
        seen.add(key)
        if entry.value is not None:
            try:
                _check_value(criterion, entry.value, "value")
            except ValidationError as refused:
                errors.extend(f"{name}: {message}" for message in refused.messages)
    if errors:
        raise ValidationError({"scores": errors})
    created = changed = removed = 0
    if agreed:
        current_agreed = {
            (score.criterion_id, score.measure_id): score
            for score in AgreedScore.objects.filter(
                criterion_id__in=criteria, measure_id__in=measures
            )
        }
        for entry in entries:
            old = current_agreed.get((entry.criterion_id, entry.measure_id))
            if (old.value if old else None) == entry.value:
                continue
            score_agree(
                criterion=criteria[entry.criterion_id],
                measure=measures[entry.measure_id],
                value=entry.value,
                by=by,
            )
            if entry.value is None:
                removed += 1
            elif old is None:
                created += 1
            else:
                changed += 1
        return SaveReport(created, changed, removed)
    current = {
        (score.criterion_id, score.measure_id): score
        for score in Score.objects.filter(
            scorer_id=by.pk, criterion_id__in=criteria, measure_id__in=measures
        )
    }
    now = timezone.now()
    for entry in entries:
        key = (entry.criterion_id, entry.measure_id)
        existing = current.get(key)
        if entry.value is None:
            if existing is not None:
                existing.delete()
                removed += 1
        elif existing is None:
            Score.objects.create(
                criterion_id=entry.criterion_id,
                measure_id=entry.measure_id,
                scorer_id=by.pk,
                value=entry.value,
                scored_at=now,
            )
            created += 1
        elif existing.value != entry.value:
            existing.value, existing.scored_at = entry.value, now
            existing.save(update_fields=["value", "scored_at"])
            changed += 1
    return SaveReport(created, changed, removed)
