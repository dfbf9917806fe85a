"""API routes for the programme's money: its funding sources and allocations, the funder's
statement of a year, and setting an allocation.

Reading needs `can_view_all_finance` (programme managers, admins, the board, the
commissioner, the finance officer); setting an allocation needs `can_manage_finance`.
Another municipality's programme answers 404.

The statement (`/finance`) is the same JSON record `omrade finance statement --format json`
prints: amounts are JSON numbers with their øre (`500000.00`), written from the `Decimal`
without a float in between, so `json.loads(body, parse_float=Decimal)` gives them back
exactly. Elsewhere in the API (as in `/funding`) amounts are decimal strings, as pydantic
writes a `Decimal`.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from pydantic import WithJsonSchema

from omrade.api.auth import SIGNED_IN, visible_or_404
from omrade.api.errors import ApiError
from omrade.common.params import Id, Money, Year
from omrade.finance import selectors
from omrade.finance import statement as statements
from omrade.finance.models import Allocation, Currency, FundingKind, FundingSource
from omrade.finance.permissions import can_manage_finance, can_view_all_finance
from omrade.finance.services import budgets
from omrade.portfolio.models import Measure
from omrade.programmes.models import Decision, Programme

router = Router(tags=["finance"])

# An amount of the statement: a JSON number in kroner with its øre (e.g. 500000.00).
Amount = Annotated[
    Decimal,
    WithJsonSchema({"type": "number", "description": "kroner with øre, e.g. 500000.00"}),
]


class AmountVersionOut(Schema):
    version: int
    amount: Decimal
    reason: str
    decision_id: int | None
    created_at: datetime


class YearAmountOut(Schema):
    year: int
    amount: Decimal  # the version in force
    version: int
    versions: list[AmountVersionOut]  # oldest first


class EarmarkOut(Schema):
    sub_programme_id: int
    sub_programme: str
    share: Decimal
    note: str


class DutyOut(Schema):
    id: int
    title: str
    due_on: date
    done_on: date | None
    note: str


class SourceOut(Schema):
    id: int
    code: str
    name: str
    kind: FundingKind
    funder: str
    agreement_id: int | None
    currency: Currency
    conditions: str
    co_funding_share: Decimal | None
    excludes_ordinary_operations: bool
    carry_over_allowed: bool
    synthetic: bool
    amounts: list[YearAmountOut]
    earmarks: list[EarmarkOut]
    duties: list[DutyOut]


class AllocationOut(Schema):
    id: int
    source_code: str
    year: int
    measure_id: int | None
    sub_programme_id: int | None
    amount: Decimal
    synthetic: bool
    updated_at: datetime


class FundingOut(Schema):
    programme_id: int
    sources: list[SourceOut]
    allocations: list[AllocationOut]


class AllocationIn(Schema):
    source_code: str
    year: Year
    measure_id: Id | None = None
    sub_programme_id: Id | None = None
    amount: Money
    reason: str = ""
    decision_id: Id | None = None


class StatementSourceOut(Schema):
    code: str
    name: str
    granted: Amount
    allocated: Amount
    spent: Amount
    remaining: Amount
    carried_over: Amount


class StatementMeasureOut(Schema):
    id: int
    project_code: str
    allocated: Amount
    spent: Amount


class InKindMeasureOut(Schema):
    id: int
    fte: Amount
    value: Amount


class InKindOut(Schema):
    fte: Amount
    value: Amount
    measures: list[InKindMeasureOut]


class StatementOut(Schema):
    """The funder's statement (further keys: programme, sub_programmes, totals, co_funding,
    and per source its versions, sub-programmes and measures)."""

    year: int
    currency: Currency
    synthetic: bool
    sources: list[StatementSourceOut]
    measures: list[StatementMeasureOut]
    in_kind: InKindOut


def _programme(request: HttpRequest, programme_id: int) -> Programme:
    programme = visible_or_404(request, Programme.objects.all(), programme_id)
    if not can_view_all_finance(request.user, programme):
        raise PermissionDenied("You may not read this programme's money")
    return programme


def _allocation_out(allocation: Allocation) -> dict[str, Any]:
    return {
        "id": allocation.pk,
        "source_code": allocation.source.code,
        "year": allocation.year,
        "measure_id": allocation.measure_id,
        "sub_programme_id": allocation.sub_programme_id,
        "amount": allocation.amount,
        "synthetic": allocation.synthetic,
        "updated_at": allocation.updated_at,
    }


def _source_out(source: FundingSource) -> dict[str, Any]:
    by_year: dict[int, list[Any]] = {}
    for amount in sorted(source.amounts.all(), key=lambda row: (row.year, row.version)):
        by_year.setdefault(amount.year, []).append(amount)
    return {
        "id": source.pk,
        "code": source.code,
        "name": source.name,
        "kind": source.kind,
        "funder": source.funder,
        "agreement_id": source.agreement_id,
        "currency": source.currency,
        "conditions": source.conditions,
        "co_funding_share": source.co_funding_share,
        "excludes_ordinary_operations": source.excludes_ordinary_operations,
        "carry_over_allowed": source.carry_over_allowed,
        "synthetic": source.synthetic,
        "amounts": [
            {
                "year": year,
                "amount": rows[-1].amount,
                "version": rows[-1].version,
                "versions": [
                    {
                        "version": row.version,
                        "amount": row.amount,
                        "reason": row.reason,
                        "decision_id": row.decision_id,
                        "created_at": row.created_at,
                    }
                    for row in rows
                ],
            }
            for year, rows in sorted(by_year.items())
        ],
        "earmarks": [
            {
                "sub_programme_id": earmark.sub_programme_id,
                "sub_programme": earmark.sub_programme.name,
                "share": earmark.share,
                "note": earmark.note,
            }
            for earmark in source.earmarks.all()
        ],
        "duties": [
            {
                "id": duty.pk,
                "title": duty.title,
                "due_on": duty.due_on,
                "done_on": duty.done_on,
                "note": duty.note,
            }
            for duty in source.duties.all()
        ],
    }


@router.get("/programmes/{programme_id}/funding", response=FundingOut, auth=SIGNED_IN)
def get_funding(request: HttpRequest, programme_id: Id) -> dict[str, Any]:
    """The programme's funding sources (amounts per year with their versions, earmarks,
    reporting duties) and every allocation of them."""
    programme = _programme(request, programme_id)
    allocations = (
        Allocation.objects.filter(source__programme=programme)
        .select_related("source")
        .order_by("year", "source__code", "id")
    )
    return {
        "programme_id": programme.pk,
        "sources": [_source_out(source) for source in selectors.sources_of(programme)],
        "allocations": [_allocation_out(allocation) for allocation in allocations],
    }


@router.get("/programmes/{programme_id}/finance", response=StatementOut, auth=SIGNED_IN)
def get_statement(request: HttpRequest, programme_id: Id, year: Year | None = None) -> HttpResponse:
    """The funder's statement of the year (default: the latest year with money up to this
    year), the same record `omrade finance statement --format json` prints."""
    programme = _programme(request, programme_id)
    if year is None:
        year = selectors.finance_year_choice(programme, request.GET.copy()).year
    if not programme.start_year <= year <= programme.end_year:
        raise ValidationError(
            {
                "year": _("Året må ligge i programperioden %(start)s–%(end)s.")
                % {"start": programme.start_year, "end": programme.end_year}
            }
        )
    statement = statements.statement_for(programme=programme, year=year)
    body = statements.dumps(statements.statement_record(statement), indent=None)
    return HttpResponse(body, content_type="application/json; charset=utf-8")


# The service's field names as the request names them.
FIELD_OF = {
    "measure": "measure_id",
    "sub_programme": "sub_programme_id",
    "decision": "decision_id",
    "source": "source_code",
}


@router.post(
    "/programmes/{programme_id}/allocations",
    response={200: AllocationOut, 201: AllocationOut},
    auth=SIGNED_IN,
)
def set_allocation(request: HttpRequest, programme_id: Id, payload: AllocationIn) -> Status:
    """Set how much of a source's year pays a measure (or goes to a sub-programme not yet
    distributed to its measures): 201 when the allocation is new, 200 when it changed.
    Refused with 400 and the field named when the source has not that much left, an earmark,
    the co-funding share or the ordinary-operations condition would be broken, or the year is
    closed."""
    programme = visible_or_404(request, Programme.objects.all(), programme_id)
    if not can_manage_finance(request.user, programme):
        raise PermissionDenied("You may not allocate this programme's money")
    source = FundingSource.objects.filter(programme=programme, code=payload.source_code).first()
    if source is None:
        raise ApiError.invalid("source_code", "not a funding source of this programme")
    measure = None
    if payload.measure_id is not None:
        measure = Measure.objects.filter(programme=programme, pk=payload.measure_id).first()
        if measure is None:
            raise ApiError.invalid("measure_id", "not a measure of this programme")
    sub_programme = None
    if payload.sub_programme_id is not None:
        sub_programme = programme.sub_programmes.filter(pk=payload.sub_programme_id).first()
        if sub_programme is None:
            raise ApiError.invalid("sub_programme_id", "not a sub-programme of this programme")
    decision = None
    if payload.decision_id is not None:
        decision = Decision.objects.filter(programme=programme, pk=payload.decision_id).first()
        if decision is None:
            raise ApiError.invalid("decision_id", "not a decision of this programme")
    existed = Allocation.objects.filter(
        source=source,
        year=payload.year,
        measure=measure,
        **({} if measure is not None else {"sub_programme": sub_programme}),
    ).exists()
    try:
        allocation = budgets.allocation_set(
            by=request.user,
            source=source,
            year=payload.year,
            amount=payload.amount,
            reason=payload.reason,
            measure=measure,
            sub_programme=sub_programme,
            decision=decision,
        )
    except ValidationError as refused:
        if not hasattr(refused, "error_dict"):
            raise
        raise ValidationError(
            {
                FIELD_OF.get(field, field): messages
                for field, messages in refused.message_dict.items()
            }
        ) from refused
    return Status(200 if existed else 201, _allocation_out(allocation))
