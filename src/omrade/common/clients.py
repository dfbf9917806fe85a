"""Who is asking: the client's address, believed from X-Forwarded-For only behind a trusted
proxy. Shared by the flood protection of residents' anonymous writes (participation.core.abuse)
and the login throttling (tenancy.login_throttle).

- `client_ip(request)`: REMOTE_ADDR, or — only when REMOTE_ADDR is one of the reverse proxies
  listed in `OMRADE_TRUSTED_PROXIES` — the right-most address in X-Forwarded-For that is not
  itself a trusted proxy (the left-most entries are whatever the client wrote).
- `client_address(request)`: the address budgets count: the IPv4 address, or the /64 network
  of an IPv6 address (one household or phone gets a whole /64 and can change the rest at
  will), or None when there is no valid address.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def trusted_proxies() -> frozenset[str]:
    """Addresses of reverse proxies whose X-Forwarded-For we believe (none by default)."""
    return frozenset(getattr(settings, "OMRADE_TRUSTED_PROXIES", []) or [])


def _valid_ip(address: str) -> bool:
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return False
    return True


def client_ip(request: HttpRequest) -> str:
    """The client's IP address: REMOTE_ADDR, or — only when REMOTE_ADDR is a trusted proxy —
    the right-most address in X-Forwarded-For that is not itself a trusted proxy."""
    remote = str(request.META.get("REMOTE_ADDR", "") or "")
    proxies = trusted_proxies()
    if remote not in proxies:
        return remote
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", "") or "")
    for address in reversed([part.strip() for part in forwarded.split(",") if part.strip()]):
        if address in proxies:
            continue
        return address if _valid_ip(address) else remote
    return remote


def client_address(request: HttpRequest) -> str | None:
    """The address the budgets count: IPv4 as it is (an IPv4-mapped IPv6 address as its IPv4
    address), IPv6 as the network address of its /64; None without a valid address."""
    try:
        address = ipaddress.ip_address(client_ip(request))
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((address, 64), strict=False).network_address)
    return str(address)
