from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "omrade.api"
    label = "omrade_api"
