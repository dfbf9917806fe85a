from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TenancyConfig(AppConfig):
    name = "omrade.tenancy"
    label = "tenancy"
    verbose_name = _("Kommuner og roller")

    def ready(self) -> None:
        # Connects the audit of login lockouts to django-axes' signal.
        from omrade.tenancy import login_throttle  # noqa: F401
