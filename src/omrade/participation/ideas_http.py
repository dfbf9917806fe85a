"""The request side of ideas, shared by the pages and the API: who the client is (a keyed
hash, never an address) and the rate limits of every anonymous write.

Signed-in users are counted by their account, so staff at a workshop sharing one network
do not use up each other's limits; everyone else by the keyed hash of IP address and user
agent (`abuse.rate_limited`).
"""

from __future__ import annotations

from django.http import HttpRequest

from omrade.participation.abuse import client_fingerprint, rate_limited
from omrade.tenancy.models import Municipality

# action → (writes allowed, per seconds), per client.
RATE_LIMITS: dict[str, tuple[int, int]] = {
    "idea": (5, 3600),
    "comment": (10, 3600),
    "support": (30, 3600),
    "report": (10, 3600),
    "privacy": (3, 3600),
}


def client_hash(request: HttpRequest, municipality: Municipality) -> str:
    """The client's keyed hash within the municipality's ideas: one support per browser,
    and what a block holds."""
    return client_fingerprint(request, scope=f"ideas:{municipality.code}")


def over_limit(request: HttpRequest, municipality: Municipality, action: str) -> bool:
    """Count this write; True when the client is over the action's limit (answer 429)."""
    limit, per_seconds = RATE_LIMITS[action]
    identity = f"user:{request.user.pk}" if request.user.is_authenticated else None
    return rate_limited(
        request,
        key=f"ideas:{action}:{municipality.code}",
        limit=limit,
        per_seconds=per_seconds,
        identity=identity,
    )
