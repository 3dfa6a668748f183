from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "egov.indicators"
    label = "indicators"
