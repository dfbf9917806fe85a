"""The period chooser every year/tertial page uses: the default is the latest period with
data (not simply now), previous/next step through the periods on offer, and a value not on
offer is refused with a message naming the parameter."""

from __future__ import annotations

from datetime import date

from django.http import QueryDict

from omrade.areas.period_choice import (
    tertial_choice,
    tertial_last_finished,
    tertials_between,
    year_choice,
)
from omrade.areas.periods import parse_period

TODAY = date(2026, 12, 7)


def test_the_default_year_is_the_latest_with_data_up_to_this_year():
    choice = year_choice(
        QueryDict(), first=2023, last=2033, years_with_data=[2023, 2024, 2027], today=TODAY
    )
    assert (choice.year, choice.asked, choice.has_data, choice.status) == (2024, False, True, 200)
    assert (choice.previous.code, choice.next.code) == ("2023", "2025")
    # Only future data: the latest of it; no data at all: this year, within the programme.
    assert year_choice(QueryDict(), first=2023, last=2033, years_with_data=[2028]).year == 2028
    empty = year_choice(QueryDict(), first=2023, last=2033, years_with_data=[], today=TODAY)
    assert (empty.year, empty.has_data) == (2026, False)
    ended = year_choice(QueryDict(), first=2019, last=2022, years_with_data=[], today=TODAY)
    assert (ended.year, ended.next) == (2022, None)


def test_an_asked_year_is_kept_with_the_other_parameters_and_a_wrong_one_is_refused():
    query = QueryDict("status=running&year=2023")
    choice = year_choice(query, first=2023, last=2033, years_with_data=[2024], today=TODAY)
    assert (choice.year, choice.asked, choice.previous) == (2023, True, None)
    assert choice.next_url == "?status=running&year=2024"
    assert choice.other_parameters == [("status", "running")]
    for wrong in ("2022", "2024T1", "nonsense"):
        refused = year_choice(
            QueryDict(f"year={wrong}"), first=2023, last=2033, years_with_data=[2024], today=TODAY
        )
        assert (refused.year, refused.status) == (2024, 400)
        assert refused.error.startswith(f"year: «{wrong}» er ikke en periode denne siden har.")


def test_tertials_run_from_the_programme_start_to_the_one_running_now():
    choice = tertial_choice(
        QueryDict(), first_year=2025, last_year=2033, tertials_with_data=["2026T2"], today=TODAY
    )
    assert [option.code for option in choice.options] == [
        "2025T1",
        "2025T2",
        "2025T3",
        "2026T1",
        "2026T2",
        "2026T3",
    ]
    assert (choice.code, choice.previous.code, choice.next.code) == ("2026T2", "2026T1", "2026T3")
    assert tertial_last_finished(TODAY) == parse_period("2026T2")
    assert tertial_last_finished(date(2027, 2, 1)) == parse_period("2026T3")
    assert [t.code for t in tertials_between(parse_period("2026T3"), parse_period("2027T1"))] == [
        "2026T3",
        "2027T1",
    ]
