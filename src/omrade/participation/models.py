"""Every model of the participation app, for Django (which reads an app's `models` module):
the contexts define them — `core/models.py`, `ideas/models.py`, `places/models.py`,
`surveys/models.py` — under the one app label `participation`. Code imports a model from its
context, not from here."""

from omrade.participation.core.models import *  # noqa: F403
from omrade.participation.ideas.models import *  # noqa: F403
from omrade.participation.places.models import *  # noqa: F403
from omrade.participation.surveys.models import *  # noqa: F403
