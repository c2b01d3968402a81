from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "giamngheo.api"
    verbose_name = "API"
