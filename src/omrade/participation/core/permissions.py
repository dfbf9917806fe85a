"""Who may do what with participation: the one place views, API and commands ask.

Residents take part without an account on the public pages (anonymous writes are rate
limited and checked against abuse); staff with a role in the municipality read the internal
pages; programme staff (structure editors and coordinators) run surveys, events, meeting
places and moderation. Each topic adds its rules below under its own heading.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from omrade.tenancy.models import Municipality
from omrade.tenancy.permissions import has_role
from omrade.tenancy.roles import INTERNAL_READERS, PARTICIPATION_STAFF
from omrade.tenancy.selectors import AnyUser

# The actor of every staff step in the contexts' workflow tables, and how pages name it.
STAFF = "participation_staff"
STAFF_LABEL = _("programlederen eller en koordinator")


def can_view_participation(user: AnyUser, municipality: Municipality) -> bool:
    """The internal pages: results, registers, moderation queues (read)."""
    return has_role(user, municipality, INTERNAL_READERS)


def can_run_participation(user: AnyUser, municipality: Municipality) -> bool:
    """Create and change surveys, events, meeting places; moderate; register input."""
    return has_role(user, municipality, PARTICIPATION_STAFF)
