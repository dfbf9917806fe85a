from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "omrade.common"
    label = "common"
