from django.apps import AppConfig


class FieldworkConfig(AppConfig):
    name = "giamngheo.fieldwork"
    verbose_name = "Khảo sát thực địa"
