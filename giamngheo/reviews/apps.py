from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "giamngheo.reviews"
    verbose_name = "Rà soát hộ nghèo, cận nghèo"
