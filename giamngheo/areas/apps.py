from django.apps import AppConfig


class AreasConfig(AppConfig):
    name = "giamngheo.areas"
    verbose_name = "Đơn vị hành chính"
