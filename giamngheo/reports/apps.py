from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "giamngheo.reports"
    verbose_name = "Báo cáo"
