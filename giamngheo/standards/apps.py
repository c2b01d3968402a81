from django.apps import AppConfig


class StandardsConfig(AppConfig):
    name = "giamngheo.standards"
    verbose_name = "Chuẩn nghèo"

    def ready(self) -> None:
        from django.conf import settings

        from giamngheo.standards import receivers
        from giamngheo.standards.engine.catalogue import use_scorecard_dir

        receivers.connect()
        # The official B1 tables an administrator loaded (scorecard_versions.py) replace the placeholders.
        use_scorecard_dir(settings.DATA_DIR / "scorecards" / "active")
