"""The input register (innspillsregister): every piece of input in one searchable list.

Each kind of input has a provider, registered with `register_provider(kind, fn)` by its
context's `register.py`, which `ParticipationConfig.ready()` calls for every context
(explicitly: a context that is missing fails at start-up). The kinds, kept equal to the
README's list by a test:

- `idea`, `comment`, `interview` (staff only): `ideas/register.py`
- `event_minutes`: `places/register.py`
- `survey_answer` (free-text answers), `survey_map_answer` (map answers): `surveys/register.py`

A provider is called as `fn(municipality=..., user=..., filters=...)` and returns
`InputItem`s; it may use the filters to read less, but need not — the register applies every
filter to what providers return. Coding (`InputCoding`: themes, sub-programme, area, goals,
measures) is merged in here, by kind and id, so providers only describe the input itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

from django.core.exceptions import ImproperlyConfigured
from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from omrade.areas.models import Area
from omrade.participation.core.models import InputCoding
from omrade.participation.core.permissions import can_run_participation, can_view_participation
from omrade.tenancy.models import Municipality
from omrade.tenancy.selectors import AnyUser

EXCERPT_LENGTH = 300

# The documented kinds (see the module's docstring and the README).
DOCUMENTED_KINDS = frozenset(
    {"idea", "comment", "interview", "event_minutes", "survey_answer", "survey_map_answer"}
)


@dataclass
class InputItem:
    """One piece of input as the register shows it."""

    kind: str
    id: int
    date: date
    text: str
    url: str = ""
    themes: list[str] = field(default_factory=list)
    theme_ids: set[int] = field(default_factory=set)
    area: str | None = None
    area_id: int | None = None
    sub_programme: str | None = None
    sub_programme_id: int | None = None
    goals: list[str] = field(default_factory=list)
    measures: list[str] = field(default_factory=list)
    public: bool = False
    coded: bool = False

    @property
    def kind_label(self) -> str:
        provider = _PROVIDERS.get(self.kind)
        return str(provider.label) if provider else self.kind


@dataclass(frozen=True)
class RegisterFilters:
    q: str | None = None
    theme: int | None = None
    area: int | None = None
    sub_programme: int | None = None
    kind: str | None = None
    since: date | None = None
    until: date | None = None
    ids: frozenset[int] | None = None  # only these ids (with one kind)


ProviderFn = Callable[..., Iterable[InputItem]]

RowsT = TypeVar("RowsT", bound=QuerySet[Any])


def narrowed(rows: RowsT, filters: RegisterFilters, *, day: str | None = None) -> RowsT:
    """A provider's rows narrowed by the filters' ids and, given the date (or datetime)
    field `day` the item's date comes from, by `since` and `until` (reading less; the
    register applies every filter again to what providers return)."""
    if filters.ids is not None:
        rows = rows.filter(pk__in=filters.ids)
    if day is not None and filters.since is not None:
        rows = rows.filter(**{f"{day}__gte": filters.since})
    if day is not None and filters.until is not None:
        rows = rows.filter(**{f"{day}__lte": filters.until})
    return rows


@dataclass(frozen=True)
class Provider:
    kind: str
    fn: ProviderFn
    label: str | Promise
    staff_only: bool  # only programme staff (can_run_participation) see this kind


_PROVIDERS: dict[str, Provider] = {}


def register_provider(
    kind: str, fn: ProviderFn, *, label: str | Promise | None = None, staff_only: bool = False
) -> None:
    """Add (or replace) the provider of one kind of input."""
    _PROVIDERS[kind] = Provider(kind=kind, fn=fn, label=label or kind, staff_only=staff_only)


def check_providers() -> None:
    """Fail loudly when a documented kind has no provider (called at start-up)."""
    missing = DOCUMENTED_KINDS - set(_PROVIDERS)
    if missing:
        raise ImproperlyConfigured(f"The input register has no provider for {sorted(missing)}")


def providers(
    user: AnyUser | None = None, municipality: Municipality | None = None
) -> list[Provider]:
    """The registered providers (those the user may read, when a user is given)."""
    found = list(_PROVIDERS.values())
    if user is not None and municipality is not None:
        staff = can_run_participation(user, municipality)
        found = [provider for provider in found if staff or not provider.staff_only]
    return found


def kinds(user: AnyUser | None = None, municipality: Municipality | None = None) -> list[str]:
    return [provider.kind for provider in providers(user, municipality)]


def kind_choices(user: AnyUser, municipality: Municipality) -> list[tuple[str, str]]:
    return [(provider.kind, str(provider.label)) for provider in providers(user, municipality)]


def excerpt(text: str, length: int = EXCERPT_LENGTH) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def _area_subtree(municipality: Municipality, area_id: int) -> set[int]:
    children: dict[int | None, list[int]] = {}
    for pk, parent in Area.objects.in_municipality(municipality).values_list("id", "parent_id"):
        children.setdefault(parent, []).append(pk)
    found, todo = set(), [area_id]
    while todo:
        current = todo.pop()
        if current in found:
            continue
        found.add(current)
        todo.extend(children.get(current, []))
    return found


def _merge_codings(municipality: Municipality, items: list[InputItem]) -> None:
    if not items:
        return
    codings = (
        InputCoding.objects.in_municipality(municipality)
        .filter(kind__in={item.kind for item in items})
        .select_related("area", "sub_programme")
        .prefetch_related("themes", "goals", "measures")
    )
    by_key = {(coding.kind, coding.object_id): coding for coding in codings}
    for item in items:
        coding = by_key.get((item.kind, item.id))
        if coding is None:
            continue
        item.coded = True
        for theme in coding.themes.all():
            if theme.pk not in item.theme_ids:
                item.theme_ids.add(theme.pk)
                item.themes.append(theme.name)
        if coding.area is not None:
            item.area, item.area_id = coding.area.name, coding.area_id
        if coding.sub_programme is not None:
            item.sub_programme = coding.sub_programme.name
            item.sub_programme_id = coding.sub_programme_id
        item.goals = [goal.text for goal in coding.goals.all()]
        item.measures = [measure.title for measure in coding.measures.all()]


def _matches(item: InputItem, filters: RegisterFilters, areas: set[int] | None) -> bool:
    if filters.kind and item.kind != filters.kind:
        return False
    if filters.ids is not None and item.id not in filters.ids:
        return False
    if filters.theme is not None and filters.theme not in item.theme_ids:
        return False
    if areas is not None and item.area_id not in areas:
        return False
    if filters.sub_programme is not None and item.sub_programme_id != filters.sub_programme:
        return False
    if filters.since is not None and item.date < filters.since:
        return False
    if filters.until is not None and item.date > filters.until:
        return False
    if filters.q:
        haystack = " ".join(
            [item.text, *item.themes, item.area or "", item.sub_programme or ""]
        ).casefold()
        if not all(word in haystack for word in filters.q.casefold().split()):
            return False
    return True


def collect(
    *, municipality: Municipality, user: AnyUser, filters: RegisterFilters
) -> list[InputItem]:
    """Every item the user may read that matches the filters, newest first."""
    if not can_view_participation(user, municipality):
        return []
    items: list[InputItem] = []
    for provider in providers(user, municipality):
        if filters.kind and provider.kind != filters.kind:
            continue
        for item in provider.fn(municipality=municipality, user=user, filters=filters):
            item.kind = provider.kind
            items.append(item)
    _merge_codings(municipality, items)
    areas = _area_subtree(municipality, filters.area) if filters.area is not None else None
    found = [item for item in items if _matches(item, filters, areas)]
    found.sort(key=lambda item: (item.date, item.kind, item.id), reverse=True)
    return found


def input_register(
    *,
    municipality: Municipality,
    user: AnyUser,
    q: str | None = None,
    theme: int | None = None,
    area: int | None = None,
    sub_programme: int | None = None,
    kind: str | None = None,
    since: date | None = None,
    until: date | None = None,
) -> list[InputItem]:
    """The register: every piece of input the user may read, filtered, newest first.
    Interviews (staff only) are left out for anyone who does not run participation."""
    return collect(
        municipality=municipality,
        user=user,
        filters=RegisterFilters(
            q=q.strip() if q and q.strip() else None,
            theme=theme,
            area=area,
            sub_programme=sub_programme,
            kind=kind or None,
            since=since,
            until=until,
        ),
    )


def provider_item(
    *, municipality: Municipality, user: AnyUser, kind: str, object_id: int
) -> InputItem | None:
    """One item of the register, or None when it does not exist for this user here."""
    found = collect(
        municipality=municipality,
        user=user,
        filters=RegisterFilters(kind=kind, ids=frozenset({object_id})),
    )
    return found[0] if found else None


# --- counts per theme or area over time ------------------------------------------------------


@dataclass
class CountRow:
    label: str
    counts: list[int]

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass
class CountTable:
    by: str  # "theme" or "area"
    period: str  # "year" or "quarter"
    periods: list[str]
    rows: list[CountRow]
    items: int  # how many pieces of input were counted

    @property
    def totals(self) -> list[int]:
        return [sum(row.counts[index] for row in self.rows) for index in range(len(self.periods))]

    @property
    def largest(self) -> int:
        return max((row.total for row in self.rows), default=0)


def period_of(day: date, period: str) -> str:
    """`2024` or `2024K3` (kvartal), the codes the areas app uses for periods."""
    return f"{day.year}" if period == "year" else f"{day.year}K{(day.month - 1) // 3 + 1}"


def _periods_between(first: date, last: date, period: str) -> list[str]:
    if period == "year":
        return [str(year) for year in range(first.year, last.year + 1)]
    found: list[str] = []
    year, quarter = first.year, (first.month - 1) // 3 + 1
    end = (last.year, (last.month - 1) // 3 + 1)
    while (year, quarter) <= end:
        found.append(f"{year}K{quarter}")
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    return found


def input_counts(
    *,
    municipality: Municipality,
    user: AnyUser,
    by: str = "theme",
    period: str = "year",
    **filters: object,
) -> CountTable:
    """How many pieces of input per theme (or area) and period. An item with several themes
    counts once under each; items without are counted under «Uten tema» («Uten område»)."""
    by = "area" if by == "area" else "theme"
    period = "quarter" if period == "quarter" else "year"
    items = input_register(municipality=municipality, user=user, **filters)  # type: ignore[arg-type]
    if not items:
        return CountTable(by=by, period=period, periods=[], rows=[], items=0)
    periods = _periods_between(
        min(item.date for item in items), max(item.date for item in items), period
    )
    position = {code: index for index, code in enumerate(periods)}
    none_label = _("Uten tema") if by == "theme" else _("Uten område")
    rows: dict[str, CountRow] = {}
    for item in items:
        labels = (item.themes or [none_label]) if by == "theme" else [item.area or none_label]
        for label in labels:
            row = rows.setdefault(label, CountRow(label=label, counts=[0] * len(periods)))
            row.counts[position[period_of(item.date, period)]] += 1
    ordered = sorted(
        rows.values(), key=lambda row: (row.label == none_label, -row.total, row.label)
    )
    return CountTable(by=by, period=period, periods=periods, rows=ordered, items=len(items))
