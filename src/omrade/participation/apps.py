from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    """Participation in four contexts: `core` (abuse protection, notices, retention, privacy,
    the input register) and `places`, `ideas`, `surveys` above it, which never import each
    other. Here, at the top of the package, each context fills core's registries explicitly:
    an import that fails, or a documented register kind without a provider, stops start-up."""

    name = "omrade.participation"
    label = "participation"
    verbose_name = _("Medvirkning")

    def ready(self) -> None:
        from omrade.participation.core import privacy, register, retention
        from omrade.participation.ideas import privacy as ideas_privacy
        from omrade.participation.ideas import register as ideas_register
        from omrade.participation.ideas import retention as ideas_retention
        from omrade.participation.places import privacy as places_privacy
        from omrade.participation.places import register as places_register
        from omrade.participation.surveys import privacy as surveys_privacy
        from omrade.participation.surveys import register as surveys_register
        from omrade.participation.surveys import retention as surveys_retention

        ideas_register.register_providers()
        places_register.register_providers()
        surveys_register.register_providers()
        register.check_providers()

        # The order is the export's: ideas, survey answers, registrations, room bookings.
        for kind in (
            ideas_privacy.IDEAS,
            surveys_privacy.SURVEY_ANSWERS,
            places_privacy.EVENT_REGISTRATIONS,
            places_privacy.ROOM_BOOKINGS,
        ):
            privacy.register_privacy_kind(kind)

        retention.register_retention(
            "ideas", periods=ideas_retention.PERIODS, purge=ideas_retention.purge
        )
        retention.register_retention(
            "surveys", periods=surveys_retention.PERIODS, purge=surveys_retention.purge
        )
