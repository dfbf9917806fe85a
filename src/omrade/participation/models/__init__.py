"""Participation (medvirkning): meeting places, local committees and events; ideas,
interviews and the input register; surveys and children's map registrations."""

from omrade.participation.models.ideas import *  # noqa: F403
from omrade.participation.models.places import *  # noqa: F403
from omrade.participation.models.surveys import *  # noqa: F403
