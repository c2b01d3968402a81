from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "giamngheo.accounts"
    verbose_name = "Tài khoản"
