"""Who may do what with programmes: the one place views, admin and API ask.

Programme managers and municipal admins change the structure; coordinators edit the goals
and working group of their own sub-programme; everyone with a role in the municipality reads.
"""

from __future__ import annotations

from omrade.programmes.models import SubProgramme
from omrade.tenancy.models import Municipality, Person, Role
from omrade.tenancy.permissions import has_role
from omrade.tenancy.selectors import AnyUser

STRUCTURE_EDITORS = frozenset({Role.PLATFORM_ADMIN, Role.MUNICIPAL_ADMIN, Role.PROGRAMME_MANAGER})


def can_manage_programmes(user: AnyUser, municipality: Municipality) -> bool:
    """Create programmes and change their structure, governance and documents."""
    return has_role(user, municipality, STRUCTURE_EDITORS)


def can_edit_sub_programme(user: AnyUser, sub_programme: SubProgramme) -> bool:
    """Structure editors, and the sub-programme's own coordinator."""
    municipality = sub_programme.programme.municipality
    if can_manage_programmes(user, municipality):
        return True
    if not user.is_authenticated or not has_role(user, municipality, frozenset({Role.COORDINATOR})):
        return False
    person = Person.objects.filter(user__pk=user.pk, municipality=municipality).first()
    return person is not None and sub_programme.coordinator_id == person.pk
