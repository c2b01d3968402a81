from django.apps import AppConfig


class HouseholdsConfig(AppConfig):
    name = "giamngheo.households"
    verbose_name = "Hộ gia đình"
