from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "giamngheo.ops"
    verbose_name = "Vận hành"
