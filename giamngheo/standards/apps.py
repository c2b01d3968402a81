from django.apps import AppConfig


class StandardsConfig(AppConfig):
    name = "giamngheo.standards"
    verbose_name = "Chuẩn nghèo"

    def ready(self) -> None:
        from giamngheo.standards import receivers

        receivers.connect()
