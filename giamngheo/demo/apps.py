from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "giamngheo.demo"
    verbose_name = "Dữ liệu minh họa"
