from django.apps import AppConfig


class TargetsConfig(AppConfig):
    name = "giamngheo.targets"
    verbose_name = "Kế hoạch và chỉ tiêu"

    def ready(self) -> None:
        from giamngheo.targets import signoff

        signoff.register()
