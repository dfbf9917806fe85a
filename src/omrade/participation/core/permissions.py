"""Who may do what with participation: the one place views, API and commands ask.

Residents take part without an account on the public pages (anonymous writes are rate
limited and checked against abuse); staff with a role in the municipality read the internal
pages; programme staff (structure editors and coordinators) run surveys, events, meeting
places and moderation. Each topic adds its rules below under its own heading.
"""

from __future__ import annotations

from omrade.programmes.permissions import STRUCTURE_EDITORS
from omrade.tenancy.models import Municipality, Role
from omrade.tenancy.permissions import INTERNAL_READERS, has_role
from omrade.tenancy.selectors import AnyUser

# Programme staff: who runs participation (surveys, events, meeting places, moderation).
PARTICIPATION_STAFF = STRUCTURE_EDITORS | {Role.COORDINATOR}


def can_view_participation(user: AnyUser, municipality: Municipality) -> bool:
    """The internal pages: results, registers, moderation queues (read)."""
    return has_role(user, municipality, INTERNAL_READERS)


def can_run_participation(user: AnyUser, municipality: Municipality) -> bool:
    """Create and change surveys, events, meeting places; moderate; register input."""
    return has_role(user, municipality, PARTICIPATION_STAFF)
