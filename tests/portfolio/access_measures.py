"""The access matrix's expectations for the portfolio's measures routes (merged in
tests/test_access_matrix.py)."""

from __future__ import annotations

from typing import Any

EXPECTED: dict[str, Any] = {}
API_EXPECTED: dict[tuple[str, str], dict[str, int]] = {}
API_QUERY: dict[tuple[str, str], str] = {}


def api_placeholders(objects: dict[str, Any]) -> dict[str, object]:
    """Values for the {placeholders} of this module's API paths."""
    return {}
