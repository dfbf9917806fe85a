"""The request side of ideas, shared by the pages and the API: who the client is (a keyed
hash of the browser cookie, never an address) and the budgets of every anonymous write.

Signed-in users are counted by their account, so staff at a workshop sharing one network
do not use up each other's budgets; everyone else by their address and their browser
(`abuse.over_budget`, budgets in `abuse.BUDGETS`).
"""

from __future__ import annotations

from django.http import HttpRequest

from omrade.participation.core.abuse import browser_hash, over_budget
from omrade.tenancy.models import Municipality

ACTIONS = ("idea", "comment", "support", "report", "privacy")


def client_hash(request: HttpRequest, municipality: Municipality) -> str:
    """This browser's keyed hash within the municipality's ideas: one support per browser,
    and what a block holds."""
    return browser_hash(request, scope=f"ideas:{municipality.code}")


def over_limit(request: HttpRequest, municipality: Municipality, action: str) -> bool:
    """Count this write; True when the client is over the action's budget (answer 429)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action: {action}")
    identity = f"user:{request.user.pk}" if request.user.is_authenticated else None
    return over_budget(request, action, scope=f"ideas:{municipality.code}", identity=identity)
