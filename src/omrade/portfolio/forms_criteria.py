"""Forms for criteria sets, weights, pairwise comparisons, the matrix and its import.

Every choice is limited to the programme (its documents, sub-programmes, areas, the set's
groups). The matrix form has one select per cell the user may edit, named `c<criterion>_m<measure>`
and labelled by the row's and the column's headers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from omrade.areas.models import Area
from omrade.portfolio import ahp
from omrade.portfolio.models import CriteriaSet, Criterion, CriterionGroup, Scale
from omrade.portfolio.selectors_criteria import Cell, Column, Matrix
from omrade.portfolio.services.criteria import ScoreEntry
from omrade.programmes.models import GoverningDocument, Programme, SubProgramme


class CriteriaSetForm(forms.Form):
    prefix = "set"
    name = forms.CharField(label=_("Navn"), max_length=200)
    source = forms.CharField(
        label=_("Kilde"),
        max_length=300,
        required=False,
        help_text=_("Planen kriteriene kommer fra, for eksempel kommunedelplanen for folkehelse."),
    )
    source_document = forms.ModelChoiceField(
        label=_("Kildedokument"),
        queryset=GoverningDocument.objects.none(),
        required=False,
        help_text=_("Et av programmets styringsdokumenter."),
    )

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source_document"].queryset = programme.documents.all()  # type: ignore[attr-defined]


class CriterionGroupForm(forms.Form):
    prefix = "group"
    name = forms.CharField(label=_("Gruppens navn"), max_length=200)
    sub_programme = forms.ModelChoiceField(
        label=_("Delprogram"),
        queryset=SubProgramme.objects.none(),
        required=False,
        empty_label=_("Ingen (generelle kriterier)"),
    )
    position = forms.IntegerField(
        label=_("Rekkefølge"),
        min_value=0,
        max_value=32767,
        required=False,
        help_text=_("Tom: sist."),
    )

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sub_programme"].queryset = programme.sub_programmes.all()  # type: ignore[attr-defined]


class CriterionForm(forms.Form):
    prefix = "criterion"
    group = forms.ModelChoiceField(label=_("Gruppe"), queryset=CriterionGroup.objects.none())
    text = forms.CharField(label=_("Kriterium"), widget=forms.Textarea(attrs={"rows": 2}))
    scale = forms.ChoiceField(label=_("Skala"), choices=Scale.choices, initial=Scale.MARK)
    weight = forms.FloatField(label=_("Vekt"), min_value=0, initial=1.0)
    position = forms.IntegerField(
        label=_("Rekkefølge i gruppen"),
        min_value=0,
        max_value=32767,
        required=False,
        help_text=_("Tom: sist."),
    )

    def __init__(self, *args: Any, criteria_set: CriteriaSet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = criteria_set.groups.all()  # type: ignore[attr-defined]


def _short(text: str, length: int = 90) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


class WeightsForm(forms.Form):
    """One weight per criterion (`weight_<id>`), or per group (`group_<id>`)."""

    def __init__(
        self,
        *args: Any,
        criteria: tuple[Criterion, ...] = (),
        groups: tuple[tuple[CriterionGroup, float], ...] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        for criterion in criteria:
            self.fields[f"weight_{criterion.pk}"] = forms.FloatField(
                label=_short(criterion.text), min_value=0, initial=round(criterion.weight, 4)
            )
        for group, weight in groups:
            self.fields[f"group_{group.pk}"] = forms.FloatField(
                label=group.name, min_value=0, initial=round(weight, 4)
            )

    def weights(self, prefix: str) -> dict[int, float]:
        return {
            int(name.removeprefix(prefix)): value
            for name, value in self.cleaned_data.items()
            if name.startswith(prefix)
        }


_VERBAL = {
    1: _("like viktige"),
    2: _("litt viktigere"),
    3: _("moderat viktigere"),
    4: _("moderat til sterkt viktigere"),
    5: _("sterkt viktigere"),
    6: _("sterkt til svært sterkt viktigere"),
    7: _("svært sterkt viktigere"),
    8: _("svært sterkt til ekstremt viktigere"),
    9: _("ekstremt viktigere"),
}


def saaty_choices() -> list[tuple[str, str]]:
    """Saaty's scale as choices, from "the first is extremely more important" to "the second
    is": value "9" … "1" … "1/9"."""
    choices: list[tuple[str, str]] = []
    for value in sorted(ahp.SAATY_VALUES, reverse=True):
        label: object
        if value > 1:
            label = _("Den første er %(how)s (%(value)s)") % {
                "how": _VERBAL[int(value)],
                "value": value,
            }
        elif value == 1:
            label = _("Like viktige (1)")
        else:
            label = _("Den andre er %(how)s (1/%(value)s)") % {
                "how": _VERBAL[int(1 / value)],
                "value": int(1 / value),
            }
        choices.append((str(value), str(label)))
    return choices


@dataclass(frozen=True)
class PairRow:
    first_label: str
    second_label: str
    field: forms.BoundField


class PairwiseForm(forms.Form):
    """A select per pair (`pair_<first>_<second>`) of criteria or groups, in their order."""

    def __init__(
        self,
        *args: Any,
        items: tuple[tuple[int, str], ...],
        initial_values: Mapping[tuple[int, int], float | Fraction],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.items = items
        self.labels = dict(items)
        choices = saaty_choices()
        for position, (first, first_label) in enumerate(items):
            for second, second_label in items[position + 1 :]:
                value = initial_values.get((first, second), 1)
                self.fields[f"pair_{first}_{second}"] = forms.ChoiceField(
                    label=_("«%(first)s» sammenlignet med «%(second)s»")
                    % {"first": _short(first_label, 60), "second": _short(second_label, 60)},
                    choices=choices,
                    initial=str(ahp.nearest_saaty_value(float(value))),
                )

    def pair_rows(self) -> list[PairRow]:
        rows = []
        for name in self.fields:
            _prefix, first, second = name.split("_")
            rows.append(PairRow(self.labels[int(first)], self.labels[int(second)], self[name]))
        return rows

    def comparisons(self) -> dict[tuple[int, int], float]:
        result = {}
        for name, value in self.cleaned_data.items():
            _prefix, first, second = name.split("_")
            result[(int(first), int(second))] = float(Fraction(value))
        return result


class MatrixFilterForm(forms.Form):
    """The matrix's filters (GET): sub-programme, area and year."""

    sub_programme = forms.ModelChoiceField(
        label=_("Delprogram"),
        queryset=SubProgramme.objects.none(),
        required=False,
        empty_label=_("Alle"),
    )
    area = forms.ModelChoiceField(
        label=_("Område"), queryset=Area.objects.none(), required=False, empty_label=_("Alle")
    )
    year = forms.TypedChoiceField(label=_("År"), coerce=int, required=False, empty_value=None)
    mode = forms.ChoiceField(
        label=_("Redigerer"),
        choices=[("own", _("Mine vurderinger")), ("agreed", _("Omforente poeng"))],
        required=False,
        widget=forms.HiddenInput,
    )

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sub_programme"].queryset = programme.sub_programmes.all()  # type: ignore[attr-defined]
        self.fields["area"].queryset = (  # type: ignore[attr-defined]
            Area.objects.filter(Q(measures__programme=programme) | Q(programmes=programme))
            .distinct()
            .order_by("name")
        )
        years = range(programme.start_year, programme.end_year + 1)
        self.fields["year"].choices = [("", _("Alle")), *((year, year) for year in years)]  # type: ignore[attr-defined]

    def filters(self) -> dict[str, Any]:
        """The filter values (empty when the form is invalid)."""
        if not self.is_valid():
            return {"sub_programme": None, "area": None, "year": None}
        return {name: self.cleaned_data.get(name) for name in ("sub_programme", "area", "year")}

    def query(self) -> dict[str, str]:
        """The filters as query parameters, to keep them across saving."""
        if not self.is_valid():
            return {}
        values = self.filters()
        query = {}
        if values["sub_programme"] is not None:
            query["sub_programme"] = str(values["sub_programme"].pk)
        if values["area"] is not None:
            query["area"] = str(values["area"].pk)
        if values["year"] is not None:
            query["year"] = str(values["year"])
        return query


def cell_choices(criterion: Criterion) -> list[tuple[str, str]]:
    if Scale(criterion.scale) == Scale.MARK:
        return [("", str(_("ikke vurdert"))), ("1", str(_("x (ja)"))), ("0", str(_("0 (nei)")))]
    return [("", str(_("ikke vurdert"))), *((str(value), str(value)) for value in range(4))]


@dataclass(frozen=True)
class MatrixCell:
    cell: Cell
    column: Column
    criterion: Criterion
    field: forms.BoundField | None  # the select, when the user may edit this cell

    @property
    def shown(self) -> str:
        """The effective value as the seed's table shows it: x for a mark, the number for
        0–3; empty when nobody has scored."""
        value = self.cell.effective
        if value is None:
            return ""
        if Scale(self.criterion.scale) == Scale.MARK:
            return "x" if value == 1 else "0"
        return str(value)


@dataclass(frozen=True)
class MatrixRow:
    criterion: Criterion
    cells: tuple[MatrixCell, ...]


@dataclass(frozen=True)
class MatrixGroup:
    group: CriterionGroup
    weight: float
    rows: tuple[MatrixRow, ...]


def cell_name(criterion_id: int, measure_id: int) -> str:
    return f"c{criterion_id}_m{measure_id}"


class MatrixScoresForm(forms.Form):
    """The editable cells of the matrix: the user's own scores (`mode="own"`) in the columns
    they may score, or the agreed scores (`mode="agreed"`) where they may agree."""

    def __init__(self, *args: Any, matrix: Matrix, mode: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.matrix = matrix
        self.mode = mode
        for group in matrix.groups:
            for row in group.rows:
                criterion = row.criterion
                for cell, column in zip(row.cells, matrix.columns, strict=True):
                    if not self._editable(column):
                        continue
                    value = cell.agreed if mode == "agreed" else cell.own
                    self.fields[cell_name(criterion.pk, column.measure.pk)] = (
                        forms.TypedChoiceField(
                            label=_("%(criterion)s – %(measure)s")
                            % {
                                "criterion": _short(criterion.text, 60),
                                "measure": column.measure.title,
                            },
                            choices=cell_choices(criterion),
                            coerce=int,
                            empty_value=None,
                            required=False,
                            initial="" if value is None else str(value),
                            widget=forms.Select(
                                attrs={
                                    "class": "ds-input omr-cell",
                                    "aria-labelledby": f"criterion-{criterion.pk} "
                                    f"measure-{column.measure.pk}",
                                    "aria-describedby": f"note-{criterion.pk}-{column.measure.pk}",
                                }
                            ),
                        )
                    )

    def _editable(self, column: Column) -> bool:
        return column.may_agree if self.mode == "agreed" else column.may_score

    def table(self) -> tuple[MatrixGroup, ...]:
        groups = []
        for group in self.matrix.groups:
            rows = []
            for row in group.rows:
                cells = []
                for cell, column in zip(row.cells, self.matrix.columns, strict=True):
                    name = cell_name(row.criterion.pk, column.measure.pk)
                    cells.append(
                        MatrixCell(
                            cell=cell,
                            column=column,
                            criterion=row.criterion,
                            field=self[name] if name in self.fields else None,
                        )
                    )
                rows.append(MatrixRow(row.criterion, tuple(cells)))
            groups.append(MatrixGroup(group.group, group.weight, tuple(rows)))
        return tuple(groups)

    def entries(self, posted: Any) -> list[ScoreEntry]:
        """The cells that were posted (a cell left out of the request is left alone)."""
        entries = []
        for name, value in self.cleaned_data.items():
            if name not in posted:
                continue
            criterion_part, measure_part = name.split("_")
            entries.append(
                ScoreEntry(
                    criterion_id=int(criterion_part[1:]),
                    measure_id=int(measure_part[1:]),
                    value=value,
                    label=str(self.fields[name].label),
                )
            )
        return entries


class MatrixImportForm(forms.Form):
    prefix = "import"
    file = forms.FileField(
        label=_("XLSX-fil"),
        help_text=_("En fil eksportert fra matrisen, med arket «Matrise» og ID-ene urørt."),
    )
    agreed = forms.BooleanField(
        label=_("Lagre verdiene som omforente poeng (ikke som mine vurderinger)"),
        required=False,
    )

    def __init__(self, *args: Any, may_agree: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not may_agree:
            del self.fields["agreed"]
