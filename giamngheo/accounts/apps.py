from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "giamngheo.accounts"
    verbose_name = "Tài khoản"

    def ready(self) -> None:
        from giamngheo.accounts import lockouts  # noqa: F401 (connects the lockout audit)
