from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "giamngheo.core"
    verbose_name = "Chung"

    def ready(self) -> None:
        from giamngheo.core import recovery

        recovery.connect()
