"""The money API: finance_actuals."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["finance"])
