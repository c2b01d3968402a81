from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "giamngheo.reports"
    verbose_name = "Báo cáo"

    def ready(self) -> None:
        from giamngheo.reports import receivers

        receivers.connect()
