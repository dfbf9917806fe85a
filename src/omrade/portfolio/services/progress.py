"""Writes for progress reports (statusrapporter): a running measure's status per tertial, a
traffic light (green/amber/red) and a short text. One report per measure and tertial: saving
again replaces it. Audited."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from omrade.areas.period_choice import tertial_last_finished as tertial_last_finished
from omrade.areas.period_choice import tertial_on as tertial_on
from omrade.areas.periods import Period, PeriodError, PeriodKind, parse_period
from omrade.common.audit import audit_record, changes_between
from omrade.common.permissions import require
from omrade.common.services import save_validated
from omrade.portfolio.models import Measure, MeasureStatus, ProgressReport, Rag

# Re-exported: callers of the progress services ask them for tertials.
from omrade.portfolio.permissions import can_report_progress
from omrade.tenancy.selectors import AnyUser

TEXT_MAX_LENGTH = 2000


def tertial_of(text: str) -> Period:
    """A tertial from its code (2024T2), or a ValidationError on `period` naming the text."""
    try:
        period = parse_period(text)
    except PeriodError as wrong:
        raise ValidationError({"period": str(wrong)}) from None
    if period.kind is not PeriodKind.TERTIAL:
        raise ValidationError(
            {
                "period": _("«%(text)s» er ikke et tertial. Skriv for eksempel 2024T2.")
                % {"text": text}
            }
        )
    return period


@transaction.atomic
def progress_report_save(
    *, measure: Measure, period: str, rag: str, text: str, by: AnyUser | None
) -> ProgressReport:
    """Save the measure's status for a tertial that has begun (replacing an earlier report for
    the same tertial). Only running measures report."""
    require(can_report_progress, by, measure)
    Measure.objects.select_for_update().filter(pk=measure.pk).first()
    measure.refresh_from_db()
    tertial = tertial_of(period)
    if tertial.start > timezone.localdate():
        raise ValidationError(
            {
                "period": _(
                    "%(period)s har ikke begynt ennå. Rapporter for et tertial som er i gang."
                )
                % {"period": tertial.label}
            }
        )
    if measure.status != MeasureStatus.RUNNING:
        raise ValidationError(
            {
                "measure": _(
                    "Bare tiltak som pågår, rapporterer status. «%(title)s» har status "
                    "«%(status)s»."
                )
                % {"title": measure.title, "status": measure.get_status_display()}
            }
        )
    if rag not in Rag.values:
        raise ValidationError({"rag": _("Velg grønn, gul eller rød.")})
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Skriv en kort status.")})
    if len(text) > TEXT_MAX_LENGTH:
        raise ValidationError(
            {
                "text": _("Statusen kan ha høyst %(count)s tegn; denne har %(length)s.")
                % {"count": TEXT_MAX_LENGTH, "length": len(text)}
            }
        )
    report = ProgressReport.objects.filter(measure=measure, period=tertial.code).first()
    before = {"rag": report.rag, "text": report.text} if report is not None else {}
    if report is None:
        report = ProgressReport(measure=measure, period=tertial.code)
    report.rag, report.text = rag, text
    report.reported_by_id = by.pk if by is not None and by.is_authenticated else None
    report.reported_at = timezone.now()
    save_validated(report)
    audit_record(
        municipality=measure.municipality,
        actor=by,
        action="progress.reported" if not before else "progress.updated",
        obj=report,
        summary=_("«%(title)s», %(period)s: %(rag)s")
        % {"title": measure.title, "period": tertial.label, "rag": report.get_rag_display()},
        changes=changes_between(before, {"rag": report.rag, "text": report.text}),
    )
    return report
