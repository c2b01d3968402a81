from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "giamngheo.api"
    verbose_name = "API"

    def ready(self) -> None:
        from giamngheo.api import signals  # noqa: F401 (a password change revokes the user's tokens)
