"""API routes for the portfolio's criteria."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["portfolio"])
