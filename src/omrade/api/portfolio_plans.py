"""API routes for the portfolio's plans."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["portfolio"])
