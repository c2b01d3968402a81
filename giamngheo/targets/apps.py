from django.apps import AppConfig


class TargetsConfig(AppConfig):
    name = "giamngheo.targets"
    verbose_name = "Kế hoạch và chỉ tiêu"
