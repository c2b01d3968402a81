from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "giamngheo.programs"
    verbose_name = "Chính sách và chương trình"
    default_auto_field = "django.db.models.BigAutoField"
