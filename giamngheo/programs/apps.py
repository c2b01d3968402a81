from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "giamngheo.programs"
    verbose_name = "Chính sách và chương trình"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from giamngheo.programs.support_frames import categories_delivered
        from giamngheo.reports.official.support import provide_support

        provide_support(categories_delivered)
