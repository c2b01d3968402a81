from django.apps import AppConfig


class StandardsConfig(AppConfig):
    name = "giamngheo.standards"
    verbose_name = "Chuẩn nghèo"
