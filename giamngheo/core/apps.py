from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "giamngheo.core"
    verbose_name = "Chung"
