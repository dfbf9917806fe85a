"""Dates and numbers follow the language: 09.05.2023 in bokmål and Danish, 9 May 2023 and
09/05/2023 (never the American 05/09/2023) in English."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.template import Context, Template
from django.utils import translation

DAY = date(2023, 5, 9)
MOMENT = datetime(2023, 5, 9, 14, 5)
TEMPLATE = Template(
    '{{ day|date:"SHORT_DATE_FORMAT" }}|{{ day|date:"DATE_FORMAT" }}|'
    '{{ moment|date:"SHORT_DATETIME_FORMAT" }}|{{ number|floatformat:"1g" }}'
)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("nb", "09.05.2023|9. mai 2023|09.05.2023 14:05|12\xa0345,5"),
        ("da", "09.05.2023|9. maj 2023|09.05.2023 14:05|12.345,5"),
        ("en", "09/05/2023|9 May 2023|09/05/2023 14:05|12,345.5"),
    ],
)
def test_dates_and_numbers_use_the_languages_format(language: str, expected: str) -> None:
    with translation.override(language):
        rendered = TEMPLATE.render(Context({"day": DAY, "moment": MOMENT, "number": 12345.5}))
    assert rendered == expected
