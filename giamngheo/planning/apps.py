from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "giamngheo.planning"
    verbose_name = "Dự báo và kiểm tra rà soát"
