from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "folkmoot.api"
    verbose_name = "API"
