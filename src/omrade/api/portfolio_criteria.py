"""API routes for the portfolio's criteria sets, the prioritisation matrix and scores.

The caller needs a role in the programme's municipality; another municipality's programme or
criteria set answers 404, as if it did not exist. Scores are saved with the same permissions
as the matrix page: one's own scores in the columns `can_score` allows for the measure's
sub-programme, the agreed scores where `can_agree_score` allows.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema

from omrade.api.auth import SIGNED_IN, visible_or_404
from omrade.api.errors import ApiError
from omrade.areas.models import Area
from omrade.common.params import Id, Score, Year
from omrade.portfolio import selectors_criteria as selectors
from omrade.portfolio.models import CriteriaSet, Measure, Scale, WeightMethod
from omrade.portfolio.permissions import (
    can_agree_in,
    can_agree_score,
    can_score,
    can_score_in,
)
from omrade.portfolio.selectors_criteria import Matrix
from omrade.portfolio.services import criteria as services
from omrade.programmes.models import Programme

router = Router(tags=["portfolio"])


class CriteriaSetOut(Schema):
    id: int
    name: str
    source: str
    source_document: str | None
    weight_method: WeightMethod
    groups: int
    criteria: int


class CriterionOut(Schema):
    id: int
    text: str
    scale: Scale
    maximum: int
    weight: float
    position: int


class CriterionGroupOut(Schema):
    id: int
    name: str
    sub_programme_id: int | None
    sub_programme: str | None
    weight: float
    share: float
    compared_pairs: int
    consistency_ratio: float | None
    consistent: bool
    criteria: list[CriterionOut]


class CriteriaSetDetailOut(CriteriaSetOut):
    programme_id: int
    total_weight: float
    groups_detail: list[CriterionGroupOut]


class CellOut(Schema):
    criterion: int
    measure: int
    agreed: int | None
    effective: int | None
    provisional: bool
    count: int
    minimum: int | None
    maximum: int | None
    own: int | None


class MatrixMeasureOut(Schema):
    id: int
    title: str
    sub_programme: str | None
    total: float
    rank: int
    scored: int
    agreed: int
    may_score: bool
    may_agree: bool


class MatrixOut(Schema):
    criteria_set: int
    formula: str
    total_weight: float
    groups: list[CriterionGroupOut]
    measures: list[MatrixMeasureOut]
    cells: list[CellOut]


class ScoreIn(Schema):
    criterion: Id
    measure: Id
    value: Score | None = Field(None, description="On the criterion's scale; null removes it.")


class ScoresIn(Schema):
    scores: list[ScoreIn] = Field(default_factory=list)
    agreed: bool = Field(False, description="Save agreed scores instead of your own.")


class ScoresSavedOut(Schema):
    created: int
    changed: int
    removed: int


FORMULA = (
    "total = sum(weight * value / scale maximum); value = agreed score, else the median of the "
    "individual scores rounded down, else 0; equal totals share the lower rank"
)


def _criteria_set(request: HttpRequest, criteria_set_id: Id) -> CriteriaSet:
    criteria_sets = CriteriaSet.objects.select_related("programme", "source_document")
    return visible_or_404(request, criteria_sets, criteria_set_id)


def _summary(criteria_set: CriteriaSet, structure: selectors.Structure) -> dict[str, Any]:
    return {
        "id": criteria_set.pk,
        "name": criteria_set.name,
        "source": criteria_set.source,
        "source_document": (
            criteria_set.source_document.title if criteria_set.source_document else None
        ),
        "weight_method": criteria_set.weight_method,
        "groups": len(structure.groups),
        "criteria": len(structure.criteria),
    }


def _groups(structure: selectors.Structure) -> list[dict[str, Any]]:
    return [
        {
            "id": item.group.pk,
            "name": item.group.name,
            "sub_programme_id": item.group.sub_programme_id,
            "sub_programme": item.group.sub_programme.name if item.group.sub_programme else None,
            "weight": item.weight,
            "share": item.share,
            "compared_pairs": item.compared_pairs,
            "consistency_ratio": (
                item.analysis.consistency_ratio
                if item.analysis is not None and item.compared_pairs
                else None
            ),
            "consistent": item.analysis is None or item.analysis.is_acceptable,
            "criteria": [
                {
                    "id": criterion.pk,
                    "text": criterion.text,
                    "scale": criterion.scale,
                    "maximum": criterion.maximum,
                    "weight": criterion.weight,
                    "position": criterion.position,
                }
                for criterion in item.criteria
            ],
        }
        for item in structure.groups
    ]


@router.get(
    "/programmes/{programme_id}/criteria-sets", response=list[CriteriaSetOut], auth=SIGNED_IN
)
def list_criteria_sets(request: HttpRequest, programme_id: Id) -> list[dict[str, Any]]:
    programme = visible_or_404(request, Programme.objects.all(), programme_id)
    return [
        _summary(criteria_set, selectors.structure_of(criteria_set))
        for criteria_set in selectors.criteria_sets_of(programme)
    ]


@router.get("/criteria-sets/{criteria_set_id}", response=CriteriaSetDetailOut, auth=SIGNED_IN)
def get_criteria_set(request: HttpRequest, criteria_set_id: Id) -> dict[str, Any]:
    criteria_set = _criteria_set(request, criteria_set_id)
    structure = selectors.structure_of(criteria_set)
    return _summary(criteria_set, structure) | {
        "programme_id": criteria_set.programme_id,
        "total_weight": structure.total_weight,
        "groups_detail": _groups(structure),
    }


def _matrix(matrix: Matrix) -> dict[str, Any]:
    structure = selectors.structure_of(matrix.criteria_set)
    return {
        "criteria_set": matrix.criteria_set.pk,
        "formula": FORMULA,
        "total_weight": matrix.total_weight,
        "groups": _groups(structure),
        "measures": [
            {
                "id": column.measure.pk,
                "title": column.measure.title,
                "sub_programme": (
                    column.measure.sub_programme.name if column.measure.sub_programme else None
                ),
                "total": column.total,
                "rank": column.rank,
                "scored": column.scored,
                "agreed": column.agreed,
                "may_score": column.may_score,
                "may_agree": column.may_agree,
            }
            for column in matrix.columns
        ],
        "cells": [
            {
                "criterion": cell.criterion_id,
                "measure": cell.measure_id,
                "agreed": cell.agreed,
                "effective": cell.effective,
                "provisional": cell.provisional,
                "count": cell.count,
                "minimum": cell.minimum,
                "maximum": cell.maximum,
                "own": cell.own,
            }
            for group in matrix.groups
            for row in group.rows
            for cell in row.cells
        ],
    }


@router.get("/programmes/{programme_id}/matrix", response=MatrixOut, auth=SIGNED_IN)
def get_matrix(
    request: HttpRequest,
    programme_id: Id,
    criteria_set: Id | None = None,
    sub_programme: Id | None = None,
    area: Id | None = None,
    year: Year | None = None,
) -> dict[str, Any]:
    """The matrix of a criteria set (`criteria_set`; without it the programme's first set by
    name): criteria, measures with weighted totals and ranks, and every cell's agreed,
    effective (agreed, else provisional median) and own value with the spread. Filters as on
    the page: sub-programme id, area id, year."""
    programme = visible_or_404(request, Programme.objects.all(), programme_id)
    sets = selectors.criteria_sets_of(programme)
    chosen = sets.filter(pk=criteria_set).first() if criteria_set else sets.first()
    if chosen is None:
        raise Http404("Unknown criteria set")
    filters: dict[str, Any] = {}
    if sub_programme is not None:
        filters["sub_programme"] = programme.sub_programmes.filter(pk=sub_programme).first()
        if filters["sub_programme"] is None:
            raise ApiError.invalid("sub_programme", "not a sub-programme of this programme")
    if area is not None:
        filters["area"] = Area.objects.filter(pk=area, municipality=programme.municipality).first()
        if filters["area"] is None:
            raise ApiError.invalid("area", "not an area of this municipality")
    if year is not None:
        filters["year"] = year
    return _matrix(selectors.matrix_for(criteria_set=chosen, user=request.user, **filters))


@router.post("/criteria-sets/{criteria_set_id}/scores", response=ScoresSavedOut, auth=SIGNED_IN)
def save_scores(request: HttpRequest, criteria_set_id: Id, payload: ScoresIn) -> dict[str, int]:
    """Save your own scores (or, with `agreed: true`, the agreed scores) for a list of cells,
    all or nothing. 403 when you may not score the measure of any cell (or none at all in the
    programme); 422 naming each bad cell."""
    criteria_set = _criteria_set(request, criteria_set_id)
    programme = criteria_set.programme
    allowed_anywhere = can_agree_in if payload.agreed else can_score_in
    if not allowed_anywhere(request.user, programme):
        raise PermissionDenied("You may not score measures in this programme")
    permission = can_agree_score if payload.agreed else can_score
    measures = {
        measure.pk: measure
        for measure in Measure.objects.filter(
            programme=programme, pk__in={score.measure for score in payload.scores}
        ).select_related("sub_programme__programme__municipality")
    }
    for index, score in enumerate(payload.scores):
        measure = measures.get(score.measure)
        if measure is None:
            raise ApiError.invalid(f"scores.{index}.measure", "no such measure in this programme")
        if not permission(request.user, measure.sub_programme, programme):
            raise PermissionDenied(f"scores[{index}]: you may not score «{measure.title}»")
    entries = [
        services.ScoreEntry(
            criterion_id=score.criterion,
            measure_id=score.measure,
            value=score.value,
            label=f"scores[{index}]",
        )
        for index, score in enumerate(payload.scores)
    ]
    try:
        report = services.scores_save(
            criteria_set=criteria_set, by=request.user, entries=entries, agreed=payload.agreed
        )
    except ValidationError as refused:
        raise ApiError.refused(refused, 422) from refused
    return {"created": report.created, "changed": report.changed, "removed": report.removed}
