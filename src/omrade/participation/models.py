"""Participation (medvirkning): meeting places, local committees and events; ideas,
interviews and the input register; surveys and children's map registrations."""

from omrade.participation.core.models import *  # noqa: F403
from omrade.participation.ideas.models import *  # noqa: F403
from omrade.participation.places.models import *  # noqa: F403
from omrade.participation.surveys.models import *  # noqa: F403
